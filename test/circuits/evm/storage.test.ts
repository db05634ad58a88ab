import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

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

  it('a pushed value other than the stored one fails SLOAD; another contract\'s slot fails the callee lookup', () => {
    const r = rowsOf('SLOAD')[1]!;
    expect(failures([{ column: 'evm slot 3 lo', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm SLOAD/pushed = stored lo@${r}`, `lookup evm rw slot 3@${r}`]);
    const others = failures([{ column: 'evm c0', row: r, value: (v) => v + 1n }]);
    expect(others).to.include(`lookup evm tx lookup 0@${r}`);
  });

  it('the real verifier rejects a load of a value the slot does not hold', async () => {
    const r = rowsOf('SLOAD')[0]!;
    const edits = ['slot 1 lo', 'slot 1 prev lo', 'slot 3 lo'].map((c) => ({ column: `evm ${c}`, row: r, value: (v: bigint) => v + 1n }));
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
    expect(failed).to.deep.equal([`lookup evm rw slot 1@${r}`, `lookup evm rw slot 3@${r}`]);
  });
});
