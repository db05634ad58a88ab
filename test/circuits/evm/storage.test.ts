import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 9;
const CAPACITY = 48;
const STORED = (1n << 200n) + 12345n;

describe('evm circuit: SLOAD with EIP-2929 warm/cold gas (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  const contract = createAddressFromString('0x000000000000000000000000000000000005107e');

  before(async () => {
    // slot 1 cold, slot 1 again (warm), slot 7 never written (0)
    const code = asm('PUSH1', 1, 'SLOAD', 'PUSH1', 1, 'SLOAD', 'PUSH1', 7, 'SLOAD', 'POP', 'POP', 'POP', 'STOP');
    w = evmCase(await runPrograms([{ to: contract }], [{ address: contract, code, storage: [[1n, STORED]] }]));
  });

  it('pushes the stored values @ethereumjs read, charges 2100 cold and 100 warm; MockProver passes', () => {
    const loads = rowsOf('SLOAD').map((r) => w.steps[r]!);
    expect(loads.map((s) => s.rws[3]!.value)).to.deep.equal([STORED, STORED, 0n]);
    expect(loads.map((s, i) => s.gasLeft - w.steps[rowsOf('SLOAD')[i]! + 1]!.gasLeft)).to.deep.equal([2100n, 100n, 2100n]);
    expect(loads.map((s) => s.rws[2]!.valuePrev)).to.deep.equal([0n, 1n, 0n]);
    expect(w.rws.filter((r) => r.tag === RwTag.Storage).map((r) => r.committedValue)).to.deep.equal([STORED, STORED, 0n]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a cold slot charged as warm fails the gas transition; a slot not warmed afterwards fails its rule', () => {
    const r = rowsOf('SLOAD')[0]!;
    // the warm-slot row claims the slot was warm (value before 1): 2000 gas less unless the next gas follows
    expect(failures([{ column: 'evm slot 2 prev lo', row: r, value: 1n }])).to.deep.equal([`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`, `lookup evm rw slot 2@${r}`]);
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: 0n }])).to.deep.equal([`gate evm SLOAD/slot warm lo@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a pushed value other than the stored one fails SLOAD; another contract\'s slot fails StorageContract', () => {
    const r = rowsOf('SLOAD')[1]!;
    expect(failures([{ column: 'evm slot 3 lo', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm SLOAD/pushed = stored lo@${r}`, `lookup evm rw slot 3@${r}`]);
    const others = failures([{ column: 'evm c0', row: r, value: (v) => v + 1n }]);
    expect(others).to.include(`gate evm StorageContract/contract = the call's CalleeAddress@${r + 1}`);
  });

  it('the real verifier rejects a load of a value the slot does not hold', async () => {
    const r = rowsOf('SLOAD')[0]!;
    const edits = ['slot 1 lo', 'slot 1 prev lo', 'slot 3 lo'].map((c) => ({ column: `evm ${c}`, row: r, value: (v: bigint) => v + 1n }));
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
    expect(failed).to.deep.equal([`lookup evm rw slot 1@${r}`, `lookup evm rw slot 3@${r}`]);
  });
});

