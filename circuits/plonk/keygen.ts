/**
 * Key generation: lays out the circuit without a witness, turns its fixed columns and the copy
 * constraints (as permutation polynomials σ) into polynomials, and commits to them. The verifying
 * key holds the commitments and the circuit's shape; the proving key adds the polynomials.
 */
import { frMod, frPow } from '../field/fr-scalar.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encodeG1, fromNoble, G1, toNoble, type G1Affine, type NobleG2, encodeG2 } from '../curve/index.js';
import { encode32, Fr, FR_MODULUS, type Ptr } from '../field/index.js';
import { commit, commitValues, type Srs } from '../pcs/index.js';
import { EvaluationDomain, rootOfUnity, transformMany } from '../poly/index.js';
import { synthesize, type Cell, type Circuit } from './layouter.js';
import { ConstraintSystem } from './constraint-system.js';
import { compressSelectors } from './selector-compression.js';
import { DELTA, Protocol } from './protocol.js';
import { allocVec, fillVec, vecFrom } from './vectors.js';
import { groups, groupSize, HostVec, withLoaded } from './host-vec.js';
import { Stopwatch } from './stopwatch.js';

export class KeygenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeygenError';
  }
}

export interface VerifyingKey {
  readonly k: number;
  readonly cs: ConstraintSystem;
  readonly protocol: Protocol;
  /** Commitments to the circuit's fixed columns, then to σ_0..σ_{m−1}. */
  readonly fixedCommitments: readonly G1Affine[];
  readonly g2: NobleG2;
  readonly tauG2: NobleG2;
  /** keccak256 over k, the shape's text form and the commitments; absorbed first by the transcript. */
  readonly digest: bigint;
}

/**
 * A polynomial in the two forms the prover keeps, in JS memory (host-vec.ts): the kernel heap holds a column only
 * while a step works on it. Its evaluations on the extended coset are computed by the quotient step one part of the
 * coset at a time (prover.ts), so they are never all in memory at once.
 */
export interface Poly {
  /** n values on H (Lagrange form). */
  readonly values: HostVec;
  /** n coefficients. */
  readonly coeffs: HostVec;
}

export interface ProvingKey {
  readonly vk: VerifyingKey;
  readonly domain: EvaluationDomain;
  readonly extDomain: EvaluationDomain;
  /** Circuit fixed columns then σ. */
  readonly fixed: readonly Poly[];
  /** l₀, l_last, X (virtual columns). */
  readonly virtual: readonly Poly[];
}

/** Values → coefficients (frees `values`). */
export async function polyFromValues(values: Ptr, domain: EvaluationDomain, sw = new Stopwatch()): Promise<Poly> {
  return (await polysFromValues([HostVec.spill(values, domain.n)], domain, sw))[0];
}

/**
 * Values → coefficients for many columns: whole inverse NTTs per worker (transformMany), as many columns at once as
 * the working set holds; a column holding one value c on every row is the constant polynomial c and needs none.
 */
export async function polysFromValues(values: readonly HostVec[], domain: EvaluationDomain, sw = new Stopwatch()): Promise<Poly[]> {
  const n = domain.n;
  const polys: Poly[] = new Array(values.length);
  const dense: number[] = [];
  values.forEach((v, i) => {
    const c = v.constantValue();
    if (c === undefined) { dense.push(i); return; }
    const coeffs = allocVec(n);
    fillVec(coeffs, 0n, n);
    Fr.write(coeffs, c);
    polys[i] = { values: v, coeffs: HostVec.spill(coeffs, n) };
  });
  for (const group of groups(dense, groupSize(n, 1))) {
    await withLoaded(group.map((i) => values[i]), async (ptrs) => {
      await sw.time('ntt', () => transformMany(ptrs.map((ptr) => ({ ptr })), domain.k, 'intt'));
      group.forEach((i, j) => { polys[i] = { values: values[i], coeffs: HostVec.copyOf(ptrs[j], n) }; });
    });
  }
  return polys;
}

/** Commitment to a polynomial: from its values when the SRS has their Lagrange basis (cheap for sparse columns), else its coefficients. */
export async function commitPoly(srs: Srs, p: Poly, n: number): Promise<G1Affine> {
  const fromValues = srs.lagrange ? await withLoaded([p.values], ([v]) => commitValues(srs, v, n)) : undefined;
  return fromValues ?? withLoaded([p.coeffs], ([c]) => commit(srs, c, n));
}

