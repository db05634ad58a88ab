/** BigInt arithmetic modulo r for the edges (verifier, keygen set-up, challenges): not for hot loops. */
import { FR_MODULUS } from './constants.js';

export const frMod = (a: bigint): bigint => ((a % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;

export function frPow(b: bigint, e: bigint): bigint {
  let acc = 1n;
  for (b = frMod(b); e > 0n; e >>= 1n, b = (b * b) % FR_MODULUS) if (e & 1n) acc = (acc * b) % FR_MODULUS;
  return acc;
}

/** a^-1 mod r (a ≠ 0). */
export const frInv = (a: bigint): bigint => frPow(a, FR_MODULUS - 2n);
