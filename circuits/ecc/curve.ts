/**
 * Short Weierstrass curves y² = x³ + b (a = 0) of prime order n (cofactor 1), the shape the EC chips
 * are generic over: BN254 G1 (ecAdd/ecMul) and secp256k1 (ecrecover) share every gate.
 */
import { FQ_MODULUS, FR_MODULUS } from '../field/constants.js';

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

/** Number of signed digits of a scalar chain: the bit length of n (|m| < n ≤ 2^L − 1). */
export function chainDigits(curve: CurveParams): number {
  return curve.n.toString(2).length;
}
