/**
 * Heavier pairing pieces in-circuit (SLOW=1): Fq12 mul and square (k = 14), a reduced Miller loop —
 * the real step sequence on 2 signed digits plus the two Frobenius lines, for one pair (k = 15) — and
 * the whole EcPairingCircuit on one call of 2 slots (1.07M rows, k = 21, several GB: run it alone).
 * The reduced loop is the same code as the full one (millerLoop with other digits), so together with
 * reference.test.ts (the full loop and final exponentiation on BigFq against noble) and circuit.test.ts
 * (the circuit's rows equal BigFq's count) it covers the circuit without a 2^21-row MockProver run.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { NobleBN254 } from '@ethereumjs/evm';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { BigFq, EcPairingCircuit, PairingOps, slotWords, pairingCheck, type Fq12, type Fq2, type Fq6 } from '../../../../circuits/ecc/pairing/index.js';
import { elementValue } from '../../../../circuits/gadgets/nonnative/index.js';
import { minK } from '../../../../circuits/gadgets/common.js';
import { Rng } from '../../field/rng.js';
import { honestFailures } from '../../gadgets/helpers.js';
import { pairingCircuit, reference, type Body } from './harness.js';

const P = FQ_MODULUS;
const rng = new Rng(0x08051);
const fq2 = (): Fq2<bigint> => [rng.below(P), rng.below(P)];
const fq6 = (): Fq6<bigint> => [fq2(), fq2(), fq2()];
const fq12 = (): Fq12<bigint> => [fq6(), fq6()];
const str = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v?.limbs ? elementValue(v).toString() : v));

function agree<R>(body: Body<R>, k: number): void {
  const run = pairingCircuit(body);
  expect(honestFailures(run.circuit, k)).to.deep.equal([]);
  const ref = reference(body);
  expect(str(run.out().value)).to.equal(str(ref.value));
  expect(run.out().nonNative).to.equal(ref.nonNative);
}

const slow = process.env.SLOW ? describe : describe.skip;

slow('ecc pairing: heavy pieces in-circuit (SLOW)', function () {
  this.timeout(3_600_000);

  it('Fq12 mul and square match the reference (k = 14)', () => {
    const [a, b] = [fq12(), fq12()];
    agree((o) => {
      const [A, B] = [o.fq12Witness(() => a), o.fq12Witness(() => b)];
      return [o.fq12Value(o.fq12Mul(A, B)), o.fq12Value(o.fq12Square(A))];
    }, 14);
  });

  it('a reduced Miller loop (digits 1, −1, then the ψ and −ψ² lines) matches the reference (k = 15)', () => {
    const p = bn254.G1.Point.BASE.multiply(rng.below(1000n) + 2n).toAffine();
    const q = bn254.G2.Point.BASE.multiply(rng.below(1000n) + 2n).toAffine();
    agree((o) => {
      const Q = { x: o.fq2Witness(() => [q.x.c0, q.x.c1]), y: o.fq2Witness(() => [q.y.c0, q.y.c1]) };
      const yP = o.F.witness(() => p.y);
      const negXP = o.F.sub(o.F.constant(0n), o.F.witness(() => p.x));
      const keep = o.F.isZero(o.F.constant(0n));
      return o.fq12Value(o.millerLoop([{ yP, negXP, q: Q, keep }], [1, -1]));
    }, 15);
  });

  it('the whole EcPairingCircuit proves e(aG, bH)·e(−abG, H) = 1 on one call of 2 slots, as ethereumjs says', () => {
    const R = bn254.fields.Fr.ORDER;
    const [a, b] = [rng.below(R - 1n) + 1n, rng.below(R - 1n) + 1n];
    const word = (v: bigint) => v.toString(16).padStart(64, '0');
    const g1 = (pt: InstanceType<typeof bn254.G1.Point>) => word(pt.toAffine().x) + word(pt.toAffine().y);
    const g2 = (pt: InstanceType<typeof bn254.G2.Point>) => { const t = pt.toAffine(); return word(t.x.c1) + word(t.x.c0) + word(t.y.c1) + word(t.y.c0); };
    const hex = g1(bn254.G1.Point.BASE.multiply(a)) + g2(bn254.G2.Point.BASE.multiply(b)) + g1(bn254.G1.Point.BASE.multiply((a * b) % R).negate()) + g2(bn254.G2.Point.BASE);
    const input = Uint8Array.from(hex.match(/../g)!, (x) => parseInt(x, 16));
    expect(new NobleBN254().pairing(input)[31]).to.equal(1);
    const F = new BigFq(P);
    pairingCheck(new PairingOps(F), (w) => F.read(w), BigInt(input.length), slotWords(input, 2));
    const k = minK(F.rows.nonNative);
    const circuit = new EcPairingCircuit([{ input }], 2);
    expect(honestFailures(circuit, k)).to.deep.equal([]);
    expect([circuit.results[0].success.value, circuit.results[0].output.value]).to.deep.equal([1n, 1n]);
  });
});
