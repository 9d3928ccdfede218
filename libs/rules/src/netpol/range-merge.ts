import type { ConnSet } from './conn-set.js';
import type { IpRange } from './ip-range.js';

/** Joins neighbouring ranges of one family that carry equal connections. */
export function mergeRanges(items: { range: IpRange; conns: ConnSet }[]): { range: IpRange; conns: ConnSet }[] {
  const out: { range: IpRange; conns: ConnSet }[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.range.family === item.range.family && last.range.hi + 1n === item.range.lo && last.conns.equals(item.conns)) {
      last.range = { ...last.range, hi: item.range.hi };
    } else out.push({ range: { ...item.range }, conns: item.conns });
  }
  return out;
}
