/**
 * A long file of links is read in slices: the event loop is handed back between them, so what is
 * scheduled meanwhile (a moderator's press) runs before the reading ends. Asserted on order and
 * counts of hand-backs, never on durations.
 */
import { describe, expect, it } from 'vitest';
import { parseBulk, parseBulkSteps } from '../../src/domain/bulkInput.js';
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
});
