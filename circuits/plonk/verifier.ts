/**
 * The verifier: replays the transcript, checks the quotient identity at x from the claimed
 * evaluations, and checks every evaluation with one batched KZG pairing check.
 */
import { frInv, frMod, frPow, frRotate } from '../field/fr-scalar.js';
import type { G1Affine } from '../curve/index.js';
import { msmAffine } from '../curve/msm.js';
import { FR_MODULUS } from '../field/index.js';
import { batchVerify, type KzgClaim } from '../pcs/index.js';
import { rootOfUnity } from '../poly/index.js';
import type { Column } from './expression.js';
import type { VerifyingKey } from './keygen.js';
import { absorbPublic, TRANSCRIPT_LABEL } from './prover.js';
import { TranscriptError, TranscriptReader } from '../transcript/keccak.js';


export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** L_i(z) for the domain of size n with generator ω: ω^i·(z^n − 1)/(n·(z − ω^i)). */
function lagrangeAt(i: number, z: bigint, n: number, omega: bigint, zn1: bigint): bigint {
  const wi = frPow(omega, BigInt(i));
  if (frMod(z - wi) === 0n) return 1n;
  return frMod(wi * zn1 % FR_MODULUS * frInv(frMod(BigInt(n) * (z - wi))));
}

/**
 * The commitment and value one rotation's openings fold into: Σ v^(m−1−i)·C_i and Σ v^(m−1−i)·e_i for the m
 * (commitment, evaluation) pairs in transcript order — one MSM instead of m scalar multiplications.
 */
export function combineOpenings(list: readonly (readonly [G1Affine, bigint])[], v: bigint): { commitment: G1Affine; value: bigint } {
  const weights = new Array<bigint>(list.length);
  let w = 1n, value = 0n;
  for (let i = list.length - 1; i >= 0; i--) {
    weights[i] = w;
    w = frMod(w * v);
  }
  for (const [, e] of list) value = frMod(value * v + e);
  return { commitment: msmAffine(list.map(([c]) => c), weights), value };
}

/** Verifies a proof; never throws on malformed proofs (the reason says what was wrong). */
export function verify(vk: VerifyingKey, instances: readonly (readonly bigint[])[], proof: Uint8Array): VerifyResult {
  try {
    return verifyOrThrow(vk, instances, proof);
  } catch (e) {
    if (e instanceof TranscriptError) return { ok: false, reason: e.message };
    throw e;
  }
}

function verifyOrThrow(vk: VerifyingKey, instances: readonly (readonly bigint[])[], proof: Uint8Array): VerifyResult {
  const openings = replayProof(vk, instances, proof);
  if ('reason' in openings) return openings;
  const claims: KzgClaim[] = openings.rotations.map((r) => ({ ...combineOpenings(r.list, openings.v), point: r.point, proof: r.witness }));
  if (!batchVerify(vk, claims, openings.u)) return { ok: false, reason: 'the KZG opening check failed' };
  return { ok: true };
}

/** What the final KZG check is over: per rotation, the opened (commitment, evaluation) pairs in transcript order. */
export interface ProofOpenings {
  readonly v: bigint;
  readonly u: bigint;
  readonly rotations: ReadonlyArray<{ point: bigint; list: Array<[G1Affine, bigint]>; witness: G1Affine }>;
}

/**
 * Replays the transcript and checks the quotient identity; returns the openings the pairing check must accept, or
 * why the proof already fails. Throws TranscriptError on malformed bytes (verify() turns it into a reason).
 */
