/** BigInt arithmetic modulo r for the edges (verifier, keygen set-up, challenges): not for hot loops. */
import { FR_MODULUS } from './constants.js';
import { mod, modPow } from './modular.js';

export const frMod = (a: bigint): bigint => mod(a, FR_MODULUS);

export const frPow = (b: bigint, e: bigint): bigint => modPow(b, e, FR_MODULUS);

/** a^-1 mod r (a ≠ 0). */
export const frInv = (a: bigint): bigint => frPow(a, FR_MODULUS - 2n);

/** x·ω^rotation (a negative rotation uses ω⁻¹): the point a query at that rotation opens at. */
export const frRotate = (x: bigint, omega: bigint, omegaInv: bigint, rotation: number): bigint =>
  frMod(x * frPow(rotation >= 0 ? omega : omegaInv, BigInt(Math.abs(rotation))));
