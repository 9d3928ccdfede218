import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline-path.js';

describe('sparkline points', () => {
  it('spreads values across the width, 100 at the top and 0 at the bottom', () => {
    expect(sparklinePoints([0, 50, 100], 80, 20)).toBe('0,20 40,10 80,0');
  });

  it('skips missing scores without shifting the others', () => {
    expect(sparklinePoints([100, null, 0], 80, 20)).toBe('0,0 80,20');
  });

  it('draws a single score as a flat line, and nothing without scores', () => {
    expect(sparklinePoints([25], 80, 20)).toBe('0,15 80,15');
    expect(sparklinePoints([null, null], 80, 20)).toBe('');
  });
});