export function replayProof(vk: VerifyingKey, instances: readonly (readonly bigint[])[], proof: Uint8Array): ProofOpenings | { ok: false; reason: string } {
  const protocol = vk.protocol;
  const cs = vk.cs;
  const n = 1 << vk.k;
  if (instances.length !== cs.instance.length) return { ok: false, reason: `expected ${cs.instance.length} instance columns, got ${instances.length}` };
  for (const col of instances) if (col.length > n - 1) return { ok: false, reason: `an instance column has ${col.length} values, at most ${n - 1} fit` };
  const t = new TranscriptReader(TRANSCRIPT_LABEL, proof);
  absorbPublic(t, vk, instances);

  const commitments = new Map<string, G1Affine>();
  const key = (c: Column) => `${c.kind}:${c.index}`;
  cs.advice.forEach((c) => commitments.set(key(c), t.readPoint(`advice commitment "${c.name}"`)));
  const theta = t.challenge();
  for (const c of protocol.phase1) commitments.set(key(c), t.readPoint(`commitment ${c.name}`));
  const beta = t.challenge();
  const gamma = t.challenge();
  for (const c of protocol.phase2) commitments.set(key(c), t.readPoint(`commitment ${c.name}`));
  const y = t.challenge();
  const pieces = protocol.degree - 1;
  const pieceCommitments = Array.from({ length: pieces }, (_, p) => t.readPoint(`quotient piece ${p}`));
  const x = t.challenge();
  const queries = protocol.queries();
  const evals = new Map<string, bigint>();
  for (const q of queries) evals.set(`${key(q.column)}@${q.rotation}`, t.readScalar(`evaluation of ${q.column.name} at rotation ${q.rotation}`));
  const pieceEvals = Array.from({ length: pieces }, (_, p) => t.readScalar(`quotient piece ${p} evaluation`));
  const v = t.challenge();
  const rotations = [...new Set(queries.map((q) => q.rotation).concat([0]))].sort((a, b) => a - b);
  const witnesses = rotations.map((r) => t.readPoint(`opening witness at rotation ${r}`));
  const u = t.challenge();
  t.finish();

  // the quotient identity at x
  const domainOmega = rootOfUnity(vk.k);
  const xn = frPow(x, BigInt(n));
  const zn1 = frMod(xn - 1n);
  const domainOmegaInv = frInv(domainOmega);
  const point = (rot: number) => frRotate(x, domainOmega, domainOmegaInv, rot);
  const instanceAt = (col: number, rot: number) => {
    const z = point(rot);
    const zn = frMod(frPow(z, BigInt(n)) - 1n);
    return instances[col].reduce((acc, val, i) => frMod(acc + frMod(val) * lagrangeAt(i, z, n, domainOmega, zn)), 0n);
  };
  const virtualAt = [lagrangeAt(0, x, n, domainOmega, zn1), lagrangeAt(n - 1, x, n, domainOmega, zn1), x];
  let lhs = 0n;
  const challenges = { theta, beta, gamma };
  for (const c of protocol.constraints()) {
    const val = c.expr.evaluate<bigint>({
      constant: (k) => frMod(k),
      challenge: (name) => challenges[name],
      query: (col, rot) => {
        if (col.kind === 'instance') return instanceAt(col.index, rot);
        if (col.kind === 'virtual') return virtualAt[col.index];
        return evals.get(`${key(col)}@${rot}`)!;
      },
      neg: (a) => frMod(-a),
      sum: (a, b) => frMod(a + b),
      product: (a, b) => frMod(a * b),
    });
    lhs = frMod(lhs * y + val);
  }
  let h = 0n;
  for (let p = pieces - 1; p >= 0; p--) h = frMod(h * xn + pieceEvals[p]);
  if (lhs !== frMod(h * zn1)) return { ok: false, reason: 'the constraints do not hold at the challenge point (quotient identity failed)' };

  // every evaluation, one pairing check (GWC): per rotation, Σ v^i·C_i opens to Σ v^i·e_i
  const commitmentOf = (c: Column): G1Affine => (c.kind === 'fixed' ? vk.fixedCommitments[c.index] : commitments.get(key(c))!);
  return {
    v, u,
    rotations: rotations.map((rot, k) => {
      const list: Array<[G1Affine, bigint]> = queries.filter((q) => q.rotation === rot)
        .map((q) => [commitmentOf(q.column), evals.get(`${key(q.column)}@${rot}`)!]);
      if (rot === 0) pieceCommitments.forEach((c, p) => list.push([c, pieceEvals[p]]));
      return { point: point(rot), list, witness: witnesses[k] };
    }),
  };
}
