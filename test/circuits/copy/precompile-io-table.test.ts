import { expect } from 'chai';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { copy } from '../../../scripts/soundness/targets/copy.js';
import { corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';

// Table audit (rows no one fills must not answer lookups): the precompile I/O table's cells are advice, so a
// tuple written into a row no call fills answered the copy circuit's output read — a forged precompile output
// byte copied into memory. The fixed `enabled` tag, 1 only where a call fills a row, now refuses it.

// The copy target's layout: call 9's output byte 1 (0xbb) is copied to memory on copy row 32 by the write at rw
// counter 26; the precompile fixture fills rows 1…6, row 20 is unused.
const FORGED_OUTPUT: Edit[] = [
  ...([['callId', 9n], ['isOutput', 1n], ['index', 1n], ['byte', 0xeen]] as const).map(([f, v]) => ({ column: `precompile fixture ${f}`, row: 20, value: v })),
  { column: 'copy value', row: 32, value: 0xeen },
  { column: 'rw fixture valueLo', row: 26, value: 0xeen },
];

describe('precompile I/O table: only rows a call fills answer lookups', function () {
  this.timeout(120_000);
  const { circuit, k } = copy.honest();

  it('a forged output byte written into an unused row is refused by the output read alone', () => {
    const a = synthesize(circuit, k, [], true);
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
    expect(summary(MockProver.fromAssignment(corrupt(a, FORGED_OUTPUT)).verify())).to.deep.equal(['lookup copy precompile output read@32']);
  });

  // the fixture's filled rows are unconstrained stand-ins (a precompile circuit is to prove them): there the tuple passes
  it('the same tuple on a row the call fills is found (the tag is what refuses the forgery)', () => {
    const onFilledRow = FORGED_OUTPUT.map((e) => (e.column.startsWith('precompile fixture') ? { ...e, row: 5 } : e));
    expect(summary(MockProver.fromAssignment(corrupt(synthesize(circuit, k, [], true), onFilledRow)).verify())).to.deep.equal([]);
  });

  it('real prover: the forged output byte is rejected by the verifier', async () => {
    expect(await expectVerifierRejects(circuit, k, [], FORGED_OUTPUT)).to.deep.equal(['lookup copy precompile output read@32']);
  });
});
