/**
 * Percentiles of values known only by the range holding each: MTTR over the fleet reads counts per duration bucket
 * (resolutions) and per first-seen hour (open problems), not the values themselves.
 */

/** A range [low, high] and how many values fall in it; ranges ascend and do not overlap. */
export type CountedRange = readonly [low: number, high: number, count: number];

const minuteMs = 60_000;
/** Duration buckets per doubling (meshguard_duration_bucket in the migration 20261207170100_mttr_histograms). */
const bucketsPerDoubling = 16;

/**
 * The relative error bound of a resolution percentile: every estimate lies within this fraction of the true value,
 * or within one minute of it for durations under a minute (each value is placed within its bucket's range).
 */
export const durationBucketRelativeError = 2 ** (1 / bucketsPerDoubling) - 1;

/** The range in ms of duration bucket `index` (0: under one minute; i ≥ 1: [60 000 × 2^((i−1)/16), 60 000 × 2^(i/16))). */
export function durationBucketRange(index: number): [low: number, high: number] {
  if (index <= 0) return [0, minuteMs];
  return [minuteMs * 2 ** ((index - 1) / bucketsPerDoubling), minuteMs * 2 ** (index / bucketsPerDoubling)];
}

/**
 * percentile_cont(fraction) estimated from ranges: the same positions (fraction × (n − 1), its floor and ceiling) and
 * interpolation as PostgreSQL, each order statistic placed evenly within its range (the k-th of c values at
 * low + (k + ½) / c × (high − low)). When every true value lies in its range, the estimate is within the widest
 * relative (or absolute) width of the ranges holding the two order statistics. Null when there are none.
 */
export function rangePercentile(ascending: readonly CountedRange[], fraction: number): number | null {
  const total = ascending.reduce((sum, [, , count]) => sum + count, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = placedAt(ascending, lower);
  if (upper === lower) return low;
  return low + (position - lower) * (placedAt(ascending, upper) - low);
}

function placedAt(ascending: readonly CountedRange[], index: number): number {
  let before = 0;
  for (const [low, high, count] of ascending) {
    if (index < before + count) return low + ((index - before + 0.5) / count) * (high - low);
    before += count;
  }
  throw new RangeError(`position ${index} is past the last of ${before} values`);
}
