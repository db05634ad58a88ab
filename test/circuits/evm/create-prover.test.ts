import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects } from '../gadgets/helpers.js';
import { deploy, initCodeFor } from '../witness/deploy.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 64;

describe('evm circuit: a contract-creation tx under the real prover', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const row = (name: string) => w.steps.findIndex((s) => s.spec.name === name);

  before(async () => {
    w = evmCase(await runPrograms([deploy(initCodeFor(asm('PUSH1', 42, 'PUSH1', 0, 'SSTORE', 'STOP')))]));
  });

  it('the real prover: a deployed code hash other than keccak of the returned bytes is rejected by the verifier', async () => {
    const r = row('CodeDeposit');
    const rw = w.steps[r]!.rwCounter - 1 + 1;
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w),
      [{ column: 'evm slot 1 lo', row: r, value: (v) => v + 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v + 1n }]);
    expect(failed).to.deep.equal([`lookup evm keccak digest@${r}`]);
  });
});
