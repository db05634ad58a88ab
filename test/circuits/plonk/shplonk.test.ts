/**
 * The SHPLONK multi-opening (circuits/pcs/shplonk.ts, used by circuits/plonk's prover and verifier): its scalar
 * helpers against direct definitions, the verifier's one MSM against a point-by-point reference, and rejections of
 * wrong openings — in the final check, and through verify() on proofs whose W or W' was replaced by another
 * valid point.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { FR_MODULUS } from '../../../circuits/field/index.js';
import { encodeG1, fromNoble, G1_GENERATOR, pairingCheck, toNoble, type G1Affine } from '../../../circuits/curve/index.js';
import { msmAffine } from '../../../circuits/curve/msm.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { evaluateAt, interpolate, vanishingAt } from '../../../circuits/pcs/shplonk.js';
import { keygen, prove, verify, type Circuit } from '../../../circuits/plonk/index.js';
import { replayProof, type ProofOpenings } from '../../../circuits/plonk/verifier.js';
import { proofLayout } from '../../../circuits/solidity/index.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';
import { Rng } from '../field/rng.js';

const r = FR_MODULUS;
const mod = (a: bigint) => ((a % r) + r) % r;

/** The final check with one scalar multiplication per point (@noble/curves), the MSM's reference. */
function referenceCheck(o: ProofOpenings, srs: Srs): { f: G1Affine; ok: boolean } {
  const sum = o.points.reduce<typeof bn254.G1.Point.ZERO>((acc, p, i) => {
    const s = mod(o.scalars[i]);
    return s === 0n || (p.x === 0n && p.y === 0n) ? acc : acc.add(toNoble(p).multiply(s));
  }, bn254.G1.Point.ZERO);
  const f = fromNoble(sum);
  return { f, ok: pairingCheck([[f, srs.g2], [fromNoble(toNoble(o.w2).negate()), srs.tauG2]]) };
}

const fib = new FibonacciCircuit(10);
const CIRCUITS: Array<{ name: string; k: number; circuit: Circuit<unknown>; instances: bigint[][] }> = [
  { name: 'Fibonacci', k: 4, circuit: fib as Circuit<unknown>, instances: fib.instances() },
  { name: 'range-checked addition', k: 9, circuit: new RangeAddCircuit([[1n, 2n], [100n, 155n]]) as Circuit<unknown>, instances: [] },
  { name: 'rotations and a shuffle', k: 4, circuit: new RotationsCircuit(9) as Circuit<unknown>, instances: [] },
];

describe('plonk: SHPLONK multi-opening', function () {
  this.timeout(120_000);
  let srs: Srs;
  const rng = new Rng(0x5348504c);

  before(async () => {
    await initKernel();
    srs = devSrs(9);
  });

  it('interpolate passes through its points and agrees with Lagrange\'s formula elsewhere; Z_S vanishes exactly on S', () => {
    for (const k of [1, 2, 3, 7]) {
      const points = Array.from({ length: k }, () => rng.bits(256) % r);
      const values = Array.from({ length: k }, () => rng.bits(256) % r);
      const c = interpolate(points, values);
      expect(c).to.have.length(k);
      points.forEach((a, i) => expect(evaluateAt(c, a), `k = ${k}, point ${i}`).to.equal(values[i]));
      const z = rng.bits(256) % r;
      let direct = 0n;
      points.forEach((a, i) => {
        let l = 1n;
        points.forEach((b, j) => { if (j !== i) l = mod(l * mod(z - b) * bn254.fields.Fr.inv(mod(a - b))); });
        direct = mod(direct + values[i] * l);
      });
      expect(evaluateAt(c, z)).to.equal(direct);
      for (const a of points) expect(vanishingAt(points, a)).to.equal(0n);
      expect(vanishingAt(points, z)).to.equal(points.reduce((acc, a) => mod(acc * (z - a)), 1n));
    }
  });

  for (const c of CIRCUITS) {
    it(`${c.name}: the MSM equals the reference; wrong openings fail the check and verify()`, async () => {
      const pk = await keygen(srs, c.circuit, c.k);
      const proof = await prove(pk, srs, c.circuit, c.instances);
      expect(verify(pk.vk, c.instances, proof)).to.deep.equal({ ok: true });
      expect(proofLayout(pk.vk).witnesses).to.equal(2);
      const honest = replayProof(pk.vk, c.instances, proof);
      if ('reason' in honest) throw new Error(`honest proof failed before the opening check: ${honest.reason}`);
      const G = honest.points.length - 3;
      const cases: Array<[string, ProofOpenings, boolean]> = [
        ['honest', honest, true],
        // the G term carries Σ u^i·Z_{T∖S_i}(z)·r_i(z): off by one is a wrong claimed evaluation
        ['wrong evaluation', { ...honest, scalars: honest.scalars.map((s, i) => (i === G ? mod(s + 1n) : s)) }, false],
        ['a commitment\'s weight', { ...honest, scalars: honest.scalars.map((s, i) => (i === 0 ? mod(s + 1n) : s)) }, false],
        ['W\' replaced', { ...honest, w2: G1_GENERATOR, points: honest.points.map((p, i) => (i === G + 2 ? G1_GENERATOR : p)) }, false],
      ];
      for (const [label, o, expected] of cases) expect(referenceCheck(o, srs).ok, label).to.equal(expected);
      const { f } = referenceCheck(honest, srs);
      expect(msmAffine(honest.points, honest.scalars)).to.deep.equal(f);

      // through verify(): W or W' replaced by another point on the curve (2·G)
      const twoG = encodeG1(fromNoble(bn254.G1.Point.BASE.multiply(2n)));
      for (const [label, at] of [['W', proof.length - 128], ['W\'', proof.length - 64]] as const) {
        const bad = proof.slice();
        bad.set(twoG, at);
        expect(verify(pk.vk, c.instances, bad), label).to.deep.equal({ ok: false, reason: 'the KZG opening check failed' });
      }
    });
  }
});
