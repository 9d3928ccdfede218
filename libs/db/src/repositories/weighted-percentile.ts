/**
 * PostgreSQL's `percentile_cont(fraction)` over values given once each with a count, ascending: the same positions
 * (fraction × (n − 1), its floor and ceiling) and the same interpolation, `lo + fraction' × (hi − lo)` in doubles, so
 * the result is the one PostgreSQL computes over the values repeated. Null when there are none.
 */
export function weightedPercentileCont(ascending: readonly (readonly [value: number, count: number])[], fraction: number): number | null {
  const total = ascending.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = valueAt(ascending, lower);
  if (upper === lower) return low;
  const high = valueAt(ascending, upper);
  return low + (position - lower) * (high - low);
}

/** The value at 0-based position `index` of the repeated sequence. */
function valueAt(ascending: readonly (readonly [number, number])[], index: number): number {
  let before = 0;
  for (const [value, count] of ascending) {
    if (index < before + count) return value;
    before += count;
  }
  throw new RangeError(`position ${index} is past the last of ${before} values`);
}
