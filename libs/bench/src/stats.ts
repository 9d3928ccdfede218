/** Minimum, median and maximum of a series, and how many values it had. */
export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

/** Min / median / max of `values` (the median of an even count is the mean of the middle two). */
export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('stats of an empty series');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, n: sorted.length };
}
