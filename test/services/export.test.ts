/** /export on a real database: CSV and JSON Lines content, ranges, compression and splitting, progress. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import { exportCases, type ExportOptions } from '../../src/services/export.js';
import { EXPORT_COLUMNS, PEOPLE_CODE_COLUMNS } from '../../src/services/exportFormat.js';
import { exportLabels } from '../../src/bot/exportLabels.js';
import { createI18n, translator } from '../../src/bot/i18n/index.js';
import { xmlText } from '../../src/services/xlsxSheet.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';
import { readWorkbook, serialToWallClock } from '../helpers/xlsx.js';

const WIB = 'Asia/Jakarta';
const NOW = wib(2026, 3, 10, 12);

function range(arg: string): DateRange {
  const r = parseRange(arg, NOW, WIB);
  if (!r.ok) throw new Error(arg);
  return r.range;
}

/** A strict RFC 4180 parser (CRLF rows; `sep` for `/export csv;`), to read back what the export wrote. */
function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
      } else {
        cell += ch;
        i += 1;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      i += 1;
    } else if (ch === sep) {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      expect(ch, `bare ${JSON.stringify(ch)} outside quotes at ${i}`).not.toMatch(/[\r\n"]/);
      cell += ch;
      i += 1;
    }
  }
  expect(cell, 'file ends with CRLF').toBe('');
  return rows;
}

let t: TempDb;
let dir: string;
const TRICKY_UNIT = 'Direktorat "Patroli", Siber\nLantai 3';
const DESCRIPTION = 'Propaganda, "ajakan bergabung";\n=1+1 <b>&</b>';
const HOUR = 3_600_000;

beforeAll(() => {
  t = createTempDb();
  dir = path.join(t.dir, 'out');
  insertUser(t.db, { id: 11, name: '=cmd|" /C calc"!A0' });
  insertUser(t.db, { id: 12, name: 'Budi' });
  insertCase(t.db, {
    id: 1,
    username: 'KanalTeror',
    postId: 42,
    category: 'terrorism',
    urgency: 'urgent',
    createdAt: wib(2026, 3, 1, 9, 0, 5),
    decidedAt: wib(2026, 3, 1, 10, 30),
    decidedBy: 11,
    reporterUnit: TRICKY_UNIT,
    reportCount: 3,
    description: DESCRIPTION,
    claimedBy: 12,
  });
  insertCase(t.db, {
    id: 2,
    username: 'judi_online',
    postId: null,
    category: 'gambling',
    createdAt: wib(2026, 3, 2, 23, 59, 59),
    decidedAt: wib(2026, 3, 4, 1),
    decidedBy: 12,
    status: 'rejected',
    rejectReason: 'not_violating',
    reporterUnit: '+62 21 555',
  });
  insertCase(t.db, { id: 3, category: 'hoax', createdAt: wib(2026, 3, 3, 0, 0), reporterUnit: '@admin' });
  const units = ['-1+1', '\tTab', '\rCR', 'Plain unit'];
  units.forEach((unit, i) => insertCase(t.db, { id: 4 + i, createdAt: wib(2026, 3, 5, 10 + i), reporterUnit: unit }));
  // Outside 2026-03-01..2026-03-05.
  insertCase(t.db, { id: 8, createdAt: wib(2026, 2, 28, 23, 59) });
  insertCase(t.db, { id: 9, createdAt: wib(2026, 3, 6, 0, 0) });
  handlingHistory(t);
});

/**
 * Case 1 was claimed by 12 an hour in and follows the earlier case 8. Case 3 was escalated, decided,
 * reopened ("Bukti baru"), escalated, decided, reopened ("=Tinjau ulang") and escalated again: it
 * is open. Case 4 was escalated once (escalated_at), never reopened.
 */
