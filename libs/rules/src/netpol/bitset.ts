/** A fixed-size set of small integers (class ids), one bit each. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = zeroedWords((size + 31) >>> 5);
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Adds every member of `other` (same size). */
  addAll(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! |= o[i]!;
  }

  get isEmpty(): boolean {
    for (const w of this.words) if (w !== 0) return false;
    return true;
  }

  /** Calls `fn` for each member in ascending order. */
  forEach(fn: (i: number) => void): void {
    const w = this.words;
    for (let k = 0; k < w.length; k++) {
      let word = w[k]!;
      while (word !== 0) {
        const low = word & -word;
        fn((k << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  count(): number {
    let n = 0;
    for (let word of this.words) {
      word = word - ((word >>> 1) & 0x55555555);
      word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
      n += (((word + (word >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
    }
    return n;
  }
}

// The engine makes tens of thousands of bitsets per snapshot (one per selector, candidate set and class); each with its
// own buffer would cost an allocation outside the heap. Small ones are views into a shared, zero-filled slab instead.
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
