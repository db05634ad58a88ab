import { expect } from 'chai';
import { Address, bigIntToBytes, generateAddress } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { splitWord } from '../../../circuits/gadgets/word.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from '../super/fixture.js';
import { deploy, initCodeFor } from '../witness/deploy.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit } from './harness.js';

const K = 10;
const STEPS = 256;
const COMPOSED = { steps: STEPS, bitwiseOps: 0, rw: 512, bytecode: 256 };
/** Where runBlock's sender creates with its nonce-n tx. */
const createdAt = (n: number) => new Address(generateAddress(SENDER.bytes, n === 0 ? new Uint8Array() : bigIntToBytes(BigInt(n))));

describe('evm circuit: a creation tx at an address in use (EIP-684: CreateTxCollision, differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.flatMap((s, i) => (s.spec.gadget.name === name ? [i] : []));
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 0 creates where code is (its value not moved), tx 1 creates at a fresh address, tx 2 where a nonce is
    const runtime = asm('PUSH1', 1, 'PUSH0', 'SSTORE', 'STOP');
    block = await runPrograms([deploy(initCodeFor(runtime), 5n), deploy(initCodeFor(runtime)), deploy(asm('STOP'))],
      [{ address: createdAt(0), code: asm('STOP') }, { address: createdAt(2), code: new Uint8Array(), nonce: 3n }]);
    w = evmCase(block);
  });

  it('fails the tx with all its gas, no code run, the address and the value untouched; MockProver passes (EVM alone and with the state circuit)', () => {
    expect(block.txs.map((t) => [t.status, t.steps.length > 0, unsupportedOps(t)])).to.deep.equal([[0, false, []], [1, true, []], [0, false, []]]);
    expect([block.txs[0]!.gasUsed, block.txs[2]!.gasUsed]).to.deep.equal([block.txs[0]!.gasLimit, block.txs[2]!.gasLimit]);
    const at = rowsOf('CreateTxCollision');
    expect(at.map((r) => [w.steps[r - 1]!.spec.gadget.name, w.steps[r + 1]!.spec.gadget.name, w.steps[r]!.txId])).to.deep.equal([['CreateRlp', 'EndTx', 1], ['CreateRlp', 'EndTx', 3]]);
    // the address in use is read, never written; the sender's debit of the value is undone
    for (const n of [0, 2]) {
      const a = BigInt(createdAt(n).toString());
      expect(w.rws.filter((r) => r.tag === RwTag.Account && r.address === a && r.isWrite && r.fieldTag !== AccountField.Balance)).to.deep.equal([]);
    }
    const sender = BigInt(SENDER.toString());
    const debits = w.rws.filter((r) => r.tag === RwTag.Account && r.address === sender && r.fieldTag === AccountField.Balance && r.isWrite && r.value - r.valuePrev === -5n);
    const undone = w.rws.filter((r) => r.tag === RwTag.Account && r.address === sender && r.fieldTag === AccountField.Balance && r.isWrite && r.value - r.valuePrev === 5n);
    expect([debits.length, undone.length]).to.deep.equal([1, 1]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    expect(honestFailures(evmComposed(w, COMPOSED, 8), 12)).to.deep.equal([]);
  });

  it('a lie is refused: an unused address, gas kept, the creation\'s intrinsic gas not covered, a successful receipt', async () => {
    const [code, nonce] = rowsOf('CreateTxCollision') as [number, number];
    // the code hash read as the empty code's (lo), the nonce as 0: no field differs (and the RW table disagrees)
    const [emptyLo] = splitWord(KECCAK_EMPTY);
    expect(failures([{ column: 'evm slot 2 lo', row: code, value: emptyLo }, { column: 'evm slot 2 prev lo', row: code, value: emptyLo }]))
      .to.include.members([`gate evm CreateTxCollision/the flagged field differs from an unused account's: (…)·inv = 1@${code}`, `lookup evm rw slot 2@${code}`]);
    expect(failures([{ column: 'evm slot 1 lo', row: nonce, value: 0n }, { column: 'evm slot 1 prev lo', row: nonce, value: 0n }]))
      .to.include.members([`gate evm CreateTxCollision/the flagged field differs from an unused account's: (…)·inv = 1@${nonce}`, `lookup evm rw slot 1@${nonce}`]);
    expect(failures([{ column: 'evm gas', row: nonce + 1, value: (v) => v + 1n }])).to.include(`gate evm CreateTxCollision/all gas consumed: gas' = 0@${nonce}`);
    expect(failures([{ column: 'evm aux byte 9', row: nonce, value: (v) => v + 1n }])).to.include(`gate evm CreateTxCollision/aux bytes 9 … 16 = gas left (gas limit ≥ intrinsic gas)@${nonce}`);
    expect(failures([{ column: 'evm persistent', row: nonce + 1, value: 1n }])).to.include(`gate evm step/EndTx: persistent = 1 − the call failed@${nonce + 1}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm inv', row: nonce, value: 0n }]))
      .to.include(`gate evm CreateTxCollision/the flagged field differs from an unused account's: (…)·inv = 1@${nonce}`);
  });

  it('in a batch: every sub-circuit and seam passes, the SMT binding leaves the address in use as it was (TEST ONLY configuration without ecrecover, k = 12)', async () => {
    const capacity: BatchCapacity = {
      k: 12, txs: 1, evm: { steps: 64, bitwiseOps: 0 }, rw: 96, bytecode: 56, keccakPerms: 12, keccakUnits: 8,
      smt: { ops: 4, keys: 4, branches: 20, leaves: 8, accounts: 8 },
    };
    const a = BigInt(createdAt(0).toString());
    const bound = await withStateRoots(await runPrograms([deploy(asm('STOP'), 5n)], [{ address: createdAt(0), code: asm('STOP') }]), [{ address: a, code: asm('STOP') }]);
    const ops = bound.state.rows.filter((r) => r.op.address === a).map((r) => r.op);
    expect(ops.map((op) => op.kind === 'account' && op.after !== null && op.before !== null && [op.after.codeHash === op.before.codeHash, op.after.nonce, op.after.balance])).to.deep.equal([[true, 0n, 0n]]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    expect(honestFailures(circuit, capacity.k, circuit.instances())).to.deep.equal([]);
  });

  it('unprovable, with the reason: an address with storage alone (EIP-7610)', async () => {
    const b = await runPrograms([deploy(asm('STOP'))], [{ address: createdAt(0), code: new Uint8Array(), storage: [[1n, 2n]] }]);
    expect(b.txs.map((t) => [t.status, t.steps.length])).to.deep.equal([[0, 0]]);
    expect(() => evmCase(b)).to.throw(UnsupportedExecutionError, /EIP-7610/);
  });
});
