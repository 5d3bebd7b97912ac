/** Percentiles for the benchmark's tables. */

/** p50/p95/p99 of a set of samples (milliseconds), and how many there were. */
export type Summary = { n: number; p50: number; p95: number; p99: number };

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks, so small samples
 * (30 requests) do not jump a whole rank when one value moves.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** Sorts a copy and returns its p50/p95/p99. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((x, y) => x - y);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}
