import { expect } from 'chai';
import { EvmCircuit } from '../../../circuits/evm/circuit.js';
import { StateChip } from '../../../circuits/state/index.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { failuresAfter, honestFailures, TestCircuit } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { bytecodeColumns, evmCase, fixedTables, layoutBytecode, contextColumns, layoutContext } from './harness.js';

const K = 9;
const STEPS = 32;
const RW_ROWS = 64;

/**
 * The EVM circuit over the state circuit's RW table (StateChip, sorted, consistency-checked), sharing one byte
 * table, with the EVM's operation count copy-constrained to the state circuit's row count. The bytecode table is
 * still laid out as plain advice here (the bytecode circuit is not composed yet).
 */
function composed(w: EvmWitness) {
  return new TestCircuit((cs) => {
    const { byte, and } = fixedTables(cs);
    const state = StateChip.configure(cs, byte);
    const bytecode = bytecodeColumns(cs);
    const { tx, block } = contextColumns(cs);
    return { byte, and, state, bytecode, tx, block, evm: EvmCircuit.configure(cs, { rw: state.table, bytecode, tx, block, byte, and }) };
  }, (cfg, layouter) => {
    cfg.byte.load(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    const stateCount = cfg.state.assign(layouter, stateWitness(w.rws, RW_ROWS));
    layoutBytecode(layouter, cfg.bytecode, w);
    layoutContext(layouter, cfg, w);
    const evmCount = cfg.evm.assign(layouter, { steps: STEPS, bitwiseOps: 0 }, w).rwCount;
    layouter.assignRegion('count seam', (region) => region.constrainEqual(evmCount, stateCount));
  });
}

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
