/** /export on a real database: CSV and JSON Lines content, ranges, compression and splitting, progress. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import { exportCases, type ExportOptions } from '../../src/services/export.js';
import { EXPORT_COLUMNS } from '../../src/services/exportFormat.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';

const WIB = 'Asia/Jakarta';
const NOW = wib(2026, 3, 10, 12);

function range(arg: string): DateRange {
  const r = parseRange(arg, NOW, WIB);
  if (!r.ok) throw new Error(arg);
  return r.range;
}

/** A strict RFC 4180 parser (CRLF rows), to read back what the export wrote. */
function parseCsv(text: string): string[][] {
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
    } else if (ch === ',') {
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
    rejectReason: 'not_violation',
    reporterUnit: '+62 21 555',
  });
  insertCase(t.db, { id: 3, category: 'hoax', createdAt: wib(2026, 3, 3, 0, 0), reporterUnit: '@admin' });
  const units = ['-1+1', '\tTab', '\rCR', 'Plain unit'];
  units.forEach((unit, i) => insertCase(t.db, { id: 4 + i, createdAt: wib(2026, 3, 5, 10 + i), reporterUnit: unit }));
  // Outside 2026-03-01..2026-03-05.
  insertCase(t.db, { id: 8, createdAt: wib(2026, 2, 28, 23, 59) });
  insertCase(t.db, { id: 9, createdAt: wib(2026, 3, 6, 0, 0) });
});
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
      decided_at: '2026-03-01T10:30:00+07:00',
      target_url: 'https://t.me/KanalTeror/42',
      username: 'KanalTeror',
      post_id: '42',
      category: 'terrorism',
      urgency: 'urgent',
      deadline_at: '2026-03-01T13:00:05+07:00',
      status: 'taken_down',
      decision: 'taken_down',
      reason: '',
      decided_by: '11',
      decided_by_name: `'=cmd|" /C calc"!A0`,
      minutes_to_decision: '90',
      met_deadline: 'true',
      report_count: '3',
      reporter_unit: TRICKY_UNIT,
    });
    expect(recs[1]).toMatchObject({
      created_at: '2026-03-02T23:59:59+07:00',
      post_id: '',
      target_url: 'https://t.me/judi_online',
      status: 'rejected',
      decision: 'rejected',
      reason: 'not_violation',
      decided_by_name: 'Budi',
      met_deadline: 'false',
      reporter_unit: "'+62 21 555",
    });
    expect(recs[2]).toMatchObject({ decided_at: '', decision: '', decided_by: '', minutes_to_decision: '', met_deadline: '', status: 'open', reporter_unit: "'@admin" });
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

describe('JSON Lines export', () => {
  it('one object per line, typed values, times with +07:00, nothing neutralised', async () => {
    const res = await run({ range: range('2026-03-01..2026-03-05'), format: 'json' }, 'json');
    const file = res.files[0]!;
    expect(file.name).toBe('saluran-cases-2026-03-01_2026-03-05.jsonl');
    const text = fs.readFileSync(file.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(Object.keys(lines[0])).toEqual([...EXPORT_COLUMNS]);
    expect(lines[0]).toEqual({
      case_id: '#K1',
      created_at: '2026-03-01T09:00:05+07:00',
      decided_at: '2026-03-01T10:30:00+07:00',
      target_url: 'https://t.me/KanalTeror/42',
      username: 'KanalTeror',
      post_id: 42,
      category: 'terrorism',
      urgency: 'urgent',
      deadline_at: '2026-03-01T13:00:05+07:00',
      status: 'taken_down',
      decision: 'taken_down',
      reason: null,
      decided_by: 11,
      decided_by_name: '=cmd|" /C calc"!A0',
      minutes_to_decision: 90,
      met_deadline: true,
      report_count: 3,
      reporter_unit: TRICKY_UNIT,
    });
    expect(lines[2]).toMatchObject({ decided_at: null, decision: null, decided_by: null, met_deadline: null, minutes_to_decision: null });
    expect(lines[1]).toMatchObject({ post_id: null, met_deadline: false, reporter_unit: '+62 21 555' });
  });

  it('all: every case, file named from the first case day', async () => {
    const res = await run({ range: range('all'), format: 'json' }, 'all');
    expect(res.rows).toBe(9);
    expect(res.files[0]!.name).toBe('saluran-cases-2026-02-28_2026-03-10.jsonl');
  });
});

describe('compression and splitting', () => {
  let big: TempDb;
  beforeAll(() => {
    big = createTempDb();
    // Poorly compressible units so that a small limit needs several parts.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 1; i <= 400; i++) {
      const unit = Array.from({ length: 40 }, () => String.fromCharCode(33 + Math.floor(rnd() * 90))).join('');
      insertCase(big.db, { id: i, createdAt: wib(2026, 3, 1) + i * 60_000, reporterUnit: unit, category: i % 2 ? 'fraud' : 'hoax' });
    }
  });
  afterAll(() => big.cleanup());

  const exportBig = (format: 'csv' | 'json', maxBytes: number, sub: string, onProgress?: ExportOptions['onProgress']) =>
    exportCases(big.db.$client, { range: range('all'), format, timeZone: WIB, dir: path.join(big.dir, sub), maxBytes, onProgress, progressIntervalMs: 0 });

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
