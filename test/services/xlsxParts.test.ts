/** Xlsx parts: every workbook under the limit and complete on its own, whatever the rows compress to. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/services/exportFormat.js';
import type { ExportRow } from '../../src/services/exportRows.js';
import { deflatedAtWorst } from '../../src/services/deflateBound.js';
import { XlsxParts } from '../../src/services/xlsxParts.js';
import { sheetFormatter } from '../../src/services/xlsxSheet.js';
import { readWorkbook } from '../helpers/xlsx.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-parts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sheet = sheetFormatter('Asia/Jakarta', new Map());
/** What a workbook holds besides its rows, at worst: the deflated epilogue, data descriptor, central directory. */
const CLOSING = deflatedAtWorst(sheet.epilogue.length) + 1024;

function caseRow(id: number, description: string): ExportRow {
  return [
    id,
    1_772_000_000_000 + id * 60_000,
    `https://t.me/kanal/${id}`,
    'kanal',
    id,
    'hoax',
    'normal',
    description,
    null,
    1,
    null,
    1_772_000_000_000 + id * 60_000 + 86_400_000,
    null,
    null,
    0,
    0,
    null,
    'pending',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ];
}

/** Chunks of rows whose descriptions compress well (text) or hardly at all (random base64). */
function chunks(
  kind: 'text' | 'random',
  count: number,
  rowsPerChunk: number,
  descriptionLength: number,
): ExportRow[][] {
  let id = 0;
  return Array.from({ length: count }, () =>
    Array.from({ length: rowsPerChunk }, () => {
      id += 1;
      const description =
        kind === 'random'
          ? crypto.randomBytes(descriptionLength).toString('base64').slice(0, descriptionLength)
          : `konten publik yang dilaporkan nomor ${id} `.repeat(descriptionLength / 30).slice(0, descriptionLength);
      return caseRow(id, description);
    }),
  );
}

async function writeAll(name: string, data: ExportRow[][], limit: number) {
  const parts = new XlsxParts(path.join(dir, `${name}.`), sheet, limit, 6, 'cases');
  for (const c of data) await parts.write(c);
  await parts.finish();
  return parts.done;
}

/** The worksheet bytes of the largest chunk (numbered as late as any row can be). */
const chunkBytes = (data: ExportRow[][]) => Math.max(...data.map((c) => Buffer.byteLength(sheet.rows(c, 1_000_000))));

/** Checks every workbook: its size, under the limit, valid, its header, rows numbered from 2, all rows in order. */
function expectWorkbooks(done: XlsxParts['done'], data: ExportRow[][], limit: number) {
  const rest = data.flat();
  for (const part of done) {
    const bytes = fs.readFileSync(part.file);
    expect(bytes.length).toBe(part.bytes);
    expect(bytes.length).toBeLessThanOrEqual(limit);
    const wb = readWorkbook(bytes);
    expect(wb.rows[0]!.map((c) => c.value)).toEqual([...EXPORT_COLUMNS]);
    expect(wb.rows.length - 1).toBe(part.rows);
    for (const [i, expected] of rest.splice(0, part.rows).entries()) {
      const cells = wb.rows[i + 1]!;
      expect(cells[0]!.ref).toBe(`A${i + 2}`);
      expect(cells[0]!.value).toBe(`#K${expected[0]}`);
      expect(cells.find((c) => c.ref === `H${i + 2}`)?.value).toBe(expected[7]);
    }
  }
  expect(rest).toEqual([]);
}

describe('XlsxParts', () => {
  it.each(['text', 'random'] as const)(
    '%s: workbooks at most the limit, each a valid workbook with the header and whole rows, in order',
    async (kind) => {
      const limit = 100_000;
      const data = chunks(kind, 60, 8, 1_000);
      const done = await writeAll(kind, data, limit);
      expectWorkbooks(done, data, limit);
      // 480 KB of descriptions: text fits in one workbook; base64 (6 bits a byte) deflates to ≥ 360 KB.
      if (kind === 'text') expect(done.length).toBe(1);
      else expect(done.length).toBeGreaterThanOrEqual(4);
      for (const part of done.slice(0, -1)) {
        expect(part.bytes).toBeGreaterThan(limit - deflatedAtWorst(chunkBytes(data)) - CLOSING);
      }
    },
  );

  it('fills workbooks: compressible rows are not cut early for fear of the worst case', async () => {
    const limit = 30_000;
    const data = chunks('text', 400, 4, 1_000);
    const done = await writeAll('fill', data, limit);
    expect(done.length).toBeGreaterThan(1);
    expectWorkbooks(done, data, limit);
    // Every workbook but the last is closed only when one more chunk could pass the limit at worst.
    for (const part of done.slice(0, -1)) {
      expect(part.bytes).toBeGreaterThan(limit - deflatedAtWorst(chunkBytes(data)) - CLOSING);
    }
  });
});
