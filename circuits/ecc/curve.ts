/**
 * Short Weierstrass curves y² = x³ + b (a = 0) of prime order n (cofactor 1), the shape the EC chips
 * are generic over: BN254 G1 (ecAdd/ecMul) and secp256k1 (ecrecover) share every gate.
 */
import { FQ_MODULUS, FR_MODULUS } from '../field/constants.js';
import { modInverse } from '../field/modular.js';

export interface CurveParams {
  readonly name: string;
  /** Base field modulus (coordinates). */
  readonly p: bigint;
  /** Group order (prime; the curve has cofactor 1, so every point but O has order n). */
  readonly n: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
}

export const BN254_G1: CurveParams = { name: 'bn254', p: FQ_MODULUS, n: FR_MODULUS, b: 3n, gx: 1n, gy: 2n };

export const SECP256K1: CurveParams = {
  name: 'secp256k1',
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  b: 7n,
  gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
};

/** A 13-bit curve of prime order 8011 for fast tests of the generic chips (scalar chains of 13 digits). */
export const TOY_CURVE: CurveParams = { name: 'toy', p: 8191n, n: 8011n, b: 7n, gx: 1n, gy: 256n };

/** Throws unless the generator is on the curve (a wrong constant would make every chain prove multiples of a non-point). */
export function assertCurve(curve: CurveParams): void {
  const { p, b, gx, gy } = curve;
  if (gx >= p || gy >= p || (gy * gy - gx * gx * gx - b) % p !== 0n) throw new RangeError(`curve ${curve.name}: the generator (${gx}, ${gy}) is not on y² = x³ + ${b}`);
}

/**
 * Windows of a scalar chain: W 4-bit windows and one final ±1 digit, L = 4W + 1 ≥ bitlen(n) signed binary
 * digits (every odd |m| < n ≤ 2^L − 1 has such a form). W ≤ 64 keeps each half of the digit sums below 2^128.
 */
export function windowCount(curve: CurveParams): number {
  const w = Math.ceil((curve.n.toString(2).length - 1) / 4);
  if (w < 2 || w > 64) throw new RangeError(`curve ${curve.name}: ${w} windows (the chains need 2 … 64)`);
  return w;
}

/** Number of signed binary digits of a scalar chain: L = 4W + 1 (see windowCount). */
export function chainDigits(curve: CurveParams): number {
  return 4 * windowCount(curve) + 1;
}

/** An affine point, null for O. */
export type AffinePoint = { x: bigint; y: bigint } | null;

/** P + Q on the curve (witness-side and table arithmetic; the circuits prove their own). */
export function affineAdd(curve: CurveParams, P: AffinePoint, Q: AffinePoint): AffinePoint {
  const { p } = curve;
  if (!P) return Q;
  if (!Q) return P;
  if (P.x === Q.x && (P.y + Q.y) % p === 0n) return null;
  const l = P.x === Q.x ? (3n * P.x * P.x * modInverse(2n * P.y, p)) % p : (((Q.y - P.y + p) % p) * modInverse((Q.x - P.x + p) % p, p)) % p;
  const x = (((l * l - P.x - Q.x) % p) + 2n * p) % p;
  return { x, y: (((l * (P.x - x) - P.y) % p) + 2n * p) % p };
}

/**
 * The fixed-base tables of G (ScalarMulChip.mulFixed): for window i < W, the rows (2j + 1)·2·16^i·G,
 * j ∈ [0, 8), as [x, y]; computed once per curve.
 */
export function fixedBaseTable(curve: CurveParams): ReadonlyArray<ReadonlyArray<{ x: bigint; y: bigint }>> {
  let t = fixedTables.get(curve);
  if (!t) {
    t = [];
    let B: AffinePoint = affineAdd(curve, { x: curve.gx, y: curve.gy }, { x: curve.gx, y: curve.gy });
    for (let i = 0; i < windowCount(curve); i++) {
      const twice = affineAdd(curve, B, B);
      const row = [B!];
      for (let j = 1; j < 8; j++) row.push(affineAdd(curve, row[j - 1], twice)!);
      t.push(row);
      for (let d = 0; d < 4; d++) B = affineAdd(curve, B, B);
    }
    fixedTables.set(curve, t);
  }
  return t;
}
const fixedTables = new Map<CurveParams, Array<Array<{ x: bigint; y: bigint }>>>();