/** σ_j(ω^i) = δ^{j'}·ω^{i'} where (j', i') follows (j, i) on its copy-constraint cycle. */
function permutationValues(protocol: Protocol, copies: ReadonlyArray<readonly [Cell, Cell]>, n: number): bigint[][] {
  const cs = protocol.cs;
  const omega = rootOfUnity(protocol.k);
  const colIndex = new Map(cs.equality.map((c, j) => [`${c.kind}:${c.index}`, j]));
  const m = cs.equality.length;
  // cells are numbered id = row·m + column; mapping[j][i] is the id of the next cell on the cycle
  // of (column j, row i). Merging two cycles swaps the successors of one cell of each.
  const mapping = Array.from({ length: m }, (_, j) => Int32Array.from({ length: n }, (_, i) => i * m + j));
  const cycleOf = new Map<number, number[]>();
  const aux = new Int32Array(m * n).map((_, id) => id); // cell → cycle representative
  const members = (rep: number) => cycleOf.get(rep) ?? [rep];
  for (const [a, b] of copies) {
    const ja = colIndex.get(`${a.column.kind}:${a.column.index}`);
    const jb = colIndex.get(`${b.column.kind}:${b.column.index}`);
    if (ja === undefined || jb === undefined) throw new KeygenError('copy constraint on a column without equality');
    const ca = a.row * m + ja;
    const cb = b.row * m + jb;
    const ra = aux[ca];
    const rb = aux[cb];
    if (ra === rb) continue;
    const [big, small] = members(ra).length >= members(rb).length ? [ra, rb] : [rb, ra];
    const bigCells = members(big);
    const smallCells = members(small);
    for (const c of smallCells) aux[c] = big;
    // splice the two cycles: swap successors of one cell from each
    const x = bigCells[0];
    const y = smallCells[0];
    const [xj, xi] = [x % m, Math.floor(x / m)];
    const [yj, yi] = [y % m, Math.floor(y / m)];
    const t = mapping[xj][xi];
    mapping[xj][xi] = mapping[yj][yi];
    mapping[yj][yi] = t;
    cycleOf.set(big, bigCells.concat(smallCells));
    cycleOf.delete(small);
  }
  const omegas: bigint[] = new Array(n);
  let w = 1n;
  for (let i = 0; i < n; i++, w = (w * omega) % FR_MODULUS) omegas[i] = w;
  const deltas = Array.from({ length: m }, (_, j) => {
    let d = 1n;
    for (let t = 0; t < j; t++) d = (d * DELTA) % FR_MODULUS;
    return d;
  });
  return mapping.map((col) => Array.from(col, (id) => frMod(deltas[id % m] * omegas[Math.floor(id / m)])));
}

/** The proving key's polynomials from the fixed columns' values (circuit fixed, then σ). */
export async function provingPolys(protocol: Protocol, fixedValues: readonly HostVec[]): Promise<Pick<ProvingKey, 'domain' | 'extDomain' | 'fixed' | 'virtual'>> {
  const domain = new EvaluationDomain(protocol.k);
  const extDomain = new EvaluationDomain(protocol.k + protocol.extension);
  const fixed = await polysFromValues(fixedValues, domain);
  const lagrange = (row: number) => {
    const v = allocVec(domain.n);
    fillVec(v, 0n, domain.n);
    Fr.write(Fr.at(v, row), 1n);
    return polyFromValues(v, domain);
  };
  const xValues = allocVec(domain.n);
  for (let i = 0, w = 1n; i < domain.n; i++, w = (w * domain.omega) % FR_MODULUS) Fr.write(Fr.at(xValues, i), w);
  const virtual = [await lagrange(0), await lagrange(domain.n - 1), await polyFromValues(xValues, domain)];
  return { domain, extDomain, fixed, virtual };
}

