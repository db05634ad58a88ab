import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';
import { callers, contract, errors, ROOT, rowsIn } from './failing-calls.js';
import { CALL_EMPTY_BYTES } from '../../../circuits/evm/gadgets/call-oog.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 11;
const STEPS = 1024;
const RW_ROWS = 1024;
const OOG = 'ErrorOutOfGasCall';
const SHORT = "aux bytes 0 … 7 = charges − gas − 1 (short of the call's charges)";

/** A CALL-family opcode's operands, pushed deepest first: (gas, to, [value,] argsOffset, argsLength, retOffset, retLength). */
const call = (op: string, to: readonly (string | number | bigint)[], { value, args = [0, 0], ret = [0, 0] }: { value?: number; args?: [number, number]; ret?: [number, number] } = {}) =>
  ['PUSH3', ret[1], 'PUSH3', ret[0], 'PUSH3', args[1], 'PUSH3', args[0], ...(value === undefined ? [] : ['PUSH1', value]), ...to, 'GAS', op] as const;

describe('evm circuit: the CALL family out of gas on its value, new account, warm or cold access and memory (ErrorOutOfGasCall; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (name: string) => rowsIn(w, name);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1: 90 CALLs 91 … with little gas; each CALLs on and runs out: 1 wei to itself (warm: short of 9000), 1 wei to a
    // new cold account (short of 2600 + 9000 + 25000), STATICCALL with a 1 MiB return range (short of its expansion
    // alone), DELEGATECALL of itself asking 64 bytes of args (short of the expansion + 100), CALLCODE with a value (short of
    // 9000), CALL of the sha256 precompile with a value, then stores the successes (0); tx 2: the root program's CALL with 1 wei to itself, on its tx's gas limit
    const self = ['ADDRESS'] as const;
    const fresh = ['PUSH20', 0xfee1n] as const;
    const programs = [
      { ops: call('CALL', self, { value: 1 }), gas: 5000 },
      { ops: call('CALL', fresh, { value: 1 }), gas: 20_000 },
      { ops: call('STATICCALL', self, { ret: [0, 0x100000] }), gas: 50_000 },
      { ops: call('DELEGATECALL', self, { args: [0, 64] }), gas: 121 },
      { ops: call('CALLCODE', self, { value: 1 }), gas: 5000 },
      // the sha256 precompile: short of the value's 9000, it runs nothing
      { ops: call('CALL', ['PUSH1', 2], { value: 1 }), gas: 5000 },
    ];
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(ROOT), gasLimit: 21_000n + 3000n }],
      [...callers(programs), contract(ROOT, asm(...call('CALL', self, { value: 1 }), 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each call as @ethereumjs did (all the caller\'s gas consumed, the outer caller continues; the root\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, ['CALL', 'CALL', 'STATICCALL', 'DELEGATECALL', 'CALLCODE', 'CALL'].map(oog), []], [0, [oog('CALL')], []]]);
    const fails = rowsOf(OOG);
    // each after its chain's CallEmpty (cold: the fresh account's; new account: its value to an empty one), then the caller's return
    const flag = (r: number, byte: number) => Number((w.steps[r - 1]!.aux!.aux! >> BigInt(8 * byte)) & 0xffn);
    expect(fails.map((r) => [w.steps[r - 1]!.spec.gadget.name, flag(r, CALL_EMPTY_BYTES.cold), flag(r, CALL_EMPTY_BYTES.newAccount), w.steps[r + 1]!.spec.gadget.name, w.steps[r + 1]!.gasLeft]))
      .to.deep.equal([['CallEmpty', 0, 0, 'CallReturn', 0n], ['CallEmpty', 1, 1, 'CallReturn', 0n], ['CallEmpty', 0, 0, 'CallReturn', 0n], ['CallEmpty', 0, 0, 'CallReturn', 0n],
        ['CallEmpty', 0, 0, 'CallReturn', 0n], ['CallEmpty', 0, 1, 'CallReturn', 0n], ['CallEmpty', 0, 0, 'EndTx', 0n]]);
    // the STATICCALL's 1 MiB expansion alone exceeds its gas: the row's gas is the difference mod r
    expect(w.steps[fails[2]!]!.gasLeft > 1n << 128n).to.equal(true);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover the charges, a new account claimed old, the frame\'s gas kept, the failure skipped: MockProver names the rule', () => {
    const [warmValue, fresh, , delegate] = rowsOf(OOG) as [number, number, number, number];
    expect(failures([{ column: 'evm gas', row: warmValue, value: 9100n }])).to.include(`gate evm ${OOG}/${SHORT}@${warmValue}`);
    // the DELEGATECALL's expansion (2 words: 6 gas) dropped from its gas
    expect(failures([{ column: 'evm gas', row: delegate, value: (x) => x + 6n }])).to.include(`gate evm ${OOG}/${SHORT}@${delegate}`);
    // the fresh account claimed no new account (25000 fewer): CallEmpty's own rule refuses the flag
    expect(failures([{ column: `evm aux byte ${CALL_EMPTY_BYTES.newAccount}`, row: fresh - 1, value: 0n }]))
      .to.include(`gate evm CallEmpty/new account = empty · (v ≠ 0) · not CALLCODE@${fresh - 1}`);
    expect(failures([{ column: 'evm gas', row: warmValue + 1, value: 1n }])).to.include(`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${warmValue}`);
    // CallEmpty followed by an opcode step instead (the call neither made nor failed)
    expect(failures(evmStateCells('STOP', warmValue)))
      .to.include(`gate evm CallEmpty/next is CallGas or ${OOG}@${warmValue - 1}`);
  });

  it('the real verifier rejects the gas claimed to cover the value transfer', async () => {
    const warmValue = rowsOf(OOG)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: warmValue, value: 9100n }]))
      .to.include(`gate evm ${OOG}/${SHORT}@${warmValue}`);
  });

  it('a call short of gas on an account @ethereumjs never loads — a precompile, an access-list address, a cold untouched one (the tracer reads them after the tx): ErrorOutOfGasCall; MockProver passes over the state circuit', async () => {
    // each callee is left 67 gas at its STATICCALL (warm: only the 100 is short): of the identity, of an access-list address;
    // then a STATICCALL of a cold, untouched account short of its 1 MiB return range (no value: no account read either)
    const short = (to: readonly (string | bigint | number)[]) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', ...to, 'GAS', 'STATICCALL'];
    const listed = createAddressFromString('0x000000000000000000000000000000000000fee3');
    const b2 = await runPrograms([{ to: programAddress(90), accessList: [{ address: listed, storageKeys: [] }] }],
      callers([{ ops: short(['PUSH1', 4]), gas: 80 }, { ops: short(['PUSH20', 0xfee3n]), gas: 79 }, { ops: call('STATICCALL', ['PUSH20', 0xfee2n], { ret: [0, 0x100000] }), gas: 50_000 }]));
    expect(errors(b2)).to.deep.equal([[1, Array(3).fill(['STATICCALL', 'out of gas']), []]]);
    const w2 = evmCase(b2);
    expect(rowsIn(w2, OOG).map((r) => w2.steps[r + 1]!.spec.gadget.name)).to.deep.equal(['CallReturn', 'CallReturn', 'CallReturn']);
    // a trace without the tracer's read of the access-list address (coverage cannot tell it from a cold one): the builder refuses it
    const unread = { ...b2, txs: b2.txs.map((t) => ({ ...t, accounts: t.accounts.filter((a) => BigInt(a.address) !== 0xfee3n) })) };
    expect(() => evmCase(unread)).to.throw(UnsupportedExecutionError, /never loaded/);
    expect(honestFailures(evmWithState(w2, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });
});

describe('evm circuit: the CALL family out of gas on a range at 2^32 or beyond (ErrorOutOfGasCallFar; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  const FAR = 'ErrorOutOfGasCallFar';
  const ONES = (1n << 256n) - 1n;
  let b: BlockTrace;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(256, w), 10, evmInstances(w), edits);
  /** The far row of program k (in the order below) and the stack items it read. */
  const far = (k: number) => rowsIn(w, FAR)[k]!;

  before(async () => {
    // (pushed deepest first: retLength, retOffset, argsLength, argsOffset, [value,] to, gas) a STATICCALL whose return range
    // starts at 2^32; a CALL with 1 wei whose arguments are 2^40 bytes; a DELEGATECALL of 1 byte of arguments at 2^255;
    // a CALLCODE asking 2^256 − 1 bytes back; the root's STATICCALL at 2^64 (its tx fails)
    const programs = [
      { ops: ['PUSH1', 1, 'PUSH5', 1n << 32n, 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'STATICCALL'], gas: 5000 },
      { ops: ['PUSH0', 'PUSH0', 'PUSH6', 1n << 40n, 'PUSH0', 'PUSH1', 1, 'ADDRESS', 'GAS', 'CALL'], gas: 5000 },
      { ops: ['PUSH0', 'PUSH0', 'PUSH1', 1, 'PUSH32', 1n << 255n, 'ADDRESS', 'GAS', 'DELEGATECALL'], gas: 5000 },
      { ops: ['PUSH32', ONES, 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'CALLCODE'], gas: 5000 },
    ];
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(ROOT) }],
      [...callers(programs), contract(ROOT, asm('PUSH1', 7, 'PUSH9', 1n << 64n, 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'STATICCALL', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each call as @ethereumjs did, in one row reading the far range (the caller goes on; the root\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, ['STATICCALL', 'CALL', 'DELEGATECALL', 'CALLCODE'].map(oog), []], [0, [oog('STATICCALL')], []]]);
    const rows = rowsIn(w, FAR);
    expect(rows.map((r) => [w.steps[r]!.rws.map((x) => x.value), w.steps[r + 1]!.spec.gadget.name, w.steps[r + 1]!.gasLeft])).to.deep.equal([
      [[1n << 32n, 1n], 'CallReturn', 0n], [[0n, 1n << 40n], 'CallReturn', 0n], [[1n << 255n, 1n], 'CallReturn', 0n], [[0n, ONES], 'CallReturn', 0n], [[1n << 64n, 7n], 'EndTx', 0n],
    ]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: 256, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: a near range read, the other range picked, a value claimed, the gas claimed ≥ 2^32: MockProver names the rule', () => {
    // the STATICCALL's offset forged to 2^32 − 1 (the step, the stack read and the aux word agreeing)
    const rw = w.steps[far(0)]!.rwCounter - 1;
    const near = 0xffffffffn;
    expect(failures([...[0, 1, 2, 3].map((j) => ({ column: `evm aux byte ${j}`, row: far(0), value: 0xffn })), { column: 'evm aux byte 4', row: far(0), value: 0n },
      { column: 'evm slot 0 lo', row: far(0), value: near }, { column: 'evm slot 0 prev lo', row: far(0), value: near }, { column: 'rw table valueLo', row: rw, value: near }, { column: 'rw table valuePrevLo', row: rw, value: near }]))
      .to.deep.equal([`gate evm ${FAR}/far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1@${far(0)}`]);
    // the STATICCALL claimed to have a value: its items sit one lower
    expect(failures([{ column: 'evm aux byte 22', row: far(0), value: 1n }])).to.include(`gate evm ${FAR}/v ⇒ CALL or CALLCODE@${far(0)}`);
    // the CALL's arguments claimed its (empty) return range
    expect(failures([{ column: 'evm aux byte 23', row: far(1), value: 1n }])).to.include.members([`gate evm ${FAR}/slot 0 address@${far(1)}`, `gate evm ${FAR}/slot 1 address@${far(1)}`]);
    expect(failures([{ column: 'evm aux byte 19', row: far(2), value: 1n }])).to.deep.equal([`gate evm ${FAR}/gas < 2^32: gas = aux bytes 16 … 19@${far(2)}`]);
    expect(failures([{ column: 'evm gas', row: far(3) + 1, value: 1n }])).to.include(`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${far(3)}`);
  });

  it('the real verifier rejects a near range passed off as far', async () => {
    const tiny = evmCase(await runPrograms([{ to: programAddress(ROOT) }], [contract(ROOT, asm('PUSH1', 7, 'PUSH9', 1n << 64n, 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'STATICCALL', 'STOP'))]));
    const row = rowsIn(tiny, FAR)[0]!;
    const rw = tiny.steps[row]!.rwCounter - 1;
    expect(await expectVerifierRejects(evmTestCircuit(48, tiny), 9, evmInstances(tiny), [{ column: 'evm aux byte 8', row, value: 0n },
      { column: 'evm slot 0 lo', row, value: 0n }, { column: 'evm slot 0 prev lo', row, value: 0n }, { column: 'rw table valueLo', row: rw, value: 0n }, { column: 'rw table valuePrevLo', row: rw, value: 0n }]))
      .to.deep.equal([`gate evm ${FAR}/far word ≥ 2^32: (hi + aux bytes 4 … 15)·inv = 1@${row}`]);
  });

  it('refused (unprovable), with the reason: a far range with 2^16 words of memory or more in use', async () => {
    const big = await runPrograms([{ to: programAddress(ROOT), gasLimit: 10_000_000n }],
      [contract(ROOT, asm('PUSH1', 1, 'PUSH3', 0x200000, 'MSTORE', 'PUSH1', 1, 'PUSH5', 1n << 32n, 'PUSH0', 'PUSH0', 'ADDRESS', 'GAS', 'STATICCALL', 'STOP'))]);
    expect(errors(big)[0]![2]).to.deep.equal(['error out of gas at STATICCALL']);
    expect(() => evmCase(big)).to.throw(UnsupportedExecutionError);
  });
});
