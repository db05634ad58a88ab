/**
 * Grouped logUp inputs (circuits/plonk/protocol.ts): one h column per group of lookups into the same table,
 * h = Σ 1/(β + f_j), as many inputs per group as the degree allows. Group boundaries with 1, 2 and 3 lookups into
 * one table, an input outside the table, and a cheating prover's h (edited through proveAssignment's hook).
 */
import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { frMod } from '../../../circuits/field/fr-scalar.js';
import {
  keygen, MockProver, failureSummary, prove, synthesize, verify, type Column, type ConstraintSystem, type Layouter, type ProvingKey,
} from '../../../circuits/plonk/index.js';
import { groupInputs, type Challenges } from '../../../circuits/plonk/protocol.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { ByteLookups, K, rowsOf } from './byte-lookups.js';
import { failingConstraints } from './argument-check.js';

const N = 1 << K;

/** x looked up in a byte table, y in a table of 1000..1015: two tables, one running sum. */
class TwoTables {
  configure(cs: ConstraintSystem): { x: Column; y: Column; byte: Column; big: Column } {
    const [x, y] = [cs.adviceColumn('x'), cs.adviceColumn('y')];
    const [byte, big] = [cs.fixedColumn('byte table'), cs.fixedColumn('big table')];
    cs.lookup('x byte', [[x.cur(), byte.cur()]]);
    cs.lookup('y big', [[y.cur(), big.cur()]]);
    return { x, y, byte, big };
  }
  synthesize(cfg: { x: Column; y: Column; byte: Column; big: Column }, layouter: Layouter): void {
    layouter.assignRegion('tables', (t) => {
      for (let v = 0; v < 256; v++) t.assignFixed('byte', cfg.byte, v, BigInt(v));
      for (let v = 0; v < 16; v++) t.assignFixed('big', cfg.big, v, 1000n + BigInt(v));
    });
    // y: a big value on every usable row (the big table has no zero row)
    layouter.assignRegion('values', (r) => { for (let i = 0; i < N - 1; i++) { r.assignAdvice('x', cfg.x, i, BigInt(i % 256)); r.assignAdvice('y', cfg.y, i, 1000n + BigInt(i % 16)); } });
  }
}

