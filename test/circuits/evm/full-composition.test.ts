import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed } from './harness.js';

const K = 12;
const CAPACITY = { steps: 128, bitwiseOps: 2, rw: 256, bytecode: 64 };
/** Keccak permutation steps side by side per row: 4 permutations (a code, 40 and 150 hashed bytes) fit k = 12. */
const KECCAK_UNITS = 4;

/** The EVM circuit over tables that are all proven (harness.ts evmComposed). */
const composed = (w: EvmWitness) => evmComposed(w, CAPACITY, KECCAK_UNITS);

describe(`evm circuit composed with the state, bytecode and keccak circuits (k = ${K})`, function () {
  this.timeout(300_000);

  it('a real trace passes all four; a PUSH byte changed in the step and the bytecode row is caught by the keccak lookup', async () => {
    const w = evmCase(await runPrograms([asm('PUSH1', 0x0f, 'POP', 'PUSH1', 0x0f, 'PUSH1', 0x3c, 'XOR', 'POP', 'PUSH0', 'PUSH0', 'JUMPI', 'PUSH2', 0x0102, 'DUP1', 'AND', 'POP', 'STOP')]));
    const circuit = composed(w);
    expect(honestFailures(circuit, K)).to.deep.equal([]);
    // PUSH1 0x0f (step p, after BeginTx; its data byte is code index 1 = bytecode row 2, after the header) then POP (step p + 1):
    // claim 0x0e everywhere — the step, its RW write, the POP's read, the next write's value-before (step 2), the
    // bytecode row; only the code hash objects
    const p = w.steps.findIndex((s) => s.spec.name === 'PUSH1');
    const rwRow = stateWitness(w.rws, CAPACITY.rw).findIndex((r) => r.rwCounter === w.steps[p]!.rwCounter);
    expect(failuresAfter(circuit, K, [], [
      { column: 'evm aux byte 0', row: p, value: 0x0en }, { column: 'evm slot 0 lo', row: p, value: 0x0en },
      { column: 'evm slot 0 lo', row: p + 1, value: 0x0en }, { column: 'evm slot 0 prev lo', row: p + 1, value: 0x0en },
      { column: 'rw valueLo', row: rwRow, value: 0x0en }, { column: 'rw valueLo', row: rwRow + 1, value: 0x0en },
      { column: 'rw valuePrevLo', row: rwRow + 1, value: 0x0en }, { column: 'bytecode byte', row: 2, value: 0x0en },
      { column: 'evm slot 0 prev lo', row: p + 2, value: 0x0en }, { column: 'rw valuePrevLo', row: rwRow + 2, value: 0x0en },
    ])).to.deep.equal(['lookup bytecode keccak input@2']);
  });

  // a second full MockProver of four circuits at k = 12: ~9.5 s under load with the compiled MockProver
  it('KECCAK256 of 40 and 150 bytes (two permutations) looks its bytes and digest up in the keccak circuit\'s table; a forged hash is refused there', async () => {
    const w = evmCase(await runPrograms([asm('PUSH1', 0xab, 'PUSH1', 39, 'MSTORE8', 'PUSH1', 40, 'PUSH0', 'KECCAK256', 'PUSH1', 150, 'PUSH1', 7, 'KECCAK256', 'POP', 'POP', 'STOP')]));
    expect(w.keccakInputs.map((x) => x.length)).to.deep.equal([40, 150]);
    const circuit = composed(w);
    expect(honestFailures(circuit, K)).to.deep.equal([]);
    // the first hash claimed one higher in the step, its RW write and the POP's read: only the keccak digest lookup objects
    const r = w.steps.findIndex((s) => s.spec.name === 'KECCAK256');
    const rows = stateWitness(w.rws, CAPACITY.rw);
    const write = rows.findIndex((x) => x.rwCounter === w.steps[r]!.rwCounter + 2);
    const pop = w.steps.findIndex((s, i) => i > r && s.spec.name === 'POP' && s.rws[0]!.value === w.steps[r]!.rws[2]!.value);
    const read = rows.findIndex((x) => x.rwCounter === w.steps[pop]!.rwCounter);
    expect(failuresAfter(circuit, K, [], [
      { column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }, { column: 'rw valueLo', row: write, value: (v) => v + 1n },
      { column: 'evm slot 0 lo', row: pop, value: (v) => v + 1n }, { column: 'evm slot 0 prev lo', row: pop, value: (v) => v + 1n },
      { column: 'rw valueLo', row: read, value: (v) => v + 1n }, { column: 'rw valuePrevLo', row: read, value: (v) => v + 1n },
    ])).to.deep.equal([`lookup evm keccak digest@${r}`]);
  });
});
