/**
 * The pairing building blocks in-circuit (k ≤ 12): each body runs on CircuitFq and on BigFq; the circuit
 * must be satisfied, give the reference's values (themselves checked against noble in reference.test.ts)
 * and use exactly the rows BigFq counts (so BigFq's count of a whole pairing is the circuit's). Mutations
 * name the failing constraint.
 * Heavier pieces (Fq12 mul/square, Miller-loop steps) run under SLOW in slow.test.ts; the real-verifier
 * rejection is in verifier.test.ts.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { G1_GENERATOR, ONE12, type Fq12, type Fq2, type Fq6, type G2 } from '../../../../circuits/ecc/pairing/index.js';
import { elementValue, type Element } from '../../../../circuits/gadgets/nonnative/index.js';
import { synthesize } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { failuresAfter, honestFailures, type Edit } from '../../gadgets/helpers.js';
import { pairingCircuit, reference, type Body } from './harness.js';

const P = FQ_MODULUS;
const K = 12;
const rng = new Rng(0x0808c);
const fq2 = (): Fq2<bigint> => [rng.below(P), rng.below(P)];
const fq6 = (): Fq6<bigint> => [fq2(), fq2(), fq2()];
const fq12 = (): Fq12<bigint> => [fq6(), fq6()];
/** JSON of values, an Element (limb cells) read as its value so circuit and reference results compare. */
const str = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v?.limbs ? elementValue(v).toString() : v));
const g2 = (s: bigint): G2<bigint> => {
  const a = bn254.G2.Point.BASE.multiply(s).toAffine();
  return { x: [a.x.c0, a.x.c1], y: [a.y.c0, a.y.c1] };
};

/** Runs `body` both ways and checks: satisfied, same values, same non-native rows. */
function agree<R>(body: Body<R>, k = K) {
  const run = pairingCircuit(body);
  expect(honestFailures(run.circuit, k)).to.deep.equal([]);
  const ref = reference(body);
  expect(str(run.out().value)).to.equal(str(ref.value));
  expect(run.out().nonNative, 'circuit rows = BigFq count').to.equal(ref.nonNative);
  return run;
}

/** A v-column limb row set to `value` with its bytes consistent (so only gates reading the value object). */
function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

