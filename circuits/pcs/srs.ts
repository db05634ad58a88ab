/**
 * Structured reference string for KZG over BN254: [τ^i]G1 for i < 2^k (in kernel memory) and
 * [1]G2, [τ]G2. Universal: one SRS serves every circuit up to its size.
 *
 * Two sources: devSrs (a τ derived from a public seed — INSECURE, anyone can forge proofs; for
 * tests and the devnet only) and importPtau (a snarkjs / Perpetual Powers of Tau ceremony file).
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { G1, G1_AFFINE_BYTES, G1_GENERATOR, G2_GENERATOR, msm, pairingCheck, type G1Affine, type NobleG2 } from '../curve/index.js';
import { encode32, Fq, Fr, FR_MODULUS, type Ptr } from '../field/index.js';
import { packLE256 } from '../field/limbs.js';
import { frInv, frPow } from '../field/fr-scalar.js';
import { rootOfUnity } from '../poly/index.js';
import { kernel } from '../wasm/kernel.js';
import { bn254 } from '@noble/curves/bn254.js';
import { readPtauPowers, type G2Coordinates } from './ptau.js';

export interface Srs {
  /** log2 of the number of G1 powers. */
  readonly k: number;
  /** Number of G1 powers, 2^k: polynomials of degree < n can be committed. */
  readonly n: number;
  /** n affine points [τ^i]G1 in kernel memory, G1_AFFINE_BYTES apart. */
  readonly g1: Ptr;
  readonly g2: NobleG2;
  readonly tauG2: NobleG2;
  /** True when τ is known (devSrs): proofs under it prove nothing. */
  readonly insecure: boolean;
  /** Where it came from, for logs and status. */
  readonly origin: string;
  /** The Lagrange form of the powers, when the source can give it (see LagrangeBases). */
  readonly lagrange?: LagrangeBases;
}

/**
 * [L_i(τ)]G1 for the domain H of size 2^k (L_i the Lagrange polynomial of ω^i): Σ v_i·[L_i(τ)]G1 commits to the
 * polynomial with the values v on H — the same point as its coefficients against [τ^i]G1 — so a column of mostly
 * zero or repeated values commits with an MSM over only the rows that differ (kzg.ts commitValues). Built on first
 * use per k and kept until free().
 */
export class LagrangeBases {
  private readonly bases = new Map<number, Ptr>();
  constructor(private readonly make: (k: number) => Ptr) {}

  /** The 2^k points, G1_AFFINE_BYTES apart. */
  get(k: number): Ptr {
    let b = this.bases.get(k);
    if (b === undefined) { b = this.make(k); this.bases.set(k, b); }
    return b;
  }

  free(): void {
    for (const b of this.bases.values()) G1.free(b);
    this.bases.clear();
  }
}

/** L_i(τ) = ω^i·(τ^m − 1)/(m·(τ − ω^i)) on the domain of size m = 2^k (τ outside it). */
function lagrangeScalars(tau: bigint, k: number): bigint[] {
  const m = 1 << k;
  const omega = rootOfUnity(k);
  const w: bigint[] = new Array(m);
  for (let i = 0, x = 1n; i < m; i++, x = (x * omega) % FR_MODULUS) w[i] = x;
  // one inversion for all m denominators (prefix products)
  const prefix: bigint[] = new Array(m);
  let acc = 1n;
  for (let i = 0; i < m; i++) {
    prefix[i] = acc;
    const d = (tau - w[i] + FR_MODULUS) % FR_MODULUS;
    if (d === 0n) throw new SrsError('devSrs: τ lies on an evaluation domain');
    acc = (acc * d) % FR_MODULUS;
  }
  let inv = frInv(acc);
  const scale = ((frPow(tau, BigInt(m)) - 1n + FR_MODULUS) % FR_MODULUS) * frInv(BigInt(m)) % FR_MODULUS;
  const out: bigint[] = new Array(m);
  for (let i = m - 1; i >= 0; i--) {
    const d = (tau - w[i] + FR_MODULUS) % FR_MODULUS;
    out[i] = (((inv * prefix[i]) % FR_MODULUS) * w[i] % FR_MODULUS) * scale % FR_MODULUS;
    inv = (inv * d) % FR_MODULUS;
  }
  return out;
}

export class SrsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SrsError';
  }
}

