import { expect } from 'chai';
import { Address, bigIntToBytes, generateAddress, generateAddress2, setLengthLeft } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { splitWord } from '../../../circuits/gadgets/word.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import type { BatchCapacity } from '../../../circuits/witness/batch.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from '../super/fixture.js';
import { deploy, initCodeFor } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
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
    expect(failures([{ column: 'evm aux byte 10', row: nonce, value: (v) => v + 1n }])).to.include(`gate evm CreateTxCollision/aux bytes 10 … 17 = gas left (gas limit ≥ intrinsic gas)@${nonce}`);
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
});

describe('evm circuit: a creation at an address with storage alone (EIP-7610: HasStorage, bound by the SMT binding)', function () {
  this.timeout(300_000);
  const STORED = { code: new Uint8Array(), storage: [[1n, 2n]] as Array<[bigint, bigint]> };
  const hasStorageReads = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.HasStorage).map((r) => [r.address, r.value]);
  const rowOf = (w: EvmWitness, name: string) => w.steps.findIndex((s) => s.spec.gadget.name === name);

  it('a creation tx there fails (CreateTxCollision, the storage reason); MockProver passes; "no storage" or another reason is refused, by the real verifier too', async () => {
    const b = await runPrograms([deploy(asm('STOP'), 5n)], [{ address: createdAt(0), ...STORED }]);
    expect(b.txs.map((t) => [t.status, t.steps.length])).to.deep.equal([[0, 0]]);
    const w = evmCase(b);
    expect(hasStorageReads(w)).to.deep.equal([[BigInt(createdAt(0).toString()), 1n]]);
    const at = rowOf(w, 'CreateTxCollision');
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    expect(honestFailures(evmComposed(w, COMPOSED, 8), 12)).to.deep.equal([]);
    const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    // the read says "no storage" (and the RW table disagrees)
    expect(failures([{ column: 'evm slot 3 lo', row: at, value: 0n }, { column: 'evm slot 3 prev lo', row: at, value: 0n }]))
      .to.include.members([`gate evm CreateTxCollision/storage flag: A has storage (EIP-7610) lo@${at}`, `lookup evm rw slot 3@${at}`]);
    // the nonce flagged instead: the nonce is 0, and the read is no longer asked for
    expect(failures([{ column: 'evm aux byte 3', row: at, value: 0n }, { column: 'evm aux byte 0', row: at, value: 1n }]))
      .to.include.members([`gate evm CreateTxCollision/the flagged field differs from an unused account's: (…)·inv = 1@${at}`, `gate evm CreateTxCollision/storage flag: HasStorage of A is read@${at}`]);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm slot 3 lo', row: at, value: 0n }, { column: 'evm slot 3 prev lo', row: at, value: 0n }]))
      .to.include(`gate evm CreateTxCollision/storage flag: A has storage (EIP-7610) lo@${at}`);
  });

  it('a creation that succeeds reads "no storage": CreateBalance (tx) and CallDebit after CreateAccount (CREATE2); "storage" there is refused', async () => {
    const salt = 1n;
    const create2 = asm('PUSH1', Number(salt), 'PUSH0', 'PUSH0', 'PUSH0', 'CREATE2', 'PUSH0', 'SSTORE', 'STOP');
    const b = await runPrograms([deploy(asm('STOP')), create2]);
    const w = evmCase(b);
    const a2 = BigInt(new Address(generateAddress2(programAddress(1).bytes, setLengthLeft(bigIntToBytes(salt), 32), new Uint8Array())).toString());
    expect(hasStorageReads(w)).to.deep.equal([[BigInt(createdAt(0).toString()), 0n], [a2, 0n]]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    const [balance, debit] = [rowOf(w, 'CreateBalance'), rowOf(w, 'CreateAccount') + 1];
    expect(failures([{ column: 'evm slot 2 lo', row: balance, value: 1n }, { column: 'evm slot 2 prev lo', row: balance, value: 1n }]))
      .to.include.members([`gate evm CreateBalance/no storage at the new address (EIP-7610) lo@${balance}`, `lookup evm rw slot 2@${balance}`]);
    expect(failures([{ column: 'evm slot 2 lo', row: debit, value: 1n }, { column: 'evm slot 2 prev lo', row: debit, value: 1n }]))
      .to.include.members([`gate evm CallDebit/no storage at the new address (EIP-7610): lo@${debit}`, `lookup evm rw slot 2@${debit}`]);
    // the read skipped (its slot off): the rule asks for it after CreateAccount
    expect(failures([{ column: 'evm slot 2 on', row: debit, value: 0n }])).to.include(`gate evm CallDebit/after CreateAccount: HasStorage of A is read@${debit}`);
  });

  it('CREATE2 there fails (CreateCollision, the storage reason); MockProver passes', async () => {
    const salt = 1n;
    const a = new Address(generateAddress2(programAddress(0).bytes, setLengthLeft(bigIntToBytes(salt), 32), new Uint8Array()));
    const b = await runPrograms([asm('PUSH1', Number(salt), 'PUSH0', 'PUSH0', 'PUSH0', 'CREATE2', 'PUSH0', 'SSTORE', 'STOP')], [{ address: a, ...STORED }]);
    expect(b.txs[0]!.frames.map((f) => [f.kind, f.success])).to.deep.equal([['CALL', true], ['CREATE2', false]]);
    const w = evmCase(b);
    expect(hasStorageReads(w)).to.deep.equal([[BigInt(a.toString()), 1n]]);
    expect(rowOf(w, 'CreateCollision')).to.be.greaterThan(0);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('in a batch: the SMT binding proves the storage (an op before any storage op); a binding claiming none is refused (TEST ONLY configuration without ecrecover, k = 12)', async () => {
    const capacity: BatchCapacity = {
      k: 12, txs: 1, evm: { steps: 64, bitwiseOps: 0 }, rw: 96, bytecode: 56, keccakPerms: 12, keccakUnits: 8,
      smt: { ops: 6, keys: 6, branches: 24, leaves: 10, accounts: 10 },
    };
    const a = BigInt(createdAt(0).toString());
    const bound = await withStateRoots(await runPrograms([deploy(asm('STOP'), 5n)], [{ address: createdAt(0), ...STORED }]), [{ address: a, ...STORED }]);
    const first = bound.state.rows[0]!.op;
    expect(first.kind === 'account' && [first.address, first.touched]).to.deep.equal([a, [false, false, false, true]]);
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    expect(honestFailures(circuit, capacity.k, circuit.instances())).to.deep.equal([]);
    // the consistent lie: the EVM's read, the RW table and the binding all say "no storage" (a creation that succeeds would read that)
    const rw = circuit.witness.rws.findIndex((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.HasStorage);
    const step = rowOf(circuit.witness.evm!, 'CreateTxCollision');
    expect(failuresAfter(circuit, capacity.k, circuit.instances(), [
      { column: 'rw valueLo', row: rw, value: 0n }, { column: 'rw valuePrevLo', row: rw, value: 0n },
      { column: 'smt bind hasStorage', row: 0, value: 0n }, { column: 'smt bind invSrB', row: 0, value: 0n },
      { column: 'evm slot 3 lo', row: step, value: 0n }, { column: 'evm slot 3 prev lo', row: step, value: 0n },
    ])).to.deep.equal([`gate evm CreateTxCollision/storage flag: A has storage (EIP-7610) lo@${step}`, 'gate smt bind row/srB ≠ 0 ⇒ hasStorage@0']);
  });
});
