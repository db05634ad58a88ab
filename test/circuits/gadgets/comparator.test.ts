import { expect } from 'chai';
import type { Circuit, Layouter } from '../../../circuits/plonk/index.js';
import { ComparatorChip, LtChip, RangeTable } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from './helpers.js';
import { synthesize } from '../../../circuits/plonk/index.js';

const N = 4;
const rng = new Rng(0xc0ba);
const MAX = (1n << BigInt(8 * N)) - 1n;
const PAIRS: Array<[bigint, bigint]> = [[0n, 0n], [0n, 1n], [1n, 0n], [MAX, MAX], [0n, MAX], [MAX, 0n], [5n, 5n]];
for (let i = 0; i < 9; i++) PAIRS.push([rng.bits(8 * N), rng.bits(8 * N)]);
PAIRS.push([123456n, 123457n]);

function ltCircuit(pairs: ReadonlyArray<readonly [bigint, bigint]>) {
  return new TestCircuit<{ table: RangeTable; lt: LtChip }>((cs) => {
    const table = RangeTable.configure(cs, 'byte', 8);
    const [a, b, lt] = ['a', 'b', 'lt'].map((n) => cs.adviceColumn(n));
    const diff = Array.from({ length: N }, (_, i) => cs.adviceColumn(`diff ${i}`));
    return { table, lt: LtChip.configure(cs, 'lt', table, a, b, lt, diff) };
  }, (cfg, layouter: Layouter) => {
    cfg.table.load(layouter);
    layouter.assignRegion('compare', (region) => pairs.forEach(([a, b], i) => cfg.lt.assign(region, i, a, b)));
  });
}

function column<C>(circuit: Circuit<C>, name: string, rows: number): bigint[] {
  const a = synthesize(circuit, 9, [], true);
  const col = a.cs.advice.find((c) => c.name === name)!;
  return a.advice[col.index].slice(0, rows);
}

function cmpCircuit(pairs: ReadonlyArray<readonly [bigint, bigint]>) {
  return new TestCircuit<{ table: RangeTable; cmp: ComparatorChip }>((cs) => {
    const table = RangeTable.configure(cs, 'byte', 8);
    const [a, b, lt, inverse, eq] = ['a', 'b', 'lt', 'inv', 'eq'].map((n) => cs.adviceColumn(n));
    const diff = Array.from({ length: N }, (_, i) => cs.adviceColumn(`diff ${i}`));
    return { table, cmp: ComparatorChip.configure(cs, 'cmp', table, { a, b, lt, diff, inverse, eq }) };
  }, (cfg, layouter: Layouter) => {
    cfg.table.load(layouter);
    layouter.assignRegion('compare', (region) => pairs.forEach(([a, b], i) => cfg.cmp.assign(region, i, a, b)));
  });
}

describe('gadgets: LessThan and comparators over n bytes', () => {
  it(`LtChip (n = ${N}): lt = (a < b) on edge and random pairs, MockProver passes`, () => {
    const c = ltCircuit(PAIRS);
    expect(honestFailures(c, 9)).to.deep.equal([]);
    expect(column(c, 'lt', PAIRS.length)).to.deep.equal(PAIRS.map(([a, b]) => (a < b ? 1n : 0n)));
  });

  it('flipping lt alone breaks the difference equation', () => {
    expect(failuresAfter(ltCircuit(PAIRS), 9, [], [{ column: 'lt', row: 1, value: 0n }]))
      .to.deep.equal(['gate lt/a − b + lt·256^n = Σ diff·256^i@1']);
  });

  it('a consistent lie (lt flipped, diff re-decomposed with the overflow in the top byte) fails only the top byte lookup', () => {
    // row 2: a = 1 ≥ b = 0, claim lt = 1: diff = a − b + 256^n = 256^n + 1 → bytes (1, 0, 0, 256)
    expect(failuresAfter(ltCircuit(PAIRS), 9, [], [
      { column: 'lt', row: 2, value: 1n }, { column: 'diff 0', row: 2, value: 1n }, { column: `diff ${N - 1}`, row: 2, value: 256n },
    ])).to.deep.equal([`lookup lt diff byte ${N - 1}@2`]);
  });

  it('a lie the other way (a < b, lt = 0) needs a negative difference: no byte decomposition exists', () => {
    // row 1: a = 0 < b = 1, claim lt = 0: a − b = −1; the best byte guess (255, 255, 255, 255) misses by 256^n
    const edits = [{ column: 'lt', row: 1, value: 0n }, ...Array.from({ length: N }, (_, i) => ({ column: `diff ${i}`, row: 1, value: 255n }))];
    expect(failuresAfter(ltCircuit(PAIRS), 9, [], edits)).to.deep.equal(['gate lt/a − b + lt·256^n = Σ diff·256^i@1']);
  });

  it('a non-boolean lt fails "lt is boolean"', () => {
    // row 0: a = b = 0, lt = 2 and diff = 2·256^n does not fit either; set the top byte to 2·256 to isolate the boolean check
    expect(failuresAfter(ltCircuit(PAIRS), 9, [], [{ column: 'lt', row: 0, value: 2n }, { column: `diff ${N - 1}`, row: 0, value: 512n }]))
      .to.deep.equal(['gate lt/lt is boolean@0', `lookup lt diff byte ${N - 1}@0`]);
  });

  it('ComparatorChip: (lt, eq) agree with BigInt comparison; lies are caught', () => {
    const c = cmpCircuit(PAIRS);
    expect(honestFailures(c, 9)).to.deep.equal([]);
    expect(column(c, 'lt', PAIRS.length)).to.deep.equal(PAIRS.map(([a, b]) => (a < b ? 1n : 0n)));
    expect(column(c, 'eq', PAIRS.length)).to.deep.equal(PAIRS.map(([a, b]) => (a === b ? 1n : 0n)));
    expect(failuresAfter(c, 9, [], [{ column: 'eq', row: 6, value: 0n }])).to.deep.equal(['gate cmp eq/out = 1 − value·inv@6']);
    expect(failuresAfter(c, 9, [], [{ column: 'eq', row: 7, value: 1n }, { column: 'inv', row: 7, value: 0n }]))
      .to.deep.equal(['gate cmp eq/value·out = 0@7']);
  });

  describe('real prover (k = 9)', function () {
    this.timeout(60_000);

    it('LtChip: the consistent lie (lt flipped, top diff byte 256) is rejected by the verifier', async () => {
      expect(await expectVerifierRejects(ltCircuit(PAIRS), 9, [], [
        { column: 'lt', row: 2, value: 1n }, { column: 'diff 0', row: 2, value: 1n }, { column: `diff ${N - 1}`, row: 2, value: 256n },
      ])).to.deep.equal([`lookup lt diff byte ${N - 1}@2`]);
    });

    it('ComparatorChip: eq = 1 on different values (inv = 0) is rejected by the verifier', async () => {
      expect(await expectVerifierRejects(cmpCircuit(PAIRS), 9, [], [{ column: 'eq', row: 7, value: 1n }, { column: 'inv', row: 7, value: 0n }]))
        .to.deep.equal(['gate cmp eq/value·out = 0@7']);
    });
  });
});
