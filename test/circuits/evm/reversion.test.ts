import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeFunctionData } from 'viem';
import { AccountField, RwTag, type RwRow } from '../../../circuits/state/table.js';
import { planBinding } from '../../../circuits/witness/smt-binding.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { TOKEN } from '../witness/erc20.js';
import { deploy } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

/** TestToken's failed transferFrom: 572 step rows and 1467 RW operations (the fixture's RW table needs k = 11). */
const TOKEN_K = 11;
const TOKEN_STEPS = 640;
/** The hand-written program's failure: 37 step rows, 58 RW operations. */
const K = 10;
const STEPS = 64;
const RW_ROWS = 160;
/** The AND word and arithmetic rows TestToken's steps use (as erc20.test.ts's). */
const TABLES = { bitwiseOps: 8, arith: { mul: 2, divMod: 2, addMod: 0, mulMod: 0, shl: 8, shr: 8, sar: 0, slt: 2, sgt: 2 } };

const word = (x: bigint): Uint8Array => hexToBytes(`0x${x.toString(16).padStart(64, '0')}`);
const mappingSlot = (key: bigint, slot: bigint): bigint => BigInt(`0x${bytesToHex(keccak_256(concatBytes(word(key), word(slot))))}`);
const rowOf = (w: EvmWitness, name: string) => w.steps.findIndex((s) => s.spec.gadget.name === name);
/** The rows after the opcode steps: rw counters no step's own slots use (the reversion writes). */
const allReversions = (w: EvmWitness): RwRow[] => {
  const used = new Set(w.steps.flatMap((s) => s.rws.map((r) => r.rwCounter)));
  return w.rws.filter((r) => !used.has(r.rwCounter));
};
/** EIP-2929 warm marks (SLOAD's, SSTORE's, BALANCE's …), which a failure undoes too (a nested call's caller sees them cold again: call.test.ts). */
const isWarmMark = (r: RwRow): boolean => r.tag === RwTag.TxAccessListStorage || r.tag === RwTag.TxAccessListAccount;
/** The reversion writes of values (warm marks left out). */
const reversions = (w: EvmWitness): RwRow[] => allReversions(w).filter((r) => !isWarmMark(r));
/** Storage key groups whose last value differs from their first value before: what the SMT binding would change. */
const changedSlots = (w: EvmWitness) => planBinding(w.rws).segments.flatMap((s) => s.storage).filter((g) => g.last.value !== g.first.valuePrev);

