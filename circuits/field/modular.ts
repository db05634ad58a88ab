/** BigInt modular arithmetic for the edges (constants, set-up, verifiers, tests): not for hot loops. */

/** a mod m in [0, m). */
export const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let acc = 1n;
  for (b = mod(b, m); e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) acc = (acc * b) % m;
  return acc;
}

/** a^-1 mod m for any modulus (extended Euclid); throws when gcd(a, m) ≠ 1. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError(`${a} is not invertible modulo ${m}`);
  return mod(s0, m);
}
