/** Nearest-rank percentiles and the chart's buckets, on fixtures whose answers are worked out by hand. */
import { describe, expect, it } from 'vitest';
import { nearestRank } from '../../src/domain/percentiles.js';
import { histogramNearestRank, slaFigures } from '../../src/domain/sla.js';

describe('nearest-rank percentiles', () => {
  // 20 values 1..20: p50 = rank ⌈10⌉ = 10, p90 = rank 18, p95 = rank 19, p100 = 20, p1 = rank 1.
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  it('picks the value at rank ⌈p·n⌉', () => {
    expect([50, 90, 95, 100, 1].map((p) => nearestRank(twenty, p))).toEqual([10, 18, 19, 20, 1]);
    // 5 values: p50 = rank 3, p90 = rank ⌈4.5⌉ = 5, p95 = rank 5.
    expect([50, 90, 95].map((p) => nearestRank([3, 8, 30, 61, 2000], p))).toEqual([30, 2000, 2000]);
    expect(nearestRank([], 50)).toBeNull();
  });

  it('gives the same answers from a histogram as from the sorted values', () => {
    // minutes 5 ×3, 45 ×1, 90 ×4, 300 ×1, 1500 ×1 (n = 10): p50 = rank 5 → 90; p90 = rank 9 → 300; p95 = rank 10 → 1500.
    const values = [5, 45, 90, 300, 1500];
    const counts = [3, 1, 4, 1, 1];
    const flat = values.flatMap((v, i) => Array<number>(counts[i]!).fill(v));
    for (const p of [50, 90, 95]) expect(histogramNearestRank(values, counts, p)).toBe(nearestRank(flat, p));
    expect(slaFigures(values, counts)).toEqual({ decided: 10, p50: 90, p90: 300, p95: 1500, buckets: [4, 4, 1, 0, 1] });
  });

  it('puts a bucket boundary in the later bucket (60 min is 1–4 h, 1440 min is over 24 h)', () => {
    expect(slaFigures([59, 60, 239, 240, 479, 480, 1439, 1440], [1, 1, 1, 1, 1, 1, 1, 1]).buckets).toEqual([
      1, 2, 2, 2, 1,
    ]);
    expect(slaFigures([], [])).toEqual({ decided: 0, p50: null, p90: null, p95: null, buckets: [0, 0, 0, 0, 0] });
  });
});
