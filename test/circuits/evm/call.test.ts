import { expect } from 'chai';
import { Address, hexToBytes } from '@ethereumjs/util';
import { CallContextField, RwTag, type RwRow } from '../../../circuits/state/table.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { PRECOMPILE_BYTE } from '../../../circuits/evm/gadgets/account.js';
import { evmFixtureInput } from '../../../circuits/evm/fixture.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { deploy } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;
const SLOW = process.env.SLOW === '1';

const addressOf = (i: number): bigint => BigInt(programAddress(i).toString());
/** CALL(all gas left, `to`, `value`, no input, `out` bytes of return data at 0); then SSTORE(slot, success). */
const call = (to: bigint, { value = 0, out = 0, slot = 0 } = {}) =>
  ['PUSH1', out, 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', value, 'PUSH20', to, 'GAS', 'CALL', 'PUSH1', slot, 'SSTORE'] as const;
/** Stores 7 at slot 1, then returns 32 bytes (the word 0x2a). */
const STORE_RETURN = asm('PUSH1', 7, 'PUSH1', 1, 'SSTORE', 'PUSH1', 0x2a, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH0', 'RETURN');
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });

const rowOf = (w: EvmWitness, name: string, from = 0) => w.steps.findIndex((s, i) => i >= from && s.spec.gadget.name === name);
const names = (w: EvmWitness) => w.steps.map((s) => s.spec.gadget.name);
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
/** The storage the trace says @ethereumjs wrote, as (contract, slot, value). */
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.slot, a.value]));
const reversions = (w: EvmWitness): RwRow[] => {
  const used = new Set(w.steps.flatMap((s) => s.rws.map((r) => r.rwCounter)));
  return w.rws.filter((r) => !used.has(r.rwCounter));
};

