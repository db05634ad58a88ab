/**
 * BN254 G1 points at the edges (BigInt coordinates, @noble/curves points) and thin wrappers over the
 * kernel's G1 functions (see g1-wat.ts for the memory layouts). Arithmetic on many points belongs in
 * the kernel (msm.ts, batch helpers); these wrappers are for setup, tests and single operations.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { Fq, FQ_MODULUS, FR_MODULUS, type Ptr } from '../field/index.js';
import { LIMB_BITS, LIMBS } from '../field/montgomery-wat.js';
import { mod } from '../field/modular.js';
import { kernel, type KernelFn } from '../wasm/kernel.js';
import { G1_AFFINE_BYTES, G1_JACOBIAN_BYTES } from './g1-wat.js';

/** An affine G1 point with canonical coordinates in [0, q); (0, 0) is the point at infinity. */
export interface G1Affine {
  readonly x: bigint;
  readonly y: bigint;
}

export const G1_INFINITY: G1Affine = Object.freeze({ x: 0n, y: 0n });
/** The generator (1, 2) used by Ethereum's precompiles and noble's G1.Point.BASE. */
export const G1_GENERATOR: G1Affine = Object.freeze({ x: 1n, y: 2n });
export const G1_B = 3n;

/** A @noble/curves bn254 G1 point. */
export type NobleG1 = InstanceType<typeof bn254.G1.Point>;

export function isInfinity(p: G1Affine): boolean {
  return p.x === 0n && p.y === 0n;
}

/** y² = x³ + 3 with canonical coordinates (infinity counts as on the curve). */
export function isOnCurve(p: G1Affine): boolean {
  if (isInfinity(p)) return true;
  const q = FQ_MODULUS;
  if (p.x < 0n || p.x >= q || p.y < 0n || p.y >= q) return false;
  return (p.y * p.y - p.x * p.x * p.x - G1_B) % q === 0n;
}

export function toNoble(p: G1Affine): NobleG1 {
  return isInfinity(p) ? bn254.G1.Point.ZERO : bn254.G1.Point.fromAffine({ x: p.x, y: p.y });
}

export function fromNoble(P: NobleG1): G1Affine {
  if (P.is0()) return G1_INFINITY;
  const { x, y } = P.toAffine();
  return { x, y };
}

let fns: Record<string, KernelFn> | undefined;
function fn(name: string): KernelFn {
  if (!fns) fns = kernel().exports;
  const f = fns[name];
  if (!f) throw new Error(`kernel has no export ${name}`);
  return f;
}

