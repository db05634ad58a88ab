/**
 * Differential test of the verifier's MSM combinations (combineOpenings, kzg batchPairingPoints) against the
 * scalar-multiplication-per-point path they replaced, kept here only as the reference: the same combined points
 * and the same verdicts on honest and corrupted openings of real proofs.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { FR_MODULUS } from '../../../circuits/field/index.js';
import { fromNoble, G1_GENERATOR, isInfinity, pairingCheck, toNoble, type G1Affine } from '../../../circuits/curve/index.js';
import { devSrs, type KzgClaim, type Srs } from '../../../circuits/pcs/index.js';
import { batchPairingPoints, batchVerify } from '../../../circuits/pcs/kzg.js';
import { keygen, prove, verify, type Circuit } from '../../../circuits/plonk/index.js';
import { combineOpenings, replayProof, type ProofOpenings } from '../../../circuits/plonk/verifier.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';
import { Rng } from '../field/rng.js';

const r = FR_MODULUS;
const mod = (a: bigint) => ((a % r) + r) % r;

/** The old per-rotation fold: Horner with one scalar multiplication per commitment. */
function referenceCombine(list: readonly (readonly [G1Affine, bigint])[], v: bigint): { commitment: G1Affine; value: bigint } {
  let C = bn254.G1.Point.ZERO;
  let e = 0n;
  for (const [c, val] of list) {
    C = C.multiplyUnsafe(v).add(toNoble(c));
    e = mod(e * v + val);
  }
  return { commitment: fromNoble(C), value: e };
}

/** The old batchVerify accumulation: a few scalar multiplications per claim. */
function referenceBatchPoints(claims: readonly KzgClaim[], rhos: readonly bigint[]): { lhs: G1Affine; pis: G1Affine } {
  const G = toNoble(G1_GENERATOR);
  let lhs = bn254.G1.Point.ZERO;
  let pis = lhs;
  claims.forEach((c, i) => {
    const v = mod(c.value), z = mod(c.point), pi = toNoble(c.proof);
    let term = toNoble(c.commitment);
    if (v !== 0n) term = term.subtract(G.multiply(v));
    if (z !== 0n && !isInfinity(c.proof)) term = term.add(pi.multiply(z));
    lhs = lhs.add(term.multiply(rhos[i]));
    if (!isInfinity(c.proof)) pis = pis.add(pi.multiply(rhos[i]));
  });
  return { lhs: fromNoble(lhs), pis: fromNoble(pis) };
}

const weights = (u: bigint, n: number) => Array.from({ length: n }, (_, i) => mod(u ** BigInt(i)));

const fib = new FibonacciCircuit(10);
const CIRCUITS: Array<{ name: string; k: number; circuit: Circuit<unknown>; instances: bigint[][] }> = [
  { name: 'Fibonacci', k: 4, circuit: fib as Circuit<unknown>, instances: fib.instances() },
  { name: 'range-checked addition', k: 9, circuit: new RangeAddCircuit([[1n, 2n], [100n, 155n]]) as Circuit<unknown>, instances: [] },
  { name: 'rotations and a shuffle', k: 4, circuit: new RotationsCircuit(9) as Circuit<unknown>, instances: [] },
];

describe('plonk verifier: MSM combinations equal the per-point reference', function () {
  this.timeout(120_000);
  let srs: Srs;
  const rng = new Rng(0x6d736d);
  const point = (s: bigint) => fromNoble(bn254.G1.Point.BASE.multiply(s));

  before(async () => {
    await initKernel();
    srs = devSrs(9);
  });

  it('combineOpenings matches Horner on random points, infinity, repeats, P and −P, one and no pairs, v = 0 and 1', () => {
    const P = point(rng.bits(250) + 1n);
    const minusP = fromNoble(toNoble(P).negate());
    const random = Array.from({ length: 40 }, (): [G1Affine, bigint] => [point(rng.bits(250) + 1n), rng.bits(256) % r]);
    const lists: Array<Array<[G1Affine, bigint]>> = [
      random,
      [[P, 3n], [{ x: 0n, y: 0n }, 5n], [P, 7n], [minusP, 0n], [P, r - 1n]],
      [[P, 1n]],
      [],
    ];
    for (const list of lists) {
      for (const v of [rng.bits(256) % r, 0n, 1n]) {
        expect(combineOpenings(list, v), `${list.length} pairs, v = ${v}`).to.deep.equal(referenceCombine(list, v));
      }
    }
  });

  for (const c of CIRCUITS) {
    it(`${c.name}: same combined points, pairing points and verdicts on the honest openings and on corrupted ones`, async () => {
      const pk = await keygen(srs, c.circuit, c.k);
      const proof = await prove(pk, srs, c.circuit, c.instances);
      expect(verify(pk.vk, c.instances, proof)).to.deep.equal({ ok: true });
      const honest = replayProof(pk.vk, c.instances, proof);
      if ('reason' in honest) throw new Error(`honest proof failed before the opening check: ${honest.reason}`);
      const rotations = honest.rotations;
      // a wrong evaluation in the last rotation's first pair; a witness of the first rotation replaced by G
      const wrongEval: ProofOpenings = { ...honest, rotations: rotations.map((rot, i) => i < rotations.length - 1 ? rot
        : { ...rot, list: rot.list.map(([p, e], j): [G1Affine, bigint] => [p, j === 0 ? mod(e + 1n) : e]) }) };
      const wrongWitness: ProofOpenings = { ...honest, rotations: rotations.map((rot, i) => (i === 0 ? { ...rot, witness: G1_GENERATOR } : rot)) };
      for (const [label, openings, expected] of [['honest', honest, true], ['wrong evaluation', wrongEval, false], ['wrong witness', wrongWitness, false]] as const) {
        const claims: KzgClaim[] = openings.rotations.map((rot) => ({ ...combineOpenings(rot.list, openings.v), point: rot.point, proof: rot.witness }));
        const reference: KzgClaim[] = openings.rotations.map((rot) => ({ ...referenceCombine(rot.list, openings.v), point: rot.point, proof: rot.witness }));
        expect(claims, `${label}: combined claims`).to.deep.equal(reference);
        const rhos = weights(openings.u, claims.length);
        const points = batchPairingPoints(claims, rhos);
        const ref = referenceBatchPoints(reference, rhos);
        expect(points, `${label}: pairing points`).to.deep.equal(ref);
        const refVerdict = pairingCheck([[ref.lhs, srs.g2], [fromNoble(toNoble(ref.pis).negate()), srs.tauG2]]);
        expect(refVerdict, `${label}: reference verdict`).to.equal(expected);
        expect(batchVerify(pk.vk, claims, openings.u), `${label}: verdict`).to.equal(expected);
        expect(batchVerify(pk.vk, claims), `${label}: verdict with random weights`).to.equal(expected);
      }
    });
  }
});
