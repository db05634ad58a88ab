import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, CallContextField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 10;
const CAPACITY = 200;
/** runBlock's Call with no `to`: @ethereumjs/tx makes a contract-creation tx of it. */
const deploy = (data: Uint8Array) => ({ to: undefined as never, data });

/** Init code that stores `runtime` (≤ 32 bytes) at memory 0 and returns it. */
export function initCodeFor(runtime: Uint8Array): Uint8Array {
  const word = BigInt(`0x${bytesToHex(runtime).padEnd(64, '0')}`);
  return asm('PUSH32', word, 'PUSH1', 0, 'MSTORE', 'PUSH1', runtime.length, 'PUSH1', 0, 'RETURN');
}

describe('evm circuit: contract-creation txs (differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  const runtime = asm('PUSH1', 42, 'PUSH1', 0, 'SSTORE', 'STOP');
  let block: BlockTrace;
  let w: EvmWitness;
  const row = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    block = await runPrograms([deploy(initCodeFor(runtime))]);
    w = evmCase(block);
  });

  it('a deploy tx: the new address, nonce 1, the runtime as its code; MockProver passes', () => {
    const tx = block.txs[0]!;
    expect([tx.to, tx.status]).to.deep.equal([null, 1]);
    expect(unsupportedOps(tx)).to.deep.equal([]);
    const created = BigInt(tx.contractAddress!);
    const last = (field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === created && r.fieldTag === field).at(-1)!.value;
    expect(last(AccountField.Nonce)).to.equal(1n);
    expect(last(AccountField.CodeHash)).to.equal(BigInt(`0x${bytesToHex(keccak_256(runtime))}`));
    expect(w.codes.map((c) => bytesToHex(c.code))).to.include(bytesToHex(runtime));
    const callee = w.rws.find((r) => r.tag === RwTag.CallContext && r.fieldTag === CallContextField.CalleeAddress)!;
    expect(callee.value).to.equal(created);
    console.log(w.steps.map((s) => s.spec.name).join(' '));
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });
});
