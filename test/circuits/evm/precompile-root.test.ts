/**
 * A tx whose callee is a precompile (gadgets/precompile-root.ts, tx.ts BeginTxFunds1/BeginTxPrecompile): its gas and
 * status as @ethereumjs/vm computes them, the value transfer kept or (out of gas) undone; MockProver over the state
 * circuit; mutations named by MockProver and refused by the real verifier.
 */
import { expect } from 'chai';
import { Address } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, txRowsAfterFunds, evmWithState } from './harness.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 11;
const STEPS = 256;
const RW_ROWS = 1024;

const at = (n: number): Address => new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? n : 0)));
const bytes = (n: number, fill = (i: number) => (i * 37 + 1) & 0xff) => Uint8Array.from({ length: n }, (_, i) => fill(i));

describe('evm circuit: a tx whose callee is a precompile (differential against @ethereumjs/vm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (i: number) => txRowsAfterFunds(w, i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    block = await runPrograms([
      { to: at(1), data: bytes(128) }, // ecrecover: 3000 whatever the input (this one recovers nothing: still a success)
      { to: at(2), data: bytes(40), value: 5n }, // sha256: 60 + 12·2
      { to: at(3) }, // ripemd160, no input: 600
      { to: at(4), data: bytes(33), value: 7n }, // identity: 15 + 3·2
      { to: at(1), value: 3n, gasLimit: 21_000n + 2_999n }, // ecrecover one gas short: all gas consumed, the value returned
      { to: at(2), data: bytes(64, () => 0), gasLimit: 21_000n + 64n * 4n + 83n }, // sha256 of 64 zero bytes (84 gas) one short
      { to: at(11), value: 1n }, // 0x0b is no precompile in Cancun: a transfer
    ]);
    w = evmCase(block);
  });

  it('charges each precompile its gas (base + per word), fails one short of it, and moves the value as @ethereumjs; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []], [1, []], [1, []], [1, []], [0, []], [0, []], [1, []]]);
    expect(block.txs.map((t) => t.gasUsed - 21_000n - BigInt(t.data.reduce((n, b) => n + (b === 0 ? 4 : 16), 0))))
      .to.deep.equal([3000n, 84n, 600n, 21n, 2_999n, 83n, 0n]);
    expect(Array.from({ length: 7 }, (_, i) => rowsOf(i).names)).to.deep.equal([
      ...Array.from({ length: 4 }, () => ['BeginTxPrecompile', 'PrecompileRoot']),
      ['BeginTxPrecompile', 'PrecompileRootOutOfGas'], ['BeginTxPrecompile', 'PrecompileRootOutOfGas'], ['BeginTx6'],
    ]);
    // the precompiles' balances: 5 and 7 kept; the failed tx's 3 credited, then undone by its reversion write
    const credits = w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Balance && r.isWrite && r.address >= 1n && r.address <= 11n)
      .map((r) => [r.address, r.valuePrev, r.value]);
    expect(credits).to.deep.include.members([[2n, 0n, 5n], [4n, 0n, 7n], [1n, 0n, 3n], [1n, 3n, 0n], [11n, 0n, 1n]]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a precompile callee must take BeginTxPrecompile (not BeginTx6 as a transfer); the credit is the tx\'s value', () => {
    const { begin } = rowsOf(3);
    expect(failures(evmStateCells('BeginTx6', begin + 1)))
      .to.include(`gate evm BeginTxFunds1/a precompile callee: next is BeginTxPrecompile: out = 1 − value·inverse@${begin}`);
    // the callee credited 8 for its 7: the tx's value (slot 3, looked up) and the sum
    expect(failures([{ column: 'evm slot 3 lo', row: begin + 1, value: 8n }, { column: 'evm slot 3 prev lo', row: begin + 1, value: 8n }]))
      .to.include.members([`gate evm BeginTxPrecompile/lo: x + y = z + c0·2^128@${begin + 1}`, `lookup evm tx lookup 1@${begin + 1}`]);
    // a balance written other than the sum
    expect(failures([{ column: 'evm slot 0 lo', row: begin + 1, value: 6n }])).to.include.members([`gate evm BeginTxPrecompile/balance = aux lo@${begin + 1}`, `lookup evm rw slot 0@${begin + 1}`]);
  });

  it('PrecompileRoot: another precompile\'s price, a shorter input, a smaller charge are each refused', () => {
    const r = rowsOf(1).begin + 2;
    // sha256's row claimed to be the identity's (cheaper): the callee lookup
    expect(failures([{ column: 'evm aux byte 1', row: r, value: 0n }, { column: 'evm aux byte 3', row: r, value: 1n }])).to.include(`lookup evm tx lookup 0@${r}`);
    // 40 bytes claimed 32 (one word): the calldata length lookup
    expect(failures([{ column: 'evm aux byte 4', row: r, value: 32n }, { column: 'evm aux byte 8', row: r, value: 31n }, { column: 'evm aux byte 9', row: r, value: 0n }, { column: 'evm aux byte 10', row: r, value: 1n }]))
      .to.include(`lookup evm tx lookup 1@${r}`);
    // a flag that is not 0 or 1
    expect(failures([{ column: 'evm aux byte 1', row: r, value: 2n }])).to.include.members([`gate evm PrecompileRoot/sha256 flag boolean@${r}`, `gate evm PrecompileRoot/one precompile: Σ flags = 1@${r}`]);
    expect(failures([{ column: 'evm gas', row: r + 1, value: (x) => x + 1n }])).to.include(`gate evm PrecompileRoot/gas' = gas − cost@${r}`);
  });

  /**
   * Review finding: the root rows' own gas was bound to nothing (an internal row's next-gas rules bind only the next
   * row's). Raising it with gas − cost (aux bytes 16 … 23) and EndTx's gas skipped the intrinsic gas; lowering it below
   * the cost turned a success into PrecompileRootOutOfGas.
   */
  const raisedGas = (r: number, delta: bigint, state?: { to: string; left: bigint }) => {
    const left = state?.left ?? ((w.steps[r]!.aux!.aux! >> 128n) & ((1n << 64n) - 1n)) + delta;
    return [
      { column: 'evm gas', row: r, value: (x: bigint) => x + delta }, { column: 'evm gas', row: r + 1, value: (x: bigint) => (state === undefined ? x + delta : 0n) },
      ...Array.from({ length: 8 }, (_, j) => ({ column: `evm aux byte ${16 + j}`, row: r, value: (left >> BigInt(8 * j)) & 0xffn })),
      ...(state === undefined ? [] : evmStateCells(state.to, r)),
    ];
  };

  it('the root row\'s gas is what BeginTxPrecompile left: more gas (the intrinsic gas skipped), or too little for a success, fails "gas carried"', () => {
    const r = rowsOf(3).begin + 2;
    expect(failures(raisedGas(r, 21_000n))).to.include(`gate evm PrecompileRoot/gas carried@${r}`);
    const gas = w.steps[r]!.gasLeft;
    // the identity's 21 gas claimed short: the row's gas 0, the success turned into a failure
    expect(failures(raisedGas(r, -gas, { to: 'PrecompileRootOutOfGas', left: 21n - 0n - 1n }))).to.include(`gate evm PrecompileRootOutOfGas/gas carried@${r}`);
  });

  it('PrecompileRootOutOfGas cannot be claimed with the gas to pay, nor keep gas', () => {
    const ok = rowsOf(3).begin + 2;
    expect(failures(evmStateCells('PrecompileRootOutOfGas', ok)))
      .to.include(`gate evm PrecompileRootOutOfGas/aux bytes 16 … 23 = cost − gas − 1 (short of gas)@${ok}`);
    const short = rowsOf(4).begin + 2;
    expect(failures([{ column: 'evm gas', row: short + 1, value: 1n }])).to.include(`gate evm PrecompileRootOutOfGas/all gas consumed: gas' = 0@${short}`);
  });

  it('the real verifier rejects a sha256 tx charged less, a precompile tx passed off as a transfer, a short one that keeps gas, a credit other than the value, a root row with more gas than BeginTxPrecompile left', async () => {
    const r = rowsOf(1).begin + 2;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: r + 1, value: (x) => x + 1n }]))
      .to.include(`gate evm PrecompileRoot/gas' = gas − cost@${r}`);
    const { begin } = rowsOf(3);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), evmStateCells('BeginTx6', begin + 1)))
      .to.include(`gate evm BeginTxFunds1/a precompile callee: next is BeginTxPrecompile: out = 1 − value·inverse@${begin}`);
    const short = rowsOf(4).begin + 2;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: short + 1, value: 1n }]))
      .to.include(`gate evm PrecompileRootOutOfGas/all gas consumed: gas' = 0@${short}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm slot 0 lo', row: begin + 1, value: 6n }]))
      .to.include(`gate evm BeginTxPrecompile/balance = aux lo@${begin + 1}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), raisedGas(begin + 2, 21_000n))).to.include(`gate evm PrecompileRoot/gas carried@${begin + 2}`);
  });
});
