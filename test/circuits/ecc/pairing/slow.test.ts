/**
 * Heavier pairing pieces in-circuit (SLOW=1): Fq12 mul and square (k = 14), a reduced Miller loop —
 * the real step sequence on 2 signed digits plus the two Frobenius lines, for one pair (k = 15) — and
 * the whole EcPairingCircuit at k = 20 (one pair 780,475 rows, two 1,017,330; 34 advice columns): each
 * MockProver run takes ~1.1 GB and ~30 s on the 2-core box (measured 2026-12-02), checked against
 * @ethereumjs/evm's ecPairing, with the G2 membership test and a forged output at full size.
 * The reduced loop is the same code as the full one (millerLoop with other digits); with reference.test.ts
 * (the full loop and final exponentiation on BigFq against noble) and circuit.test.ts (the circuit's rows
 * equal BigFq's count) it covers the pieces without a 2^20-row run.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { NobleBN254 } from '@ethereumjs/evm';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { BigFq, EcPairingCircuit, PairingOps, slotWords, pairingCheck, type Fq12, type Fq2, type Fq6, type G2 } from '../../../../circuits/ecc/pairing/index.js';
import { elementValue } from '../../../../circuits/gadgets/nonnative/index.js';
import { minK } from '../../../../circuits/gadgets/common.js';
import { Rng } from '../../field/rng.js';
import { failuresAfter, honestFailures } from '../../gadgets/helpers.js';
import { pairingCircuit, reference, twistPointOutsideG2, type Body } from './harness.js';

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

  describe('the whole EcPairingCircuit (k = 20), against @ethereumjs/evm', () => {
    const R = bn254.fields.Fr.ORDER;
    const [a, b] = [rng.below(R - 1n) + 1n, rng.below(R - 1n) + 1n];
    const word = (v: bigint) => v.toString(16).padStart(64, '0');
    const g1 = (pt: InstanceType<typeof bn254.G1.Point>) => word(pt.toAffine().x) + word(pt.toAffine().y);
    const g2Raw = (q: G2<bigint>) => word(q.x[1]) + word(q.x[0]) + word(q.y[1]) + word(q.y[0]);
    const g2 = (pt: InstanceType<typeof bn254.G2.Point>) => { const t = pt.toAffine(); return g2Raw({ x: [t.x.c0, t.x.c1], y: [t.y.c0, t.y.c1] }); };
    const [aG, bH] = [g1(bn254.G1.Point.BASE.multiply(a)), g2(bn254.G2.Point.BASE.multiply(b))];

    /** Mock-proves one call at the smallest k that fits it; (success, output) must be ethereumjs's ([0, 0] when it fails). */
    function run(hex: string, slots: number) {
      const input = Uint8Array.from(hex.match(/../g) ?? [], (x) => parseInt(x, 16));
      let want: bigint[];
      try { want = [1n, BigInt(new NobleBN254().pairing(input)[31])]; } catch { want = [0n, 0n]; }
      const F = new BigFq(P);
      pairingCheck(new PairingOps(F), (w) => F.read(w), BigInt(input.length), slotWords(input, slots));
      const k = minK(F.rows.nonNative);
      const circuit = new EcPairingCircuit([{ input }], slots);
      expect(honestFailures(circuit, k)).to.deep.equal([]);
      expect([circuit.results[0].success.value, circuit.results[0].output.value]).to.deep.equal(want);
      return { circuit, k, want };
    }

    it('e(aG, bH)·e(−abG, H) = 1 on one call of 2 slots: success 1, output 1', () => {
      const { k, want } = run(aG + bH + g1(bn254.G1.Point.BASE.multiply((a * b) % R).negate()) + g2(bn254.G2.Point.BASE), 2);
      expect([k, ...want]).to.deep.equal([20, 1n, 1n]);
    });

    it('a valid pair, then Q on the twist outside G2: success 0 (the in-circuit membership test at full size)', () => {
      expect(run(aG + bH + aG + g2Raw(twistPointOutsideG2(rng)), 2).want).to.deep.equal([0n, 0n]);
    });

    it('e(aG, bH) ≠ 1: output 0; a forged output 1 fails exactly the and-gate that made it and its copy into the table', () => {
      const { circuit, k, want } = run(aG + bH, 1);
      expect(want).to.deep.equal([1n, 0n]);
      const cell = circuit.results[0].output;
      const failures = failuresAfter(circuit, k, [], [{ column: 'flag', row: cell.row, value: 1n }]);
      expect(failures.filter((f) => !f.startsWith('copy '))).to.deep.equal([`gate flag and/out = a·b@${cell.row - 2}`]);
      expect(failures.filter((f) => f.startsWith('copy '))).to.deep.equal([`copy flag@${cell.row}~ecpairing output@${circuit.results[0].rows[0][3].row}`]);
    });
  });
});
