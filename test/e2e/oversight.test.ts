/**
 * /stats, /export and the transparency post end to end: an admin gets text, a chart and a file
 * (CSV, JSON Lines, an Excel workbook read back cell by cell); others are refused; the public
 * channel gets the previous day's counts at the configured hour, and nothing on a first start.
 */
import { gunzipSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, PEOPLE_CODE_COLUMNS } from '../../src/services/exportFormat.js';
import { columnIndex, readWorkbook, serialToWallClock } from '../helpers/xlsx.js';
import { ADMIN, GROUP_ID, Harness, MODERATOR, REPORTER, caseIds } from './harness.js';

/** The PNG's pixels, to look at what the admin sees. */
async function pixels(png: Buffer): Promise<{ width: number; height: number; at: (x: number, y: number) => number[] }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const data = g.getImageData(0, 0, img.width, img.height).data;
  return {
    width: img.width,
    height: img.height,
    at: (x, y) => [...data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)],
  };
}

/** Whether any pixel in the box is not white (something is drawn there). */
function inked(
  p: Awaited<ReturnType<typeof pixels>>,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  pred = (c: number[]) => c[0]! < 200 || c[1]! < 200 || c[2]! < 200,
): boolean {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pred(p.at(x, y))) return true;
  return false;
}

describe('oversight (bot process + Bot API emulator)', () => {
  const h = new Harness();
  let ids: number[] = [];
  beforeAll(async () => {
    await h.start();
    await h.onboard(REPORTER, 'Budi "Reporter" Santoso', '=HYPERLINK("x") Unit');
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/teror_satu/1\nhttps://t.me/judi_dua/2');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Dua target, satu kategori, "kutipan", koma');
    ids = caseIds(conf.text);
    const card = await h.waitCard(ids[0]!);
    h.emu.press(MODERATOR, card, `c:down:${ids[0]}`);
    await h.waitCard(ids[0]!, /diturunkan/);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('/stats gives an admin the figures and a PNG chart', async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/stats');
    const text = await h.message(chat.id, /Statistik Saluran/, 'stats text', before);
    expect(text.text).toMatch(/Kasus diterima: 2/);
    expect(text.text).toMatch(/diturunkan 1/);
    const photo = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendPhoto'),
      { what: 'chart' },
    );
    expect(photo.photo!.content.subarray(1, 4).toString()).toBe('PNG');
    // What the chart shows: both value axes carry a title in the outer margins (vertical text
    // left of the counts, green right of the %), the title's first line ends before the edge, and
    // the day's compliance point is a green dot; under the plot, the strip of time-to-decision
    // buckets has the one decision's bar (taken down at once: 0–1 h, the first bar).
    const p = await pixels(photo.photo!.content);
    // Phone first (halved to 360 px wide in a chat): 720 × 840, and 200 px more for the strip of buckets.
    expect([p.width, p.height]).toEqual([720, 1040]);
    expect(inked(p, 40, 140, 935, 985, (c) => c[2]! > 150 && c[0]! < 100)).toBe(true);
    expect(inked(p, 170, 696, 935, 988, (c) => c[2]! > 150 && c[0]! < 100)).toBe(false);
    expect(inked(p, 0, 40, 350, 650)).toBe(true);
    expect(inked(p, 680, 720, 350, 650, (c) => c[1]! > 120 && c[0]! < 120 && c[2]! < 120)).toBe(true);
    expect(inked(p, 700, 720, 0, 60)).toBe(false);
    expect(inked(p, 90, 600, 250, 780, (c) => c[1]! > 140 && c[0]! < 90 && c[2]! < 90)).toBe(true);
    expect(photo.caption).toMatch(/Grafik/);
  });

  it('/stats with a bad range explains with examples', async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/stats 2026-02-30..2026-03-01');
    const reply = await h.message(chat.id, /Tanggal tidak valid/, 'bad range', before);
    expect(reply.text).toContain('/stats 30 hari');
  });

  it('/export sends a CSV whose rows match the cases, safe for Excel', async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/export');
    const doc = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      {
        what: 'export document',
      },
    );
    let bytes = doc.document!.content;
    if (doc.document!.file_name.endsWith('.gz')) bytes = gunzipSync(bytes);
    expect(doc.document!.file_name).toMatch(/\.csv(\.gz)?$/);
    expect(doc.caption).toContain('Untuk Excel: /export xlsx');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(3); // header + two cases
    const body = lines.slice(1).join('\n');
    for (const id of ids) expect(body).toContain(`#K${id}`);
    expect(body).toContain('https://t.me/teror_satu/1');
    // For people: Indonesian headers and labels, the codes in their own columns, times a spreadsheet reads as dates.
    expect(lines[0]).toMatch(/^Kasus,Diterima \(Asia\/Jakarta\),Tautan,/);
    expect(lines[0]).toMatch(/,category_code,urgency_code,status_code,reject_reason_code,verification_state_code$/);
    expect(body).toContain(',diturunkan,');
    expect(body).toContain(',taken_down,');
    expect(body).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(body).not.toMatch(/\+07:00/);
    expect(body).toContain(`"'=HYPERLINK(""x"") Unit"`); // formula neutralised and quoted
  });

  it('/export json sends JSON Lines', async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/export all json');
    const doc = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      { what: 'json export' },
    );
    const rows = doc
      .document!.content.toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => JSON.stringify(r))).toEqual(
      expect.arrayContaining([expect.stringContaining(`#K${ids[1]}`)]),
    );
  });

  it("/export xlsx sends an Excel workbook: one sheet, frozen header, typed cells, people's text as text", async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/export xlsx');
    const doc = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      { what: 'xlsx export' },
    );
    expect(doc.document!.file_name).toMatch(/^saluran-cases-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(doc.caption).toMatch(/2 baris/);
    const wb = readWorkbook(doc.document!.content);
    expect([...wb.files.keys()].filter((k) => k.includes('worksheets/'))).toEqual(['xl/worksheets/sheet1.xml']);
    expect(wb.pane).toEqual({ ySplit: 1, state: 'frozen', topLeftCell: 'A2' });
    // Headers for people in the admin's language, then the codes (columns AD–AH).
    const header = wb.rows[0]!.map((c) => c.value);
    expect(header.slice(0, 2)).toEqual(['Kasus', 'Diterima (Asia/Jakarta)']);
    expect(header.slice(EXPORT_COLUMNS.length)).toEqual([...PEOPLE_CODE_COLUMNS]);
    expect(wb.rows).toHaveLength(3);
    // Cells by column (the machine name of the column, or its code column's header).
    const names = [...EXPORT_COLUMNS, ...PEOPLE_CODE_COLUMNS];
    const byName = (row: number) => Object.fromEntries(wb.rows[row]!.map((c) => [names[columnIndex(c.ref)]!, c]));
    const first = byName(1);
    // Taken down: its verification has started (columns past Z), labelled, its code at the end.
    expect(first.verification_state).toMatchObject({ type: 'inlineStr', value: 'belum diperiksa' });
    expect(first.verification_state_code).toMatchObject({ value: 'pending' });
    expect(first.verification_checks).toMatchObject({ type: 'n', value: '0' });
    expect(first.case_id).toMatchObject({ type: 'inlineStr', value: `#K${ids[0]}` });
    expect(first.status).toMatchObject({ value: 'diturunkan' });
    expect(first.status_code).toMatchObject({ value: 'taken_down' });
    expect(first.description).toMatchObject({ type: 'inlineStr', value: 'Dua target, satu kategori, "kutipan", koma' });
    expect(first.reporter_unit).toMatchObject({ type: 'inlineStr', value: '=HYPERLINK("x") Unit', formula: false });
    expect(first.report_count).toMatchObject({ type: 'n', value: '1' });
    expect(first.met_deadline).toMatchObject({ type: 'b', value: '1' });
    expect(first.decided_by_name?.value).toBe('Dewi');
    expect(first.created_at!.type).toBe('n');
    expect(wb.formats[first.created_at!.style]).toBe('dd/mm/yyyy hh:mm');
    // The serial is the WIB wall-clock time of the case's creation.
    const created = h.query<{ created_at: number }>('SELECT created_at FROM cases WHERE id = ?', ids[0])[0]!.created_at;
    expect(serialToWallClock(Number(first.created_at!.value))).toBe(
      new Date(created + 7 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19),
    );
    expect(byName(2).decided_at).toBeUndefined();
    expect(wb.sheetXml).not.toMatch(/<f[\s>]/);
  });

  it('refuses non-admins', async () => {
    const before = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/export');
    await h.message(REPORTER.id, /hanya untuk admin/, 'reporter refused', before);
    const b2 = h.lastId(GROUP_ID);
    h.emu.sendText(MODERATOR, h.group, '/stats');
    await h.message(GROUP_ID, /hanya untuk admin/, 'moderator refused in group', b2);
  });
});