/** The secret of devSrs(seed): public by construction. */
export function devTau(seed: string): bigint {
  const h = sha256(new TextEncoder().encode(`zkevm-ts insecure dev srs/${seed}`));
  let x = 0n;
  for (const b of h) x = (x << 8n) | BigInt(b);
  return (x % (FR_MODULUS - 1n)) + 1n;
}

const WINDOW = 8;
const FIXED_BASE_WINDOWS = Math.ceil(254 / WINDOW);

/**
 * Fixed-base multiples of G1: table[w·256 + d] = d·2^(8w)·G (affine; ⌈254/8⌉ rows of 256), so k·G costs one mixed addition per non-zero byte of k instead of a double-and-add chain.
 * The caller frees the table (G1.free).
 */
export function fixedBaseTable(base: G1Affine): Ptr {
  const size = FIXED_BASE_WINDOWS << WINDOW;
  const jac = G1.allocJacobian(size);
  const table = G1.allocAffine(size);
  const step = G1.allocJacobian();
  try {
    G1.writeJacobian(step, base);
    for (let w = 0; w < FIXED_BASE_WINDOWS; w++) {
      const row = w << WINDOW;
      G1.writeJacobian(G1.jacobianAt(jac, row), { x: 0n, y: 0n });
      for (let d = 1; d < 1 << WINDOW; d++) G1.add(G1.jacobianAt(jac, row + d - 1), step, G1.jacobianAt(jac, row + d));
      for (let i = 0; i < WINDOW; i++) G1.double(step, step);
    }
    G1.batchToAffine(jac, table, size);
    return table;
  } finally {
    G1.free(jac);
    G1.free(step);
  }
}

/** out[i] = scalars[i]·B for integer scalars in [0, r), as affine points, with B's fixedBaseTable. */
export function fixedBaseMulTable(table: Ptr, scalars: readonly bigint[], out: Ptr): void {
  const jac = G1.allocJacobian(scalars.length);
  try {
    scalars.forEach((s, i) => {
      const acc = G1.jacobianAt(jac, i);
      G1.writeJacobian(acc, { x: 0n, y: 0n });
      for (let w = 0; s > 0n; w++, s >>= BigInt(WINDOW)) {
        const d = Number(s & 0xffn);
        if (d !== 0) G1.addMixed(acc, G1.affineAt(table, (w << WINDOW) + d), acc);
      }
    });
    G1.batchToAffine(jac, out, scalars.length);
  } finally {
    G1.free(jac);
  }
}

/** out[i] = scalars[i]·base for integer scalars in [0, r), as affine points. */
function fixedBaseMul(base: G1Affine, scalars: readonly bigint[], out: Ptr): void {
  const table = fixedBaseTable(base);
  try {
    fixedBaseMulTable(table, scalars, out);
  } finally {
    G1.free(table);
  }
}

/**
 * INSECURE development SRS with τ = devTau(seed). Anyone who knows the seed can forge proofs:
 * use only for tests and the local devnet, never for a chain that holds value.
 */
export function devSrs(k: number, seed = 'zkevm-ts'): Srs {
  if (!Number.isInteger(k) || k < 0 || k > 24) throw new SrsError(`devSrs: k must be an integer in [0, 24], got ${k}`);
  const n = 1 << k;
  const tau = devTau(seed);
  const powers: bigint[] = new Array(n);
  let t = 1n;
  for (let i = 0; i < n; i++, t = (t * tau) % FR_MODULUS) powers[i] = t;
  const g1 = G1.allocAffine(n);
  fixedBaseMul(G1_GENERATOR, powers, g1);
  const lagrange = new LagrangeBases((j) => {
    if (j > k) throw new SrsError(`devSrs: a domain of 2^${j} points exceeds the SRS's 2^${k}`);
    const out = G1.allocAffine(1 << j);
    fixedBaseMul(G1_GENERATOR, lagrangeScalars(tau, j), out);
    return out;
  });
  return { k, n, g1, g2: G2_GENERATOR, tauG2: G2_GENERATOR.multiply(tau), insecure: true, origin: `INSECURE dev SRS (seed "${seed}")`, lagrange };
}

