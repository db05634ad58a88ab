import { expect } from 'chai';
import { createAddressFromString, type Address } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 10;
const STEPS = 160;
const RW_ROWS = 256;

describe('evm circuit: EIP-2930 access lists (BeginTxAccessList rows; differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const contract = createAddressFromString('0x0000000000000000000000000000000000000a11');
  const listed = createAddressFromString('0x000000000000000000000000000000000000f00d');
  const unlisted = createAddressFromString('0x000000000000000000000000000000000000f00e');
  const eoa = createAddressFromString('0x0000000000000000000000000000000000000e0a');
  const word = (a: Address) => BigInt(a.toString());
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  /** The trace's cost of each step named `name`, tx by tx. */
  const costs = (name: string) => block.txs.map((t) => t.steps.filter((s) => s.name === name).map((s) => s.gasCost));

  before(async () => {
    // SLOAD slots 1 and 2, SSTORE 5 into slot 3, BALANCE of `listed` and of `unlisted`
    const code = asm('PUSH1', 1, 'SLOAD', 'POP', 'PUSH1', 2, 'SLOAD', 'POP', 'PUSH1', 5, 'PUSH1', 3, 'SSTORE',
      'PUSH20', word(listed), 'BALANCE', 'POP', 'PUSH20', word(unlisted), 'BALANCE', 'POP', 'STOP');
    block = await runPrograms([
      // type 2: the callee listed twice (slot 1 twice, slot 3), `listed` with an empty key list
      { to: contract, accessList: [{ address: contract, storageKeys: [1n, 3n] }, { address: listed, storageKeys: [] }, { address: contract, storageKeys: [1n] }] },
      // type 1: keys of another address only (the callee's slots stay cold)
      { to: contract, type: 1, accessList: [{ address: listed, storageKeys: [1n, 2n] }] },
      // type 2 without a list, and a plain transfer with one (no step runs; its rows still warm the items)
      { to: contract }, { to: eoa, value: 3n, accessList: [{ address: unlisted, storageKeys: [7n] }] },
    ], [{ address: contract, code }]);
    w = evmCase(block);
  });

  it('charges and warms what @ethereumjs did (intrinsic 2400/1900 per item, listed slots and addresses warm); MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.type, t.status])).to.deep.equal([[2, 1], [1, 1], [2, 1], [2, 1]]);
    expect(block.txs.flatMap(unsupportedOps)).to.deep.equal([]);
    // one row per item, in the list's order: addresses and (address, key) pairs written warm, a duplicate again
    const items = [...rowsOf('BeginTxAccessListAddress'), ...rowsOf('BeginTxAccessListKey')].sort((a, b) => a - b).map((r) => {
      const rw = w.steps[r]!.rws[0]!;
      return [w.steps[r]!.txId, rw.tag === RwTag.TxAccessListAccount ? 'a' : 'k', rw.address, rw.storageKey, rw.valuePrev];
    });
    const [c, l, u] = [word(contract), word(listed), word(unlisted)];
    expect(items).to.deep.equal([
      // (the callee was written warm by BeginTxCallee before the list's rows)
      [1, 'a', c, 0n, 1n], [1, 'k', c, 1n, 0n], [1, 'k', c, 3n, 0n], [1, 'a', l, 0n, 0n], [1, 'a', c, 0n, 1n], [1, 'k', c, 1n, 1n],
      [2, 'a', l, 0n, 0n], [2, 'k', l, 1n, 0n], [2, 'k', l, 2n, 0n],
      [4, 'a', u, 0n, 0n], [4, 'k', u, 7n, 0n],
    ]);
    // EIP-2930 intrinsic gas (BeginTx1's c1): 3·2400 + 3·1900, 2400 + 2·1900, 0, 2400 + 1900
    expect(rowsOf('BeginTx1').map((r) => w.steps[r]!.aux?.c1)).to.deep.equal([12_900n, 6_200n, 0n, 4_300n]);
    // against tx 3 (the same code, no list): + the list's gas − what its warm accesses save (SLOAD 2000, BALANCE 2500; tx 1's
    // SSTORE sets slot 3 from 0, warm, 20000, where tx 3's stores 5 over 5, cold, 2200)
    expect(block.txs.slice(0, 2).map((t) => t.gasUsed - block.txs[2]!.gasUsed)).to.deep.equal([12_900n - 2_000n + (20_000n - 2_200n) - 2_500n, 6_200n - 2_500n]);
    // @ethereumjs's costs, which the witness checked step by step: listed slots and addresses warm (100), the rest cold
    expect(costs('SLOAD')).to.deep.equal([[100n, 2100n], [2100n, 2100n], [2100n, 2100n], []]);
    // slot 3: set from 0 (warm: no 2100), then 5 → 5 cold
    expect(costs('SSTORE')).to.deep.equal([[20_000n], [2_200n], [2_200n], []]);
    expect(costs('BALANCE')).to.deep.equal([[100n, 2600n], [100n, 2600n], [2600n, 2600n], []]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the list claimed shorter, wrong intrinsic gas, a key not in the list, a slot claimed warm that is not listed, the loop cut short', () => {
    const [callee] = rowsOf('BeginTxCallee') as [number];
    // n = 5 instead of 6: the tx table's AccessListItems is 6
    expect(failures([{ column: 'evm c1', row: callee, value: 5n }])).to.deep.equal([
      `gate evm BeginTxCallee/access list next iff it has items: next = n·inv@${callee}`, `lookup evm tx lookup 1@${callee}`,
    ]);
    const [begin1] = rowsOf('BeginTx1') as [number];
    expect(failures([{ column: 'evm c1', row: begin1, value: (v) => v - 1900n }])).to.deep.equal([
      `gate evm BeginTx1/gas −= intrinsic data and access list gas@${begin1}`, `lookup evm tx lookup 3@${begin1}`,
    ]);
    // the key row of slot 3 warming slot 2 instead: not the tx's item 2
    const key3 = rowsOf('BeginTxAccessListKey')[1]!;
    expect(failures([{ column: 'evm aux byte 0', row: key3, value: 2n }])).to.deep.equal([`lookup evm rw slot 0@${key3}`, `lookup evm tx lookup 0@${key3}`]);
    // tx 1's SLOAD of slot 2 (not listed) charged warm: its warm row's value before claimed 1
    const sload2 = rowsOf('SLOAD')[1]!;
    expect(failures([{ column: 'evm slot 2 prev lo', row: sload2, value: 1n }])).to.deep.equal([
      `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${sload2}`, `lookup evm rw slot 2@${sload2}`,
    ]);
    // the list ended after item 4 of 6 (the next row claimed to be BeginTxGasPrice): n − i − 1 ≠ 0 there
    const fifth = rowsOf('BeginTxAccessListAddress')[2]!;
    expect(failures([{ column: 'evm inv', row: fifth, value: 0n }])).to.deep.equal([
      `gate evm BeginTxAccessListAddress/another item next iff n − i − 1 ≠ 0: next = (n − i − 1)·inv@${fifth}`,
    ]);
  });
});
