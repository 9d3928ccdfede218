import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';

/** Members through `next`, the loop lateral-path search uses. */
function walk(set: Bitset): number[] {
  const members: number[] = [];
  for (let i = set.next(0); i !== -1; i = set.next(i + 1)) members.push(i);
  return members;
}

function setOf(size: number, members: number[]): Bitset {
  const set = new Bitset(size);
  for (const member of members) set.add(member);
  return set;
}

describe('Bitset', () => {
  it('keeps a few members as a sorted list and answers like a bit set', () => {
    const set = setOf(100, [42, 7, 99, 7, 0]);
    expect(walk(set)).toEqual([0, 7, 42, 99]);
    expect(set.count()).toBe(4);
    expect(set.has(42)).toBe(true);
    expect(set.has(41)).toBe(false);
    expect(set.next(43)).toBe(99);
    expect(set.next(100)).toBe(-1);
  });

  it('switches to bit words past 16 members without losing or reordering any', () => {
    const members = Array.from({ length: 40 }, (_, i) => (i * 37) % 1000).sort((a, b) => a - b);
    const set = setOf(1000, [...members].reverse());
    expect(walk(set)).toEqual(members);
    expect(set.count()).toBe(40);
    const seen: number[] = [];
    set.forEach((i) => seen.push(i));
    expect(seen).toEqual(members);
  });

  it('finds the next member across word boundaries and masks members below the start', () => {
    const set = setOf(200, [...Array.from({ length: 17 }, (_, i) => i), 31, 32, 63, 64, 199]);
    expect(set.next(17)).toBe(31);
    expect(set.next(32)).toBe(32);
    expect(set.next(33)).toBe(63);
    expect(set.next(65)).toBe(199);
    expect(set.next(200)).toBe(-1);
  });

  it('unions list and word sets of the same size', () => {
    const big = setOf(300, Array.from({ length: 20 }, (_, i) => i * 10));
    const small = setOf(300, [5, 295]);
    small.addAll(big);
    expect(small.count()).toBe(22);
    expect(walk(small).slice(0, 3)).toEqual([0, 5, 10]);
    expect(small.isEmpty).toBe(false);
    expect(new Bitset(300).isEmpty).toBe(true);
  });
});