function g2FromCoordinates(c: G2Coordinates): NobleG2 {
  const { Fp2 } = bn254.fields;
  const P = bn254.G2.Point.fromAffine({ x: Fp2.create({ c0: c.x[0], c1: c.x[1] }), y: Fp2.create({ c0: c.y[0], c1: c.y[1] }) });
  P.assertValidity();
  return P;
}

/**
 * Loads the first 2^k powers of a snarkjs .ptau file. Coordinates are range-checked and every
 * point is checked to lie on the curve; `checkPowers` additionally verifies (one pairing check)
 * that consecutive points really are powers of one τ matching [τ]G2.
 */
export async function importPtau(file: string, k: number, opts: { checkPowers?: boolean } = {}): Promise<Srs> {
  const raw = await readPtauPowers(file, k);
  const n = 1 << k;
  const g1 = G1.allocAffine(n);
  try {
    writePtauG1(raw.g1, g1, n);
    for (let i = 0; i < n; i++) {
      if (!G1.isOnCurve(G1.affineAt(g1, i))) throw new SrsError(`${file}: tauG1[${i}] is not on the curve`);
    }
    const g2 = g2FromCoordinates(raw.g2);
    if (!g2.equals(G2_GENERATOR)) throw new SrsError(`${file}: tauG2[0] is not the G2 generator`);
    const srs: Srs = { k, n, g1, g2, tauG2: g2FromCoordinates(raw.tauG2), insecure: false, origin: `${file} (2^${raw.header.power} powers)` };
    if (opts.checkPowers !== false && !(await checkSrsPowers(srs))) throw new SrsError(`${file}: tauG1 points are not consecutive powers of the τ of tauG2`);
    return srs;
  } catch (e) {
    G1.free(g1);
    throw e;
  }
}

/**
 * Converts n ptau G1 points (x ‖ y, each 32-byte LE Montgomery with R = 2^256) into kernel affine
 * points: limbs hold m = x·2^256, and multiplying by Mont(32) gives m·32 = x·2^261 = Mont(x).
 */
function writePtauG1(bytes: Uint8Array, out: Ptr, n: number): void {
  const u32 = kernel().u32();
  const q = encode32(Fq.modulus); // big-endian
  for (let i = 0; i < 2 * n; i++) {
    const off = 32 * i;
    let j = 0;
    while (j < 32 && bytes[off + 31 - j] === q[j]) j++;
    if (j === 32 || bytes[off + 31 - j] > q[j]) throw new SrsError(`ptau G1 coordinate ${i} is not below q`);
    packLE256(bytes, off, u32, (out >>> 2) + i * (Fq.elementBytes >>> 2));
  }
  const s = Fq.from(32n);
  try { Fq.vecScale(out, s, out, 2 * n); } finally { Fq.free(s); }
}

/**
 * Checks e(Σ ρ^i·P_{i+1}, G2) = e(Σ ρ^i·P_i, τG2) for a random ρ: true iff (with overwhelming
 * probability) P_{i+1} = τ·P_i for all i, i.e. the G1 points are powers of the τ in tauG2.
 */
export async function checkSrsPowers(srs: Srs, rho?: bigint): Promise<boolean> {
  if (srs.n < 2) return true;
  const m = srs.n - 1;
  const r = rho ?? randomScalar();
  const coeffs = Fr.alloc(m);
  try {
    let acc = 1n;
    for (let i = 0; i < m; i++, acc = (acc * r) % FR_MODULUS) Fr.write(Fr.at(coeffs, i), acc);
    const hi = await msm(srs.g1 + G1_AFFINE_BYTES, coeffs, m);
    const lo = await msm(srs.g1, coeffs, m);
    const negHi = { x: hi.x, y: hi.y === 0n ? 0n : Fq.modulus - hi.y };
    return pairingCheck([[negHi, srs.g2], [lo, srs.tauG2]]);
  } finally {
    Fr.free(coeffs);
  }
}

/** A uniformly random non-zero scalar from the OS CSPRNG (verifier-side challenges). */
export function randomScalar(): bigint {
  let x = 0n;
  for (const b of randomBytes(48)) x = (x << 8n) | BigInt(b); // 384 bits: negligible modular bias
  return (x % (FR_MODULUS - 1n)) + 1n;
}

/** Releases the SRS's kernel memory. */
export function freeSrs(srs: Srs): void {
  G1.free(srs.g1);
  srs.lagrange?.free();
}
