/**
 * KZG polynomial commitments over BN254 (Kate–Zaverucha–Goldberg).
 *
 * commit(p) = Σ p_i·[τ^i]G1. An opening of p at z is v = p(z) and π = commit((p − v)/(X − z)); it
 * verifies when e(C − v·G + z·π, G2) = e(π, [τ]G2), since C − v·G = (τ − z)·π in the exponent.
 * Many openings verify with one pairing check on a random linear combination.
 */
import { G1_GENERATOR, isInfinity, msm, pairingCheck, toNoble, fromNoble, type G1Affine } from '../curve/index.js';
import { Fr, FR_MODULUS, type Ptr } from '../field/index.js';
import { divideByLinear, evaluate } from '../poly/index.js';
import { randomScalar, SrsError, type Srs } from './srs.js';

export interface KzgOpening {
  /** The point z. */
  readonly point: bigint;
  /** The claimed value p(z). */
  readonly value: bigint;
  /** The witness π = [(p(τ) − v)/(τ − z)]G1. */
  readonly proof: G1Affine;
}

export interface KzgClaim extends KzgOpening {
  readonly commitment: G1Affine;
}

function checkSize(srs: Srs, n: number): void {
  if (n > srs.n) throw new SrsError(`polynomial has ${n} coefficients but the SRS holds only ${srs.n} powers (k = ${srs.k})`);
}

/** Commitment to the polynomial with n coefficients at coeffs (kernel memory, Fr elements). */
export async function commit(srs: Srs, coeffs: Ptr, n: number): Promise<G1Affine> {
  checkSize(srs, n);
  return msm(srs.g1, coeffs, n);
}

/** Opens the polynomial with n coefficients at z; the coefficients are left unchanged. */
export async function open(srs: Srs, coeffs: Ptr, n: number, z: bigint): Promise<KzgOpening> {
  checkSize(srs, n);
  if (n === 0) return { point: z, value: 0n, proof: { x: 0n, y: 0n } };
  const zp = Fr.from(z);
  const q = Fr.alloc(n);
  const v = Fr.alloc();
  try {
    evaluate(coeffs, n, zp, v);
    // (p − v)/(X − z) equals the quotient of p by (X − z): the remainder is exactly v
    divideByLinear(coeffs, n, zp, q);
    return { point: z, value: Fr.read(v), proof: await msm(srs.g1, q, n - 1) };
  } finally {
    Fr.free(zp); Fr.free(q); Fr.free(v);
  }
}

/** Checks one opening against a commitment. */
export function verify(srs: Srs, commitment: G1Affine, opening: KzgOpening): boolean {
  return batchVerify(srs, [{ commitment, ...opening }], 1n);
}

/**
 * Checks many openings with one pairing check: with random weights ρ_i,
 * e(Σ ρ_i·(C_i − v_i·G + z_i·π_i), G2) · e(−Σ ρ_i·π_i, [τ]G2) = 1.
 * `weight` fixes ρ_i = weight^i (tests); by default the weights come from the OS CSPRNG.
 */
export function batchVerify(srs: Pick<Srs, 'g2' | 'tauG2'>, claims: readonly KzgClaim[], weight?: bigint): boolean {
  if (claims.length === 0) return true;
  const G = toNoble(G1_GENERATOR);
  let lhs = toNoble({ x: 0n, y: 0n });
  let pis = lhs;
  let rho = 1n;
  for (const c of claims) {
    const r = weight === undefined ? randomScalar() : rho;
    rho = (rho * (weight ?? 1n)) % FR_MODULUS;
    const v = ((c.value % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
    const z = ((c.point % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
    const pi = toNoble(c.proof);
    let term = toNoble(c.commitment);
    if (v !== 0n) term = term.subtract(G.multiply(v));
    if (z !== 0n && !isInfinity(c.proof)) term = term.add(pi.multiply(z));
    lhs = lhs.add(term.multiply(r));
    if (!isInfinity(c.proof)) pis = pis.add(pi.multiply(r));
  }
  return pairingCheck([[fromNoble(lhs), srs.g2], [fromNoble(pis.negate()), srs.tauG2]]);
}