/** G1 in kernel memory: allocation, conversion at the edges, and single-point operations. */
export const G1 = {
  affineBytes: G1_AFFINE_BYTES,
  jacobianBytes: G1_JACOBIAN_BYTES,

  // --- memory ---
  /** n affine points (uninitialized); release with free(). */
  allocAffine(n = 1): Ptr { return kernel().heap.alloc(Math.max(1, n) * G1_AFFINE_BYTES); },
  /** n Jacobian points (uninitialized); release with free(). */
  allocJacobian(n = 1): Ptr { return kernel().heap.alloc(Math.max(1, n) * G1_JACOBIAN_BYTES); },
  free(ptr: Ptr): void { kernel().heap.release(ptr); },
  affineAt(ptr: Ptr, i: number): Ptr { return ptr + i * G1_AFFINE_BYTES; },
  jacobianAt(ptr: Ptr, i: number): Ptr { return ptr + i * G1_JACOBIAN_BYTES; },

  // --- edges ---
  /** Writes an affine point (coordinates reduced mod q; no curve check, see decodeG1 for untrusted input). */
  writeAffine(ptr: Ptr, p: G1Affine): void {
    Fq.write(ptr, p.x);
    Fq.write(ptr + Fq.elementBytes, p.y);
  },
  readAffine(ptr: Ptr): G1Affine {
    return { x: Fq.read(ptr), y: Fq.read(ptr + Fq.elementBytes) };
  },
  writeAffineVec(ptr: Ptr, ps: readonly G1Affine[]): void {
    ps.forEach((p, i) => G1.writeAffine(ptr + i * G1_AFFINE_BYTES, p));
  },
  readAffineVec(ptr: Ptr, n: number): G1Affine[] {
    return Array.from({ length: n }, (_, i) => G1.readAffine(ptr + i * G1_AFFINE_BYTES));
  },
  /** Writes an affine point as Jacobian (Z = 1, or the infinity (1, 1, 0)). */
  writeJacobian(ptr: Ptr, p: G1Affine): void {
    if (isInfinity(p)) { fn('g1_jac_set_inf')(ptr); return; }
    Fq.write(ptr, p.x);
    Fq.write(ptr + Fq.elementBytes, p.y);
    Fq.one(ptr + 2 * Fq.elementBytes);
  },
  /** Reads a Jacobian point as affine (one inversion). */
  readJacobian(ptr: Ptr): G1Affine {
    const a = G1.allocAffine();
    try {
      fn('g1_jac_to_affine')(ptr, a);
      return G1.readAffine(a);
    } finally {
      G1.free(a);
    }
  },

  // --- kernel operations (pointers; outputs may alias inputs) ---
  /** out = p + q (Jacobian). */
  add(p: Ptr, q: Ptr, out: Ptr): void { fn('g1_jac_add')(p, q, out); },
  /** out = p + a (Jacobian + affine). */
  addMixed(p: Ptr, a: Ptr, out: Ptr): void { fn('g1_jac_add_mixed')(p, a, out); },
  double(p: Ptr, out: Ptr): void { fn('g1_jac_double')(p, out); },
  neg(p: Ptr, out: Ptr): void { fn('g1_jac_neg')(p, out); },
  negAffine(a: Ptr, out: Ptr): void { fn('g1_aff_neg')(a, out); },
  eq(p: Ptr, q: Ptr): boolean { return fn('g1_jac_eq')(p, q) !== 0; },
  isInfinity(p: Ptr): boolean { return fn('g1_jac_is_inf')(p) !== 0; },
  isOnCurve(a: Ptr): boolean { return fn('g1_aff_on_curve')(a) !== 0; },
  isOnCurveJacobian(p: Ptr): boolean { return fn('g1_jac_on_curve')(p) !== 0; },
  toAffine(p: Ptr, a: Ptr): void { fn('g1_jac_to_affine')(p, a); },
  /** Affine to Jacobian; a and p must not overlap. */
  fromAffine(a: Ptr, p: Ptr): void { fn('g1_aff_to_jac')(a, p); },
  /** out = k·p (Jacobian) for any integer k (reduced mod r, the group order). */
  mul(p: Ptr, k: bigint, out: Ptr): void {
    const kp = kernel().heap.alloc(LIMBS * 4);
    try {
      let e = mod(k, FR_MODULUS);
      const u32 = kernel().u32();
      for (let i = 0; i < LIMBS; i++, e >>= BigInt(LIMB_BITS)) u32[(kp >>> 2) + i] = Number(e & 0x1fffffffn);
      fn('g1_jac_mul')(p, kp, out);
    } finally {
      kernel().heap.release(kp);
    }
  },
  /** affs[i] = jacs[i] in affine, with one inversion; the vectors must not overlap. */
  batchToAffine(jacs: Ptr, affs: Ptr, n: number): void {
    if (n === 0) return;
    const scratch = Fq.alloc(n);
    try { fn('g1_batch_to_affine')(jacs, affs, n, scratch); } finally { Fq.free(scratch); }
  },
  /** dst[i] = src[2i] + src[2i+1] (affine, complete), with one inversion; dst may equal src. */
  batchAddPairs(src: Ptr, dst: Ptr, n: number): void {
    if (n === 0) return;
    const scratch = Fq.alloc(n);
    try { fn('g1_batch_add_pairs')(src, dst, n, scratch); } finally { Fq.free(scratch); }
  },
};
