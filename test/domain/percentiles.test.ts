/** The one percentile method of the bot (nearest rank), on fixtures whose answers are worked out by hand. */
import { describe, expect, it } from 'vitest';
import { nearestRank, nearestRankIndex } from '../../src/domain/percentiles.js';
import { percentiles } from '../../src/domain/sla.js';

describe('nearest-rank percentiles', () => {
  it('1..100: p50 = 50, p90 = 90, p95 = 95, p1 = 1, p100 = 100', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([50, 90, 95, 1, 100].map((p) => nearestRank(hundred, p))).toEqual([50, 90, 95, 1, 100]);
  });

  it('picks the value at rank ⌈p·n⌉, never a value in between', () => {
    // 20 values: p50 = rank 10, p90 = rank 18, p95 = rank 19.
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect([50, 90, 95].map((p) => nearestRank(twenty, p))).toEqual([10, 18, 19]);
    // 5 values: p50 = rank 3, p90 = rank ⌈4.5⌉ = 5, p95 = rank 5.
    expect([50, 90, 95].map((p) => nearestRank([3, 8, 30, 61, 2000], p))).toEqual([30, 2000, 2000]);
  });

  it('small n: none, one, two, three values', () => {
    expect(percentiles([])).toEqual({ p50: null, p90: null, p95: null });
    expect(percentiles([7])).toEqual({ p50: 7, p90: 7, p95: 7 });
    // Two: p50 = rank 1 (the lower, not 15 as an interpolation would give), p90 = rank 2.
    expect(percentiles([20, 10])).toEqual({ p50: 10, p90: 20, p95: 20 });
    // Three: p50 = rank ⌈1.5⌉ = 2, p90 = rank ⌈2.7⌉ = 3.
    expect(percentiles([300, 5, 40])).toEqual({ p50: 40, p90: 300, p95: 300 });
  });

  it('sorts numerically (negative margins included), whatever the order given', () => {
    expect(percentiles([-30, 100, -5, 20, 9])).toEqual({ p50: 9, p90: 100, p95: 100 });
  });
});

describe('nearestRankIndex (the SQL OFFSET of a percentile)', () => {
  it('is the 0-based position of the nearest rank: the median of 4 is the 2nd, of 5 the 3rd', () => {
    expect([1, 2, 3, 4, 5].map((n) => nearestRankIndex(n, 50))).toEqual([0, 0, 1, 1, 2]);
    expect(nearestRankIndex(100, 90)).toBe(89);
  });
});
