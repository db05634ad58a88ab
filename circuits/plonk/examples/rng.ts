import { FR_MODULUS } from '../../field/constants.js';

/**
 * Deterministic test randomness: sfc32 (a small, fast 32-bit generator with a 128-bit state),
 * so every run of the suite checks exactly the same cases and a failure reproduces by seed.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform integer in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** A uniform integer in [0, 2^bits). */
  bits(bits: number): bigint {
    let x = 0n;
    for (let i = 0; i < bits; i += 32) x = (x << 32n) | BigInt(this.u32());
    return x & ((1n << BigInt(bits)) - 1n);
  }

  /** 256 random bits reduced mod r (slightly biased: fine for witnesses and benchmarks, not for keys). */
  field(): bigint {
    return this.bits(256) % FR_MODULUS;
  }

  /** A nearly uniform integer in [0, m) (bias below 2^-64). */
  below(m: bigint): bigint {
    return this.bits(m.toString(2).length + 64) % m;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}
