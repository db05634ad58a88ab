import { expect } from 'chai';
import { TOY_CURVE } from '../../../circuits/ecc/index.js';
import { adviceColumns } from '../../../circuits/gadgets/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { SIG_TABLE_FIELDS, SigCircuit, sigLookupPairs, type SigCall, type SigLookupRow } from '../../../circuits/sig/index.js';
import { TestCircuit, corrupt, summary } from '../gadgets/helpers.js';

// A review found that rows no recovery fills were free advice: a tuple written there answered lookups. The fixed
// `enabled` tag now refuses it (the same holds for the ecAdd/ecMul precompile tables).

describe('sig table: only rows a recovery fills answer lookups', function () {
  this.timeout(120_000);

  it('a "valid signature of 0xdeadbeef" written into an unused row is not found', () => {
    // one invalid call (r = 0): its row is (…, address 0, isValid 0); the caller claims another signature valid
    const calls: SigCall[] = [{ msgHash: 5n, recId: 0n, r: 0n, s: 9n, keccakId: 0 }];
    const claim = [1n, 0n, 0n, 2n, 0n, 3n, 0n, 0xdeadbeefn, 1n];
    const inner = new SigCircuit(calls, { configure: configureKeccakFixture, assign: (t, l) => assignKeccakFixture(t, l, []) }, TOY_CURVE);
    const circuit = new TestCircuit((cs) => {
      const cfg = inner.configure(cs);
      const q = cs.selector('caller');
      const cols = adviceColumns(cs, 'caller', SIG_TABLE_FIELDS);
      const row = Object.fromEntries(SIG_TABLE_FIELDS.map((f) => [f, cols[f].cur()])) as unknown as SigLookupRow;
      cs.lookup('signature', sigLookupPairs(cfg.table, q.expr(), row));
      return { cfg, q, cols };
    }, ({ cfg, q, cols }, layouter) => {
      inner.synthesize(cfg, layouter);
      layouter.assignRegion('caller', (region) => {
        region.enableSelector(q, 0);
        SIG_TABLE_FIELDS.forEach((f, i) => region.assignAdvice(`caller ${f}`, cols[f], 0, claim[i]!));
      });
    });
    const a = synthesize(circuit, 12, [], true);
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal(['lookup signature@0']);
    const forged = corrupt(a, SIG_TABLE_FIELDS.map((f, i) => ({ column: `sig table ${f}`, row: 200, value: claim[i]! })));
    expect(summary(MockProver.fromAssignment(forged).verify())).to.deep.equal(['lookup signature@0']);
  });
});
