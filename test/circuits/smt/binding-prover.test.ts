import { expect } from 'chai';
import { SmtBindingCircuit, exactBindingCapacity } from '../../../circuits/smt/index.js';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/index.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { expectVerifierRejects } from '../gadgets/helpers.js';
import { TreeState } from './state-fixture.js';

const [X, Y] = [0xaan, 0xbbn];

describe('smt binding: real prover and verifier', function () {
  this.timeout(600_000);
  // keygen and two proofs at k = 11: ~30 s of CPU, over the per-file budget
  (process.env.SLOW ? it : it.skip)('(SLOW=1: ~42 s under load, k = 11) a proof of a changed storage value is rejected by the verifier; the honest one verifies', async () => {
    const rows: RwRow[] = [
      { rwCounter: 1, isWrite: true, tag: RwTag.Account, id: 0, address: X, fieldTag: AccountField.Balance, storageKey: 0n, value: 90n, valuePrev: 100n, committedValue: 0n },
      { rwCounter: 2, isWrite: true, tag: RwTag.Storage, id: 1, address: Y, fieldTag: 0, storageKey: 1n, value: 6n, valuePrev: 5n, committedValue: 5n },
    ];
    const trees = await TreeState.create([{ address: X, balance: 100n }, { address: Y, code: Uint8Array.of(0), storage: [[1n, 5n]] }]);
    const w = await smtBindingWitness(rows, trees);
    const c = new SmtBindingCircuit(stateWitness(rows, 4), w, exactBindingCapacity(w, 3));
    const r = w.rows.findIndex((x) => x.op.kind === 'storage');
    const failures = await expectVerifierRejects(c, 11, c.instances(), [{ column: 'smt bind chLoA', row: r, value: 9n }]);
    expect(failures).to.include(`lookup smt bind storage after is an RW last access@${r}`);
  });
});
