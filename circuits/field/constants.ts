/** BN254 (alt_bn128) field parameters, as used by Ethereum's 0x06/0x07/0x08 precompiles. */

/** Base field modulus q (coordinates of G1). */
export const FQ_MODULUS = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;

/** Scalar field modulus r (order of G1; the circuit field). */
export const FR_MODULUS = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;

/** r - 1 = 2^28 · t with t odd: the largest power-of-two NTT domain is 2^28. */
export const FR_TWO_ADICITY = 28;

/** 7 generates Fr^* (the same choice as halo2's bn256 Fr); also our default coset shift. */
export const FR_MULTIPLICATIVE_GENERATOR = 7n;
