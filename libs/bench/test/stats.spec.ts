import { describe, expect, it } from 'vitest';
import { stats } from '../src/stats.js';

describe('stats', () => {
  it('gives min, median and max of an odd series', () => {
    expect(stats([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5, n: 3 });
  });
  it('takes the mean of the middle two for an even series', () => {
    expect(stats([4, 1, 2, 10])).toEqual({ min: 1, median: 3, max: 10, n: 4 });
  });
  it('refuses an empty series', () => {
    expect(() => stats([])).toThrow(/empty/);
  });
});