function handlingHistory(db: TempDb): void {
  const sql = db.db.$client;
  sql.prepare('UPDATE cases SET claimed_at = ?, previous_case_id = 8 WHERE id = 1').run(wib(2026, 3, 1, 10, 0));
  // Case 1's removal: four probes, verified gone at 12.00, last probed (watching) the next day.
  sql
    .prepare(
      `INSERT INTO verifications (case_id, state, misses, checks, streak, started_at, verified_at, next_probe_at, last_probe_at)
       VALUES (1, 'verified_gone', 3, 4, 0, ?, ?, ?, ?)`,
    )
    .run(wib(2026, 3, 1, 10, 30), wib(2026, 3, 1, 12), wib(2026, 3, 3, 9), wib(2026, 3, 2, 9, 15));
  const t0 = wib(2026, 3, 3, 1);
  sql.prepare('UPDATE cases SET reopened_at = ?, escalated_at = ? WHERE id = 3').run(t0 + 5 * HOUR, t0 + 6 * HOUR);
  sql.prepare('UPDATE cases SET escalated_at = ? WHERE id = 4').run(wib(2026, 3, 5, 11));
  const event = sql.prepare(
    'INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, reason, at) VALUES (3, 11, ?, ?, ?, ?, ?)',
  );
  event.run('escalate', 'open', 'open', null, t0);
  event.run('take_down', 'open', 'taken_down', null, t0 + HOUR);
  event.run('reopen', 'taken_down', 'open', 'Bukti baru', t0 + 2 * HOUR);
  event.run('escalate', 'open', 'open', null, t0 + 3 * HOUR);
  event.run('reject', 'open', 'rejected', 'not_violating', t0 + 4 * HOUR);
  event.run('reopen', 'rejected', 'open', '=Tinjau ulang', t0 + 5 * HOUR);
  event.run('escalate', 'open', 'open', null, t0 + 6 * HOUR);
}
afterAll(() => t.cleanup());

async function run(opts: Partial<ExportOptions> & { range: DateRange; format: ExportOptions['format'] }, sub: string) {
  return exportCases(t.db.$client, { timeZone: WIB, dir: path.join(dir, sub), ...opts });
}

