import { expect } from 'chai';
import { CallContextField, RwTag, type RwRow } from '../../../circuits/state/table.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
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
    expect(names(w).slice(call, call + 10)).to.deep.equal(['CALL', 'CallMemory', 'CallAccess', 'CallPrewarm', 'CallValue', 'CallGas', 'CallSave', 'CallSwitch', 'CallDebit', 'CallCredit']);
    const ret = rowOf(w, 'RETURN');
    expect(names(w).slice(ret, ret + 4)).to.deep.equal(['RETURN', 'CallReturn', 'CallRestore', 'CallResume']);
    // the callee runs under the CALL row's rw counter as its call id; the caller resumes under its own
    expect(w.steps[call + 8]!.callId).to.equal(w.steps[call]!.rwCounter);
    expect(w.steps[ret + 4]!.callId).to.equal(w.steps[call]!.callId);
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
    // last first: the root's SSTORE of the success flag, the callee's SSTORE, the transfer (credit, debit), BeginTx6, BeginTx5
    expect(reversions(r).map((x) => [x.tag, x.value, x.valuePrev])).to.deep.equal([
      [RwTag.TxRefund, 0n, 0n], [RwTag.Storage, 0n, 1n], [RwTag.TxRefund, 0n, 0n], [RwTag.Storage, 0n, 7n],
      [RwTag.Account, ...reversions(r).slice(4, 5).map((x) => [x.value, x.valuePrev]).flat()], [RwTag.Account, ...reversions(r).slice(5, 6).map((x) => [x.value, x.valuePrev]).flat()],
      [RwTag.Account, ...reversions(r).slice(6, 7).map((x) => [x.value, x.valuePrev]).flat()], [RwTag.Account, ...reversions(r).slice(7, 8).map((x) => [x.value, x.valuePrev]).flat()],
    ]);
    expect(reversions(r).slice(4).map((x) => x.valuePrev - x.value)).to.deep.equal([2n, -2n, 3n, -3n]);
    expect(honestFailures(evmWithState(r, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('what is not built is unprovable, with the reason: a failing callee, STATICCALL, DELEGATECALL, CALLCODE, a call to an account without code, a precompile', async () => {
    const kind = (op: string) => asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', ...(op === 'CALLCODE' ? ['PUSH0'] : []), 'PUSH20', addressOf(10), 'GAS', op, 'STOP');
    const b = await runPrograms([
      asm(...call(addressOf(15)), 'STOP'), kind('STATICCALL'), kind('DELEGATECALL'), kind('CALLCODE'), asm(...call(0xdeadn), 'STOP'), asm(...call(4n), 'STOP'),
    ], [contract(10, STORE_RETURN), contract(15, asm('PUSH0', 'PUSH0', 'REVERT'))]);
    const reasons = b.txs.map((t) => unsupportedOps(t).join('; '));
    expect(reasons[0]).to.contain('a nested CALL that fails');
    expect(reasons[1]).to.contain('STATICCALL');
    expect(reasons[2]).to.contain('DELEGATECALL');
    expect(reasons[3]).to.contain('CALLCODE');
    expect(reasons[4]).to.contain('a CALL that enters no frame');
    expect(reasons[5]).to.contain('precompile 0x0000000000000000000000000000000000000004 (IDENTITY)');
  });

  // mutations: each wrong cell is reported by the rule that binds it
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  it('the callee\'s gas: CallSwitch\'s gas rule (and CallCredit carries it)', () => {
    const debit = rowOf(w, 'CallDebit');
    expect(failures([{ column: 'evm gas', row: debit, value: w.steps[debit]!.gasLeft + 1n }]))
      .to.deep.equal([`gate evm CallCredit/gas carried@${debit + 1}`, `gate evm CallSwitch/callee: gas' = G + stipend@${debit - 1}`]);
  });

  it('the success flag: CallSwitch\'s push of 1', () => {
    const at = rowOf(w, 'CallSwitch');
    expect(failures([{ column: 'evm slot 1 lo', row: at, value: 0n }])).to.deep.equal([`gate evm CallSwitch/success pushed lo@${at}`, `lookup evm rw slot 1@${at}`]);
  });

  it('the restored pc and sp: the saved values CallReturn reads, bound by CallResume', () => {
    const at = rowOf(w, 'CallReturn');
    const resume = at + 2;
    expect(failures([{ column: 'evm pc', row: resume + 1, value: BigInt(w.steps[resume + 1]!.pc + 1) }])).to.include(`gate evm CallResume/caller: pc'@${resume}`);
    const sp = BigInt(w.steps[resume + 1]!.sp + 1);
    expect(failures([{ column: 'evm slot 2 lo', row: at, value: sp }, { column: 'evm slot 2 prev lo', row: at, value: sp }])).to.deep.equal([`gate evm CallResume/caller: sp'@${resume}`, `lookup evm rw slot 2@${at}`]);
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
