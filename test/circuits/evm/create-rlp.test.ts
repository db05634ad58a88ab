import { expect } from 'chai';
import { CallContextField, RwTag } from '../../../circuits/state/table.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { atNonce, deploy, initCodeFor } from '../witness/deploy.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 64;

describe('evm circuit: the RLP of (sender, nonce) in every nonce form (the deploy re-signed at other nonces)', function () {
  this.timeout(300_000);
  let block: BlockTrace;

  before(async () => {
    block = await runPrograms([deploy(initCodeFor(asm('PUSH1', 1, 'STOP')))]);
  });

  for (const nonce of [127n, 128n, 255n, 256n, 0x123456n, (1n << 64n) - 2n]) {
    it(`nonce ${nonce}: the address @ethereumjs derives; MockProver passes`, () => {
      const at = atNonce(block, nonce);
      const w = evmCase(at);
      const callee = w.rws.find((r) => r.tag === RwTag.CallContext && r.fieldTag === CallContextField.CalleeAddress)!;
      expect(callee.value).to.equal(BigInt(at.txs[0]!.contractAddress!));
      expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
    });
  }

  it('a non-minimal nonce form (200 as two bytes, 00 c8) fails the leading-byte rule', () => {
    const w = evmCase(atNonce(block, 200n));
    const r = w.steps.findIndex((s) => s.spec.name === 'CreateNonce');
    // the flags of the 1-byte and 2-byte long forms: slot 0's lo and hi cells
    const failed = failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [
      { column: 'evm slot 0 lo', row: r, value: () => 0n }, { column: 'evm slot 0 prev lo', row: r, value: () => 0n },
      { column: 'evm slot 0 hi', row: r, value: () => 1n }, { column: 'evm slot 0 prev hi', row: r, value: () => 1n },
    ]);
    expect(failed).to.include(`gate evm CreateNonce/aux byte 8 = leading byte − (n = 1 ? 128 : 1)@${r}`);
  });
});