/** keccak256 over k, the circuit's shape, the fixed commitments and the SRS's G2 points, mod r. */
export function vkDigest(k: number, cs: ConstraintSystem, fixedCommitments: readonly G1Affine[], g2: NobleG2, tauG2: NobleG2): bigint {
  const h = keccak_256.create();
  h.update(encode32(BigInt(k)));
  h.update(new TextEncoder().encode(shapeText(cs)));
  for (const c of fixedCommitments) h.update(encodeG1(c));
  h.update(encodeG2(g2));
  h.update(encodeG2(tauG2));
  return BigInt('0x' + Buffer.from(h.digest()).toString('hex')) % FR_MODULUS;
}

/**
 * Commitment to σ_j. Off the copy-constraint cycles σ_j is the identity δ^j·X, whose commitment is δ^j·[τ]G1;
 * so with the SRS's Lagrange basis only the cells a cycle moves enter an MSM: C = commit(σ_j − δ^j·X) + δ^j·[τ]G1.
 */
async function commitSigma(srs: Srs, sigma: Poly, j: number, xValues: HostVec, n: number): Promise<G1Affine> {
  if (!srs.lagrange || n < 2) return commitPoly(srs, sigma, n);
  const dj = frPow(DELTA, BigInt(j));
  const d = Fr.from(dj);
  try {
    const rest = await withLoaded([xValues, sigma.values], ([moved, values]) => {
      Fr.vecScale(moved, d, moved, n);
      Fr.vecSub(values, moved, moved, n);
      return commitValues(srs, moved, n);
    });
    if (!rest) return commitPoly(srs, sigma, n);
    return fromNoble(toNoble(rest).add(toNoble(G1.readAffine(G1.affineAt(srs.g1, 1))).multiply(dj)));
  } finally {
    Fr.free(d);
  }
}

/** Builds the proving key (and its verifying key) for a circuit at size 2^k. */
export async function keygen<C>(srs: Srs, circuit: Circuit<C>, k: number): Promise<ProvingKey> {
  // selectors never enabled together share a fixed column (selector-compression.ts): fewer commitments to verify
  const assignment = compressSelectors(synthesize(circuit, k, undefined, false));
  const cs = assignment.cs;
  const shape = new Protocol(cs, k);
  const n = 1 << k;
  if (srs.n < n) throw new KeygenError(`SRS has ${srs.n} powers, the circuit needs ${n} (k = ${k})`);
  const fixedValues = [...assignment.fixed, ...permutationValues(shape, assignment.copies, n)];
  const polys = await provingPolys(shape, fixedValues.map((vals) => HostVec.spill(vecFrom(vals, n), n)));
  const fixedCommitments: G1Affine[] = [];
  for (const p of polys.fixed.slice(0, cs.fixed.length)) fixedCommitments.push(await commitPoly(srs, p, n));
  for (const [j, p] of polys.fixed.slice(cs.fixed.length).entries()) fixedCommitments.push(await commitSigma(srs, p, j, polys.virtual[2].values, n));
  const digest = vkDigest(k, cs, fixedCommitments, srs.g2, srs.tauG2);
  // the key's protocol knows the commitments: equal fixed columns are opened once
  const vk: VerifyingKey = { k, cs, protocol: new Protocol(cs, k, fixedCommitments), fixedCommitments, g2: srs.g2, tauG2: srs.tauG2, digest };
  return { vk, ...polys };
}

/** A canonical text form of the circuit's shape (columns, gates, lookups, shuffles, equality). */
export function shapeText(cs: ConstraintSystem): string {
  const lines = [
    `advice ${cs.advice.length} fixed ${cs.fixed.length} instance ${cs.instance.length}`,
    ...cs.gates.flatMap((g) => g.constraints.map((c) => `gate ${g.name}/${c.name}: ${c.expr}`)),
    ...cs.lookups.map((l) => `lookup ${l.name}: ${l.inputs.join(', ')} in ${l.table.join(', ')}`),
    ...cs.shuffles.map((s) => `shuffle ${s.name}: ${s.inputs.join(', ')} ~ ${s.shuffle.join(', ')}`),
    `equality ${cs.equality.map((c) => `${c.kind}${c.index}`).join(' ')}`,
    // only when set, so the digests of keys without one stay as they were
    ...(cs.minimumDegree > 0 ? [`minimum degree ${cs.minimumDegree}`] : []),
  ];
  return lines.join('\n');
}