describe('plonk: grouped logUp inputs (one h per group of lookups into a table)', function () {
  this.timeout(120_000);
  let srs: Srs;
  const keys = new Map<number, ProvingKey>();
  before(async () => {
    await initKernel();
    srs = devSrs(K);
    for (const count of [1, 2, 3]) keys.set(count, await keygen(srs, new ByteLookups(count, rowsOf(count)), K));
  });

  it('groups first fit in input order within the degree (1 + Σ deg ≤ degree; degree 0 counts as 1), the first of a given weight', () => {
    expect(groupInputs([2, 2, 2], 5)).to.deep.equal([[0, 1], [2]]);
    expect(groupInputs([1, 1, 1, 1, 1], 5)).to.deep.equal([[0, 1, 2, 3], [4]]);
    expect(groupInputs([3, 2, 1, 1], 5)).to.deep.equal([[0, 2], [1, 3]]);
    expect(groupInputs([4, 4], 5)).to.deep.equal([[0], [1]]);
    expect(groupInputs([0, 0, 0, 0, 0], 3)).to.deep.equal([[0, 1], [2, 3], [4]]);
    expect(groupInputs([2, 2, 2, 1], 3, 1)).to.deep.equal([[3], [0], [1], [2]]);
    expect(groupInputs([2, 2], 5, 3)).to.deep.equal([[0], [1]]);
    expect(groupInputs([4], 5, 3)).to.deep.equal([[], [0]]);
  });

  const IN = (input: number) => ({ lookup: 0, input });
  const TABLE = { lookup: 0, input: undefined };
  for (const [count, own, groups, names] of [
    [1, [IN(0)], [[TABLE]], ['lookup table of "x0 byte": h = −m/(β + t)']],
    [2, [IN(0)], [[IN(1), TABLE]], ['lookup "x1 byte", table of "x0 byte": h = 1/(β + f) − m/(β + t)']],
    [3, [IN(0)], [[IN(1), IN(2)], [TABLE]], ['lookup "x1 byte", "x2 byte": h = Σ 1/(β + f)', 'lookup table of "x0 byte": h = −m/(β + t)']],
  ] as const) {
    it(`${count} lookup(s) into one table at degree 3: the running sum takes x0, ${names.length} h column(s) of two terms at most; an honest proof verifies`, async () => {
      const pk = keys.get(count)!;
      const p = pk.vk.protocol;
      expect(p.degree).to.equal(3);
      expect(p.lookups).to.have.length(1);
      expect(p.sumTerms.map((x) => ({ ...x }))).to.deep.equal(own);
      expect(p.lookupGroups.map((g) => g.terms.map((x) => ({ ...x })))).to.deep.equal(groups);
      expect(p.constraints().map((c) => c.name)).to.include('lookups: running sum (and "x0 byte")');
      expect(p.constraints().map((c) => c.name).filter((n) => n.includes(': h ='))).to.deep.equal(names);
      const circuit = new ByteLookups(count, rowsOf(count));
      expect(verify(pk.vk, [], await prove(pk, srs, circuit, []))).to.deep.equal({ ok: true });
    });
  }

  for (const input of [0, 2]) {
    it(`an input outside the table (x${input} = 256, ${input === 0 ? 'a term of the running sum itself' : 'second of two inputs in an h'}): MockProver names its lookup, the proof is rejected`, async () => {
      const circuit = new ByteLookups(3, rowsOf(3));
      const a = synthesize(circuit, K, [], true);
      a.advice[input][5] = 256n;
      expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal([`lookup x${input} byte@5`]);
      const r = verify(keys.get(3)!.vk, [], await proveAssignment(keys.get(3)!, srs, a));
      expect(r).to.deep.equal({ ok: false, reason: 'the constraints do not hold at the challenge point (quotient identity failed)' });
    });
  }

  it('a cheating h (δ moved between two rows of one group, so φ still closes) breaks exactly that group\'s constraint there; the proof is rejected', async () => {
    const pk = keys.get(3)!;
    const p = pk.vk.protocol;
    const target = p.lookupGroups[0].h;
    const a = synthesize(new ByteLookups(3, rowsOf(3)), K, [], true);
    const args = new Map<Column, bigint[]>();
    let ch: Partial<Challenges> = {};
    const proof = await proveAssignment(pk, srs, a, undefined, (column, values, challenges) => {
      args.set(column, values);
      ch = challenges;
      if (column !== target) return false;
      values[3] = frMod(values[3] + 5n);
      values[9] = frMod(values[9] - 5n);
      return true;
    });
    expect([...args.keys()]).to.have.members([...p.phase1, ...p.phase2]);
    expect(failingConstraints(pk, a, args, ch as Challenges)).to.deep.equal(['lookup "x1 byte", "x2 byte": h = Σ 1/(β + f)@3', 'lookup "x1 byte", "x2 byte": h = Σ 1/(β + f)@9']);
    const r = verify(pk.vk, [], proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.reason).to.match(/quotient identity failed/);
  });

  it('tables are tagged: an input in another table (x = 1000, counted in that table\'s m) does not close the one sum', async () => {
    const circuit = new TwoTables();
    const pk = await keygen(srs, circuit, K);
    const p = pk.vk.protocol;
    expect(p.lookups.map((l) => l.tag)).to.deep.equal([1n, 2n]);
    const a = synthesize(circuit, K, [], true);
    a.advice[0][5] = 1000n;
    expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal(['lookup x byte@5']);
    const args = new Map<Column, bigint[]>();
    let ch: Partial<Challenges> = {};
    // the cheat: the big table's m counts x = 1000 (at its row 0); untagged, Σ 1/(β + f) = Σ m/(β + t) would then hold
    const proof = await proveAssignment(pk, srs, a, undefined, (column, values, challenges) => {
      args.set(column, values);
      ch = challenges;
      if (column === p.lookups[1].m) { values[0] += 1n; return true; }
      return false;
    });
    expect(failingConstraints(pk, a, args, ch as Challenges)).to.deep.equal([`lookups: sum ends at 0@${N - 1}`]);
    expect(verify(pk.vk, [], proof).ok).to.equal(false);
    expect(verify(pk.vk, [], await prove(pk, srs, circuit, []))).to.deep.equal({ ok: true });
  });

  it('the honest argument columns satisfy every constraint on every row (the row check above is not vacuous)', async () => {
    const pk = keys.get(3)!;
    const a = synthesize(new ByteLookups(3, rowsOf(3)), K, [], true);
    const args = new Map<Column, bigint[]>();
    let ch: Partial<Challenges> = {};
    await proveAssignment(pk, srs, a, undefined, (column, values, challenges) => { args.set(column, values); ch = challenges; return false; });
    expect(failingConstraints(pk, a, args, ch as Challenges)).to.deep.equal([]);
  });
});