describe('transparency post (bot + emulator, the app clock set by the test)', () => {
  const CHANNEL = -1009876543210;
  const HOUR = 3_600_000;
  // Sunday 22 November 2026, 10:00 WIB: the very first start, on an empty database.
  const NOV22_1000_WIB = Date.UTC(2026, 10, 22, 3);
  // A clock that runs (rate limits and retries need time to pass) from a date the test sets.
  let offset = 0;
  const setNow = (ms: number) => (offset = ms - Date.now());
  setNow(NOV22_1000_WIB);
  const h = new Harness({ TRANSPARENCY_CHAT_ID: String(CHANNEL) }, { clock: () => Date.now() + offset });
  const channelPosts = () => h.emu.messages(CHANNEL);
  /** The scheduler's jobs, run `n` times now (the clock is the test's: nothing to wait for). */
  const sweeps = (n: number) => {
    for (let i = 0; i < n; i++) h.sweep();
  };
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('sends nothing on the first start, nor for the first partial day, then the previous day at 08:00 WIB', async () => {
    sweeps(2);
    await h.outboxDrained();
    expect(channelPosts()).toEqual([]);

    // First use on the 22nd (an invitation, a reporter); a takedown on Monday the 23rd.
    await h.onboard(REPORTER, 'Budi Santoso');
    setNow(NOV22_1000_WIB + 24 * HOUR);
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/kanal_teror/7');
    const [id] = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Propaganda')).text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR, card, `c:down:${id}`);
    await h.waitCard(id!, /diturunkan/);
    sweeps(2);
    await h.outboxDrained();
    expect(channelPosts()).toEqual([]); // the 22nd was not a whole day of use

    setNow(NOV22_1000_WIB + 46 * HOUR - 40_000); // Tuesday 24th, 07:59:20 WIB
    sweeps(2);
    await h.outboxDrained();
    expect(channelPosts()).toEqual([]);

    setNow(NOV22_1000_WIB + 46 * HOUR); // 08:00 WIB
    sweeps(1);
    const post = await h.message(CHANNEL, /transparansi/, 'transparency post');
    expect(post.text).toContain('Saluran — transparansi Senin, 23 November 2026');
    expect(post.text).toMatch(/Postingan publik diturunkan: 1/);
    expect(post.text).toMatch(/Kanal\/grup publik diturunkan: 0/);
    expect(post.text).toMatch(/Diturunkan sejak awal bulan: kanal\/grup 0, postingan 1/);
    expect(post.text).toMatch(/Median waktu hingga keputusan: \d+ menit/);
    // The ledger value as one copyable line: the chain's first day, 64 lowercase hex digits.
    expect(post.text).toMatch(/\nledger: [0-9a-f]{64}(\n|$)/);
    expect(post.text).not.toMatch(/Budi|kanal_teror|Propaganda/);
    sweeps(2);
    await h.outboxDrained();
    expect(channelPosts()).toHaveLength(1);
  });
});
