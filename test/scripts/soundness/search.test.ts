import { expect } from 'chai';
import type { Circuit, Column, ConstraintSystem, Layouter, Selector } from '../../../circuits/plonk/index.js';
import { EditSearch, cellCandidates } from '../../../scripts/soundness/search.js';
import { stateRoot } from '../../../scripts/soundness/targets/super-seams.js';
import { cellEdit, type NegativeTest, type SoundnessTarget } from '../../../scripts/soundness/types.js';

/**
 * b = 2a on a row, and (a, b) looked up in a two-column advice table (a fixture: "fixture key", "fixture value", rows
 * 0 … 3 holding (i, 2i)), which the search may rewrite.
 */
class DoubledCircuit implements Circuit<{ a: Column; b: Column; key: Column; value: Column; q: Selector }> {
  configure(cs: ConstraintSystem) {
    const [a, b, key, value] = ['a', 'b', 'fixture key', 'fixture value'].map((n) => cs.adviceColumn(n)) as [Column, Column, Column, Column];
    const q = cs.selector('double');
    cs.createGate('double', { 'b = 2a': q.expr().mul(b.cur().sub(a.cur().mul(2))) });
    cs.lookup('pair', [[q.expr().mul(a.cur()), key.cur()], [q.expr().mul(b.cur()), value.cur()]]);
    return { a, b, key, value, q };
  }

  synthesize(cfg: ReturnType<DoubledCircuit['configure']>, layouter: Layouter): void {
    layouter.assignRegion('fixture', (t) => {
      for (let i = 0; i < 4; i++) { t.assignAdvice('key', cfg.key, i, BigInt(i)); t.assignAdvice('value', cfg.value, i, BigInt(2 * i)); }
    });
    layouter.assignRegion('doubles', (r) => {
      r.enableSelector(cfg.q, 0);
      r.assignAdvice('a', cfg.a, 0, 3n);
      r.assignAdvice('b', cfg.b, 0, 6n);
    });
  }
}
const doubled: SoundnessTarget = { name: 'doubled', family: 'test', honest: () => ({ circuit: new DoubledCircuit(), k: 4, instances: [] }), negatives: [] };

/** The edit search (scripts/soundness/search.ts) on the state-root target (k = 9): what it returns is refused by the item alone. */
describe('scripts/soundness: edit search', function () {
  this.timeout(120_000);
  const search = new EditSearch(stateRoot);

  it('a one-cell edit: the first candidate refused by one item alone (a difference byte raised within the byte range)', () => {
    const item = 'gate state root range decomposition/value = Σ chunk·2^(bits·i)';
    const spec = search.isolateItem(item, [0], false)!;
    expect(spec).to.match(/^state root chunk \d+@0 /);
    expect(search.refusedBy(cellEdit(spec))).to.deep.equal([item]);
  });

  it('repair: a difference off by one breaks its rule and the byte decomposition; the chunk solved for it leaves the rule alone', () => {
    const item = 'gate state root/dLo = r_lo − 1 − lo + borrow·2^128';
    expect(search.isolateItem(item, [0], false), 'no single cell isolates it').to.equal(undefined);
    const spec = search.isolateItem(item, [0], true)!;
    expect(spec).to.match(/^state root d@0 \+ 1; state root chunk 0@0 = 18$/);
    expect(search.refusedBy(cellEdit(spec))).to.deep.equal([item]);
  });

  it('isolate: over every assigned cell, each found edit is refused by its item alone; the edits leave the witness honest', () => {
    const { found } = search.isolate(cellCandidates(search.honest), new Set());
    expect(found.size).to.be.greaterThan(3);
    for (const [item, spec] of found) expect(search.refusedBy(cellEdit(spec)), spec).to.deep.equal([item]);
    expect(search.refusedBy({ name: 'nothing', mutate: () => undefined })).to.deep.equal([]);
  });

  it('table repair: a lie the fixture table would refuse gets a row past the table agreeing with it', () => {
    const item = 'gate double/b = 2a';
    const free = new EditSearch(doubled, /^fixture /);
    expect(new EditSearch(doubled).isolateItem(item, [0], true), 'without free tables the lookup objects too').to.equal(undefined);
    const spec = free.isolateItem(item, [0], false)!;
    expect(spec).to.equal('b@0 + 1; fixture@14 = [3,7]');
    expect(free.refusedBy(cellEdit(spec))).to.deep.equal([item]);
    // a lie written as a test, settled for the open item it breaks: the table gains the pair
    const lie: NegativeTest = { name: 'a = 4', mutate: (w) => w.set('a', 0, 4n) };
    expect([...free.settleLie(lie, (i) => i === item)]).to.deep.equal([[item, 'a@0 = 4; fixture@14 = [4,6]']]);
    // the lookup under attack is never the one repaired
    const lookup = free.isolateItem('lookup pair', [0], true);
    expect(lookup, 'the lookup itself is never repaired').to.match(/^[ab]@0 /);
    expect(free.refusedBy(cellEdit(lookup!))).to.deep.equal(['lookup pair']);
  });
});
