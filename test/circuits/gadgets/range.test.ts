import { expect } from 'chai';
import { ConstraintSystem, MockProver, type Layouter } from '../../../circuits/plonk/index.js';
import { GadgetError, RangeCheckChip, RangeTable } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from './helpers.js';

interface Config { table: RangeTable; chip: RangeCheckChip }

/** `chunks` chunks of a `bits`-bit table: checks values < 2^(chunks·bits). */
function rangeCircuit(bits: number, chunks: number, values: readonly bigint[]) {
  return new TestCircuit<Config>((cs) => {
    const table = RangeTable.configure(cs, `u${bits}`, bits);
    const value = cs.adviceColumn('value');
    const cols = Array.from({ length: chunks }, (_, i) => cs.adviceColumn(`chunk ${i}`));
    return { table, chip: RangeCheckChip.configure(cs, 'range', table, value, cols) };
  }, (cfg: Config, layouter: Layouter) => {
    cfg.table.load(layouter);
    layouter.assignRegion('values', (region) => values.forEach((v, i) => cfg.chip.assign(region, i, v)));
  });
}

describe('gadgets: range tables and RangeCheckChip', () => {
  const rng = new Rng(0x7a9e);
  const u16 = [0n, 1n, 255n, 256n, 65535n, ...Array.from({ length: 11 }, () => rng.bits(16))];

  it('16 bits as two byte lookups (k = 9, not the 2^16 table\'s k = 17): honest values pass', () => {
    const c = rangeCircuit(8, 2, u16);
    expect(honestFailures(c, 9)).to.deep.equal([]);
  });

  it('a byte cell of 256 (recomposition kept consistent) is caught by the byte lookup alone', () => {
    // value 256 = chunk0 0 + chunk1 1  →  chunk0 256 + chunk1 0
    const c = rangeCircuit(8, 2, u16);
    expect(failuresAfter(c, 9, [], [{ column: 'chunk 0', row: 3, value: 256n }, { column: 'chunk 1', row: 3, value: 0n }]))
      .to.deep.equal(['lookup range chunk 0@3']);
  });

  it('a value of 2^16 split as (0, 256) fails the top chunk lookup; a wrong chunk fails the recomposition', () => {
    const c = rangeCircuit(8, 2, u16);
    expect(failuresAfter(c, 9, [], [{ column: 'value', row: 4, value: 65536n }, { column: 'chunk 0', row: 4, value: 0n }, { column: 'chunk 1', row: 4, value: 256n }]))
      .to.deep.equal(['lookup range chunk 1@4']);
    expect(failuresAfter(c, 9, [], [{ column: 'chunk 1', row: 7, value: (v) => v ^ 1n }]))
      .to.deep.equal(['gate range decomposition/value = Σ chunk·2^(bits·i)@7']);
  });

  it('honest synthesis of an out-of-range value refuses with a GadgetError', () => {
    expect(() => MockProver.run(9, rangeCircuit(8, 2, [65536n]), [])).to.throw(GadgetError, /does not fit 16 bits/);
  });

  it('a 4-bit table with 3 chunks checks 12 bits at k = 5', () => {
    const vals = Array.from({ length: 12 }, () => rng.bits(12));
    expect(honestFailures(rangeCircuit(4, 3, vals), 5)).to.deep.equal([]);
    expect(failuresAfter(rangeCircuit(4, 3, vals), 5, [], [{ column: 'chunk 2', row: 0, value: 16n }]))
      .to.deep.equal(['gate range decomposition/value = Σ chunk·2^(bits·i)@0', 'lookup range chunk 2@0']);
  });

  it('tables report their size and minimum k (byte: 9, 16-bit: 17)', () => {
    const cs = new ConstraintSystem();
    const t8 = RangeTable.configure(cs, 'b', 8);
    const t16 = RangeTable.configure(cs, 'w', 16);
    expect([t8.size, t8.minK, t16.size, t16.minK]).to.deep.equal([256, 9, 65536, 17]);
  });

  it('real prover (k = 9): a byte cell of 256 with a consistent recomposition is rejected by the verifier', async function () {
    this.timeout(60_000);
    expect(await expectVerifierRejects(rangeCircuit(8, 2, u16), 9, [], [{ column: 'chunk 0', row: 3, value: 256n }, { column: 'chunk 1', row: 3, value: 0n }]))
      .to.deep.equal(['lookup range chunk 0@3']);
  });
});
