import { expect } from 'chai';
import { ConstraintSystem, type Column, type Selector } from '../../../circuits/plonk/index.js';
import { poseidon } from '../../../circuits/poseidon/index.js';
import { PoseidonTable, hashBranch, hashLeaf, type HashEntry, type HashWidth } from '../../../circuits/smt/index.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';

const K = 9;
const ENTRIES: HashEntry[] = [{ width: 3, inputs: [1n, 2n] }, { width: 4, inputs: [3n, 4n, 1n] }];
const CAPACITY = { branches: 2, leaves: 2 };
/** Claimed hashes: (width, in0, in1, in2, out) rows looked up into the table. */
const CLAIMS: bigint[][] = [[3n, 1n, 2n, 0n, hashBranch(1n, 2n)], [4n, 3n, 4n, 1n, hashLeaf(3n, 4n)], [3n, 0n, 0n, 0n, hashBranch(0n, 0n)]];

const circuit = (claims: bigint[][], widths: HashWidth[] = [3, 4], entries = ENTRIES, capacity: Parameters<PoseidonTable['assign']>[2] = CAPACITY) => new TestCircuit<{ table: PoseidonTable; q: Selector; cols: Column[] }>(
  (cs) => {
    const table = PoseidonTable.configure(cs, 'tbl', widths);
    const q = cs.selector('claim');
    const cols = ['width', 'in0', 'in1', 'in2', 'in3', 'out'].map((n) => cs.adviceColumn(`claim ${n}`));
    const e = cols.map((c) => q.expr().mul(c.cur()));
    cs.lookup('claim in table', table.lookup(e[0], e.slice(1, 5), e[5]));
    return { table, q, cols };
  },
  ({ table, q, cols }, layouter) => {
    table.assign(layouter, entries, capacity);
    layouter.assignRegion('claims', (region) => claims.forEach((row, i) => {
      region.enableSelector(q, i);
      const full = row.length === 5 ? [...row.slice(0, 4), 0n, row[4]] : row;
      full.forEach((v, j) => region.assignAdvice('claim', cols[j], i, v));
    }));
  },
);

describe('smt: PoseidonTable (hashes read from the Poseidon chips by rotation)', function () {
  this.timeout(60_000);

  it('holds the entries (and the zero padding hashes) for lookups; 66 rows per branch hash, 65 per leaf hash', () => {
    expect(honestFailures(circuit(CLAIMS), K)).to.deep.equal([]);
    expect(PoseidonTable.configure(new ConstraintSystem(), 'tbl').rows(CAPACITY)).to.equal(2 * 66 + 2 * 65);
  });

  it('a wrong claimed hash, width or leaf marker is not in the table', () => {
    expect(failuresAfter(circuit(CLAIMS), K, [], [{ column: 'claim out', row: 0, value: (v) => v + 1n }])).to.deep.equal(['lookup claim in table@0']);
    expect(failuresAfter(circuit(CLAIMS), K, [], [{ column: 'claim width', row: 1, value: 3n }])).to.deep.equal(['lookup claim in table@1']);
    expect(failuresAfter(circuit(CLAIMS), K, [], [{ column: 'claim in2', row: 1, value: 0n }])).to.deep.equal(['lookup claim in table@1']);
  });

  it('a table hash whose output cell is changed breaks its last Poseidon round (and the claim no longer matches)', () => {
    // the width-3 entry 0 occupies rows 0..65: its output is s0 at row 65
    expect(failuresAfter(circuit(CLAIMS), K, [], [{ column: 'tbl t4 s0', row: 65, value: (v) => v + 1n }]))
      .to.deep.equal(["gate tbl t3 full round/lane 0: s0' = Σ M·S(s + c)@64", 'lookup claim in table@0']);
  });

  it('widths 2 and 5 (account keys and leaf values) share the widest chip\'s columns; a wrong width-5 input is refused', () => {
    const entries: HashEntry[] = [...ENTRIES, { width: 2, inputs: [9n] }, { width: 5, inputs: [1n, 2n, 3n, 4n] }];
    const claims = [...CLAIMS, [2n, 9n, 0n, 0n, 0n, poseidon([9n])], [5n, 1n, 2n, 3n, 4n, poseidon([1n, 2n, 3n, 4n])]];
    const cap = { ...CAPACITY, keys: 1, accounts: 1 };
    const c = circuit(claims, [2, 3, 4, 5], entries, cap);
    expect(honestFailures(c, K)).to.deep.equal([]);
    expect(PoseidonTable.configure(new ConstraintSystem(), 'tbl', [2, 3, 4, 5]).rows(cap)).to.equal(2 * 66 + 2 * 65 + 65 + 69);
    expect(failuresAfter(c, K, [], [{ column: 'claim in3', row: 4, value: 5n }])).to.deep.equal(['lookup claim in table@4']);
    expect(failuresAfter(c, K, [], [{ column: 'claim width', row: 3, value: 3n }])).to.deep.equal(['lookup claim in table@3']);
  });

  it('refuses more entries than the capacity', () => {
    expect(() => honestFailures(new TestCircuit((cs) => PoseidonTable.configure(cs, 'tbl'), (table, layouter) => table.assign(layouter, ENTRIES, { branches: 0, leaves: 1 })), K))
      .to.throw(/1 hashes of width 3, capacity 0/);
  });
});
