export { FQ_MODULUS, FR_MODULUS, FR_TWO_ADICITY, FR_MULTIPLICATIVE_GENERATOR } from './constants.js';
export { PrimeField, NonCanonicalFieldElementError, encode32, sqrtMod, type Ptr } from './prime-field.js';
import { FQ_MODULUS, FR_MODULUS } from './constants.js';
import { PrimeField } from './prime-field.js';

/** The scalar field of BN254 (the circuit field). */
export const Fr = new PrimeField('fr', FR_MODULUS);
/** The base field of BN254 (G1 coordinates). */
export const Fq = new PrimeField('fq', FQ_MODULUS);
