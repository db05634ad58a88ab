import { expect } from 'chai';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { mod } from '../../../../circuits/field/modular.js';
import { ADD, NonNativeAddChip, NonNativeChip, RangeTable, carryChain, elementValue, nonNativeColumns, toLimbs, type Element } from '../../../../circuits/gadgets/index.js';
import { synthesize } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../helpers.js';

const P = FQ_MODULUS;
const K = 10;
const rng = new Rng(0xadd2);
interface Case { a: bigint; b: bigint }
/** Per case: loads of a and b (8 rows each), then an add block and a sub block. */
const AT = { add: 16, sub: 16 + ADD.rows, rows: 16 + 2 * ADD.rows } as const;
const GATE = { add: 'fq add (1-bit q)', sub: 'fq sub (1-bit q)' } as const;

function harness(cases: readonly Case[]) {
  const results: { add: Element; sub: Element }[] = [];
  const circuit = new TestCircuit(
    (cs) => {
      const table = RangeTable.configure(cs, 'byte', 8);
      const fq = NonNativeChip.configure(cs, 'fq', P, nonNativeColumns(cs, 'nn', table));
      return { table, fq, adds: NonNativeAddChip.configure(cs, 'fq', fq) };
    },
    ({ table, fq, adds }, layouter) => {
      results.length = 0;
      table.load(layouter);
      cases.forEach((c, i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
        const [a, b] = [fq.load(region, 0, c.a), fq.load(region, 8, c.b)];
        return { add: adds.assign(region, AT.add, 'add', a, b), sub: adds.assign(region, AT.sub, 'sub', a, b) };
      })));
    },
  );
  return { circuit, results };
}

const CASES: Case[] = [
  { a: 0n, b: 0n }, { a: P - 1n, b: P - 1n }, { a: P - 1n, b: 1n }, { a: 0n, b: P - 1n },
  { a: (1n << 88n) - 1n, b: 1n }, { a: rng.below(P), b: rng.below(P) }, { a: rng.below(P), b: rng.below(P) },
];

function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

describe('gadgets: non-native add / sub with a one-bit quotient (BN254 Fq)', function () {
  this.timeout(180_000);
  const { circuit, results } = harness(CASES);
  const honest = synthesize(circuit, K, [], true);
  const auxAt = (row: number) => honest.advice[honest.cs.advice.find((x) => x.name === 'nn aux')!.index][row];
  const vAt = (row: number) => honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][row];
  // case 1 (p − 1 + p − 1: q = 1, a carry out of limb 0) starts at AT.rows
  const base = AT.rows;

  it('a + b and a − b match BigInt on 0, p − 1, a limb-0 carry and random operands', () => {
    expect(honestFailures(circuit, K)).to.deep.equal([]);
    CASES.forEach(({ a, b }, i) => {
      expect(elementValue(results[i].add)).to.equal(mod(a + b, P));
      expect(elementValue(results[i].sub)).to.equal(mod(a - b, P));
    });
    expect([auxAt(base + AT.add + ADD.aux.q), auxAt(base + AT.sub + ADD.aux.q)]).to.deep.equal([1n, 0n]);
  });

  it('a flipped quotient bit breaks limb 0 and the native check only', () => {
    const at = base + AT.add;
    expect(failuresAfter(circuit, K, [], [{ column: 'nn aux', row: at + ADD.aux.q, value: 0n }]))
      .to.deep.equal([`gate ${GATE.add}/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${at}`, `gate ${GATE.add}/native: A ± B ∓ q·P − R (mod r)@${at}`]);
  });

  it('a quotient of 2, a carry with both bits set and a wrong carry are each named', () => {
    const at = base + AT.sub;
    expect(failuresAfter(circuit, K, [], [{ column: 'nn aux', row: at + ADD.aux.q, value: 2n }])).to.deep.equal([
      `gate ${GATE.sub}/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${at}`, `gate ${GATE.sub}/native: A ± B ∓ q·P − R (mod r)@${at}`, `gate ${GATE.sub}/q is boolean@${at}`,
    ]);
    // (p − 1) − (p − 1): no carry (u = v = 0); u = v = 1 keeps u − v = 0, so only u·v = 0 objects
    expect([auxAt(at + ADD.aux.u), auxAt(at + ADD.aux.v)]).to.deep.equal([0n, 0n]);
    expect(failuresAfter(circuit, K, [], [{ column: 'nn aux', row: at + ADD.aux.u, value: 1n }, { column: 'nn aux', row: at + ADD.aux.v, value: 1n }]))
      .to.deep.equal([`gate ${GATE.sub}/u·v = 0@${at}`]);
    expect(failuresAfter(circuit, K, [], [{ column: 'nn aux', row: at + ADD.aux.u, value: 1n }]))
      .to.deep.equal([`gate ${GATE.sub}/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${at}`]);
  });

  it('a result limb + 1 (bytes consistent) breaks its canonical column, limb 0 and the native check', () => {
    const at = base + AT.add;
    expect(failuresAfter(circuit, K, [], limbEdit(at, vAt(at) + 1n))).to.deep.equal([
      `gate fq canonical/column 0: x + d = p − 1 + e0·2^88@${at}`,
      `gate ${GATE.add}/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${at}`,
      `gate ${GATE.add}/native: A ± B ∓ q·P − R (mod r)@${at}`,
    ].sort());
  });

  it('r = a + b ≥ p with q = 0 (consistent but for r < p) is refused by the canonical assertion only', () => {
    const at = base + AT.add;
    const { a, b } = CASES[1];
    const r = a + b;
    const [rl, dl] = [toLimbs(r), toLimbs((1n << 256n) + P - 1n - r)];
    const pm1 = toLimbs(P - 1n);
    const e = carryChain([0, 1].map((i) => rl[i] + dl[i] - pm1[i]));
    const c = (toLimbs(a)[0] + toLimbs(b)[0] - rl[0]) >> 88n;
    const edits: Edit[] = [
      ...rl.flatMap((l, i) => limbEdit(at + i, l)), ...dl.flatMap((l, i) => limbEdit(at + 3 + i, l)),
      { column: 'nn v', row: at + 6, value: e[0] }, { column: 'nn v', row: at + 7, value: e[1] }, { column: 'nn aux', row: at, value: 1n },
      { column: 'nn aux', row: at + ADD.aux.q, value: 0n }, { column: 'nn aux', row: at + ADD.aux.u, value: c }, { column: 'nn aux', row: at + ADD.aux.v, value: 0n },
    ];
    expect(failuresAfter(circuit, K, [], edits)).to.deep.equal([`gate fq assert canonical/x < p (f = 0)@${at}`]);
  });

  it('the real verifier rejects a proof with a flipped quotient bit', async () => {
    const small = harness(CASES.slice(1, 2));
    const failures = await expectVerifierRejects(small.circuit, 9, [], [{ column: 'nn aux', row: AT.add + ADD.aux.q, value: 0n }]);
    expect(failures).to.deep.equal([`gate ${GATE.add}/limb 0: a₀ ± b₀ ∓ q·p₀ − r₀ = (u − v)·2^88@${AT.add}`, `gate ${GATE.add}/native: A ± B ∓ q·P − R (mod r)@${AT.add}`]);
  });
});
