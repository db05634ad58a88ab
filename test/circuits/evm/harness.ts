/**
 * A test circuit around the EVM circuit: it lays out the tables the EVM circuit looks up — the byte table, the
 * RW table and the bytecode table — from the witness as plain assigned columns in the same ConstraintSystem.
 * Here nothing proves those two dynamic tables consistent; in the batch circuit the state circuit (RW table)
 * and the bytecode circuit (code hashes, push-data marking) prove them, and the super circuit composes them.
 * The EVM circuit's operation count is exposed as the one public input, standing for the seam to the state
 * circuit's count of RW rows (composed for real in state-composition.test.ts).
 */
import type { BytecodeTableColumns } from '../../../circuits/bytecode/table.js';
import { EvmCircuit } from '../../../circuits/evm/circuit.js';
import { RangeTable } from '../../../circuits/gadgets/range-table.js';
import type { Column } from '../../../circuits/plonk/index.js';
import { RW_TABLE_FIELDS, rwRowCells, type RwTableColumns } from '../../../circuits/state/index.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { bytecodeRows } from '../../../circuits/witness/tables.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { TestCircuit } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';

export interface EvmTestConfig { byte: RangeTable; rw: RwTableColumns; bytecode: BytecodeTableColumns; evm: EvmCircuit; end: Column }

const BYTECODE_FIELDS = ['kind', 'hashLo', 'hashHi', 'indexOrLength', 'byte', 'isCode'] as const;

/** The EVM circuit with `capacity` step rows over test-laid tables; without a witness, the keygen layout. */
export function evmTestCircuit(capacity: number, witness?: EvmWitness): TestCircuit<EvmTestConfig> {
  return new TestCircuit<EvmTestConfig>((cs) => {
    const byte = RangeTable.configure(cs, 'byte', 8);
    const rw = Object.fromEntries(RW_TABLE_FIELDS.map((f) => [f, cs.adviceColumn(`rw table ${f}`)])) as unknown as RwTableColumns;
    const bytecode = Object.fromEntries(BYTECODE_FIELDS.map((f) => [f, cs.adviceColumn(`bytecode table ${f}`)])) as unknown as BytecodeTableColumns;
    const end = cs.instanceColumn('rw count');
    cs.enableEquality(end);
    return { byte, rw, bytecode, evm: EvmCircuit.configure(cs, { rw, bytecode, byte }), end };
  }, (cfg, layouter) => {
    cfg.byte.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    layouter.assignRegion('rw table (test layout)', (region) => {
      witness?.rws.forEach((row, i) => {
        const cells = rwRowCells(row);
        for (const f of RW_TABLE_FIELDS) region.assignAdvice(f, cfg.rw[f], i, cells[f]);
      });
    });
    layouter.assignRegion('bytecode table (test layout)', (region) => {
      const rows = [...(witness?.codes ?? new Map<bigint, Uint8Array>())].flatMap(([hash, code]) => bytecodeRows(hash, code));
      rows.forEach((row, i) => BYTECODE_FIELDS.forEach((f, j) => region.assignAdvice(f, cfg.bytecode[f], i, row[j]!)));
    });
    layouter.constrainInstance(cfg.evm.assign(layouter, capacity, witness), cfg.end, 0);
  });
}

/** The public input of a witness: its number of RW operations. */
export const evmInstances = (witness: EvmWitness): bigint[][] => [[BigInt(witness.rws.length)]];

/** Edge operands of the differential tests: 0, 1, 2^255, 2^256 − 1 and a seeded random word. */
export const EDGE_WORDS: readonly bigint[] = [0n, 1n, 1n << 255n, (1n << 256n) - 1n, new Rng(0x8e7).bits(256)];

/**
 * A program that applies `ops` to every ordered pair of `words` (each pushed once, then DUPed):
 * for each (a, b): DUP(b), DUP(a + 1), OP, POP — so a is on top, as the op's first operand.
 */
export function pairsProgram(ops: readonly string[], words: readonly bigint[] = EDGE_WORDS): Uint8Array {
  const body: Array<string | bigint> = words.flatMap((w) => ['PUSH32', w]);
  const depth = (i: number) => words.length - i; // DUP index of word i with nothing above the pushed words
  for (const op of ops) {
    for (let a = 0; a < words.length; a++) {
      for (let b = 0; b < words.length; b++) body.push(`DUP${depth(b)}`, `DUP${depth(a) + 1}`, op, 'POP');
    }
  }
  return asm(...body, 'STOP');
}
