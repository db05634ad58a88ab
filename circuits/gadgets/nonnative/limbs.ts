/**
 * The limb representation of non-native field elements (integers below 2^256) inside BN254 Fr.
 *
 * Why 3 limbs of 88, 88 and 80 bits:
 *  - 88 = 11 bytes, so each limb is range-checked by byte lookups on one row, and the top limb's
 *    80 bits make the whole element < 2^256 — exactly the EVM word range, so any word is
 *    representable and every canonical element (< p < 2^256) fits without slack.
 *  - Limb products are < 2^176 and a product column sums at most 3 of them (and 3 q·p products),
 *    so every column identity stays near 2^180, far below r ≈ 2^254: it holds over the integers.
 *  - 3 limbs give 9 limb products per multiplication (4 limbs would give 16) and the CRT check
 *    (see chip.ts) needs carries for only the 3 low columns (t = 3·88 = 264 bits).
 */
import { GadgetError } from '../common.js';

export const LIMB_COUNT = 3;
/** Width of each limb, least significant first. */
export const LIMB_BITS: readonly [number, number, number] = [88, 88, 80];
/** 2^88: the weight between consecutive limbs. */
export const LIMB_BASE = 1n << 88n;
/** Limbs of three values, as a tuple. */
export type Limbs<T> = readonly [T, T, T];

/** The limbs of x ∈ [0, 2^256), least significant first. */
export function toLimbs(x: bigint): Limbs<bigint> {
  if (x < 0n || x >> 256n !== 0n) throw new GadgetError('nonnative', `${x} is not in [0, 2^256)`);
  return [x & (LIMB_BASE - 1n), (x >> 88n) & (LIMB_BASE - 1n), x >> 176n];
}

/** Σ limb_i · 2^(88·i) (any integers, e.g. unnormalized limbs). */
export function fromLimbs(limbs: readonly bigint[]): bigint {
  return limbs.reduce((acc, l, i) => acc + (l << BigInt(88 * i)), 0n);
}

/** Addition and multiplication of one carrier type: lets gates (Expr) and witnesses (bigint) share formulas. */
export interface Ring<T> { add(a: T, b: T): T; mul(a: T, b: T): T; zero: T }

export const BIGINT_RING: Ring<bigint> = { add: (a, b) => a + b, mul: (a, b) => a * b, zero: 0n };

/** Columns 0..2 of the limb product x·y: Σ_{j+k=i} x_j·y_k (the higher columns are multiples of 2^264). */
export function lowProductColumns<T>(x: Limbs<T>, y: Limbs<T>, ring: Ring<T>): Limbs<T> {
  const col = (i: number) => {
    let acc = ring.zero;
    for (let j = 0; j <= i; j++) acc = ring.add(acc, ring.mul(x[j], y[i - j]));
    return acc;
  };
  return [col(0), col(1), col(2)];
}

export type NonNativeOp = 'add' | 'sub' | 'mul';

/** L_i − (q·p)_i − r_i for columns 0..2, in either ring (gates and witnesses share this formula). */
export function identityColumns<T>(op: NonNativeOp, a: Limbs<T>, b: Limbs<T>, q: Limbs<T>, r: Limbs<T>, p: Limbs<T>, ring: Ring<T>, neg: (x: T) => T): Limbs<T> {
  const lhs = op === 'mul' ? lowProductColumns(a, b, ring)
    : op === 'add' ? a.map((x, i) => ring.add(x, b[i]))
      : a.map((x, i) => ring.add(ring.add(x, neg(b[i])), p[i]));
  const qp = lowProductColumns(q, p, ring);
  const col = (i: number) => ring.add(lhs[i], neg(ring.add(qp[i], r[i])));
  return [col(0), col(1), col(2)];
}

/** c_i with cols_i + c_{i−1} = c_i·2^88 (exact: the witness is wrong otherwise). */
export function carryChain(cols: readonly bigint[]): bigint[] {
  let c = 0n;
  return cols.map((col) => {
    const t = col + c;
    if (t % LIMB_BASE !== 0n) throw new GadgetError('nonnative', `column ${t} is not a multiple of 2^88 (inconsistent witness)`);
    c = t / LIMB_BASE;
    return c;
  });
}
