/** Gzip parts: every part under the limit and complete on its own, whatever the data compresses to. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { deflatedAtWorst } from '../../src/services/deflateBound.js';
import { GzipParts } from '../../src/services/gzipParts.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzip-parts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = Buffer.from('\uFEFFcase_id,description\r\n');

/** Chunks of rows: text that compresses well, or random bytes that do not compress at all. */
function chunks(kind: 'text' | 'random', count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    kind === 'random'
      ? crypto.randomBytes(size)
      : Buffer.from(`#K${i},${'konten publik yang dilaporkan '.repeat(size / 30)}\r\n`.slice(0, size)),
  );
}

async function writeAll(name: string, data: Buffer[], limit: number) {
  const parts = new GzipParts(path.join(dir, `${name}.`), HEADER, limit, 6);
  for (const c of data) await parts.write(c, 1);
  await parts.finish();
  return parts.done;
}

describe('GzipParts', () => {
  it.each(['text', 'random'] as const)(
    '%s: parts at most the limit, each header + whole chunks, in order',
    async (kind) => {
      const limit = 100_000;
      const data = chunks(kind, 120, 8_000);
      const done = await writeAll(kind, data, limit);
      const rest = [...data];
      for (const part of done) {
        const bytes = fs.readFileSync(part.file);
        expect(bytes.length).toBe(part.bytes);
        expect(bytes.length).toBeLessThanOrEqual(limit);
        const content = zlib.gunzipSync(bytes);
        expect(content.subarray(0, HEADER.length).equals(HEADER)).toBe(true);
        const expected = Buffer.concat([HEADER, ...rest.splice(0, part.rows)]);
        expect(content.equals(expected)).toBe(true);
      }
      expect(rest).toEqual([]);
      // Random bytes take 10 parts or one more (the part is closed while one more chunk could pass the limit at worst); text fits in one.
      if (kind === 'text') expect(done.length).toBe(1);
      else expect(done.length).toBeGreaterThanOrEqual(10);
      for (const part of done.slice(0, -1)) expect(part.bytes).toBeGreaterThan(limit - deflatedAtWorst(8_000));
    },
  );

  it('fills parts: compressible data is not cut early for fear of the worst case', async () => {
    const limit = 20_000;
    const data = chunks('text', 2_000, 4_000);
    const done = await writeAll('fill', data, limit);
    expect(done.length).toBeGreaterThan(1);
    // Every part but the last is closed only when one more chunk could pass the limit at worst.
    for (const part of done.slice(0, -1)) expect(part.bytes).toBeGreaterThan(limit - deflatedAtWorst(4_000));
  });
});
