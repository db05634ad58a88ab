import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { SuperCircuitWithoutEcrecoverTestOnly } from './fixture.js';

const K = 12;
const CAPACITY: BatchCapacity = { k: K, txs: 2, evm: { steps: 48, bitwiseOps: 0 }, rw: 64, bytecode: 8, keccakPerms: 10, keccakUnits: 4 };
const PAYEE = createAddressFromString('0x00000000000000000000000000000000000beef1');

describe(`batch circuit without ecrecover (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  let two: BlockTrace;
  before(async () => {
    two = await runPrograms([{ to: PAYEE, value: 10n ** 18n }, { to: PAYEE, value: 3n }]);
  });

  it('a block of 2 ETH transfers executed by the node satisfies every sub-circuit and seam', () => {
    const c = SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [two]);
    console.log(c.witness.usage);
    expect(honestFailures(c, K, c.instances())).to.deep.equal([]);
  });
});
