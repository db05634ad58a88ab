/**
 * The verifier: replays the transcript, checks the quotient identity at x from the claimed
 * evaluations, and checks every evaluation with one SHPLONK pairing check (pcs/shplonk.ts).
 */
import { frInv, frMod, frPow, frRotate } from '../field/fr-scalar.js';
import { fromNoble, G1_GENERATOR, pairingCheck, toNoble, type G1Affine } from '../curve/index.js';
import { msmAffine } from '../curve/msm.js';
import { FR_MODULUS } from '../field/index.js';
import { evaluateAt, interpolate, vanishingAt } from '../pcs/shplonk.js';
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
  const { points, scalars, w2 } = openings;
  if (!pairingCheck([[msmAffine(points, scalars), vk.g2], [fromNoble(toNoble(w2).negate()), vk.tauG2]])) return { ok: false, reason: 'the KZG opening check failed' };
  return { ok: true };
}

/** The final check: e(Σ scalars_i·points_i, G2) = e(W', [τ]G2) — the SHPLONK F + z·W' as one MSM. */
export interface ProofOpenings {
  readonly points: G1Affine[];
  readonly scalars: bigint[];
  readonly w2: G1Affine;
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
  const u = t.challenge();
  const w1 = t.readPoint('SHPLONK witness W');
  const z = t.challenge();
  const w2 = t.readPoint('SHPLONK witness W\'');
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
        return evals.get(`${key(protocol.canonical(col))}@${rot}`)!;
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

  // every evaluation, one pairing check (SHPLONK): F = Σ_i u^i·Z_{T∖S_i}(z)·(Σ_j v^(m−1−j)·C_j − r_i(z)·G) − Z_T(z)·W
  const commitmentOf = (c: Column): G1Affine => (c.kind === 'fixed' ? vk.fixedCommitments[c.index] : commitments.get(key(c))!);
  const all = protocol.openingRotations();
  const points: G1Affine[] = [];
  const scalars: bigint[] = [];
  let ui = 1n, g = 0n;
  for (const set of protocol.openingSets()) {
    const inSet = new Set(set.rotations);
    const w = frMod(ui * vanishingAt(all.filter((r) => !inSet.has(r)).map(point), z));
    const value = (rot: number) => set.members.reduce((a, m) => frMod(a * v + (m.column ? evals.get(`${key(m.column)}@${rot}`)! : pieceEvals[m.piece])), 0n);
    const r = interpolate(set.rotations.map(point), set.rotations.map(value));
    g = frMod(g + w * evaluateAt(r, z));
    let vj = 1n;
    for (let j = set.members.length - 1; j >= 0; j--) {
      const m = set.members[j];
      points.push(m.column ? commitmentOf(m.column) : pieceCommitments[m.piece]);
      scalars.push(frMod(w * vj));
      vj = frMod(vj * v);
    }
    ui = frMod(ui * u);
  }
  points.push(G1_GENERATOR, w1, w2);
  scalars.push(frMod(-g), frMod(-vanishingAt(all.map(point), z)), z);
  return { points, scalars, w2 };
}
