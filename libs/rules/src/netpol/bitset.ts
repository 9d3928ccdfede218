/**
 * A fixed-size set of small integers (class ids). Most sets the engine makes (what one selector matches, the candidate
 * peers of one class) hold a handful of members out of tens of thousands, so a set starts as a short sorted list and
 * becomes one bit per possible member only when it outgrows `maxListed`.
 */
export class Bitset {
  /** Members in ascending order while the set is small; undefined once it uses `words`. */
  private list: number[] | undefined = [];
  private words: Uint32Array | undefined;

  constructor(readonly size: number) {}

  add(i: number): void {
    const list = this.list;
    if (!list) {
      this.words![i >>> 5]! |= 1 << (i & 31);
      return;
    }
    let at = list.length;
    while (at > 0 && list[at - 1]! > i) at--;
    if (at > 0 && list[at - 1] === i) return;
    if (list.length === maxListed) {
      this.toWords(list);
      this.words![i >>> 5]! |= 1 << (i & 31);
      return;
    }
    list.push(i);
    for (let k = list.length - 1; k > at; k--) list[k] = list[k - 1]!;
    list[at] = i;
  }

  has(i: number): boolean {
    const list = this.list;
    if (!list) return (this.words![i >>> 5]! & (1 << (i & 31))) !== 0;
    for (let k = 0; k < list.length; k++) {
      const m = list[k]!;
      if (m >= i) return m === i;
    }
    return false;
  }

  /** Adds every member of `other` (same size). */
  addAll(other: Bitset): void {
    const from = other.list;
    if (from) {
      for (let k = 0; k < from.length; k++) this.add(from[k]!);
      return;
    }
    if (this.list) this.toWords(this.list);
    const w = this.words!;
    const o = other.words!;
    for (let k = 0; k < w.length; k++) w[k]! |= o[k]!;
  }

  get isEmpty(): boolean {
    if (this.list) return this.list.length === 0;
    for (const w of this.words!) if (w !== 0) return false;
    return true;
  }

  /** Calls `fn` for each member in ascending order. */
  forEach(fn: (i: number) => void): void {
    const list = this.list;
    if (list) {
      for (let k = 0; k < list.length; k++) fn(list[k]!);
      return;
    }
    const w = this.words!;
    for (let k = 0; k < w.length; k++) {
      let word = w[k]!;
      while (word !== 0) {
        const low = word & -word;
        fn((k << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /**
   * The smallest member >= `from`, or -1: lets a caller walk the members in ascending order with a plain loop and stop
   * early, without a callback (`for (let i = set.next(0); i !== -1; i = set.next(i + 1))`).
   */
  next(from: number): number {
    const list = this.list;
    if (list) {
      for (let k = 0; k < list.length; k++) if (list[k]! >= from) return list[k]!;
      return -1;
    }
    const w = this.words!;
    let k = from >>> 5;
    if (k >= w.length) return -1;
    // Bits below `from` in its own word are masked off; later words are taken whole.
    let word = w[k]! & (~0 << (from & 31));
    while (word === 0) {
      if (++k >= w.length) return -1;
      word = w[k]!;
    }
    return (k << 5) + 31 - Math.clz32(word & -word);
  }

  count(): number {
    if (this.list) return this.list.length;
    let n = 0;
    for (let word of this.words!) {
      word = word - ((word >>> 1) & 0x55555555);
      word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
      n += (((word + (word >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
    }
    return n;
  }

  private toWords(list: number[]): void {
    const words = zeroedWords((this.size + 31) >>> 5);
    for (const i of list) words[i >>> 5]! |= 1 << (i & 31);
    this.words = words;
    this.list = undefined;
  }
}

/** Members kept as a sorted list up to this count (a linear scan of it is as quick as a bit test). */
const maxListed = 16;

// Sets that outgrow their list take one bit per possible member; each with its own buffer would cost an allocation
// outside the heap. Small ones are views into a shared, zero-filled slab instead.
const slabWords = 1 << 18;
let slab = new Uint32Array(0);
let slabUsed = 0;

function zeroedWords(count: number): Uint32Array {
  if (count > slabWords >>> 4) return new Uint32Array(count);
  if (slabUsed + count > slab.length) {
    slab = new Uint32Array(slabWords);
    slabUsed = 0;
  }
  const words = slab.subarray(slabUsed, slabUsed + count);
  slabUsed += count;
  return words;
}
