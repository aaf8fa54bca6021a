/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
 * rank ⌈p/100 · n⌉ (1-based). Always one of the values (no interpolation), so "p90 = 47 min"
 * means a real case took 47 minutes and 90 % took at most that.
 */

/** The 0-based position of the nearest-rank p-th percentile (0 < p ≤ 100) among n ≥ 1 sorted values (an SQL OFFSET). */
export function nearestRankIndex(n: number, p: number): number {
  return Math.min(Math.max(1, Math.ceil((p / 100) * n)), n) - 1;
}

/** The nearest-rank percentile (0 < p ≤ 100) of values sorted ascending; null when there are none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRankIndex(sorted.length, p)]!;
}
