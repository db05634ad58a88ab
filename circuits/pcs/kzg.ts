/**
 * KZG polynomial commitments over BN254 (Kate–Zaverucha–Goldberg).
 *
 * commit(p) = Σ p_i·[τ^i]G1. An opening of p at z is v = p(z) and π = commit((p − v)/(X − z)); it
 * verifies when e(C − v·G + z·π, G2) = e(π, [τ]G2), since C − v·G = (τ − z)·π in the exponent.
 * Many openings verify with one pairing check on a random linear combination.
 */
import { G1, G1_AFFINE_BYTES, G1_GENERATOR, msm, pairingCheck, toNoble, fromNoble, type G1Affine } from '../curve/index.js';
import { msmAffine } from '../curve/msm.js';
import { Fr, FR_MODULUS, type Ptr } from '../field/index.js';
import { divideByLinear, evaluate } from '../poly/index.js';
import { randomScalar, SrsError, type Srs } from './srs.js';
import { kernel } from '../wasm/kernel.js';

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

/**
 * Commitment to the polynomial whose n values on the domain of size n are at `values` (Lagrange form): the point
 * commit() gives for its coefficients, or undefined when the SRS has no Lagrange basis. Witness columns are mostly
 * zero or one repeated value (a lookup's 1/(β + f) on idle rows), so with c the commoner of 0 and the last row's
 * value, only the rows that differ from c enter the MSM, as v_i − c, plus c·G1 — since Σ L_i = 1.
 */
export async function commitValues(srs: Srs, values: Ptr, n: number): Promise<G1Affine | undefined> {
  if (!srs.lagrange || n > srs.n || n < 1 || (n & (n - 1)) !== 0) return undefined;
  const basis = srs.lagrange.get(Math.log2(n));
  const W = Fr.elementBytes >>> 2;
  const differs = new Uint8Array(n); // 1: ≠ 0, 2: ≠ last
  const u32 = kernel().u32();
  const last = (values >>> 2) + (n - 1) * W;
  let zeros = 0, same = 0;
  for (let i = 0, o = values >>> 2; i < n; i++, o += W) {
    let nz = 0, ne = 0;
    for (let w = 0; w < W; w++) { nz |= u32[o + w]; ne |= u32[o + w] ^ u32[last + w]; }
    if (nz === 0) zeros++; else differs[i] |= 1;
    if (ne === 0) same++; else differs[i] |= 2;
  }
  const [mask, common] = same > zeros ? [2, same] : [1, zeros];
  if (2 * (n - common) > n) return msm(basis, values, n);
  const count = n - common + (mask === 2 ? 1 : 0);
  const scalars = Fr.alloc(count);
  const points = G1.allocAffine(count);
  const c = Fr.alloc();
  try {
    Fr.copy(Fr.at(values, n - 1), c);
    const u8 = kernel().u8();
    let j = 0;
    for (let i = 0; i < n; i++) {
      if ((differs[i] & mask) === 0) continue;
      if (mask === 2) Fr.sub(Fr.at(values, i), c, Fr.at(scalars, j)); else Fr.copy(Fr.at(values, i), Fr.at(scalars, j));
      u8.copyWithin(points + j * G1_AFFINE_BYTES, basis + i * G1_AFFINE_BYTES, basis + (i + 1) * G1_AFFINE_BYTES);
      j++;
    }
    if (mask === 2) {
      Fr.copy(c, Fr.at(scalars, j));
      u8.copyWithin(points + j * G1_AFFINE_BYTES, srs.g1, srs.g1 + G1_AFFINE_BYTES);
    }
    return await msm(points, scalars, count);
  } finally {
    Fr.free(scalars); G1.free(points); Fr.free(c);
  }
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
  const rhos: bigint[] = [];
  for (let i = 0, rho = 1n; i < claims.length; i++, rho = (rho * (weight ?? 1n)) % FR_MODULUS) rhos.push(weight === undefined ? randomScalar() : rho);
  const { lhs, pis } = batchPairingPoints(claims, rhos);
  return pairingCheck([[lhs, srs.g2], [fromNoble(toNoble(pis).negate()), srs.tauG2]]);
}

/**
 * The two G1 points of batchVerify's pairing check for the weights ρ_i: lhs = Σ ρ_i·C_i + Σ ρ_i·z_i·π_i −
 * (Σ ρ_i·v_i)·G and pis = Σ ρ_i·π_i, each one MSM rather than a few scalar multiplications per claim.
 */
export function batchPairingPoints(claims: readonly KzgClaim[], rhos: readonly bigint[]): { lhs: G1Affine; pis: G1Affine } {
  if (rhos.length !== claims.length) throw new RangeError(`batchPairingPoints: ${claims.length} claims but ${rhos.length} weights`);
  const proofs = claims.map((c) => c.proof);
  const valueSum = claims.reduce((acc, c, i) => (acc + rhos[i] * c.value) % FR_MODULUS, 0n);
  const lhs = msmAffine(
    [...claims.map((c) => c.commitment), ...proofs, G1_GENERATOR],
    [...rhos, ...claims.map((c, i) => rhos[i] * c.point), -valueSum],
  );
  return { lhs, pis: msmAffine(proofs, rhos) };
}
