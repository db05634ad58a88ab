import { expect } from 'chai';
import { analyze } from '../../../../scripts/soundness/engine.js';
import { nonNative } from '../../../../scripts/soundness/targets/nonnative.js';

describe('gadgets: non-native soundness target (scripts/soundness/targets/nonnative.ts)', function () {
  this.timeout(180_000);

  it('every item is guarded: each forgery is refused by exactly its item; no free cell', () => {
    const r = analyze(nonNative, { corruptions: 60, seed: 1 });
    expect(r.problems).to.deep.equal([]);
    expect(r.items.filter((i) => i.killers.length === 0).map((i) => i.item.id)).to.deep.equal([]);
    expect(r.negatives.filter((n) => n.kills.length !== 1).map((n) => n.name)).to.deep.equal([]);
    expect(r.fuzz!.caught).to.equal(60);
  });
});