describe('evm circuit: SSTORE gas and refunds (EIP-2200/2929/3529) and the refund at EndTx (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  const S = (1n << 255n) + 3n;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY_SSTORE, w), K, evmInstances(w), edits);
  const CAPACITY_SSTORE = 80;
  const a = createAddressFromString('0x00000000000000000000000000000000000005a1');
  const b = createAddressFromString('0x00000000000000000000000000000000000005b2');
  const store = (slot: number, value: bigint) => ['PUSH32', value, 'PUSH1', slot, 'SSTORE'];

  before(async () => {
    // tx 1: a clean set (0 → 7), set back to 0 (dirty, original), a clean reset to 0 (refund), 0 → 9 (dirty: the refund
    // taken back), a no-op store, back to the original (dirty) — its refund capped at gas used / 5; tx 2: a clean
    // reset to 0 whose refund is below the cap
    const codeA = asm(...store(3, 7n), ...store(3, 0n), ...store(1, 0n), ...store(1, 9n), ...store(2, 5n), ...store(1, S), 'STOP');
    const codeB = asm(...store(2, 0n), 'STOP');
    w = evmCase(await runPrograms([{ to: a }, { to: b }], [
      { address: a, code: codeA, storage: [[1n, S], [2n, 5n]] }, { address: b, code: codeB, storage: [[2n, 5n]] },
    ]));
  });

  it('charges and refunds as @ethereumjs did (the builder checks each step\'s cost, refund counter and the tx\'s gas used); MockProver passes', () => {
    const costs = rowsOf('SSTORE').map((r) => w.steps[r]!.gasLeft - w.steps[r + 1]!.gasLeft);
    expect(costs).to.deep.equal([22_100n, 100n, 5_000n, 100n, 2_200n, 100n, 5_000n]);
    const counters = rowsOf('SstoreRefund').map((r) => w.steps[r]!.rws[0]!.value);
    expect(counters).to.deep.equal([0n, 19_900n, 24_700n, 19_900n, 19_900n, 22_700n, 4_800n]);
    // tx 1's refund is capped at gas used / 5 (EndTxRefund's flag 0), tx 2's is not (flag 1)
    expect(rowsOf('EndTxRefund').map((r) => w.steps[r]!.aux?.c1)).to.deep.equal([0n, 1n]);
    expect(honestFailures(evmTestCircuit(CAPACITY_SSTORE, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a clean reset claimed as a dirty change (no 2800 charged, no refund) fails the tests\' products and the gas', () => {
    const r = rowsOf('SstoreRefund')[2]!;
    const failed = failures([{ column: 'evm aux byte 12', row: r, value: 0n }]);
    expect(failed).to.include(`gate evm SstoreRefund/clean change@${r}`);
    expect(failed).to.include(`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r - 1}`);
  });

  it('a store claimed a no-op (c = n) fails the IsZero of the lo difference; a refund counter off by one fails δ and the RW lookup', () => {
    const r = rowsOf('SstoreRefund')[0]!;
    expect(failures([{ column: 'evm aux byte 3', row: r, value: 1n }]).filter((f) => f.includes('c = n lo')))
      .to.deep.equal([`gate evm SstoreRefund/c = n lo: out = 1 − value·inverse@${r}`, `gate evm SstoreRefund/c = n lo: value·out = 0@${r}`]);
    const edits = [{ column: 'evm slot 0 lo', row: r, value: (v: bigint) => v + 1n }];
    expect(failures(edits)).to.deep.equal([`gate evm SstoreRefund/refund' = refund + δ@${r}`, `lookup evm rw slot 0@${r}`]);
  });

  it('EndTx refunds min(R, gas used / 5): claiming R below the quotient when it is not fails the comparison bytes', () => {
    const r = rowsOf('EndTxRefund')[0]!;
    const failed = failures([{ column: 'evm c1', row: r, value: 1n }]);
    expect(failed).to.include(`gate evm EndTxRefund/aux bytes 10 … 17 = below ? q − refund − 1 : refund − q@${r}`);
    expect(failed).to.include(`gate evm EndTxRefund/gas' = gas + min(refund, q)@${r}`);
  });

  it('EndTxRefund starts from the gas EndTx ends with: a refund computed from any other gas fails the carry', () => {
    // the review's attack: EndTxRefund claiming gas = gas limit (the sender refunded everything), later rows following
    const r = rowsOf('EndTxRefund')[1]!;
    expect(failures([{ column: 'evm gas', row: r, value: 1_000_000n }]).filter((f) => f.includes('gas carried'))).to.deep.equal([`gate evm EndTxRefund/gas carried@${r}`]);
  });

  it('the real verifier rejects a refund the counter does not hold', async () => {
    const r = rowsOf('EndTxRefund')[1]!;
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY_SSTORE, w), K, evmInstances(w), [
      { column: 'evm slot 0 lo', row: r, value: (v) => v + 1n }, { column: 'evm slot 0 prev lo', row: r, value: (v) => v + 1n },
    ]);
    expect(failed).to.include(`lookup evm rw slot 0@${r}`);
  });
});

describe('evm circuit: SSTORE out of gas above its sentry (ErrorOutOfGasSstore; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const OOG_K = 10;
  const OOG_STEPS = 160;
  const START = 'ErrorOutOfGasSstore';
  const END = 'ErrorOutOfGasSstoreEnd';
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(OOG_STEPS, w), OOG_K, evmInstances(w), edits);
  const at = (i: number) => createAddressFromString(`0x00000000000000000000000000000000000550${i}0`);
  const SHORT = `gate evm ${END}/aux bytes 16 … 23 = gas cost + dynamic gas − gas − 1 (short of gas)`;

  before(async () => {
    // tx 1: a cold set (100 + 2100 + 19900) with 5000 gas left; tx 2: a warm reset of a stored slot (100 + 2800) with
    // 2500; tx 3: a caller giving its callee 10000 gas for a cold set, then storing the call's success (0)
    const b = await runPrograms([{ to: at(1), gasLimit: 21_000n + 6n + 5000n }, { to: at(2), gasLimit: 21_000n + 2111n + 2500n }, { to: at(3) }], [
      { address: at(1), code: asm('PUSH1', 5, 'PUSH1', 1, 'SSTORE', 'STOP') },
      { address: at(2), code: asm('PUSH1', 2, 'SLOAD', 'POP', 'PUSH1', 9, 'PUSH1', 2, 'SSTORE', 'STOP'), storage: [[2n, STORED]] },
      { address: at(3), code: asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', BigInt(at(1).toString()), 'PUSH2', 10_000, 'CALL', 'PUSH0', 'SSTORE', 'STOP') },
    ]);
    expect(b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error, x.gasLeft])]))
      .to.deep.equal([[0, [['SSTORE', 'out of gas', 5000n]]], [0, [['SSTORE', 'out of gas', 2500n]]], [1, [['SSTORE', 'out of gas', 9994n]]]]);
    w = evmCase(b);
  });

  it('reads the slot (current, original, warm flag), charges nothing, then fails; MockProver passes', () => {
    const starts = rowsOf(START);
    expect(starts.map((r) => [w.steps[r]!.rws[2]!.value, w.steps[r]!.rws[2]!.committedValue, w.steps[r]!.rws[3]!.value, w.steps[r + 1]!.spec.gadget.name, w.steps[r + 2]!.spec.gadget.name]))
      .to.deep.equal([[0n, 0n, 0n, END, 'EndTx'], [STORED, STORED, 1n, END, 'EndTx'], [0n, 0n, 0n, END, 'CallReturn']]);
    expect(honestFailures(evmTestCircuit(OOG_STEPS, w), OOG_K, evmInstances(w))).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover it, the slot claimed warm or not clean, another contract, opcode or first row: MockProver names the rule', () => {
    const [set, reset] = rowsOf(START);
    const end = set! + 1;
    expect(failures([{ column: 'evm gas', row: end, value: 22_100n }])).to.include(`${SHORT}@${end}`);
    expect(failures([{ column: 'evm slot 3 lo', row: set!, value: 1n }, { column: 'evm slot 3 prev lo', row: set!, value: 1n }])).to.include.members([`lookup evm rw slot 3@${set}`, `${SHORT}@${end}`]);
    // the warm reset claimed dirty (no 2800): the clean test
    expect(failures([{ column: 'evm aux byte 12', row: reset! + 1, value: 0n }])).to.include(`gate evm ${END}/clean change@${reset! + 1}`);
    // another contract's slot: its Storage and warm rows' keys, and the running contract
    expect(failures([{ column: 'evm c0', row: set!, value: (x) => x + 1n }])).to.include.members([`gate evm ${START}/slot 2 address@${set}`, `gate evm ${END}/contract = the call's CalleeAddress@${end}`]);
    expect(failures([{ column: 'evm opcode', row: end, value: 0x54n }])).to.include(`gate evm ${END}/the opcode is SSTORE@${end}`);
    expect(failures(evmStateCells('SSTORE', set!))).to.include(`gate evm ${END}/after ${START}@${end}`);
  });

  it('the real verifier rejects the gas claimed to cover it', async () => {
    const end = rowsOf(END)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(OOG_STEPS, w), OOG_K, evmInstances(w), [{ column: 'evm gas', row: end, value: 22_100n }])).to.include(`${SHORT}@${end}`);
  });
});