describe('evm circuit: CALL into an account with code (differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;

  before(async () => {
    // the root CALLs a contract that stores and RETURNs 32 bytes (none asked back), then stores RETURNDATASIZE
    block = await runPrograms([asm(...call(addressOf(10)), 'RETURNDATASIZE', 'PUSH1', 2, 'SSTORE', 'STOP')], [contract(10, STORE_RETURN)]);
    w = evmCase(block);
  });

  it('CALL → SSTORE, RETURN: the callee\'s frame and the return into the caller; storage and gas as @ethereumjs; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const call = rowOf(w, 'CALL');
    expect(names(w).slice(call, call + 12)).to.deep.equal(['CALL', 'CallMemory', 'CallAccess', 'CallPrewarm', 'CallValue', 'CallEmpty', 'CallGas', 'CallStatic', 'CallSave', 'CallSwitch', 'CallDebit', 'CallCredit']);
    const ret = rowOf(w, 'RETURN');
    expect(names(w).slice(ret, ret + 6)).to.deep.equal(['RETURN', 'CallReturn', 'CallRestore', 'CallRestoreFrame', 'CallRestoreStatic', 'CallResume']);
    // the callee runs under the CALL row's rw counter as its call id; the caller resumes under its own
    expect(w.steps[call + 10]!.callId).to.equal(w.steps[call]!.rwCounter);
    expect(w.steps[ret + 6]!.callId).to.equal(w.steps[call]!.callId);
    expect(storageWrites(w)).to.deep.equal(traced(block));
    // success pushed, RETURNDATASIZE = 32 (the caller's LastCalleeReturnDataLength)
    expect(storageWrites(w).map((s) => s[2])).to.deep.equal([7n, 1n, 32n]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('nested calls 3 deep, with value (the 2300 stipend) and a callee running past its code: MockProver passes over the state circuit', async () => {
    // root → 11 (sends 5 wei) → 12 → 13, each storing its call's success; 13 stores and runs past its end
    const b = await runPrograms([{ to: programAddress(11), value: 9n }], [
      contract(11, asm(...call(addressOf(12), { value: 5 }), 'STOP')), contract(12, asm(...call(addressOf(13)), 'STOP')), contract(13, asm('PUSH1', 3, 'PUSH1', 4, 'SSTORE', 'JUMPDEST')),
    ]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 3, []]]);
    const n = evmCase(b);
    expect(names(n).filter((x) => x === 'CallSwitch' || x === 'CallResume')).to.deep.equal(['CallSwitch', 'CallSwitch', 'CallResume', 'CallResume']);
    expect(names(n)).to.include('ImplicitStop');
    expect(storageWrites(n)).to.deep.equal(traced(b));
    // the callee's Depth: 2, then 3
    expect(n.rws.filter((r) => r.tag === RwTag.CallContext && r.isWrite && r.fieldTag === CallContextField.Depth).map((r) => r.value)).to.deep.equal([1n, 2n, 3n]);
    expect(honestFailures(evmWithState(n, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a root REVERT after a successful CALL: the callee\'s storage write and value transfer undone with the root\'s', async () => {
    const b = await runPrograms([{ to: programAddress(14), value: 3n }], [contract(14, asm(...call(addressOf(10), { value: 2 }), 'PUSH0', 'PUSH0', 'REVERT')), contract(10, STORE_RETURN)]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[0, []]]);
    const r = evmCase(b);
    // last first: the root's SSTORE of the success flag (refund, warm slot, value), the callee's SSTORE, the transfer
    // (credit, debit), the root's warm mark of the callee, BeginTx6, BeginTx5
    const undo = reversions(r);
    expect(undo.map((x) => x.tag)).to.deep.equal([RwTag.TxRefund, RwTag.TxAccessListStorage, RwTag.Storage, RwTag.TxRefund, RwTag.TxAccessListStorage, RwTag.Storage,
      RwTag.Account, RwTag.Account, RwTag.TxAccessListAccount, RwTag.Account, RwTag.Account]);
    expect(undo.filter((x) => x.tag === RwTag.Storage).map((x) => [x.address, x.valuePrev, x.value])).to.deep.equal([[addressOf(14), 1n, 0n], [addressOf(10), 7n, 0n]]);
    expect(undo.filter((x) => x.tag === RwTag.Account).map((x) => x.valuePrev - x.value)).to.deep.equal([2n, -2n, 3n, -3n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('an inner REVERT with the outer succeeding: the callee\'s storage write, value and warm account undone, the caller continues', async () => {
    // 16 sends 2 wei to 15, which stores, warms 0xbeef (BALANCE) and REVERTs; 16 stores the flag (0), BALANCE(0xbeef) is cold again
    const b = await runPrograms([{ to: programAddress(16), value: 3n }], [
      contract(16, asm(...call(addressOf(15), { value: 2 }), 'PUSH2', 0xbeef, 'BALANCE', 'PUSH1', 3, 'SSTORE', 'STOP')),
      contract(15, asm('PUSH1', 7, 'PUSH1', 1, 'SSTORE', 'PUSH2', 0xbeef, 'BALANCE', 'POP', 'PUSH0', 'PUSH0', 'REVERT')),
    ]);
    expect(b.txs.map((t) => [t.status, t.frames.map((f) => f.success), unsupportedOps(t)])).to.deep.equal([[1, [true, false], []]]);
    const r = evmCase(b);
    // the callee's writes undone right after its REVERT, last first: BALANCE's warm mark, SstoreRefund, SSTORE's value and warm slot, the credit, the debit
    const revert = rowOf(r, 'REVERT');
    const undone = r.rws.filter((x) => x.rwCounter >= r.steps[revert]!.rwCounter + r.steps[revert]!.rws.length && x.rwCounter < r.steps[revert + 1]!.rwCounter);
    expect(undone.map((x) => x.tag)).to.deep.equal([RwTag.TxAccessListAccount, RwTag.TxRefund, RwTag.TxAccessListStorage, RwTag.Storage, RwTag.Account, RwTag.Account]);
    expect(storageWrites(r).filter((x) => x[0] === addressOf(15)).map((x) => x[2])).to.deep.equal([7n, 0n]);
    expect(storageWrites(r).filter((x) => x[0] === addressOf(16)).map((x) => x[2])).to.deep.equal([0n, 0n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // claiming the callee succeeded: CallReturn's success rule (and the caller's stack, which says 0)
    const ret = rowOf(r, 'CallReturn');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 3 lo', row: ret, value: 1n }, { column: 'evm slot 3 prev lo', row: ret, value: 1n }]))
      .to.deep.equal([`gate evm CallReturn/pushed · (it failed) = 0@${ret}`, `lookup evm rw slot 3@${ret}`]);
    // and with the inverse that makes it a success: the success rule (the caller resumes with it too)
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 3 lo', row: ret, value: 1n }, { column: 'evm slot 3 prev lo', row: ret, value: 1n }, { column: 'evm inv', row: ret, value: 1n }]))
      .to.include(`gate evm CallReturn/pushed ≠ 0 ⇔ the callee succeeded: pushed·inv = 1 − (it failed or entered no frame)@${ret}`);
  });

  it('a callee hitting INVALID: all its gas consumed, success 0; MockProver passes over the state circuit', async () => {
    const b = await runPrograms([asm(...call(addressOf(17)), 'STOP')], [contract(17, asm('PUSH1', 7, 'PUSH1', 1, 'SSTORE', 'INVALID'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(r.steps[rowOf(r, 'CallReturn')]!.gasLeft).to.equal(0n);
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([7n, 0n, 0n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a CALL with value to an account without code: the value moved, 25000 for a new account, success at once; MockProver passes over the state circuit', async () => {
    // 18 sends 5 wei to 0xbeef (empty: a new account) and 0 wei to itself... to 0xbee0, then 2 wei to 0xbeef again (no longer empty)
    const b = await runPrograms([{ to: programAddress(18), value: 9n }],
      [contract(18, asm(...call(0xbeefn, { value: 5 }), ...call(0xbee0n, { slot: 1 }), ...call(0xbeefn, { value: 2, slot: 2 }), 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 4, []]]);
    const r = evmCase(b);
    // no callee steps: CallCredit, then CallReturn
    expect(names(r).filter((x, k) => x === 'CallCredit' && names(r)[k + 1] === 'CallReturn')).to.have.length(3);
    const credits = r.rws.filter((x) => x.tag === RwTag.Account && x.isWrite && x.address === 0xbeefn).map((x) => x.value);
    expect(credits).to.deep.equal([5n, 7n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the first call's callee claimed not empty (no 25000): CallEmpty's rule
    const empty = rowOf(r, 'CallEmpty');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm aux byte 6', row: empty, value: 0n }])).to.include(`gate evm CallEmpty/empty@${empty}`);
  });

  it('return data copied into the caller\'s memory: min(asked, returned) bytes, from RETURN and from REVERT; storage as @ethereumjs; MockProver passes over the state circuit', async () => {
    const ones = (1n << 256n) - 1n;
    /** CALL(gas, to, 0, no input, `out` bytes at `at`); then MLOAD(at) stored at `slot`. */
    const callInto = (to: number, out: number, at: number, slot: number) => ['PUSH1', out, 'PUSH1', at, 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', addressOf(to), 'GAS', 'CALL', 'POP', 'PUSH1', at, 'MLOAD', 'PUSH1', slot, 'SSTORE'];
    const word = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('')}`);
    // 41 returns 32 bytes (1 … 32); 42 reverts with 5 bytes from its memory offset 3 (4 … 8)
    const returns = (op: string, offset: number, size: number) => asm('PUSH32', word, 'PUSH0', 'MSTORE', 'PUSH1', size, 'PUSH1', offset, op);
    const b = await runPrograms([asm('PUSH32', ones, 'PUSH0', 'MSTORE', 'PUSH32', ones, 'PUSH1', 32, 'MSTORE', ...callInto(41, 20, 0, 1), ...callInto(42, 32, 32, 2), ...callInto(43, 32, 0, 3), 'STOP')],
      [contract(41, returns('RETURN', 0, 32)), contract(42, returns('REVERT', 3, 5)), contract(43, asm('STOP'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    // 20 of 32 bytes; 5 bytes of a 32-byte window; none (the callee returned nothing): the rest of the caller's memory as it was
    const copies = names(r).filter((x) => x === 'ReturnDataBytes');
    expect(copies).to.have.length(10 + 3);
    const mask = (bytes: number) => ((1n << BigInt(8 * bytes)) - 1n) << BigInt(8 * (32 - bytes));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([(word & mask(20)) | (ones & ~mask(20)), ((word >> 192n) & 0xffffffffffn) << 216n | (ones >> 40n), (word & mask(20)) | (ones & ~mask(20))]);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // mutations: a copied byte other than the callee's; one byte fewer (the count); the caller's destination shifted
    const first = rowOf(r, 'ReturnDataBytes');
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    expect(rr([{ column: 'evm slot 1 lo', row: first, value: 0x55n }])).to.deep.equal([`gate evm ReturnDataBytes/byte 0: written = read lo@${first}`, `lookup evm rw slot 1@${first}`]);
    // the real prover and verifier reject it too
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 1 lo', row: first, value: 0x55n }])).to.include(`gate evm ReturnDataBytes/byte 0: written = read lo@${first}`);
    const last = first + 9;
    expect(rr([{ column: 'evm slot 2 on', row: last, value: 0n }, { column: 'evm slot 3 on', row: last, value: 0n }])).to.include(`gate evm ReturnDataBytes/a row not full leaves nothing@${last}`);
    expect(rr([{ column: 'evm inv', row: first, value: (v) => v + 1n }])).to.include(`gate evm CallResume/copy rows: inv' = the destination@${first - 1}`);
    // dropping the copy rows (the caller's step right after CallResume) leaves n bytes uncopied
    const resume = rowOf(r, 'CallResume');
    expect(rr([{ column: 'evm aux byte 11', row: resume - 2, value: 0n }])).to.include(`gate evm CallRestoreFrame/aux bytes 12 … 15 = m ? size − R : R − size − 1@${resume - 2}`);
  });

  it('RETURNDATACOPY of the last callee\'s return data (a window inside it, none, all of it): memory and storage as @ethereumjs; MockProver passes over the state circuit', async () => {
    const word = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (0xa0 + i).toString(16)).join('')}`);
    // 44 returns 32 bytes (a0 … bf); the caller asks none back, then copies [3, 23) to 64, nothing to 200, [0, 32) to 96
    const copy = (dest: number, offset: number, size: number) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, 'RETURNDATACOPY'];
    const b = await runPrograms([asm(...call(addressOf(44)), ...copy(64, 3, 20), ...copy(200, 32, 0), ...copy(96, 0, 32), 'PUSH1', 64, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'PUSH1', 96, 'MLOAD', 'PUSH1', 2, 'SSTORE', 'STOP')],
      [contract(44, asm('PUSH32', word, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH0', 'RETURN'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, ((word >> 72n) & ((1n << 160n) - 1n)) << 96n, word]);
    expect(names(r).filter((x) => x === 'ReturnDataBytes')).to.have.length(10 + 16);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // a copy one byte past the return data (offset 13 + 20 > 32): the bounds; the source shifted by one: ReturnDataCopyFrame's hand-over
    const frame = rowOf(r, 'ReturnDataCopyFrame');
    expect(rr([{ column: 'evm aux byte 0', row: frame, value: (v) => v - 1n }])).to.deep.equal([`gate evm ReturnDataCopyFrame/aux bytes 0 … 3 = L − offset − size@${frame}`]);
    expect(rr([{ column: 'evm c0', row: frame + 1, value: (v) => v + 1n }])).to.include(`gate evm ReturnDataCopyFrame/copy rows: c0' = the source address@${frame}`);
    expect(rr([{ column: 'evm aux byte 0', row: frame + 1, value: (v) => v + 1n }])).to.include(`gate evm ReturnDataCopyFrame/copy rows: the source call's id@${frame}`);
    // the word count (gas): 20 bytes are 1 word
    expect(rr([{ column: 'evm aux byte 8', row: frame, value: 2n }])).to.include(`gate evm ReturnDataCopyFrame/32·w = size + 31 − t@${frame}`);
  });

  it('STATICCALL of a view (calldata in, SLOAD, a value-less CALL, return data out): static frames as @ethereumjs; MockProver passes over the state circuit', async () => {
    // 45 reads slot (calldata word 0) of its storage, CALLs 0xbeef with no value, returns the value; the caller stores it
    const view = asm('PUSH0', 'CALLDATALOAD', 'SLOAD', 'PUSH0', 'MSTORE', ...call(0xbeefn).slice(0, -3), 'POP', 'PUSH1', 32, 'PUSH0', 'RETURN');
    const caller = asm('PUSH1', 5, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH1', 32, 'PUSH1', 32, 'PUSH0', 'PUSH20', addressOf(45), 'GAS', 'STATICCALL', 'PUSH1', 1, 'SSTORE',
      'PUSH1', 32, 'MLOAD', 'PUSH1', 2, 'SSTORE', 'STOP');
    const b = await runPrograms([caller], [{ ...contract(45, view), storage: [[5n, 0x77n]] }]);
    expect(b.txs.map((t) => [t.status, t.frames.map((f) => f.kind), unsupportedOps(t)])).to.deep.equal([[1, ['CALL', 'STATICCALL', 'CALL'], []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, 0x77n]);
    // the view's rows and its callee's are static, the caller's not
    const statics = r.steps.filter((x) => x.frame.isStatic === 1n).map((x) => x.callId);
    expect(new Set(statics).size).to.equal(2);
    expect(r.steps.filter((x) => x.spec.name === 'SSTORE').map((x) => x.frame.isStatic)).to.deep.equal([0n, 0n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // the callee claimed not static: CallStatic's write; its frame's cell: CallSwitch's rule
    const at = rowOf(r, 'CallStatic');
    expect(rr([{ column: 'evm slot 0 lo', row: at, value: 0n }])).to.include(`gate evm CallStatic/callee IsStatic = isStatic or STATICCALL lo@${at}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm isStatic', row: at + 3, value: 0n }])).to.include(`gate evm CallSwitch/callee: isStatic'@${at + 2}`);
    expect(rr([{ column: 'evm isStatic', row: at + 3, value: 0n }])).to.include(`gate evm CallSwitch/callee: isStatic'@${at + 2}`);
    // the caller resuming static: CallResume's rule (the caller's IsStatic is 0)
    const resume = rowOf(r, 'CallResume', rowOf(r, 'RETURN'));
    expect(rr([{ column: 'evm isStatic', row: resume + 1, value: 1n }])).to.include(`gate evm CallResume/caller: isStatic'@${resume}`);
  });

  it('a state change in a static frame is refused: SSTORE with isStatic = 1 fails the step gate', () => {
    const store = rowOf(w, 'SSTORE');
    expect(failures([{ column: 'evm isStatic', row: store, value: 1n }])).to.include(`gate evm step/static frame: no state change@${store}`);
  });

  it('a callback into the tx\'s callee, and its BALANCE, in a nested call: warm from the start (EIP-2929, BeginTxCallee\'s write); gas as @ethereumjs; MockProver passes over the state circuit', async () => {
    const a60 = addressOf(60);
    // 60 (the tx's callee): with calldata it stores 1 at slot 5; without, it CALLs 61, which calls 60 back with one byte and stores BALANCE(60)
    const head = ['CALLDATASIZE', 'PUSH1', 0, 'JUMPI', ...call(addressOf(61)), 'STOP'] as const;
    const dest = asm(...head).length;
    const sixty = asm(...head.map((x, i) => (i === 2 ? dest : x)), 'JUMPDEST', 'PUSH1', 1, 'PUSH1', 5, 'SSTORE', 'STOP');
    const sixtyOne = asm('PUSH0', 'PUSH0', 'PUSH1', 1, 'PUSH0', 'PUSH0', 'PUSH20', a60, 'GAS', 'CALL', 'POP', 'PUSH20', a60, 'BALANCE', 'PUSH0', 'SSTORE', 'STOP');
    const b = await runPrograms([{ to: programAddress(60), value: 4n }], [contract(60, sixty), contract(61, sixtyOne)]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 3, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, 4n, 1n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // without BeginTxCallee's warm write the callback would be charged cold
    const row = rowOf(r, 'BeginTxCallee');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 0 on', row, value: 0n }])).to.include(`gate evm BeginTxCallee/the callee written warm unless a creation@${row}`);
  });

  it('the identity precompile (0x04) by CALL with value, STATICCALL and an empty input: its output copied back and by RETURNDATACOPY, gas 15 + 3 per word; MockProver passes over the state circuit', async () => {
    const word = BigInt(`0x${Array.from({ length: 32 }, (_, i) => (0x40 + i).toString(16)).join('')}`);
    /** `op` of 0x04 with input memory[0, 40) and 32 bytes asked back at 64 (no value for STATICCALL). */
    const identity = (op: 'CALL' | 'STATICCALL', size = 40) => ['PUSH1', 32, 'PUSH1', 64, 'PUSH1', size, 'PUSH0', ...(op === 'CALL' ? ['PUSH1', 2] : []), 'PUSH1', 4, 'GAS', op, 'POP'];
    const b = await runPrograms([{ to: programAddress(62), value: 5n }], [contract(62, asm('PUSH32', word, 'PUSH0', 'MSTORE', 'PUSH32', word, 'PUSH1', 32, 'MSTORE',
      ...identity('CALL'), 'PUSH1', 64, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'RETURNDATASIZE', 'PUSH1', 2, 'SSTORE',
      'PUSH1', 8, 'PUSH1', 32, 'PUSH1', 96, 'RETURNDATACOPY', 'PUSH1', 96, 'MLOAD', 'PUSH1', 3, 'SSTORE',
      ...identity('STATICCALL', 0), 'RETURNDATASIZE', 'PUSH1', 4, 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.precompiles.length, unsupportedOps(t)])).to.deep.equal([[1, 2, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const top8 = (x: bigint) => (x >> 192n) << 192n;
    // the first 32 of its 40 output bytes; 40 returned; bytes 32 … 39 (the second word's first 8) copied; an empty call returns nothing
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([word, 40n, top8(word), 0n]);
    expect(names(r).filter((x) => x === 'IdentityBytes')).to.have.length(20);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // an output byte other than the input's; a cheaper call (1 word for 40 bytes); the output length CallReturn takes
    const bytes = rowOf(r, 'IdentityBytes');
    expect(rr([{ column: 'evm slot 1 lo', row: bytes, value: 0x55n }])).to.deep.equal([`gate evm IdentityBytes/byte 0: written = read lo@${bytes}`, `lookup evm rw slot 1@${bytes}`]);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 1 lo', row: bytes, value: 0x55n }])).to.include(`gate evm IdentityBytes/byte 0: written = read lo@${bytes}`);
    const head = bytes - 1;
    expect(rr([{ column: 'evm aux byte 10', row: head, value: 1n }])).to.include(`gate evm PrecompileIdentity/32·w = L + 31 − t@${head}`);
    const ret = rowOf(r, 'CallReturn', head);
    expect(rr([{ column: 'evm c1', row: ret, value: 39n }])).to.include(`gate evm CallReturn/c1 = RETURN or REVERT ? size : a precompile's output length or 0@${ret}`);
    // the callee's rows skipped (CallCredit straight to CallReturn, as for an account without code): CallCredit's rule
    const credit = head - 1;
    expect(rr([{ column: 'evm c0', row: credit - 2, value: 0n }])).to.include(`gate evm CallCredit/the identity's rows: the precompile is 0x04@${credit}`);
    expect(rr([{ column: 'evm slot 3 hi', row: credit - 8, value: 0n }])).to.include(`gate evm CallSwitch/c0 = the precompile the callee runs, or 0@${credit - 2}`);
  });

  it('a CALL whose value exceeds the balance enters no frame: success 0, the callee\'s gas and stipend back, nothing moved; gas and storage as @ethereumjs; MockProver passes over the state circuit', async () => {
    // 63 holds 3 wei: it sends 5 to 64 (no frame), then 2 (a frame: 64 stores), storing each success
    const b = await runPrograms([{ to: programAddress(63), value: 3n }], [contract(63, asm(...call(addressOf(64), { value: 5 }), ...call(addressOf(64), { value: 2, slot: 1 }), 'RETURNDATASIZE', 'PUSH1', 2, 'SSTORE', 'STOP')),
      contract(64, asm('CALLVALUE', 'PUSH1', 9, 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 2, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([0n, 2n, 1n, 0n]);
    expect(names(r).filter((x) => x === 'CallNoFrame')).to.have.length(1);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // a balance claimed short that covers the value (d = 0); gas kept back; success claimed
    const at = rowOf(r, 'CallNoFrame');
    expect(rr([{ column: 'evm inv', row: at, value: 0n }])).to.include(`gate evm CallNoFrame/d ≠ 0 (the balance is short)@${at}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm inv', row: at, value: 0n }])).to.include(`gate evm CallNoFrame/d ≠ 0 (the balance is short)@${at}`);
    expect(rr([{ column: 'evm gas', row: at + 1, value: (v) => v - 2300n }])).to.include(`gate evm CallNoFrame/gas' = gas@${at}`);
    expect(rr([{ column: 'evm slot 3 lo', row: at + 1, value: 1n }, { column: 'evm slot 3 prev lo', row: at + 1, value: 1n }]))
      .to.include(`gate evm CallReturn/pushed · (it failed) = 0@${at + 1}`);
  });

  it('SELFDESTRUCT in a nested call (EIP-6780: not created in the tx, so only the balance moves): balances as @ethereumjs; MockProver passes over the state circuit', async () => {
    // 65 (holding 4 wei) self-destructs to 0xbeef when 66 calls it; 66 then stores the call's success
    const b = await runPrograms([asm(...call(addressOf(66)), 'STOP')], [contract(66, asm(...call(addressOf(65)), 'STOP')), { ...contract(65, asm('PUSH2', 0xbeef, 'SELFDESTRUCT')) }]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 3, []]]);
    const r = evmCase(b);
    expect(names(r)[rowOf(r, 'SelfdestructCredit') + 1]).to.equal('CallReturn');
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // were the tx a creation (the tx table's IsCreate 1), the nested SELFDESTRUCT's lookup would fail (the account may be the created one)
    const at = rowOf(r, 'SELFDESTRUCT');
    const isCreate = evmFixtureInput(b).txRows.findIndex((x) => BigInt(x.tag) === BigInt(TxFieldTag.IsCreate));
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'tx table valueLo', row: isCreate, value: 1n }])).to.include(`lookup evm tx lookup 0@${at}`);
  });

  it('SELFDESTRUCT in a nested call whose caller REVERTs: the beneficiary\'s warm mark undone, so BALANCE of it after is cold (2600) as @ethereumjs; a forged warm BALANCE is refused (review finding)', async () => {
    // the root calls 81, which calls 82 (SELFDESTRUCT to 0xbeef) and REVERTs; the root then reads BALANCE(0xbeef): cold again
    const b = await runPrograms([asm(...call(addressOf(81)), 'PUSH2', 0xbeef, 'BALANCE', 'POP', 'STOP')], [
      contract(81, asm(...call(addressOf(82)).slice(0, -3), 'POP', 'PUSH0', 'PUSH0', 'REVERT')), contract(82, asm('PUSH2', 0xbeef, 'SELFDESTRUCT'))]);
    expect(b.txs.map((t) => [t.status, t.frames.map((f) => f.success), unsupportedOps(t)])).to.deep.equal([[1, [true, false, true], []]]);
    const r = evmCase(b);
    const balance = rowOf(r, 'BALANCE');
    expect([r.steps[balance]!.gasLeft - r.steps[balance + 2]!.gasLeft, r.steps[balance]!.rws[1]!.valuePrev]).to.deep.equal([2600n, 0n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the warm mark's undo row (at the reverting frame's reversion counters) dropped: the SELFDESTRUCT row's reversion lookup
    const at = rowOf(r, 'SELFDESTRUCT');
    const undo = r.rws.find((x) => x.tag === RwTag.TxAccessListAccount && x.address === 0xbeefn && x.valuePrev === 1n && x.value === 0n)!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'rw table valuePrevLo', row: undo.rwCounter - 1, value: 0n }]))
      .to.include(`lookup evm rw reversion@${at}`);
    // the forged trace (BALANCE charged warm, 100, the rest of the root's gas shifted): before the fix the SELFDESTRUCT's warm
    // mark stayed after the revert and this witness passed MockProver over the state circuit; now the warm mark is undone
    const forged: BlockTrace = structuredClone(b);
    const tx = forged.txs[0]!;
    const read = tx.steps.findIndex((x) => x.name === 'BALANCE');
    tx.steps[read]!.gasCost -= 2500n;
    for (const x of tx.steps.slice(read + 1)) x.gasLeft += 2500n;
    tx.gasUsed -= 2500n;
    forged.header.gasUsed -= 2500n;
    expect(() => evmCase(forged)).to.throw('trace gas cost 100, table 100 + dynamic 2500');
  });

  it('a contract paid by .transfer (gas 0 + the 2300 stipend) whose code stores fails on EIP-2200\'s sentry (ErrorSstoreSentry); MockProver passes over the state circuit', async () => {
    const b = await runPrograms([{ to: programAddress(70), value: 5n }], [
      contract(70, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 1, 'PUSH20', addressOf(71), 'PUSH0', 'CALL', 'PUSH0', 'SSTORE', 'STOP')),
      contract(71, asm('PUSH1', 1, 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(names(r)).to.include('ErrorSstoreSentry');
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // more than 2300 gas claimed left: the sentry's range
    const at = rowOf(r, 'ErrorSstoreSentry');
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm gas', row: at, value: 2301n }])).to.include(`gate evm ErrorSstoreSentry/aux bytes 0, 1 = 2300 − gas@${at}`);
  });

  it('a callee given 1000 gas runs out on a cold SLOAD (2100; its warm 100 covered): ErrorOutOfGasSloadCold, the caller continues; MockProver passes over the state circuit', async () => {
    // 75 CALLs 76 with 1000 gas and stores the success (0); 76 reads slot 5 (cold)
    const b = await runPrograms([{ to: programAddress(75), value: 0n }], [
      contract(75, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', addressOf(76), 'PUSH2', 1000, 'CALL', 'PUSH0', 'SSTORE', 'STOP')),
      contract(76, asm('PUSH1', 5, 'SLOAD', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error]), unsupportedOps(t)])).to.deep.equal([[1, [['SLOAD', 'out of gas']], []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const at = rowOf(r, 'ErrorOutOfGasSloadCold');
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // the gas claimed to cover 2100; the slot claimed warm (its flag read as 1): the rule and the RW table
    expect(rr([{ column: 'evm gas', row: at, value: 2100n }])).to.include(`gate evm ErrorOutOfGasSloadCold/aux bytes 0 … 7 = gas cost + 2000 − gas − 1 (short of the cold cost)@${at}`);
    expect(rr([{ column: 'evm slot 2 lo', row: at, value: 1n }, { column: 'evm slot 2 prev lo', row: at, value: 1n }])).to.include.members([`gate evm ErrorOutOfGasSloadCold/the slot is cold: its warm flag reads 0 lo@${at}`, `lookup evm rw slot 2@${at}`]);
    // another contract's slot: the CalleeAddress read
    expect(rr([{ column: 'evm slot 1 lo', row: at, value: (x) => x + 1n }, { column: 'evm slot 1 prev lo', row: at, value: (x) => x + 1n }])).to.include(`lookup evm rw slot 1@${at}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm gas', row: at, value: 2100n }])).to.include(`gate evm ErrorOutOfGasSloadCold/aux bytes 0 … 7 = gas cost + 2000 − gas − 1 (short of the cold cost)@${at}`);
  });

  it('a creation\'s init code calls a contract that reads BALANCE of the new address (warm from the start: CreateAddress writes it); gas as @ethereumjs; MockProver passes', async () => {
    const b = await runPrograms([deploy(asm(...call(addressOf(72)), 'STOP'), 6n)], [contract(72, asm('CALLER', 'BALANCE', 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const balance = rowOf(r, 'BALANCE');
    expect([r.steps[balance]!.gasLeft - r.steps[balance + 2]!.gasLeft, r.steps[balance]!.rws[1]!.valuePrev]).to.deep.equal([100n, 1n]);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    const at = rowOf(r, 'CreateAddress');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 1 lo', row: at, value: 0n }])).to.include(`gate evm CreateAddress/new address warm lo@${at}`);
  });

  it('a CALL of an address word with bits above 160 calls its low 160 bits (the EVM\'s mask); MockProver passes; the discarded bits may not name another callee', async () => {
    const dirty = (0xabcn << 200n) | addressOf(73);
    const b = await runPrograms([asm(...call(dirty), 'STOP')], [contract(73, asm('PUSH1', 4, 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.frames.length, unsupportedOps(t)])).to.deep.equal([[1, 2, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the callee claimed as bits 8 … 167 of the word (the aux bytes shifted): the word = aux rule
    const at = rowOf(r, 'CallAccess');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm aux byte 0', row: at, value: (v) => v + 1n }])).to.include(`gate evm CallAccess/address word = aux lo@${at}`);
  });

  it('an identity call short of its gas (20 for 64 bytes, which cost 21) fails: IdentityOutOfGas, its (0-wei) transfer undone, all its gas consumed; MockProver passes over the state circuit', async () => {
    // (no value: a value's 2300 stipend would cover any short input)
    const b = await runPrograms([{ to: programAddress(74), value: 5n }], [contract(74, asm('PUSH0', 'PUSH0', 'PUSH1', 64, 'PUSH0', 'PUSH0', 'PUSH1', 4, 'PUSH1', 20, 'CALL', 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, t.precompiles.map((p) => p.success), unsupportedOps(t)])).to.deep.equal([[1, [false], []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([0n]);
    // the value's debit and credit undone right after the failing row
    const at = rowOf(r, 'IdentityOutOfGas');
    expect(reversions(r).map((x) => x.tag)).to.deep.equal([RwTag.Account, RwTag.Account]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the gas claimed short when it covers the cost; the call claimed a success
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    expect(rr([{ column: 'evm gas', row: at, value: 21n }])).to.include(`gate evm IdentityOutOfGas/aux bytes 16 … 23 = cost − gas − 1 (short of gas)@${at}`);
    expect(rr([{ column: 'evm slot 3 lo', row: at + 1, value: 1n }, { column: 'evm slot 3 prev lo', row: at + 1, value: 1n }]))
      .to.include(`gate evm CallReturn/pushed · (it failed) = 0@${at + 1}`);
  });

  it('a CALL to an address of 2^128 or more (as every real contract\'s is): the callee\'s CalleeAddress is the canonical word; MockProver passes over the state circuit', async () => {
    const high = new Address(hexToBytes('0xfeedface00000000000000000000000000000077'));
    const b = await runPrograms([asm(...call(BigInt(high.toString())), 'STOP')], [{ address: high, code: asm('ADDRESS', 'PUSH0', 'SSTORE', 'STOP') }]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the address written as (a, 0), a field element past 2^128 in the lo half: CallValue's rule
    const value = rowOf(r, 'CallValue');
    const a = BigInt(high.toString());
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 3 lo', row: value, value: a }, { column: 'evm slot 3 hi', row: value, value: 0n }]))
      .to.include(`gate evm CallValue/CalleeAddress = CALLCODE or DELEGATECALL ? the caller's CalleeAddress : a lo@${value}`);
  });

  it('a request of 2^256 − 1 gas (Yul\'s call(not(0), …)) gives the callee all but a 64th (EIP-150); MockProver passes; the big flag may not be claimed for a small request', async () => {
    const b = await runPrograms([asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', addressOf(75), 'PUSH0', 'NOT', 'CALL', 'PUSH0', 'SSTORE', 'STOP')],
      [contract(75, asm('GAS', 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the first test's CALL (a GAS-sized request) claimed big: its hi half is 0, so no inverse exists
    const gas = rowOf(w, 'CallGas');
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 28', row: gas, value: 1n }])).to.include(`gate evm CallGas/big ⇒ g hi ≠ 0@${gas}`);
  });

  it('a callee that is a precompile without rows (RIPEMD-160, the pairing, …) is refused by the circuit, not only by the builder (review finding: no-code path)', async () => {
    // a precompile has no code: CallCredit's no-code path would prove a CALL to it a success with no output, but for 'no
    // precompile rows: no precompile' (CallPrewarm's p is its address's: a claimed precompile breaks its rules)
    const b = await runPrograms([{ to: programAddress(18), value: 9n }], [contract(18, asm(...call(0xbeefn, { value: 5 }), 'STOP'))]);
    const r = evmCase(b);
    const prewarm = rowOf(r, 'CallPrewarm');
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: `evm aux byte ${PRECOMPILE_BYTE}`, row: prewarm, value: 1n }]))
      .to.include(`gate evm CallPrewarm/slot 3 hi = p · a (the precompile run, or 0)@${prewarm}`);
    // the code address CallSwitch hands on claimed a precompile's (0x03) on the no-code path
    const [credit, change] = [rowOf(r, 'CallCredit'), rowOf(r, 'CallSwitch')];
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm c0', row: change, value: 3n }]))
      .to.include(`gate evm CallCredit/no precompile rows: no precompile@${credit}`);
  });

  it('a DELEGATECALL and a CALLCODE (3 wei) of the identity run its rows as a CALL\'s (CallCredit picks them by the code address); a DELEGATECALL of RIPEMD-160 stays unprovable; MockProver passes', async () => {
    const word = 0x1122334455667788990011223344556677889900aabbccddeeff00112233445n;
    const [delegate, callcode] = await Promise.all(['DELEGATECALL', 'CALLCODE'].map((op) => {
      const value = op === 'CALLCODE' ? ['PUSH1', 3] : [];
      return runPrograms([{ to: programAddress(19), value: 5n }], [contract(19, asm('PUSH32', word, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH1', 32, 'PUSH1', 32, 'PUSH0', ...value, 'PUSH1', 4, 'GAS', op,
        'PUSH0', 'SSTORE', 'PUSH1', 32, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'STOP'))]);
    }));
    for (const b of [delegate!, callcode!]) {
      expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
      const r = evmCase(b);
      expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, word]);
      expect(storageWrites(r)).to.deep.equal(traced(b));
      expect(names(r)).to.include('PrecompileIdentity');
      expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    }
    // the precompile hidden from CallCredit (CallPrewarm's p·a claimed 0, CallSwitch handing 0 on): its no-precompile rule
    const r = evmCase(delegate!);
    const [prewarm, credit] = [rowOf(r, 'CallPrewarm'), rowOf(r, 'CallCredit')];
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm slot 3 hi', row: prewarm, value: 0n }, { column: 'evm slot 3 prev hi', row: prewarm, value: 0n }, { column: 'evm c0', row: credit - 2, value: 0n }]))
      .to.include(`gate evm CallPrewarm/slot 3 hi = p · a (the precompile run, or 0)@${prewarm}`);
    expect(failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm c0', row: credit - 2, value: 0n }]))
      .to.include(`gate evm CallSwitch/c0 = the precompile the callee runs, or 0@${credit - 2}`);
    const ripemd = await runPrograms([{ to: programAddress(20) }], [contract(20, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 3, 'GAS', 'DELEGATECALL', 'PUSH0', 'SSTORE', 'STOP'))]);
    expect(unsupportedOps(ripemd.txs[0]!)).to.deep.equal(['a call to precompile 0x0000000000000000000000000000000000000003 (RIPEMD160): not supported yet']);
  });

  it('a LOG in a callee that REVERTs is kept as a dropped log (its Address row at index 1); the caller\'s own at index 0; MockProver passes over the state circuit', async () => {
    const b = await runPrograms([asm('PUSH0', 'PUSH0', 'LOG0', ...call(addressOf(15)), 'STOP')], [contract(15, asm('PUSH0', 'PUSH0', 'LOG0', 'PUSH0', 'PUSH0', 'REVERT'))]);
    expect(b.txs.map((t) => [t.status, t.logs.length, unsupportedOps(t)])).to.deep.equal([[1, 1, []]]);
    const r = evmCase(b);
    const addresses = r.rws.filter((x) => x.tag === RwTag.TxLog && x.fieldTag === 1);
    expect(addresses.map((x) => [x.value, x.storageKey])).to.deep.equal([[addressOf(0), 0n], [addressOf(15), 1n]]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    // the dropped log claimed the receipt's: its Address write's key is the frame's persistent cell
    const log = rowOf(r, 'LOG', rowOf(r, 'CallSwitch'));
    const rw = r.steps[log]!.rwCounter + 3 - 1;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'rw table storageKeyLo', row: rw, value: 0n }])).to.include(`lookup evm rw slot 3@${log}`);
  });

  it('what is not built is unprovable, with the reason: a precompile without its rows (RIPEMD-160; a call to an account without code is not)', async () => {
    const b = await runPrograms([asm(...call(0xdeadn), 'STOP'), asm(...call(3n), 'STOP')]);
    const reasons = b.txs.map((t) => unsupportedOps(t).join('; '));
    expect(reasons[0]).to.deep.equal('');
    expect(reasons[1]).to.contain('precompile 0x0000000000000000000000000000000000000003 (RIPEMD160)');
  });

  it('EIP-214: a static frame\'s SSTORE, LOG1 and CALL with a value fail with ErrorWriteProtection (all its gas gone, the caller continues); MockProver passes over the state circuit', async () => {
    // 67 STATICCALLs 10 (stores), 68 (LOG1s) and 69 (CALLs 0xbeef with 1 wei), storing each success; 69's CALL with 0 wei is allowed
    // (each with 50,000 gas: a failing frame consumes all it gets)
    const staticCall = (to: number, slot: number) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', addressOf(to), 'PUSH2', 50_000, 'STATICCALL', 'PUSH1', slot, 'SSTORE'];
    const b = await runPrograms([{ to: programAddress(67), value: 5n }], [contract(67, asm(...staticCall(10, 0), ...staticCall(68, 1), ...staticCall(69, 2), 'STOP')),
      contract(10, STORE_RETURN), contract(68, asm('PUSH1', 7, 'PUSH0', 'PUSH0', 'LOG1', 'STOP')),
      contract(69, asm(...call(0xbeefn).slice(0, -3), 'POP', ...call(0xbeefn, { value: 1 }).slice(0, -3), 'STOP'))]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(names(r).filter((x) => x === 'ErrorWriteProtection')).to.have.length(3);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([0n, 0n, 0n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // claimed outside a static frame; another opcode flagged; the CALL's value claimed 0
    const [store, , value] = r.steps.map((x, i) => [x.spec.name, i] as const).filter(([n]) => n === 'ErrorWriteProtection').map(([, i]) => i);
    expect(rr([{ column: 'evm isStatic', row: store!, value: 0n }])).to.include(`gate evm ErrorWriteProtection/a static frame@${store}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm isStatic', row: store!, value: 0n }])).to.include(`gate evm ErrorWriteProtection/a static frame@${store}`);
    expect(rr([{ column: 'evm aux byte 0', row: store!, value: 0n }, { column: 'evm aux byte 1', row: store!, value: 1n }])).to.include(`gate evm ErrorWriteProtection/the opcode is the flagged one@${store}`);
    expect(rr([{ column: 'evm inv', row: value!, value: 0n }])).to.include(`gate evm ErrorWriteProtection/CALL: value ≠ 0@${value}`);
  });

  it('DELEGATECALL (a proxy) and CALLCODE: the callee runs the code in its caller\'s account, with the caller\'s caller and value (DELEGATECALL); storage and balances as @ethereumjs; MockProver passes over the state circuit', async () => {
    // 51 stores CALLER, CALLVALUE, ADDRESS and calldata word 0 at slots 0 … 3 of the account it runs in, returns CALLER
    const logic = asm('CALLER', 'PUSH0', 'SSTORE', 'CALLVALUE', 'PUSH1', 1, 'SSTORE', 'ADDRESS', 'PUSH1', 2, 'SSTORE', 'PUSH0', 'CALLDATALOAD', 'PUSH1', 3, 'SSTORE',
      'CALLER', 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH0', 'RETURN');
    /** CALLCODE (value 3) or DELEGATECALL of 51 with calldata 0x2a… and the return word asked at 32, then MLOAD(32) stored at slot 9. */
    const via = (op: 'DELEGATECALL' | 'CALLCODE') => asm('PUSH1', 0x2a, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH1', 32, 'PUSH1', 32, 'PUSH0', ...(op === 'CALLCODE' ? ['PUSH1', 3] : []),
      'PUSH20', addressOf(51), 'GAS', op, 'POP', 'PUSH1', 32, 'MLOAD', 'PUSH1', 9, 'SSTORE', 'STOP');
    const b = await runPrograms([{ to: programAddress(50), value: 7n }, { to: programAddress(52), value: 5n }],
      [contract(50, via('DELEGATECALL')), contract(51, logic), contract(52, via('CALLCODE'))]);
    expect(b.txs.map((t) => [t.status, t.frames.map((f) => f.kind), unsupportedOps(t)])).to.deep.equal([[1, ['CALL', 'DELEGATECALL'], []], [1, ['CALL', 'CALLCODE'], []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const sender = BigInt(SENDER.toString());
    const [proxy, codeCaller] = [addressOf(50), addressOf(52)];
    // the proxy's storage: the tx's sender and value, its own address; CALLCODE's caller: itself, the 3 wei, itself
    expect(storageWrites(r).map((x) => [x[0], x[1], x[2]])).to.deep.equal([[proxy, 0n, sender], [proxy, 1n, 7n], [proxy, 2n, proxy], [proxy, 3n, 0x2an], [proxy, 9n, sender],
      [codeCaller, 0n, codeCaller], [codeCaller, 1n, 3n], [codeCaller, 2n, codeCaller], [codeCaller, 3n, 0x2an], [codeCaller, 9n, codeCaller]]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // the delegate's address claimed the logic's (its code's account): CallValue's rule; its value claimed moved: CallValue's aux
    const value = rowOf(r, 'CallValue');
    expect(rr([{ column: 'evm slot 3 lo', row: value, value: addressOf(51) }])).to.include(`gate evm CallValue/CalleeAddress = CALLCODE or DELEGATECALL ? the caller's CalleeAddress : a lo@${value}`);
    expect(rr([{ column: 'evm aux byte 0', row: value, value: 7n }])).to.include(`gate evm CallValue/aux = the value moved lo@${value}`);
    // the delegate's caller claimed the proxy: the CallerAddress rule
    expect(rr([{ column: 'evm slot 2 lo', row: value, value: proxy }])).to.include(`gate evm CallValue/CallerAddress = DELEGATECALL ? the caller's CallerAddress : its CalleeAddress lo@${value}`);
    // CALLCODE charged EIP-161's 25000 (a new account): CallEmpty's rule
    const empty = rowOf(r, 'CallEmpty', rowOf(r, 'CALLCODE'));
    expect(rr([{ column: 'evm aux byte 9', row: empty, value: 1n }])).to.include(`gate evm CallEmpty/new account = empty · (v ≠ 0) · not CALLCODE@${empty}`);
  });

  // mutations: each wrong cell is reported by the rule that binds it
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  it('the callee\'s gas: CallSwitch\'s gas rule (and CallCredit carries it)', () => {
    const debit = rowOf(w, 'CallDebit');
    expect(failures([{ column: 'evm gas', row: debit, value: w.steps[debit]!.gasLeft + 1n }]))
      .to.deep.equal([`gate evm CallCredit/gas carried@${debit + 1}`, `gate evm CallSwitch/callee: gas'@${debit - 1}`]);
  });

  it('the success flag: CallSwitch\'s push, which sets the callee\'s persistent cell', () => {
    const at = rowOf(w, 'CallSwitch');
    // (the callee persists only if the call succeeds)
    expect(failures([{ column: 'evm slot 1 lo', row: at, value: 0n }])).to.deep.equal([`gate evm CallSwitch/callee: persistent' = persistent · success@${at}`, `lookup evm rw slot 1@${at}`]);
  });

  it('the restored pc and sp: CallResume\'s rule; the saved values CallReturn reads', () => {
    const at = rowOf(w, 'CallReturn');
    const resume = rowOf(w, 'CallResume');
    expect(failures([{ column: 'evm pc', row: resume + 1, value: BigInt(w.steps[resume + 1]!.pc + 1) }])).to.include(`gate evm CallResume/caller: pc'@${resume}`);
    const sp = BigInt(w.steps[resume + 1]!.sp + 1);
    // the saved sp keys the success flag's read and is carried to CallResume by CallRestoreFrame's aux bytes
    expect(failures([{ column: 'evm slot 2 lo', row: at, value: sp }, { column: 'evm slot 2 prev lo', row: at, value: sp }]))
      .to.deep.equal([`gate evm CallRestoreFrame/aux bytes 8, 9 = sp@${at + 2}`, `gate evm CallReturn/slot 3 address@${at}`, `lookup evm rw slot 2@${at}`]);
  });

  it('the return data length: CallResume\'s LastCalleeReturnDataLength write', () => {
    const at = rowOf(w, 'CallResume');
    expect(failures([{ column: 'evm slot 2 lo', row: at, value: 31n }])).to.deep.equal([`gate evm CallResume/LastCalleeReturnDataLength lo@${at}`, `lookup evm rw slot 2@${at}`]);
  });

  (SLOW ? it : it.skip)('SLOW: the real prover and verifier reject a proof whose CALL pushes failure', async () => {
    const at = rowOf(w, 'CallSwitch');
    await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm slot 1 lo', row: at, value: 0n }]);
  });
});