describe('CSV export', () => {
  it('has a BOM, the header, RFC 4180 quoting and neutralised formulas', async () => {
    const res = await run({ range: range('2026-03-01..2026-03-05'), format: 'csv' }, 'csv');
    expect(res).toMatchObject({ rows: 7, compressed: false });
    expect(res.files).toHaveLength(1);
    const file = res.files[0]!;
    expect(file.name).toBe('saluran-cases-2026-03-01_2026-03-05.csv');
    const bytes = fs.readFileSync(file.path);
    expect(file.bytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const recs = rows.slice(1).map((r) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, r[i]])));
    expect(recs.map((r) => r.case_id)).toEqual(['#K1', '#K2', '#K3', '#K4', '#K5', '#K6', '#K7']);
    expect(recs[0]).toEqual({
      case_id: '#K1',
      created_at: '2026-03-01T09:00:05+07:00',
      target_url: 'https://t.me/KanalTeror/42',
      username: 'KanalTeror',
      post_id: '42',
      category: 'terrorism',
      urgency: 'urgent',
      description: DESCRIPTION.replace('=1+1', "'=1+1"),
      reporter_unit: TRICKY_UNIT,
      report_count: '3',
      previous_case_id: '#K8',
      deadline_at: '2026-03-01T13:00:05+07:00',
      claimed_by: '12',
      claimed_by_name: 'Budi',
      claimed_at: '2026-03-01T10:00:00+07:00',
      escalations: '0',
      reopen_count: '0',
      last_reopen_reason: '',
      status: 'taken_down',
      reject_reason: '',
      decided_at: '2026-03-01T10:30:00+07:00',
      decided_by: '11',
      decided_by_name: `'=cmd|" /C calc"!A0`,
      minutes_to_decision: '90',
      met_deadline: 'true',
      verification_state: 'verified_gone',
      verification_checks: '4',
      verified_gone_at: '2026-03-01T12:00:00+07:00',
      last_checked_at: '2026-03-02T09:15:00+07:00',
      decision_history: 'taken_down@2026-03-01T10:30:00+07:00',
    });
    expect(recs[1]).toMatchObject({
      created_at: '2026-03-02T23:59:59+07:00',
      post_id: '',
      target_url: 'https://t.me/judi_online',
      status: 'rejected',
      reject_reason: 'not_violating',
      claimed_by: '12',
      decided_by_name: 'Budi',
      met_deadline: 'false',
      reporter_unit: "'+62 21 555",
    });
    expect(recs[2]).toMatchObject({
      decided_at: '',
      decided_by: '',
      minutes_to_decision: '',
      met_deadline: '',
      status: 'open',
      reporter_unit: "'@admin",
      // Never taken down: no verification.
      verification_state: '',
      verification_checks: '',
      verified_gone_at: '',
      last_checked_at: '',
    });
    // Handling: escalations across reopenings, how often and last why reopened.
    expect(recs[2]).toMatchObject({
      escalations: '3',
      reopen_count: '2',
      last_reopen_reason: "'=Tinjau ulang",
      claimed_by: '',
      claimed_at: '',
    });
    expect(recs[3]).toMatchObject({ escalations: '1', reopen_count: '0', last_reopen_reason: '' });
    // One state column: no `decision` repeating `status`.
    expect(rows[0]).not.toContain('decision');
    expect(recs.slice(3).map((r) => r.reporter_unit)).toEqual(["'-1+1", "'\tTab", "'\rCR", 'Plain unit']);
    // The raw text: quotes doubled, the tricky cell quoted.
    expect(bytes.toString('utf8')).toContain('"Direktorat ""Patroli"", Siber\nLantai 3"');
  });

  it('an empty range still gives a valid file with the header', async () => {
    const res = await run({ range: range('2025-01-01..2025-01-31'), format: 'csv' }, 'empty');
    expect(res.rows).toBe(0);
    expect(fs.readFileSync(res.files[0]!.path, 'utf8')).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe("exports for people: the admin's language, codes in their own columns, dates a spreadsheet reads", () => {
  const i18n = createI18n('id', () => 'id');
  const labels = (locale: 'id' | 'en') => exportLabels(translator(i18n, locale));
  const peopleCsv = async (locale: 'id' | 'en', format: 'csv' | 'csv;') => {
    const res = await run(
      { range: range('2026-03-01..2026-03-05'), format, labels: labels(locale) },
      `people-${locale}-${format === 'csv' ? 'comma' : 'semi'}`,
    );
    const rows = parseCsv(fs.readFileSync(res.files[0]!.path, 'utf8').slice(1), format === 'csv' ? ',' : ';');
    const header = rows[0]!;
    return { header, recs: rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
  };

  it('Indonesian CSV: Indonesian headers and labels, the codes after them, local times with the zone in the header', async () => {
    const { header, recs } = await peopleCsv('id', 'csv');
    expect(header).toHaveLength(EXPORT_COLUMNS.length + 5);
    expect(header.slice(0, 8)).toEqual([
      'Kasus',
      'Diterima (Asia/Jakarta)',
      'Tautan',
      'Nama pengguna kanal',
      'Nomor pos',
      'Kategori',
      'Urgensi',
      'Deskripsi',
    ]);
    expect(header.slice(-5)).toEqual([
      'category_code',
      'urgency_code',
      'status_code',
      'reject_reason_code',
      'verification_state_code',
    ]);
    expect(header.join(' ')).not.toMatch(/_(id|at|by|name|count|url)\b|snake/);
    expect(recs[0]).toMatchObject({
      Kasus: '#K1',
      'Diterima (Asia/Jakarta)': '2026-03-01 09:00:05',
      Kategori: 'Terorisme / radikalisme',
      Urgensi: 'Mendesak',
      Status: 'diturunkan',
      'Alasan penolakan': '',
      'Tenggat (Asia/Jakarta)': '2026-03-01 13:00:05',
      'Diambil pada (Asia/Jakarta)': '2026-03-01 10:00:00',
      'Diputuskan (Asia/Jakarta)': '2026-03-01 10:30:00',
      'Diputuskan oleh': `'=cmd|" /C calc"!A0`,
      'Sesuai tenggat': 'ya',
      'Verifikasi penghapusan': 'terverifikasi hilang',
      'Jumlah pemeriksaan': '4',
      'Terverifikasi hilang pada (Asia/Jakarta)': '2026-03-01 12:00:00',
      'Pemeriksaan terakhir (Asia/Jakarta)': '2026-03-02 09:15:00',
      category_code: 'terrorism',
      urgency_code: 'urgent',
      status_code: 'taken_down',
      reject_reason_code: '',
      verification_state_code: 'verified_gone',
    });
    expect(recs[1]).toMatchObject({
      Kategori: 'Perjudian',
      Urgensi: 'Normal',
      Status: 'ditolak',
      'Alasan penolakan': 'tidak melanggar',
      'Sesuai tenggat': 'tidak',
      status_code: 'rejected',
      reject_reason_code: 'not_violating',
      'Diterima (Asia/Jakarta)': '2026-03-02 23:59:59',
    });
    expect(recs[2]).toMatchObject({
      Status: 'terbuka',
      'Diputuskan (Asia/Jakarta)': '',
      'Sesuai tenggat': '',
      'Verifikasi penghapusan': '',
      verification_state_code: '',
    });
    // Every time cell is "YYYY-MM-DD HH:MM:SS" (what Excel and LibreOffice take as a date in any locale), never ISO's T…+07:00.
    for (const r of recs)
      for (const [h, v] of Object.entries(r))
        if (h.endsWith('(Asia/Jakarta)') && v !== '') expect(v).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('English CSV: English headers and labels; csv; holds the same cells separated by ;', async () => {
    const comma = await peopleCsv('en', 'csv');
    expect(comma.header.slice(0, 6)).toEqual([
      'Case',
      'Received (Asia/Jakarta)',
      'Link',
      'Channel username',
      'Post number',
      'Category',
    ]);
    expect(comma.recs[0]).toMatchObject({
      Category: 'Terrorism / radicalism',
      Urgency: 'Urgent',
      Status: 'taken down',
      'Met deadline': 'yes',
      category_code: 'terrorism',
      status_code: 'taken_down',
    });
    expect(comma.recs[1]).toMatchObject({ 'Reason for rejection': 'not a violation', 'Met deadline': 'no' });
    expect(await peopleCsv('en', 'csv;')).toEqual(comma);
  });

  it('xlsx: headers and labels in the language, the codes in columns AE–AI, dates still date cells', async () => {
    for (const [locale, category, status, verification] of [
      ['id', 'Terorisme / radikalisme', 'diturunkan', 'terverifikasi hilang'],
      ['en', 'Terrorism / radicalism', 'taken down', 'verified gone'],
    ] as const) {
      const res = await run(
        { range: range('2026-03-01..2026-03-05'), format: 'xlsx', labels: labels(locale) },
        `px-${locale}`,
      );
      const wb = readWorkbook(fs.readFileSync(res.files[0]!.path));
      const header = wb.rows[0]!.map((c) => c.value);
      expect(header[0]).toBe(locale === 'id' ? 'Kasus' : 'Case');
      expect(header.slice(-5)).toEqual([...PEOPLE_CODE_COLUMNS]);
      expect(wb.rows[0]!.slice(-5).map((c) => c.ref)).toEqual(['AE1', 'AF1', 'AG1', 'AH1', 'AI1']);
      const byRef = new Map(wb.rows[1]!.map((c) => [c.ref, c]));
      expect(byRef.get('F2')!.value).toBe(category);
      expect(byRef.get('S2')!.value).toBe(status);
      expect(byRef.get('Z2')!.value).toBe(verification);
      // AD: the decision history (codes, local times), then the codes.
      expect(byRef.get('AD2')!.value).toBe('taken_down@2026-03-01 10:30:00');
      expect(byRef.get('AE2')!.value).toBe('terrorism');
      expect(byRef.get('AG2')!.value).toBe('taken_down');
      expect(byRef.get('AI2')!.value).toBe('verified_gone');
      expect(new Map(wb.rows[2]!.map((c) => [c.ref, c.value])).get('AH3')).toBe('not_violating');
      expect(wb.formats[byRef.get('B2')!.style]).toBe('dd/mm/yyyy hh:mm');
      expect(serialToWallClock(Number(byRef.get('B2')!.value))).toBe('2026-03-01 09:00:05');
      expect(wb.sheetXml).toMatch(/<col min="35" max="35"/);
    }
  });

  it('JSON Lines stays for machines: the same bytes with or without labels', async () => {
    const plain = await run({ range: range('2026-03-01..2026-03-05'), format: 'json' }, 'json-plain');
    const labelled = await run(
      { range: range('2026-03-01..2026-03-05'), format: 'json', labels: labels('en') },
      'json-l',
    );
    expect(fs.readFileSync(labelled.files[0]!.path)).toEqual(fs.readFileSync(plain.files[0]!.path));
  });
});

describe('JSON Lines export', () => {
  it('one object per line, typed values, times with +07:00, nothing neutralised', async () => {
    const res = await run({ range: range('2026-03-01..2026-03-05'), format: 'json' }, 'json');
    const file = res.files[0]!;
    expect(file.name).toBe('saluran-cases-2026-03-01_2026-03-05.jsonl');
    const text = fs.readFileSync(file.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(Object.keys(lines[0])).toEqual([...EXPORT_COLUMNS]);
    expect(lines[0]).toEqual({
      case_id: '#K1',
      created_at: '2026-03-01T09:00:05+07:00',
      target_url: 'https://t.me/KanalTeror/42',
      username: 'KanalTeror',
      post_id: 42,
      category: 'terrorism',
      urgency: 'urgent',
      description: DESCRIPTION,
      reporter_unit: TRICKY_UNIT,
      report_count: 3,
      previous_case_id: '#K8',
      deadline_at: '2026-03-01T13:00:05+07:00',
      claimed_by: 12,
      claimed_by_name: 'Budi',
      claimed_at: '2026-03-01T10:00:00+07:00',
      escalations: 0,
      reopen_count: 0,
      last_reopen_reason: null,
      status: 'taken_down',
      reject_reason: null,
      decided_at: '2026-03-01T10:30:00+07:00',
      decided_by: 11,
      decided_by_name: '=cmd|" /C calc"!A0',
      minutes_to_decision: 90,
      met_deadline: true,
      verification_state: 'verified_gone',
      verification_checks: 4,
      verified_gone_at: '2026-03-01T12:00:00+07:00',
      last_checked_at: '2026-03-02T09:15:00+07:00',
      decision_history: 'taken_down@2026-03-01T10:30:00+07:00',
    });
    expect(lines[2]).toMatchObject({
      decided_at: null,
      decided_by: null,
      met_deadline: null,
      minutes_to_decision: null,
      verification_state: null,
      verification_checks: null,
      verified_gone_at: null,
      last_checked_at: null,
      escalations: 3,
      reopen_count: 2,
      last_reopen_reason: '=Tinjau ulang',
    });
    expect(lines[1]).toMatchObject({ post_id: null, met_deadline: false, reporter_unit: '+62 21 555' });
  });

  it('all: every case, file named from the first case day', async () => {
    const res = await run({ range: range('all'), format: 'json' }, 'all');
    expect(res.rows).toBe(9);
    expect(res.files[0]!.name).toBe('saluran-cases-2026-02-28_2026-03-10.jsonl');
  });
});

describe('Excel workbook export', () => {
  it('one sheet, frozen bold header, typed cells (numbers, dates, booleans), text never a formula', async () => {
    const res = await run({ range: range('2026-03-01..2026-03-05'), format: 'xlsx' }, 'xlsx');
    expect(res).toMatchObject({ rows: 7, compressed: false, format: 'xlsx' });
    const file = res.files[0]!;
    expect(file.name).toBe('saluran-cases-2026-03-01_2026-03-05.xlsx');
    const wb = readWorkbook(fs.readFileSync(file.path));
    expect([...wb.files.keys()].filter((k) => k.startsWith('xl/worksheets/'))).toEqual(['xl/worksheets/sheet1.xml']);
    expect(wb.pane).toEqual({ ySplit: 1, state: 'frozen', topLeftCell: 'A2' });
    expect(wb.rows.map((r) => r[0]!.value)).toEqual(['case_id', '#K1', '#K2', '#K3', '#K4', '#K5', '#K6', '#K7']);
    expect(wb.rows[0]!.map((c) => c.value)).toEqual([...EXPORT_COLUMNS]);
    expect(wb.formats[wb.rows[0]![0]!.style]).toBe('#0'); // header: bold font, general format
    expect(wb.sheetXml).not.toMatch(/<f[\s>]/);

    const cell = (row: number, col: string) => {
      const c = wb.rows[row]!.find((x) => x.ref === `${col}${row + 1}`);
      return c;
    };
    const col = (name: string) => {
      const i = EXPORT_COLUMNS.indexOf(name as (typeof EXPORT_COLUMNS)[number]);
      return i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`;
    };
    // Dates: numbers with a date format, the WIB wall-clock time.
    const created = cell(1, col('created_at'))!;
    expect(created.type).toBe('n');
    expect(wb.formats[created.style]).toBe('dd/mm/yyyy hh:mm');
    expect(serialToWallClock(Number(created.value))).toBe('2026-03-01 09:00:05');
    expect(serialToWallClock(Number(cell(1, col('claimed_at'))!.value))).toBe('2026-03-01 10:00:00');
    // Numbers and booleans.
    expect(cell(1, col('report_count'))).toMatchObject({ type: 'n', value: '3' });
    expect(cell(1, col('minutes_to_decision'))).toMatchObject({ type: 'n', value: '90' });
    expect(cell(1, col('met_deadline'))).toMatchObject({ type: 'b', value: '1' });
    expect(cell(2, col('met_deadline'))).toMatchObject({ type: 'b', value: '0' });
    expect(cell(3, col('escalations'))).toMatchObject({ type: 'n', value: '3' });
    // The verification columns, past Z: text, count, two dates; empty for a case never taken down.
    expect(col('last_checked_at')).toBe('AC');
    expect(cell(1, col('verification_state'))).toMatchObject({ type: 'inlineStr', value: 'verified_gone' });
    expect(cell(1, col('verification_checks'))).toMatchObject({ type: 'n', value: '4' });
    expect(serialToWallClock(Number(cell(1, col('verified_gone_at'))!.value))).toBe('2026-03-01 12:00:00');
    expect(serialToWallClock(Number(cell(1, col('last_checked_at'))!.value))).toBe('2026-03-02 09:15:00');
    expect(cell(3, col('verification_state'))).toBeUndefined();
    // Text as typed by people, exactly, as strings: no `'` needed, nothing evaluated.
    expect(cell(1, col('description'))).toMatchObject({ type: 'inlineStr', value: DESCRIPTION, formula: false });
    expect(cell(1, col('decided_by_name'))).toMatchObject({ type: 'inlineStr', value: '=cmd|" /C calc"!A0' });
    expect(cell(1, col('reporter_unit'))!.value).toBe(TRICKY_UNIT);
    expect(cell(3, col('last_reopen_reason'))).toMatchObject({ type: 'inlineStr', value: '=Tinjau ulang' });
    expect(cell(1, col('previous_case_id'))).toMatchObject({ type: 'inlineStr', value: '#K8' });
    // Empty values are empty cells.
    expect(cell(3, col('decided_at'))).toBeUndefined();
    expect(wb.rows.slice(4).map((r) => r.find((c) => c.ref.startsWith(`${col('reporter_unit')}`))!.value)).toEqual([
      '-1+1',
      '\tTab',
      '\rCR',
      'Plain unit',
    ]);
  });

  it('control characters and a literal _xHHHH_ survive as text (XML cannot hold them as they are)', async () => {
    const db = createTempDb();
    try {
      const weird = 'a\u0001b\u000Bc _x0041_ 🙂 end ';
      insertCase(db.db, { id: 1, createdAt: wib(2026, 3, 1, 9), description: weird, reporterUnit: ' padded ' });
      const res = await exportCases(db.db.$client, {
        range: range('all'),
        format: 'xlsx',
        timeZone: WIB,
        dir: path.join(db.dir, 'x'),
      });
      const wb = readWorkbook(fs.readFileSync(res.files[0]!.path));
      const values = wb.rows[1]!.map((c) => c.value);
      expect(values).toContain(weird);
      expect(wb.sheetXml).toContain('a_x0001_b_x000B_c _x005F_x0041_ 🙂 end ');
      expect(values).toContain(' padded ');
    } finally {
      db.cleanup();
    }
  });
});

describe('xmlText', () => {
  it.each([
    ['plain', 'plain'],
    ['<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;'],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['cr\r', 'cr_x000D_'],
    ['lone \uD800 high, lone \uDC00 low, pair 🙂', 'lone \uFFFD high, lone \uFFFD low, pair 🙂'],
    ['_x0041_ and _x12_', '_x005F_x0041_ and _x12_'],
    ['\uFFFE', '_xFFFE_'],
  ])('%j → %j', (input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });

  it("keeps at most 32,767 characters (Excel's cell limit)", () => {
    expect(xmlText('x'.repeat(40_000))).toHaveLength(32_767);
  });
});

describe('compression and splitting', () => {
  let big: TempDb;
  beforeAll(() => {
    big = createTempDb();
    // Poorly compressible units so that a small limit needs several parts.
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 1; i <= 400; i++) {
      const unit = Array.from({ length: 40 }, () => String.fromCharCode(33 + Math.floor(rnd() * 90))).join('');
      insertCase(big.db, {
        id: i,
        createdAt: wib(2026, 3, 1) + i * 60_000,
        reporterUnit: unit,
        category: i % 2 ? 'fraud' : 'hoax',
      });
    }
  });
  afterAll(() => big.cleanup());

  const exportBig = (format: 'csv' | 'json', maxBytes: number, sub: string, onProgress?: ExportOptions['onProgress']) =>
    exportCases(big.db.$client, {
      range: range('all'),
      format,
      timeZone: WIB,
      dir: path.join(big.dir, sub),
      maxBytes,
      onProgress,
      progressIntervalMs: 0,
    });

  it.each(['csv', 'json'] as const)('%s: gzip parts under the limit reassemble to the full content', async (format) => {
    const full = await exportBig(format, 10_000_000, `${format}-full`);
    expect(full.compressed).toBe(false);
    const fullText = fs.readFileSync(full.files[0]!.path, 'utf8');
    expect(full.rawBytes).toBe(Buffer.byteLength(fullText));

    const limit = 6000;
    const split = await exportBig(format, limit, `${format}-split`);
    expect(split.compressed).toBe(true);
    expect(split.rows).toBe(400);
    const n = split.files.length;
    expect(n).toBeGreaterThan(2);
    const ext = format === 'csv' ? 'csv' : 'jsonl';
    expect(split.files.map((f) => f.name)).toEqual(
      Array.from({ length: n }, (_, i) => `saluran-cases-2026-03-01_2026-03-10.part${i + 1}of${n}.${ext}.gz`),
    );
    const header = format === 'csv' ? `\uFEFF${EXPORT_COLUMNS.join(',')}\r\n` : '';
    let body = '';
    for (const f of split.files) {
      const bytes = fs.readFileSync(f.path);
      expect(bytes.length).toBe(f.bytes);
      expect(bytes.length).toBeLessThanOrEqual(limit);
      const text = zlib.gunzipSync(bytes).toString('utf8');
      // Every part is a complete file: BOM and header again for CSV, whole rows only.
      expect(text.startsWith(header)).toBe(true);
      const rows = text.slice(header.length);
      expect(rows.split(format === 'csv' ? '\r\n' : '\n').length - 1).toBe(f.rows);
      body += rows;
    }
    expect(header + body).toBe(fullText);
    expect(split.files.reduce((s, f) => s + f.rows, 0)).toBe(400);
    // No temp files left behind.
    expect(fs.readdirSync(path.join(big.dir, `${format}-split`)).sort()).toEqual(split.files.map((f) => f.name).sort());
  });

  it('xlsx: workbooks under the limit, each with its header, rows numbered from 2, all rows once', async () => {
    const limit = 20_000;
    const res = await exportCases(big.db.$client, {
      range: range('all'),
      format: 'xlsx',
      timeZone: WIB,
      dir: path.join(big.dir, 'xlsx-split'),
      maxBytes: limit,
    });
    const n = res.files.length;
    expect(n).toBeGreaterThan(1);
    expect(res.files.map((f) => f.name)).toEqual(
      Array.from({ length: n }, (_, i) => `saluran-cases-2026-03-01_2026-03-10.part${i + 1}of${n}.xlsx`),
    );
    const ids: string[] = [];
    for (const f of res.files) {
      const bytes = fs.readFileSync(f.path);
      expect(bytes.length).toBe(f.bytes);
      expect(bytes.length).toBeLessThanOrEqual(limit);
      const wb = readWorkbook(bytes);
      expect(wb.rows[0]!.map((c) => c.value)).toEqual([...EXPORT_COLUMNS]);
      expect(wb.pane?.state).toBe('frozen');
      wb.rows.slice(1).forEach((r, i) => expect(r[0]!.ref).toBe(`A${i + 2}`));
      expect(wb.rows.length - 1).toBe(f.rows);
      ids.push(...wb.rows.slice(1).map((r) => r[0]!.value));
    }
    expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => `#K${i + 1}`));
    expect(fs.readdirSync(path.join(big.dir, 'xlsx-split')).sort()).toEqual(res.files.map((f) => f.name).sort());
  });

  it('one gzip file when compression is enough', async () => {
    const res = await exportBig('csv', 60_000, 'one-gz');
    expect(res.compressed).toBe(true);
    expect(res.files.map((f) => f.name)).toEqual(['saluran-cases-2026-03-01_2026-03-10.csv.gz']);
    expect(res.files[0]!.bytes).toBeLessThanOrEqual(60_000);
    expect(zlib.gunzipSync(fs.readFileSync(res.files[0]!.path)).length).toBe(res.rawBytes);
  });

  it('reports progress, ending with done = total', async () => {
    const calls: Array<[number, number]> = [];
    await exportBig('csv', 10_000, 'progress', (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toEqual([400, 400]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
  });
});
