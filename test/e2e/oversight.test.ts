/** /stats and /export end to end: an admin gets text, a chart and a file; others are refused. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GROUP_ID, Harness, MODERATOR, REPORTER, caseIds } from './harness.js';

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
    const photo = await h.emu.waitFor(() => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendPhoto'), { what: 'chart' });
    expect(photo.photo!.content.subarray(1, 4).toString()).toBe('PNG');
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
    const doc = await h.emu.waitFor(() => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'), { what: 'export document' });
    let bytes = doc.document!.content;
    if (doc.document!.file_name.endsWith('.gz')) bytes = gunzipSync(bytes);
    expect(doc.document!.file_name).toMatch(/\.csv(\.gz)?$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(3); // header + two cases
    const body = lines.slice(1).join('\n');
    for (const id of ids) expect(body).toContain(`#K${id}`);
    expect(body).toContain('https://t.me/teror_satu/1');
    expect(body).toContain('taken_down');
    expect(body).toMatch(/\+07:00/);
    expect(body).toContain(`"'=HYPERLINK(""x"") Unit"`); // formula neutralised and quoted
  });

  it('/export json sends JSON Lines', async () => {
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/export all json');
    const doc = await h.emu.waitFor(() => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'), { what: 'json export' });
    const rows = doc.document!.content.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => JSON.stringify(r))).toEqual(expect.arrayContaining([expect.stringContaining(`#K${ids[1]}`)]));
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
