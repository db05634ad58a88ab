import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit } from './harness.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;
const COMPOSED = { steps: STEPS, bitwiseOps: 0, rw: RW_ROWS, bytecode: 512 };

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** Runtime code the init codes deploy: SSTORE(0, 1), STOP. */
const RUNTIME = asm('PUSH1', 1, 'PUSH0', 'SSTORE', 'STOP');
/** Init code that stores 9 at its own slot 5, then returns RUNTIME (5 bytes, from a word written at 0). */
const INIT = asm('PUSH1', 9, 'PUSH1', 5, 'SSTORE', 'PUSH5', BigInt(`0x${hex(RUNTIME)}`), 'PUSH0', 'MSTORE', 'PUSH1', RUNTIME.length, 'PUSH1', 32 - RUNTIME.length, 'RETURN');
/** Init code that reverts with 32 bytes. */
const REVERTING = asm('PUSH1', 0x77, 'PUSH0', 'MSTORE', 'PUSH1', 32, 'PUSH0', 'REVERT');

/**
 * Code that writes `init` at memory 0 (32-byte words, zero-padded), then CREATE or CREATE2(salt) of it with `value`
 * and SSTORE(slot, the pushed word).
 */
const create = (init: Uint8Array, { value = 0, salt, slot = 0 }: { value?: number; salt?: bigint; slot?: number } = {}) => {
  const words = Array.from({ length: Math.ceil(init.length / 32) }, (_, k) => {
    const chunk = new Uint8Array(32);
    chunk.set(init.subarray(32 * k, 32 * k + 32));
    return ['PUSH32', BigInt(`0x${hex(chunk)}`), 'PUSH1', 32 * k, 'MSTORE'] as const;
  }).flat();
  return [...words, ...(salt === undefined ? [] : ['PUSH32', salt]), 'PUSH1', init.length, 'PUSH0', 'PUSH1', value, salt === undefined ? 'CREATE' : 'CREATE2', 'PUSH1', slot, 'SSTORE'] as const;
};
/** CALL(all gas, the address in slot `from`, no value or data); SSTORE(slot, success). */
const callStored = (from: number, slot: number) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', from, 'SLOAD', 'GAS', 'CALL', 'PUSH1', slot, 'SSTORE'] as const;
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });

const rowOf = (w: EvmWitness, name: string, from = 0) => w.steps.findIndex((s, i) => i >= from && s.spec.gadget.name === name);
const names = (w: EvmWitness) => w.steps.map((s) => s.spec.gadget.name);
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.slot, a.value]));
const reasons = (b: BlockTrace) => b.txs.map((t) => [t.status, unsupportedOps(t)]);

