import { createHash } from 'node:crypto';
import { seededRandom } from '../faults/seeded-random.js';

/** A seeded random source with the few helpers the generator needs. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Lowercase alphanumeric suffix like the ones controllers append (`7d9f8c6b5d`). */
  suffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}

/**
 * Realizes a rate exactly over a stream of items: after n calls, the number of `true`s is floor(n·rate + phase),
 * so any population gets its documented share to within one item.
 */
export class Quota {
  private accumulator: number;

  constructor(
    private readonly rate: number,
    phase: number,
  ) {
    this.accumulator = phase;
  }

  next(): boolean {
    this.accumulator += this.rate;
    if (this.accumulator >= 1) {
      this.accumulator -= 1;
      return true;
    }
    return false;
  }
}

/** Splits `total` into integer shares proportional to `weights` (largest remainder), each at least `min` when possible. */
export function distribute(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const base = Math.min(min, Math.floor(total / n));
  const rest = total - base * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => base + (i < rest ? 1 : 0));
  const exact = weights.map((w) => (rest * w) / sum);
  const shares = exact.map(Math.floor);
  let left = rest - shares.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) shares[order[k]![1]]! += 1;
  return shares.map((s) => s + base);
}

/** Deterministic RFC-4122-shaped uid for an object key, so ownerReferences can point at owners by uid. */
export function uidFor(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
