import { expect } from 'chai';
import { analyze, type TargetReport } from '../../../scripts/soundness/engine.js';
import { FAST_CORRUPTIONS } from '../../../scripts/soundness/cli.js';
import { smtUpdate } from '../../../scripts/soundness/targets/smt-update.js';
import { ecMul } from '../../../scripts/soundness/targets/ec-mul.js';
import { sig } from '../../../scripts/soundness/targets/sig.js';
import { evm } from '../../../scripts/soundness/targets/evm.js';
import { honestFailures } from '../../circuits/gadgets/helpers.js';

/**
 * The on-demand targets that are not yet fully guarded, pinned: what is unguarded is exactly what its header
 * says (so a new gap, or a closed one, shows), no negative test is broken, and the fuzz finds no free cell.
 */
const unguarded = (r: TargetReport) => r.items.filter((i) => i.killers.length === 0 && !i.exception).map((i) => i.item.id);
const check = (r: TargetReport, expected: string[]) => {
  expect(unguarded(r)).to.deep.equal(expected);
  expect(r.problems.filter((p) => !p.startsWith('unguarded: '))).to.deep.equal([]);
  expect(r.fuzz!.free).to.deep.equal([]);
  expect(r.fuzz!.caught).to.be.greaterThan(0);
};

describe('scripts/soundness: on-demand targets (fast mode)', function () {
  this.timeout(300_000);

  (process.env.SLOW ? it : it.skip)('smt-update (SLOW=1: ~15 s of CPU, k = 11): unguarded: the above flags\' rules', () => {
    check(analyze(smtUpdate, { corruptions: FAST_CORRUPTIONS, seed: 1 }), [
      'gate smt path/aboveO is boolean', 'gate smt path/aboveO is non-increasing', 'gate smt path/aboveN is boolean', 'gate smt path/aboveN is non-increasing',
      'gate smt bottom/aboveO = 0', 'gate smt bottom/aboveN = 0',
    ]);
  });

  // the scalar-mul chain is being reworked: its items' names are not pinned, only that nothing else is found
  for (const [t, cost] of [[ecMul, '~10 s'], [sig, '~20 s']] as const) {
    (process.env.SLOW ? it : it.skip)(`${t.name} (SLOW=1: ${cost} of CPU, k = 12): no broken negative, no free cell; its own table guarded`, () => {
      const r = analyze(t, { corruptions: FAST_CORRUPTIONS, seed: 1 });
      expect(r.problems.filter((p) => !p.startsWith('unguarded: '))).to.deep.equal([]);
      expect(r.fuzz!.free).to.deep.equal([]);
      expect(r.negatives.every((n) => n.kills.length === 1), 'each negative isolates one item').to.equal(true);
    });
  }

  // the target's block runs every execution state: a witness builder change that breaks one shows here, not only in the SLOW run
  it('evm (k = 13): the honest witness of its block passes the MockProver', async () => {
    await evm.prepare!();
    const { circuit, k, instances } = evm.honest();
    expect(honestFailures(circuit, k, instances)).to.deep.equal([]);
  });

  (process.env.SLOW ? it : it.skip)('evm (SLOW=1: ~12 min of CPU, k = 13): no broken negative, no free cell; each negative isolates one item', async function () {
    this.timeout(2_400_000);
    await evm.prepare!();
    const r = analyze(evm, { corruptions: FAST_CORRUPTIONS, seed: 1 });
    expect(r.problems.filter((p) => !p.startsWith('unguarded: '))).to.deep.equal([]);
    expect(r.fuzz!.free).to.deep.equal([]);
    expect(r.negatives.every((n) => n.kills.length === 1), 'each negative isolates one item').to.equal(true);
    expect(r.items.filter((i) => i.killers.length > 0).length, 'guarded items (see the target\'s header)').to.be.at.least(3308);
  });
});
