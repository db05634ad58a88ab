import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmWithState } from './harness.js';

const K = 9;
const STEPS = 32;
const RW_ROWS = 64;

/** The EVM circuit over the state circuit's RW table (harness.ts evmWithState). */
const composed = (w: EvmWitness) => evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 });

describe('evm circuit composed with the state circuit (RW table consistency, count seam)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  before(async () => {
    w = evmCase(await runPrograms([asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'DUP1', 'SWAP1', 'POP', 'PUSH0', 'LT', 'ISZERO', 'POP', 'STOP')]));
  });

  it('a real trace satisfies both circuits over one RW table', () => {
    expect(honestFailures(composed(w), K)).to.deep.equal([]);
  });

  it('an ADD operand changed in the step and in its RW row (EVM lookup satisfied) is caught by the state circuit', () => {
    const add = w.steps.findIndex((s) => s.spec.name === 'ADD');
    const read = w.steps[add]!.rws[0]!; // pop of the top (2), written by PUSH1 2
    const sorted = stateWitness(w.rws, RW_ROWS);
    const row = sorted.findIndex((r) => r.rwCounter === read.rwCounter);
    const f = failuresAfter(composed(w), K, [], [
      { column: 'evm slot 0 lo', row: add, value: 3n }, { column: 'evm slot 0 prev lo', row: add, value: 3n },
      { column: 'rw valueLo', row, value: 3n }, { column: 'rw valuePrevLo', row, value: 3n },
    ]);
    // the state circuit: the read's valuePrev is not the previous write's value, and the next access's valuePrev
    // is not this read's value; the EVM's own ADD equation fails too (the sum no longer adds up)
    expect(f).to.deep.equal([
      `gate evm ADD/lo: x + y = z + c0·2^128@${add}`,
      `gate rw order/same key: valuePrevLo = previous valueLo@${row}`, `gate rw order/same key: valuePrevLo = previous valueLo@${row + 1}`,
    ]);
  });
});
