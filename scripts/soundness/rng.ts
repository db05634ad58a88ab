/** A small seeded PRNG (mulberry32) so fuzz runs are reproducible from `--seed`. */
import { FR_MODULUS } from '../../circuits/field/constants.js';

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) ^ 0x9e3779b9; }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int(${n})`);
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }

  /** A field element of Fr, near-uniform (320 random bits reduced mod r). */
  field(): bigint {
    let v = 0n;
    for (let i = 0; i < 10; i++) v = (v << 32n) | BigInt(this.u32());
    return v % FR_MODULUS;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}