describe('evm circuit: CREATE and CREATE2 from running code (differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;

  before(async () => {
    block = await runPrograms([asm(...create(INIT), ...create(INIT, { salt: 0x5a17n, slot: 1 }), 'STOP')]);
    w = evmCase(block);
  });

  it('CREATE then CREATE2 of init code that stores and deploys code: addresses, nonces, storage and gas as @ethereumjs; MockProver passes with the keccak, bytecode and state circuits', () => {
    expect(reasons(block)).to.deep.equal([[1, []]]);
    const at = rowOf(w, 'CREATE');
    const bytes = Math.ceil(INIT.length / 4);
    expect(names(w).slice(at + bytes + 1, at + bytes + 4)).to.deep.equal(['CreateInit', 'CreateSender', 'CreateHash']);
    // rlp([sender, nonce]) is 23 bytes (6 rows); CREATE2's input 85 (22 rows)
    const inputRows = (from: number) => names(w).slice(from).findIndex((n) => n !== 'CreateInputBytes');
    expect(inputRows(rowOf(w, 'CreateHash') + 1)).to.equal(6);
    expect(inputRows(rowOf(w, 'CreateHash', at + bytes + 10) + 1)).to.equal(22);
    const sw = rowOf(w, 'CreateSwitch');
    expect(names(w).slice(sw - 2, sw + 4)).to.deep.equal(['CreateGas', 'CreateSave', 'CreateSwitch', 'CreateAccount', 'CallDebit', 'CallCredit']);
    // the frame runs under CreateInit's rw counter as its call id; the caller's nonce 1 → 2 → 3 (deployed contracts start at 1)
    expect(w.steps[sw + 1]!.callId).to.equal(w.steps[rowOf(w, 'CreateInit')]!.rwCounter);
    const root = BigInt(programAddress(0).toString());
    expect(w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Nonce && r.isWrite && r.address === root).map((r) => r.value)).to.have.length(2);
    // the two new accounts: warm, marked created, nonce 1, their code the runtime
    expect(w.rws.filter((r) => r.tag === RwTag.TxCreated).map((r) => r.value)).to.deep.equal([1n, 1n]);
    expect(storageWrites(w)).to.deep.equal(traced(block));
    expect(w.codes.map((c) => hex(c.code))).to.include.members([hex(INIT), hex(RUNTIME)]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    expect(honestFailures(evmComposed(w, COMPOSED, 8), 12)).to.deep.equal([]);
  });

  // mutations of the first case's witness: each wrong cell is reported by the rule that binds it
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  it('the new address: CreateHash\'s digest half and the callee\'s CalleeAddress; CreateSender\'s nonce; CreateAccount\'s fresh account', () => {
    const hash = rowOf(w, 'CreateHash');
    expect(failures([{ column: 'evm c0', row: hash, value: (v) => v + 1n }])).to.include.members([`gate evm CreateHash/CalleeAddress = A, the low 20 bytes of the digest lo@${hash}`, `lookup evm keccak digest@${hash}`]);
    const sender = hash - 1;
    expect(failures([{ column: 'evm slot 0 lo', row: sender, value: (v) => v + 1n }])).to.include(`gate evm CreateSender/nonce N + 1 after lo@${sender}`);
    const account = rowOf(w, 'CreateAccount');
    expect(failures([{ column: 'evm slot 2 prev lo', row: account, value: 1n }])).to.include(`gate evm CreateAccount/nonce 0 before (EIP-684) lo@${account}`);
  });

  it('CREATE2\'s input: the salt bound at its row 9 (also by the real verifier); the init code rows lead to CreateInit only for a creation', async () => {
    const hash = rowOf(w, 'CreateHash', rowOf(w, 'CreateSwitch'));
    expect(w.steps[hash]!.aux!.c1).to.equal(1n);
    // input byte 51 (salt byte 30) sits at aux byte 31 − 15 of row 9: claim another salt byte there and in the rows after
    const edits = [9, 10, 11, 12].map((i) => ({ column: `evm aux byte ${16 - 4 * (i - 9)}`, row: hash + 1 + i, value: (v: bigint) => (v + 1n) % 256n }));
    expect(failures(edits)).to.include(`gate evm CreateInputBytes/CREATE2 row 9: bytes 15 … 30 = salt lo@${hash + 10}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), edits)).to.include(`gate evm CreateInputBytes/CREATE2 row 9: bytes 15 … 30 = salt lo@${hash + 10}`);
    const lastInit = rowOf(w, 'CreateInit') - 1;
    expect(failures([{ column: 'evm aux byte 14', row: lastInit, value: 0n }])).to.include(`gate evm KeccakBytes/CreateInit or CreateNoFrame only after a creation@${lastInit}`);
  });

  it('the frame switch: the callee\'s gas (all but a 64th) and the pushed word (success · A)', () => {
    const gas = rowOf(w, 'CreateGas');
    expect(failures([{ column: 'evm inv', row: gas, value: (v) => v + 1n }])).to.include(`gate evm CreateGas/inv = G = gas − q@${gas}`);
    const sw = gas + 2;
    expect(failures([{ column: 'evm slot 1 lo', row: sw, value: (v) => v + 1n }])).to.include(`gate evm CreateAccount/pushed = success · A lo@${sw + 1}`);
    expect(failures([{ column: 'evm c1', row: sw, value: 0n }])).to.include(`gate evm CreateAccount/pushed = success · A lo@${sw + 1}`);
  });

  it('a CREATE with value whose contract is then CALLed; a reverting init code pushes 0 with its revert data; empty init code makes an account without code; MockProver passes', async () => {
    const factory = asm(...create(INIT, { value: 3 }), ...callStored(0, 1), ...create(REVERTING, { slot: 2 }), 'RETURNDATASIZE', 'PUSH1', 3, 'SSTORE',
      'PUSH0', 'PUSH0', 'PUSH0', 'CREATE', 'PUSH1', 4, 'SSTORE', 'PUSH1', 4, 'SLOAD', 'EXTCODESIZE', 'PUSH1', 5, 'SSTORE', 'STOP');
    const b = await runPrograms([{ to: programAddress(30), value: 10n }], [contract(30, factory)]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const stored = new Map(storageWrites(r).filter((x) => x[0] === BigInt(programAddress(30).toString())).map((x) => [x[1], x[2]]));
    // the call succeeded, the reverting creation pushed 0 and left 32 bytes of return data, the empty one an address without code
    expect([stored.get(1n), stored.get(2n), stored.get(3n), stored.get(5n)]).to.deep.equal([1n, 0n, 32n, 0n]);
    expect(stored.get(4n)).to.not.equal(0n);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    expect(honestFailures(evmComposed(r, COMPOSED, 8), 12)).to.deep.equal([]);
  });

  it('creations 3 deep (a called factory CREATE2s init code that CREATEs) and an init code hitting INVALID (all its gas gone, 0 pushed); MockProver passes', async () => {
    const outer = asm(...create(INIT), 'PUSH1', 0x11, 'PUSH1', 6, 'SSTORE', 'PUSH5', BigInt(`0x${hex(RUNTIME)}`), 'PUSH0', 'MSTORE', 'PUSH1', RUNTIME.length, 'PUSH1', 32 - RUNTIME.length, 'RETURN');
    const factory = asm(...create(outer, { salt: 7n }), ...create(asm('INVALID'), { slot: 1 }), 'STOP');
    const b = await runPrograms([{ to: programAddress(31) }], [contract(31, factory)]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(Math.max(...b.txs[0]!.steps.map((s) => s.depth))).to.equal(2);
    // the INVALID creation pushed 0 (slot 1 written 0); the outer one stored 0x11 and the inner one's address
    const stored = new Map(storageWrites(r).filter((x) => x[0] === BigInt(programAddress(31).toString())).map((x) => [x[1], x[2]]));
    expect(stored.get(1n)).to.equal(0n);
    expect(stored.get(0n)).to.not.equal(0n);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
  });

  it('EIP-214: CREATE and CREATE2 in a static frame fail with ErrorWriteProtection (all its gas gone, the caller continues); MockProver passes', async () => {
    // (100000 gas each: a failing callee consumes what it gets)
    const staticCall = (to: bigint, slot: number) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', to, 'PUSH3', 100_000, 'STATICCALL', 'PUSH1', slot, 'SSTORE'] as const;
    const [a, b2] = [32, 33].map((i) => BigInt(programAddress(i).toString()));
    const b = await runPrograms([asm(...staticCall(a!, 0), ...staticCall(b2!, 1), 'STOP')],
      [contract(32, asm('PUSH0', 'PUSH0', 'PUSH0', 'CREATE', 'STOP')), contract(33, asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'CREATE2', 'STOP'))]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    const r = evmCase(b);
    expect(names(r).filter((n) => n === 'ErrorWriteProtection')).to.have.length(2);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
  });

  it('a CREATE2 with a value above the balance enters no frame: 0 pushed, no return data after a reverted creation\'s, the nonce kept; MockProver passes; a covered balance claimed short is refused', async () => {
    const poor = asm(...create(REVERTING), ...create(INIT, { value: 5, salt: 3n, slot: 1 }), 'RETURNDATASIZE', 'PUSH1', 2, 'SSTORE', 'STOP');
    const b = await runPrograms([{ to: programAddress(34), value: 4n }], [contract(34, poor)]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    expect(b.txs[0]!.frames.map((f) => f.kind)).to.deep.equal(['CALL', 'CREATE']);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([0n, 0n, 0n]);
    const at = rowOf(r, 'CreateNoFrame');
    expect(names(r).slice(at - 1, at + 2)).to.deep.equal(['KeccakBytes', 'CreateNoFrame', 'CreateNoFrameReturn']);
    // the caller's nonce: bumped by the reverted CREATE only
    const self = BigInt(programAddress(34).toString());
    expect(r.rws.filter((x) => x.tag === RwTag.Account && x.fieldTag === AccountField.Nonce && x.isWrite && x.address === self)).to.have.length(1);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    expect(honestFailures(evmComposed(r, COMPOSED, 8), 12)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    expect(rr([{ column: 'evm inv', row: at, value: 0n }])).to.include(`gate evm CreateNoFrame/short: d ≠ 0 (the balance is short)@${at}`);
    expect(rr([{ column: 'evm slot 0 lo', row: at + 1, value: 32n }])).to.include(`gate evm CreateNoFrameReturn/no return data lo@${at + 1}`);
  });

  it('a CREATE by an account whose nonce is 2^64 − 1 enters no frame (EIP-2681: CreateNoFrame, its nonce read): 0 pushed, the nonce kept; MockProver passes; the flag claimed on a smaller nonce or dropped is refused', async () => {
    const limit = (1n << 64n) - 1n;
    const creator = { ...contract(35, asm(...create(INIT), 'STOP')), nonce: limit };
    const b = await runPrograms([{ to: programAddress(35) }], [creator]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    expect(b.txs[0]!.frames.map((f) => f.kind)).to.deep.equal(['CALL']);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    expect(storageWrites(r).map((x) => x[2])).to.deep.equal([0n]);
    const at = rowOf(r, 'CreateNoFrame');
    const self = BigInt(programAddress(35).toString());
    expect(r.steps[at + 1]!.rws.map((x) => [x.tag, x.value])).to.deep.equal([[RwTag.CallContext, 0n], [RwTag.Account, limit]]);
    expect(r.rws.filter((x) => x.tag === RwTag.Account && x.fieldTag === AccountField.Nonce && x.isWrite && x.address === self)).to.deep.equal([]);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    expect(honestFailures(evmComposed(r, COMPOSED, 8), 12)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // the flag dropped: the balance must then be short (it covers the value 0: no d ≠ 0 below it)
    expect(rr([{ column: 'evm aux byte 0', row: at + 1, value: 0n }])).to.include(`gate evm CreateNoFrame/short: d ≠ 0 (the balance is short)@${at}`);
    // a nonce one below the limit claimed at it: the rule (and the RW table) disagree
    expect(rr([{ column: 'evm slot 1 lo', row: at + 1, value: limit - 1n }, { column: 'evm slot 1 prev lo', row: at + 1, value: limit - 1n }]))
      .to.include.members([`gate evm CreateNoFrameReturn/m: nonce lo = 2^64 − 1@${at + 1}`, `lookup evm rw slot 1@${at + 1}`]);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm aux byte 0', row: at + 1, value: 0n }]))
      .to.include(`gate evm CreateNoFrame/short: d ≠ 0 (the balance is short)@${at}`);
  });

  it('an address collision (EIP-684: CREATE2 twice with one salt) fails the second creation (CreateCollision: its gas consumed, 0 pushed, the nonce bumped); MockProver passes; a fresh address claimed in use and the gas kept are refused', async () => {
    const twice = asm(...create(INIT, { salt: 1n }), ...create(INIT, { salt: 1n, slot: 1 }), 'STOP');
    const b = await runPrograms([twice]);
    expect(reasons(b)).to.deep.equal([[1, []]]);
    expect(b.txs[0]!.frames.map((f) => [f.kind, f.success])).to.deep.equal([['CALL', true], ['CREATE2', true], ['CREATE2', false]]);
    const r = evmCase(b);
    expect(storageWrites(r)).to.deep.equal(traced(b));
    const at = rowOf(r, 'CreateCollision');
    expect(names(r).slice(at - 1, at + 2)).to.deep.equal(['CreateSwitch', 'CreateCollision', 'CallReturn']);
    // the address has nonce 1 from the first creation; the caller's nonce bumped by both
    expect(r.steps[at]!.rws.map((x) => x.value).slice(1, 2)).to.deep.equal([1n]);
    const self = BigInt(programAddress(0).toString());
    expect(r.rws.filter((x) => x.tag === RwTag.Account && x.fieldTag === AccountField.Nonce && x.isWrite && x.address === self)).to.have.length(2);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    expect(honestFailures(evmComposed(r, COMPOSED, 8), 12)).to.deep.equal([]);
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, r), K, evmInstances(r), edits);
    // the nonce read as 0 (as for an unused address): the flagged field no longer differs (and the RW table disagrees)
    expect(rr([{ column: 'evm slot 1 lo', row: at, value: 0n }, { column: 'evm slot 1 prev lo', row: at, value: 0n }]))
      .to.include.members([`gate evm CreateCollision/the flagged field differs from an unused account's: (…)·inv = 1@${at}`, `lookup evm rw slot 1@${at}`]);
    expect(rr([{ column: 'evm aux byte 1', row: at, value: 1n }])).to.include(`gate evm CreateCollision/one reason@${at}`);
    expect(rr([{ column: 'evm gas', row: at + 1, value: 1n }])).to.include(`gate evm CreateCollision/all gas consumed: gas' = 0@${at}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, r), K, evmInstances(r), [{ column: 'evm inv', row: at, value: 0n }]))
      .to.include(`gate evm CreateCollision/the flagged field differs from an unused account's: (…)·inv = 1@${at}`);
  });

  it('unprovable, with the reason: SELFDESTRUCT of a contract the tx created', async () => {
    const destructing = asm('PUSH20', 0xbeef, 'SELFDESTRUCT');
    // deploy code that self-destructs (22 bytes: PUSH20 0xbeef, SELFDESTRUCT), then call it in the same tx
    const deployer = asm('PUSH22', BigInt(`0x${hex(destructing)}`), 'PUSH0', 'MSTORE', 'PUSH1', destructing.length, 'PUSH1', 32 - destructing.length, 'RETURN');
    const c = await runPrograms([asm(...create(deployer), ...callStored(0, 1), 'STOP')]);
    expect(reasons(c)).to.deep.equal([[1, ['SELFDESTRUCT of an account a CREATE/CREATE2 of the tx made: not built']]]);
  });
});
