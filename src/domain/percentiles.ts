/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
 * rank ⌈p/100 · n⌉ (1-based). Always one of the values (no interpolation), so "p90 = 47 min"
 * means a real case took 47 minutes and 90 % took at most that.
 */

/** The nearest-rank percentile (0 < p ≤ 100) of values sorted ascending; null when there are none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
