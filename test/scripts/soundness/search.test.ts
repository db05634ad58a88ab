import { expect } from 'chai';
import { EditSearch, cellCandidates } from '../../../scripts/soundness/search.js';
import { stateRoot } from '../../../scripts/soundness/targets/super-seams.js';
import { cellEdit } from '../../../scripts/soundness/types.js';

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
});
