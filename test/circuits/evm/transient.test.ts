import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmTestCircuit, evmInstances, evmWithState } from './harness.js';

const K = 10;
const STEPS = 64;
const RW_ROWS = 160;
const VALUE = (1n << 255n) + 0xbeefn;
/** pc of the JUMPDEST of the read-only branch (after 4 + 33 + 2 + 1 + 2 + 1 + 2 + 1 + 2 + 1 bytes). */
const READ_ONLY = 49;

describe('evm circuit: TLOAD and TSTORE (EIP-1153, differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const contract = createAddressFromString('0x00000000000000000000000000000000000071a5');
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const withState = () => evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 });

  before(async () => {
    // no calldata: TSTORE slot 1, TLOAD slot 1, TLOAD slot 2 (never set); calldata: TLOAD slot 1 only. Tx 1 writes, tx 2
    // (same block, same contract) reads slot 1 again: transient storage is gone at the end of tx 1
    const code = asm('CALLDATASIZE', 'PUSH1', READ_ONLY, 'JUMPI',
      'PUSH32', VALUE, 'PUSH1', 1, 'TSTORE', 'PUSH1', 1, 'TLOAD', 'PUSH1', 2, 'TLOAD', 'POP', 'POP', 'STOP',
      'JUMPDEST', 'PUSH1', 1, 'TLOAD', 'POP', 'STOP');
    w = evmCase(await runPrograms([{ to: contract }, { to: contract, data: Uint8Array.of(1) }], [{ address: contract, code }]));
  });

  it('pushes what @ethereumjs pushed (the value stored, 0 unset, 0 in the next tx), 100 gas each; MockProver passes over the state circuit', () => {
    const loads = rowsOf('TLOAD').map((r) => w.steps[r]!);
    expect(loads.map((s) => s.rws[3]!.value)).to.deep.equal([VALUE, 0n, 0n]);
    expect(loads.map((s) => s.txId)).to.deep.equal([1, 1, 2]);
    const rows = w.rws.filter((r) => r.tag === RwTag.TransientStorage);
    expect(rows.map((r) => [r.id, r.address, r.storageKey, r.isWrite, r.value])).to.deep.equal([
      [1, BigInt(contract.toString()), 1n, true, VALUE], [1, BigInt(contract.toString()), 1n, false, VALUE],
      [1, BigInt(contract.toString()), 2n, false, 0n], [2, BigInt(contract.toString()), 1n, false, 0n],
    ]);
    for (const name of ['TLOAD', 'TSTORE']) for (const r of rowsOf(name)) expect(w.steps[r]!.gasLeft - w.steps[r + 1]!.gasLeft).to.equal(100n);
    expect(honestFailures(withState(), K)).to.deep.equal([]);
  });

  it('a pushed value other than the stored one fails TLOAD; a stored value other than the popped one fails TSTORE', () => {
    const [load] = rowsOf('TLOAD');
    const [store] = rowsOf('TSTORE');
    const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    expect(failures([{ column: 'evm slot 3 lo', row: load!, value: (v) => v + 1n }])).to.deep.equal([`gate evm TLOAD/pushed = stored lo@${load}`, `lookup evm rw slot 3@${load}`]);
    expect(failures([{ column: 'evm slot 3 hi', row: store!, value: (v) => v + 1n }])).to.deep.equal([`gate evm TSTORE/stored = value hi@${store}`, `lookup evm rw slot 3@${store}`]);
    // another contract's slot: the key's contract must be the CalleeAddress read on the row, which the call context holds
    const callee = ['slot 1 lo', 'slot 1 prev lo'].map((c) => ({ column: `evm ${c}`, row: load!, value: (v: bigint) => v + 1n }));
    expect(failures(callee)).to.deep.equal([`gate evm TLOAD/slot 2 address@${load}`, `lookup evm rw slot 1@${load}`]);
  });

  it('tx 2 reading tx 1\'s value (its RW rows agreeing) fails the state circuit\'s first-access rule: transient storage starts at 0 per tx', () => {
    const r = rowsOf('TLOAD')[2]!;
    const read = w.steps[r]!.rws[2]!;
    const sorted = stateWitness(w.rws, RW_ROWS);
    const at = sorted.findIndex((row) => row.rwCounter === read.rwCounter);
    const lo = VALUE & ((1n << 128n) - 1n);
    const hi = VALUE >> 128n;
    const failed = failuresAfter(withState(), K, [], [
      ...(['slot 2', 'slot 2 prev', 'slot 3'] as const).flatMap((c) => [{ column: `evm ${c} lo`, row: r, value: lo }, { column: `evm ${c} hi`, row: r, value: hi }]),
      ...['valueLo', 'valuePrevLo'].map((c) => ({ column: `rw ${c}`, row: at, value: lo })), ...['valueHi', 'valuePrevHi'].map((c) => ({ column: `rw ${c}`, row: at, value: hi })),
    ]);
    // (and the push of the stale value, which the stack's RW row does not hold)
    expect(failed).to.deep.equal([`gate rw order/first access: valuePrevHi = 0@${at}`, `gate rw order/first access: valuePrevLo = 0@${at}`, `lookup evm rw slot 3@${r}`]);
  });

  it('the real verifier rejects a TLOAD of a value the slot does not hold', async () => {
    const r = rowsOf('TLOAD')[1]!;
    const edits = ['slot 2 lo', 'slot 2 prev lo', 'slot 3 lo'].map((c) => ({ column: `evm ${c}`, row: r, value: (v: bigint) => v + 1n }));
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    expect(failed).to.deep.equal([`lookup evm rw slot 2@${r}`, `lookup evm rw slot 3@${r}`]);
  });
});