describe('ecc pairing: tower and curve blocks in-circuit', function () {
  this.timeout(300_000);
  const [a, b, c, d] = [fq2(), fq2(), fq6(), fq6()];

  const towerBody: Body<unknown> = (o) => {
    const [A, B] = [o.fq2Witness(() => a), o.fq2Witness(() => b)];
    const [C, D] = [c, d].map((x) => x.map((y) => o.fq2Witness(() => y)) as unknown as Fq6<never>);
    const m6 = o.fq6Mul(C, D);
    return {
      values: [o.fq2Mul(A, B), o.fq2Square(A), o.fq2MulXi(A), o.fq2Conj(A)].map((x) => o.fq2Value(x)),
      fq6: m6.map((x) => o.fq2Value(x)),
      // the last operation's result limb (an add nothing reads), for the mutation test
      last: m6[2][1],
    };
  };

  it('Fq2 mul, square, ·ξ, conj and Fq6 mul: values and rows match the reference', () => {
    agree(towerBody);
  });

  it('a result limb + 1 (bytes kept consistent) fails exactly its add block\'s limb-0, native and canonical checks', () => {
    const run = pairingCircuit(towerBody);
    const honest = synthesize(run.circuit, K, [], true);
    const last = (run.out().value as { last: Element }).last;
    const row = last.limbs[0].row;
    const old = honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][row];
    expect(failuresAfter(run.circuit, K, [], limbEdit(row, old + 1n))).to.deep.equal([
      `gate fq add (1-bit q)/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${row}`,
      `gate fq add (1-bit q)/native: A ± B ∓ q·P − R (mod r)@${row}`,
      `gate fq canonical/column 0: x + d = p − 1 + e0·2^88@${row}`,
    ].sort());
  });

  it('Fq12 × line, Frobenius p, p², p³, conjugation, is-one, cyclotomic square: values and rows match the reference', () => {
    const [e, g0, h0, h1] = [fq12(), rng.below(P), fq2(), fq2()];
    agree((o) => {
      const E = o.fq12Witness(() => e);
      const l = o.fq12MulLine(E, o.F.witness(() => g0), o.fq2Witness(() => h0), o.fq2Witness(() => h1));
      return { line: o.fq12Value(l), frob: o.fq12Value(o.fq12Frobenius(E, 1)), isOne: o.F.flag(o.fq12IsOne(o.fq12Conj(E))) };
    });
    agree((o) => o.fq12Value(o.fq12CyclotomicSquare(o.fq12Witness(() => e))));
    const run = agree((o) => {
      const E = o.fq12Witness(() => e);
      return [o.fq12Value(o.fq12Frobenius(E, 2)), o.fq12Value(o.fq12Frobenius(E, 3)), o.F.flag(o.fq12IsOne(o.fq12(ONE12))), o.F.flag(o.fq12IsOne(E))];
    });
    expect(run.out().value.slice(2)).to.deep.equal([1n, 0n]);
  });

  const [q, q2] = [g2(rng.below(1000n) + 2n), g2(rng.below(1000n) + 2000n)];
  const stepBody: Body<unknown> = (o) => {
    const Q = { x: o.fq2Witness(() => q.x), y: o.fq2Witness(() => q.y) };
    const Q2 = { x: o.fq2Witness(() => q2.x), y: o.fq2Witness(() => q2.y) };
    const off = { x: Q.x, y: o.fq2Add(Q.y, Q.y) };
    const dbl = o.g2Double(Q);
    const add = o.g2Add(dbl.point, Q2);
    const negX = o.F.sub(o.F.constant(0n), o.F.constant(G1_GENERATOR.x));
    const line = o.line(dbl.slope, Q, o.F.constant(G1_GENERATOR.y), negX);
    return {
      onCurve: [o.F.flag(o.g2OnCurve(Q)), o.F.flag(o.g2OnCurve(off))],
      dbl: [dbl.point.x, dbl.point.y, add.point.x, add.point.y].map((x) => o.fq2Value(x)),
      line: [o.F.value(line.g0), o.fq2Value(line.h0), o.fq2Value(line.h1)],
      psi: [o.psi(Q).x, o.psi(Q).y, o.negPsi2(Q).x, o.negPsi2(Q).y].map((x) => o.fq2Value(x)),
      slope: dbl.slope,
    };
  };

  it('G2 on-curve (a point and an off-curve one), double, add, the line at P, ψ and −ψ²: values and rows match', () => {
    const run = agree(stepBody);
    const v = run.out().value as { onCurve: bigint[]; dbl: Fq2<bigint>[] };
    expect(v.onCurve).to.deep.equal([1n, 0n]);
    const want = bn254.G2.Point.fromAffine({ x: { c0: q.x[0], c1: q.x[1] }, y: { c0: q.y[0], c1: q.y[1] } }).double()
      .add(bn254.G2.Point.fromAffine({ x: { c0: q2.x[0], c1: q2.x[1] }, y: { c0: q2.y[0], c1: q2.y[1] } })).toAffine();
    expect(str(v.dbl.slice(2))).to.equal(str([[want.x.c0, want.x.c1], [want.y.c0, want.y.c1]]));
  });

  it('λ·2y for the doubling slope is copy-constrained to 3x²: a wrong product fails its dot block and that copy', () => {
    const run = pairingCircuit(stepBody);
    const honest = synthesize(run.circuit, K, [], true);
    const slope = (run.out().value as { slope: Fq2<Element> }).slope;
    // after λ's two load blocks (8 rows each), λ·2y's c₀ = a₀b₀ − a₁b₁ is a dot block
    const sub = slope[0].limbs[0].row + 16;
    const old = honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][sub];
    const failures = failuresAfter(run.circuit, K, [], limbEdit(sub, old + 1n));
    expect(failures.filter((f) => !f.startsWith('copy '))).to.deep.equal([
      `gate fq canonical/column 0: x + d = p − 1 + e0·2^88@${sub}`,
      `gate fq dot −/column 0@${sub}`,
      `gate fq dot −/native: L = q·p + r (mod r)@${sub}`,
    ]);
    const copies = failures.filter((f) => f.startsWith('copy '));
    expect(copies).to.have.length(1);
    expect(copies[0]).to.match(new RegExp(`^copy nn v@${sub}~nn v@\\d+$`));
  });
});
