import { expect } from 'chai';
import { analyze } from '../../../scripts/soundness/engine.js';
import { copy } from './soundness-target.js';

// The soundness tool's fast mode on the copy target (until scripts/soundness/registry.ts lists copyTargets,
// whose CI run then covers this).
describe('copy circuit: soundness tool, fast mode (every item guarded, no free cell)', function () {
  this.timeout(300_000);

  it('constraint deletion and 300 seeded cell corruptions find nothing', () => {
    const report = analyze(copy, { corruptions: 300, seed: 1 });
    expect(report.problems).to.deep.equal([]);
    expect(report.items.filter((i) => i.killers.length === 0).map((i) => i.item.id).sort()).to.deep.equal(copy.exceptions!.map((x) => x.item).sort());
  });
});