describe('evm circuit: a failed tx\'s writes undone (reversion writes at the end-of-reversion rw counters; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let token: EvmWitness;
  let program: EvmWitness;
  let block: BlockTrace;
  const owner = 0xa11ce0n;

  before(async () => {
    // TestToken.transferFrom (solc): the allowance 10 → 5 is stored, then _move reverts (the owner holds 1 < 5)
    const artifact = await compiledArtifact('TestToken');
    const code = hexToBytes((await hre.artifacts.readArtifact('TestToken')).deployedBytecode as `0x${string}`);
    const allowance = mappingSlot(BigInt(SENDER.toString()), mappingSlot(owner, 2n));
    const storage: Array<[bigint, bigint]> = [[mappingSlot(owner, 1n), 1n], [allowance, 10n]];
    const data = hexToBytes(encodeFunctionData({ abi: artifact.abi, functionName: 'transferFrom', args: [`0x${owner.toString(16).padStart(40, '0')}`, '0x00000000000000000000000000000000000000b0', 5n] }));
    token = evmCase(await runPrograms([{ to: TOKEN, data }], [{ address: TOKEN, code, storage }]));
    // slot 1 cleared (a 4800 refund), slot 2 set, a transient slot set, a log, then REVERT; then a tx that reads slot 1 back
    const contract = programAddress(0);
    const failing = asm('PUSH0', 'PUSH1', 1, 'SSTORE', 'PUSH1', 9, 'PUSH1', 2, 'SSTORE', 'PUSH1', 4, 'PUSH1', 3, 'TSTORE', 'PUSH0', 'PUSH0', 'LOG0', 'PUSH0', 'PUSH0', 'REVERT');
    // the same call sending 5 wei (its value goes back), then a plain transfer that spends from the refunded balance
    block = await runPrograms([{ to: contract, value: 5n }, { to: programAddress(1), value: 1n }], [{ address: contract, code: failing, storage: [[1n, 7n]] }]);
    program = evmCase(block);
  });

  it('TestToken.transferFrom: status 0, the allowance write undone after the REVERT; the SMT binding sees no change; MockProver passes', () => {
    const stores = token.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite);
    expect(stores.map((r) => [r.valuePrev, r.value])).to.deep.equal([[10n, 5n], [5n, 10n]]);
    const undo = reversions(token);
    // SstoreRefund's refund write (δ = 0) undone first, then the allowance, then BeginTx6's and BeginTx5's (0-wei)
    // balance writes: the counters REVERT's transition skips, the last right before EndTx's first
    expect(undo.map((r) => r.tag)).to.deep.equal([RwTag.TxRefund, RwTag.Storage, RwTag.Account, RwTag.Account]);
    // (with the warm marks of its SLOADs and SSTORE: every counter REVERT skips, the last right before EndTx's first)
    const all = allReversions(token);
    expect(all.map((r) => r.rwCounter)).to.deep.equal(all.map((_, k) => token.steps[rowOf(token, 'EndTx')]!.rwCounter - all.length + k));
    // each key's first warm mark (the last undone) back to cold
    const warmKeys = new Map(all.filter(isWarmMark).map((r) => [`${r.address}:${r.storageKey}`, r]));
    expect(warmKeys.size).to.be.greaterThan(0);
    expect([...warmKeys.values()].every((r) => r.value === 0n && r.valuePrev === 1n)).to.equal(true);
    expect(changedSlots(token)).to.deep.equal([]);
    // (over the fixture tables: its KECCAK256 steps need the keccak table, which evmWithState lacks; the program below
    // runs the reversion rows through the state circuit)
    expect(honestFailures(evmTestCircuit(TOKEN_STEPS, token, TABLES), TOKEN_K, evmInstances(token))).to.deep.equal([]);
  });

  it('SSTORE ×2, TSTORE, LOG0, REVERT with value: every write undone in reverse order, the refund counter back to 0 (no 4800 refund), the value back, the log disowned', () => {
    expect(block.txs.map((t) => t.status)).to.deep.equal([0, 1]);
    const undo = reversions(program);
    // the two SSTOREs' warm slots undone too
    expect(allReversions(program).filter(isWarmMark).map((r) => [r.storageKey, r.valuePrev, r.value])).to.deep.equal([[2n, 1n, 0n], [1n, 1n, 0n]]);
    // BeginTx5's debit, BeginTx6's credit, SSTORE, SstoreRefund, SSTORE, SstoreRefund, TSTORE: undone last first
    expect(undo.slice(0, 5).map((r) => [r.tag, r.valuePrev, r.value])).to.deep.equal([
      [RwTag.TransientStorage, 4n, 0n], [RwTag.TxRefund, 4800n, 4800n], [RwTag.Storage, 9n, 0n], [RwTag.TxRefund, 4800n, 0n], [RwTag.Storage, 0n, 7n],
    ]);
    const contract = BigInt(programAddress(0).toString());
    const sender = BigInt(SENDER.toString());
    expect(undo.slice(5).map((r) => [r.tag, r.fieldTag, r.address, r.valuePrev - r.value])).to.deep.equal([
      [RwTag.Account, AccountField.Balance, contract, 5n], [RwTag.Account, AccountField.Balance, sender, -5n],
    ]);
    const refund = program.steps[rowOf(program, 'EndTxRefund')]!.rws[0]!;
    expect(refund.value).to.equal(0n);
    expect(changedSlots(program)).to.deep.equal([]);
    // balances end where @ethereumjs left them: the contract kept nothing, the sender paid gas and the second tx's 1 wei
    const last = (address: bigint) => program.rws.filter((r) => r.tag === RwTag.Account && r.address === address && r.fieldTag === AccountField.Balance).at(-1)!.value;
    const traced = block.txs.flatMap((t) => t.accounts).filter((a) => BigInt(a.address) === sender && a.field === 'balance' && a.isWrite).at(-1)!.value;
    expect([last(contract), last(sender)]).to.deep.equal([0n, traced]);
    // the log stays as TxLog rows; the tx's persistent cell (the receipt status) says it was dropped
    expect(program.rws.some((r) => r.tag === RwTag.TxLog)).to.equal(true);
    expect(honestFailures(evmWithState(program, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('every failing state undoes the writes: INVALID, stack underflow and an invalid jump after SSTORE/TSTORE (all gas consumed); MockProver passes over the state circuit', async () => {
    const store = ['PUSH1', 9, 'PUSH1', 1, 'SSTORE', 'PUSH1', 4, 'PUSH1', 3, 'TSTORE'] as const;
    const programs = [asm(...store, 'INVALID'), asm(...store, 'ADD'), asm(...store, 'PUSH1', 0, 'JUMP')];
    const contracts = programs.map((code, i) => ({ address: programAddress(i), code, storage: [[1n, 7n]] as Array<[bigint, bigint]> }));
    const trace = await runPrograms(contracts.map(({ address }) => ({ to: address })), contracts);
    expect(trace.txs.map((t) => t.status)).to.deep.equal([0, 0, 0]);
    const w = evmCase(trace);
    expect([...new Set(w.steps.map((s) => s.spec.gadget.name).filter((n) => /^(INVALID|Error)/.test(n)))]).to.deep.equal(['INVALID', 'ErrorStackUnderflow', 'ErrorInvalidJump']);
    // per tx: TSTORE, SstoreRefund, SSTORE, BeginTx6, BeginTx5 undone
    expect(reversions(w).map((r) => r.tag)).to.deep.equal(Array(3).fill([RwTag.TransientStorage, RwTag.TxRefund, RwTag.Storage, RwTag.Account, RwTag.Account]).flat());
    expect(changedSlots(w)).to.deep.equal([]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: 2 * STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a creation whose init code stores then reverts (and one hitting INVALID): the new account\'s value and nonce undone, the sender\'s nonce kept', async () => {
    const init = asm('PUSH1', 9, 'PUSH1', 1, 'SSTORE', 'PUSH0', 'PUSH0', 'REVERT');
    const trace = await runPrograms([deploy(init, 5n), deploy(asm('PUSH1', 9, 'PUSH1', 1, 'SSTORE', 'INVALID'))]);
    expect(trace.txs.map((t) => [t.status, t.contractAddress])).to.deep.equal([[0, null], [0, null]]);
    const w = evmCase(trace);
    // per tx: SSTORE, SstoreRefund, CreateTx's nonce 0 → 1, CreateBalance's credit, BeginTx5's debit
    const undo = reversions(w);
    expect(undo.map((r) => [r.tag, r.fieldTag])).to.deep.equal(Array(2).fill([[RwTag.TxRefund, 0], [RwTag.Storage, 0], [RwTag.Account, AccountField.Nonce],
      [RwTag.Account, AccountField.Balance], [RwTag.Account, AccountField.Balance]]).flat());
    expect(undo.slice(0, 5).map((r) => r.valuePrev - r.value)).to.deep.equal([0n, 9n, 1n, 5n, -5n]);
    const sender = BigInt(SENDER.toString());
    const last = (address: bigint, field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === address && r.fieldTag === field).at(-1)!.value;
    // the new addresses end as they began (no nonce, no balance), the sender's nonce is 2 and its balance @ethereumjs's
    const created = [...new Set(undo.filter((r) => r.fieldTag === AccountField.Nonce).map((r) => r.address))];
    expect(created.flatMap((a) => [last(a, AccountField.Nonce), last(a, AccountField.Balance)])).to.deep.equal([0n, 0n, 0n, 0n]);
    const traced = trace.txs.flatMap((t) => t.accounts).filter((a) => BigInt(a.address) === sender && a.field === 'balance' && a.isWrite).at(-1)!.value;
    expect([last(sender, AccountField.Nonce), last(sender, AccountField.Balance)]).to.deep.equal([2n, traced]);
    expect(changedSlots(w)).to.deep.equal([]);
    // over the state, bytecode and keccak circuits (the creation hashes its RLP and init code)
    const composed = () => evmComposed(w, { steps: 2 * STEPS, bitwiseOps: 0, rw: RW_ROWS, bytecode: 64 }, 2);
    expect(honestFailures(composed(), K + 2)).to.deep.equal([]);
    // the new account keeping its nonce 1 fails CreateTx's reversion lookup
    const at = stateWitness(w.rws, RW_ROWS).findIndex((r) => r.rwCounter === undo[2]!.rwCounter);
    expect(failuresAfter(composed(), K + 2, [], [{ column: 'rw valueLo', row: at, value: 1n }])).to.deep.equal([`lookup evm rw reversion@${rowOf(w, 'CreateTx')}`]);
  });

  it('a failed tx after a creation tx undoes only its own writes (not the creation\'s code deposit); MockProver passes', async () => {
    const trace = await runPrograms([deploy(asm('PUSH1', 1, 'PUSH0', 'RETURN')), asm('PUSH1', 9, 'PUSH1', 1, 'SSTORE', 'PUSH0', 'PUSH0', 'REVERT')]);
    expect(trace.txs.map((t) => t.status)).to.deep.equal([1, 0]);
    const w = evmCase(trace);
    // the second tx's SSTORE, SstoreRefund, BeginTx6's credit and BeginTx5's debit (no CodeHash write of the first tx's deposit)
    expect(reversions(w).map((r) => [r.tag, r.fieldTag])).to.deep.equal([[RwTag.TxRefund, 0], [RwTag.Storage, 0], [RwTag.Account, AccountField.Balance], [RwTag.Account, AccountField.Balance]]);
    // over the state, bytecode and keccak circuits (the creation hashes its RLP, init code and code)
    expect(honestFailures(evmComposed(w, { steps: 2 * STEPS, bitwiseOps: 0, rw: RW_ROWS, bytecode: 64 }, 2), K + 2)).to.deep.equal([]);
  });

  const failures = (w: EvmWitness, edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  /** The tx's rows claimed successful (persistent = 1), which would turn the reversion lookups off. */
  const claimSuccess = (w: EvmWitness) => w.steps.map((_, row) => ({ column: 'evm persistent', row, value: 1n }));

  it('a failed tx claimed persistent fails EndTx\'s status rule; a reversion write that does not restore the value fails the reversion lookup', () => {
    const end = rowOf(program, 'EndTx');
    // (its LOG0's Address write, keyed by the persistent cell as a dropped log's, no longer matches either)
    expect(failures(program, claimSuccess(program))).to.deep.equal([`gate evm step/EndTx: persistent = 1 − the call failed@${end}`, `gate evm step/EndTx: success ⇒ revertEnd = 0@${end}`,
      `lookup evm rw slot 3@${rowOf(program, 'LOG')}`]);
    // over the state circuit: the first SSTORE's reversion (slot 1 back to 7) keeps 0; the callee keeps the value
    const kept = (undo: RwRow, value: bigint) => {
      const at = stateWitness(program.rws, RW_ROWS).findIndex((r) => r.rwCounter === undo.rwCounter);
      return failuresAfter(evmWithState(program, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K, [], [{ column: 'rw valueLo', row: at, value }]);
    };
    const undo = reversions(program);
    expect(kept(undo[4]!, 0n)).to.deep.equal([`lookup evm rw reversion@${rowOf(program, 'SSTORE')}`]);
    expect(kept(undo[5]!, 5n)).to.deep.equal([`lookup evm rw reversion@${rowOf(program, 'BeginTx6')}`]);
  });

  it('a successful tx\'s revertEnd and a padding row\'s outcome cells are not free', () => {
    // the second tx (a transfer) rows, BeginTx … EndTx4: revertEnd 7 throughout
    const rows = program.steps.map((s, row) => [s.txId, row] as const).filter(([tx]) => tx === 2).map(([, row]) => row);
    const end = rows.find((row) => program.steps[row]!.spec.gadget.name === 'EndTx')!;
    expect(failures(program, rows.map((row) => ({ column: 'evm revertEnd', row, value: 7n })))).to.deep.equal([`gate evm step/EndTx: success ⇒ revertEnd = 0@${end}`]);
    const pad = program.steps.length + 1;
    expect(failures(program, [{ column: 'evm persistent', row: pad, value: 1n }, { column: 'evm revertEnd', row: pad, value: 1n }]))
      .to.deep.equal([`gate evm step/padding: persistent = 0@${pad}`, `gate evm step/padding: revertEnd = 0@${pad}`]);
  });

  it('a failing step that skips no rw counters for its reversions fails its rwc transition', () => {
    const r = rowOf(program, 'REVERT');
    expect(failures(program, [{ column: 'evm revertEnd', row: r, value: (v) => v - 1n }])).to.include(`gate evm transition/failure: revertEnd = rwc' − 1@${r}`);
  });

  it('the real verifier rejects a failed tx whose reversion is switched off (persistent = 1)', async () => {
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, program), K, evmInstances(program), claimSuccess(program));
    const end = rowOf(program, 'EndTx');
    expect(failed).to.deep.equal([`gate evm step/EndTx: persistent = 1 − the call failed@${end}`, `gate evm step/EndTx: success ⇒ revertEnd = 0@${end}`, `lookup evm rw slot 3@${rowOf(program, 'LOG')}`]);
  });
});
