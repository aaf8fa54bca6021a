/**
 * SLA figures from a histogram of whole minutes to decision (values ascending, their counts): the
 * nearest-rank p50, p90 and p95 (domain/percentiles.ts: each is a real case's time), and how many
 * decisions fell in each bucket of the /stats chart. Exact: the histogram keeps every minute.
 */
export const SLA_BUCKETS = ['0-1h', '1-4h', '4-8h', '8-24h', '>24h'] as const;
export type SlaBucket = (typeof SLA_BUCKETS)[number];
/** Upper bounds (exclusive, minutes) of every bucket but the last. */
const BUCKET_ENDS = [60, 240, 480, 1440];

export interface SlaFigures {
  decided: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  /** Decisions per bucket, in SLA_BUCKETS order. */
  buckets: number[];
}

/** The nearest-rank p-th percentile (0 < p ≤ 100) of a histogram; null when it is empty. */
export function histogramNearestRank(values: ArrayLike<number>, counts: ArrayLike<number>, p: number): number | null {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return values[i]!;
  }
  return values[values.length - 1]!;
}

/** p50/p90/p95 and the buckets of a histogram of whole minutes. */
export function slaFigures(values: ArrayLike<number>, counts: ArrayLike<number>): SlaFigures {
  const buckets = SLA_BUCKETS.map(() => 0);
  let decided = 0;
  for (let i = 0; i < values.length; i++) {
    const end = BUCKET_ENDS.findIndex((e) => values[i]! < e);
    buckets[end === -1 ? BUCKET_ENDS.length : end]! += counts[i]!;
    decided += counts[i]!;
  }
  return {
    decided,
    p50: histogramNearestRank(values, counts, 50),
    p90: histogramNearestRank(values, counts, 90),
    p95: histogramNearestRank(values, counts, 95),
    buckets,
  };
}
