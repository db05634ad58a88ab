/** Shared helpers of the curve tests: a seeded RNG and cheap test points. */
import { bn254 } from '@noble/curves/bn254.js';
import { FR_MODULUS } from '../../../circuits/field/index.js';
import { G1, fromNoble, type G1Affine, type NobleG1 } from '../../../circuits/curve/index.js';

/** splitmix64: deterministic, seedable. */
export class Rng {
  private s: bigint;
  constructor(seed: number | bigint) { this.s = BigInt(seed) & 0xffffffffffffffffn; }
  u64(): bigint {
    this.s = (this.s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = this.s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  }
  /** Uniform-ish integer of `bits` bits. */
  bits(bits: number): bigint {
    let x = 0n;
    for (let i = 0; i < bits; i += 64) x = (x << 64n) | this.u64();
    return x & ((1n << BigInt(bits)) - 1n);
  }
  scalar(): bigint { return this.bits(320) % FR_MODULUS; }
  int(n: number): number { return Number(this.u64() % BigInt(n)); }
}

export const BASE: NobleG1 = bn254.G1.Point.BASE;
export const ZERO: NobleG1 = bn254.G1.Point.ZERO;

export function randomPoint(rng: Rng): NobleG1 {
  return BASE.multiply(rng.scalar() || 1n);
}

/**
 * n distinct points written as affine at ptr, built in the kernel: P, P + Q, P + 2Q, … for random
 * P, Q (mixed additions, then one batch conversion). Returns them as G1Affine.
 */
export function writeChainPoints(ptr: number, n: number, rng: Rng): void {
  const q = G1.allocAffine();
  const jacs = G1.allocJacobian(n);
  try {
    G1.writeAffine(q, fromNoble(randomPoint(rng)));
    G1.writeJacobian(jacs, fromNoble(randomPoint(rng)));
    for (let i = 1; i < n; i++) G1.addMixed(G1.jacobianAt(jacs, i - 1), q, G1.jacobianAt(jacs, i));
    G1.batchToAffine(jacs, ptr, n);
  } finally {
    G1.free(q);
    G1.free(jacs);
  }
}

/** Σ sᵢ·Pᵢ with noble (the reference). */
export function naiveMsm(points: readonly G1Affine[], scalars: readonly bigint[]): NobleG1 {
  let acc = ZERO;
  points.forEach((p, i) => {
    if (p.x === 0n && p.y === 0n) return;
    acc = acc.add(bn254.G1.Point.fromAffine(p).multiplyUnsafe(scalars[i] % FR_MODULUS));
  });
  return acc;
}
