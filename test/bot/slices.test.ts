/**
 * A long file of links is read in slices: the event loop is handed back between them, so what is
 * scheduled meanwhile (a moderator's press) runs before the reading ends. Asserted on order and
 * counts of hand-backs, never on durations.
 */
import { describe, expect, it } from 'vitest';
import { decodeBulkFileSteps, parseBulk, parseBulkSteps } from '../../src/domain/bulkInput.js';
import { runInSlices } from '../../src/bot/slices.js';

/** 3,000 lines of links with words around them: far more than one slice of work. */
const HEAVY = Array.from(
  { length: 3000 },
  (_, i) => `Kanal ke-${i} https://t.me/kanal_berat_${i}/${i + 1} menyebarkan hoaks, lihat juga @kanal_lain_${i}`,
).join('\n');

describe('reading a long list in slices', () => {
  it('a press scheduled while the list is read is handled before the reading ends', async () => {
    const order: string[] = [];
    let yields = 0;
    const reading = runInSlices(parseBulkSteps(HEAVY, { maxLinks: 10_000, kind: 'txt' }), {
      sliceMs: 2,
      onYield: () => {
        yields++;
        // Scheduled during the reading, after its first slice (as a press that arrives meanwhile).
        if (yields === 1) setImmediate(() => order.push('press answered'));
      },
    }).then((parsed) => {
      order.push('list read');
      return parsed;
    });
    const parsed = await reading;
    expect(order).toEqual(['press answered', 'list read']);
    expect(yields).toBeGreaterThan(1);
    // Sliced or not, the result is the same.
    expect(parsed).toEqual(parseBulk(HEAVY, { maxLinks: 10_000, kind: 'txt' }));
    expect(parsed.rows).toHaveLength(6000);
  });

  it('a 20 MB file of blank and # lines is decoded in 80 slices, then refused at the line limit', async () => {
    const bytes = new Uint8Array(Buffer.from('#\n\n'.repeat(7 * 1024 * 1024).slice(0, 20 * 1024 * 1024), 'utf8'));
    const order: string[] = [];
    let yields = 0;
    // sliceMs 0: the event loop is handed back after every step, so the count is exact.
    const decoded = await runInSlices(decodeBulkFileSteps(bytes), {
      sliceMs: 0,
      onYield: () => {
        if (++yields === 1) setImmediate(() => order.push('press answered'));
      },
    });
    order.push('file decoded');
    expect(order).toEqual(['press answered', 'file decoded']);
    expect(yields).toBe(80); // 20 MB in 256 KB steps
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const parsed = await runInSlices(parseBulkSteps(decoded.text, { maxLinks: 10_000, kind: 'txt' }));
    expect(parsed).toMatchObject({
      rows: [],
      truncated: true,
      refused: [{ line: 40_001, raw: '', reason: 'too_many_lines' }],
    });
  });

  it('with the line limit, decoding stops one step after it: the rest of a 20 MB blank file is never read', async () => {
    const bytes = new Uint8Array(Buffer.from('#\n\n'.repeat(7 * 1024 * 1024).slice(0, 20 * 1024 * 1024), 'utf8'));
    let yields = 0;
    const decoded = await runInSlices(decodeBulkFileSteps(bytes, { maxLines: 40_000 }), {
      sliceMs: 0,
      onYield: () => yields++,
    });
    expect(yields).toBe(1); // the first 256 KB already hold 170,000 lines
    expect(decoded.ok && decoded.text.length).toBe(256 * 1024);
    if (!decoded.ok) return;
    expect(parseBulk(decoded.text, { maxLinks: 10_000, kind: 'txt' }).refused).toEqual([
      { line: 40_001, raw: '', reason: 'too_many_lines' },
    ]);
  });
});
