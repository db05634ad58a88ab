/**
 * A test circuit around the EVM circuit: it lays out the tables the EVM circuit looks up — the byte table, the
 * RW table, the bytecode table, the tx table and the block table — from the witness as plain assigned columns in the same
 * ConstraintSystem. Here nothing proves those dynamic tables consistent; in the batch circuit the state circuit
 * (RW table), the bytecode circuit (code hashes, push-data marking), the tx circuit and the public-input circuit
 * (block table) prove them, and the super circuit composes them. The EVM circuit's operation and tx counts are exposed as the public inputs, standing for
 * the seams to the state circuit's count of RW rows (composed for real in state-composition.test.ts) and the tx
 * circuit's count of txs.
 */
import { BYTECODE_TABLE_FIELDS, type BytecodeTableColumns } from '../../../circuits/bytecode/table.js';
import { adviceColumns } from '../../../circuits/gadgets/common.js';
import { EvmCircuit, type EvmCapacity } from '../../../circuits/evm/circuit.js';
import { BitwiseTable } from '../../../circuits/gadgets/bitwise-table.js';
import { RangeTable } from '../../../circuits/gadgets/range-table.js';
import type { Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { RW_TABLE_FIELDS, rwRowCells, type RwTableColumns } from '../../../circuits/state/index.js';
import { BLOCK_TABLE_FIELDS, blockTableRows, type BlockTableColumns } from '../../../circuits/pi/block-table.js';
import { TX_TABLE_FIELDS, type TxTableColumns } from '../../../circuits/tx/table.js';
import { evmWitness, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { txWitness, type SummaryRow } from '../../../circuits/witness/tx.js';
import { bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { TestCircuit } from '../gadgets/helpers.js';
import { asm } from '../witness/run.js';

export interface EvmTestConfig {
  byte: RangeTable; and: BitwiseTable; rw: RwTableColumns; bytecode: BytecodeTableColumns; tx: TxTableColumns; block: BlockTableColumns; evm: EvmCircuit; counts: Column;
}

interface ContextRows { tx: readonly SummaryRow[]; block: ReturnType<typeof blockTableRows> }
const contextRows = new WeakMap<EvmWitness, ContextRows>();

/** The EVM witness of a block; the block's tx table rows (the tx circuit's witness) and block table rows are kept for the test layout. */
export function evmCase(block: BlockTrace): EvmWitness {
  const w = evmWitness(block);
  contextRows.set(w, {
    tx: txWitness(block, { capacity: block.txs.length, bridgeAddress: 0n, chainId: block.header.chainId }).summary,
    block: blockTableRows(block.header, block.txs.length),
  });
  return w;
}

/** Tx and block table columns as plain advice (the tx and public-input circuits', once composed). */
export const contextColumns = (cs: ConstraintSystem): { tx: TxTableColumns; block: BlockTableColumns } =>
  ({ tx: adviceColumns(cs, 'tx table', TX_TABLE_FIELDS), block: adviceColumns(cs, 'block table', BLOCK_TABLE_FIELDS) });

/** Lays out the tx table's field rows and the block table of the witness's block (from evmCase). */
export function layoutContext(layouter: Layouter, columns: { tx: TxTableColumns; block: BlockTableColumns }, witness?: EvmWitness): void {
  const rows = witness === undefined ? { tx: [], block: [] } : contextRows.get(witness);
  if (rows === undefined) throw new Error('layoutContext: build the witness with evmCase (it keeps the tx and block table rows)');
  layouter.assignRegion('tx table (test layout)', (region) => {
    rows.tx.forEach((row, i) => {
      const cells = { txId: row.txId, tag: row.tag, index: 0n, valueLo: row.valueLo, valueHi: row.valueHi };
      TX_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns.tx[f], i, cells[f]));
    });
  });
  layouter.assignRegion('block table (test layout)', (region) => {
    rows.block.forEach((row, i) => BLOCK_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns.block[f], i, row[f])));
  });
}

/** Bytecode table columns as plain advice (the bytecode circuit's, once composed). */
export const bytecodeColumns = (cs: ConstraintSystem): BytecodeTableColumns =>
  adviceColumns(cs, 'bytecode table', BYTECODE_TABLE_FIELDS);

/** Lays out the bytecode table rows of the witness's codes (as the bytecode circuit's witness builds them). */
export function layoutBytecode(layouter: Layouter, columns: BytecodeTableColumns, witness?: EvmWitness): void {
  const codes = witness?.codes ?? [];
  const rows = bytecodeWitness(codes, codes.reduce((n, c) => n + c.code.length + 1, 1));
  layouter.assignRegion('bytecode table (test layout)', (region) => {
    rows.forEach((row, i) => BYTECODE_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns[f], i, row[f])));
  });
}

/** The fixed tables the EVM circuit shares: bytes and the nibble AND table (k ≥ 9). */
export function fixedTables(cs: ConstraintSystem): { byte: RangeTable; and: BitwiseTable } {
  return { byte: RangeTable.configure(cs, 'byte', 8), and: BitwiseTable.configure(cs, 'and nibble', 4) };
}

/** The EVM circuit with `steps` step rows and the AND word / arithmetic table capacities over test-laid tables; without a witness, the keygen layout. */
export function evmTestCircuit(steps: number, witness?: EvmWitness, tables: Omit<EvmCapacity, 'steps'> = { bitwiseOps: 0 }): TestCircuit<EvmTestConfig> {
  return new TestCircuit<EvmTestConfig>((cs) => {
    const { byte, and } = fixedTables(cs);
    const rw: RwTableColumns = adviceColumns(cs, 'rw table', RW_TABLE_FIELDS);
    const bytecode = bytecodeColumns(cs);
    const { tx, block } = contextColumns(cs);
    const counts = cs.instanceColumn('rw and tx counts');
    cs.enableEquality(counts);
    return { byte, and, rw, bytecode, tx, block, evm: EvmCircuit.configure(cs, { rw, bytecode, tx, block, byte, and }), counts };
  }, (cfg, layouter) => {
    cfg.byte.load(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    layouter.assignRegion('rw table (test layout)', (region) => {
      witness?.rws.forEach((row, i) => {
        const cells = rwRowCells(row);
        for (const f of RW_TABLE_FIELDS) region.assignAdvice(f, cfg.rw[f], i, cells[f]);
      });
    });
    layoutBytecode(layouter, cfg.bytecode, witness);
    layoutContext(layouter, cfg, witness);
    const { rwCount, txCount } = cfg.evm.assign(layouter, { steps, ...tables }, witness);
    layouter.constrainInstance(rwCount, cfg.counts, 0);
    layouter.constrainInstance(txCount, cfg.counts, 1);
  });
}

/** The public inputs of a witness: its numbers of RW operations and of txs. */
export const evmInstances = (witness: EvmWitness): bigint[][] => [[BigInt(witness.rws.length), BigInt(witness.txCount)]];

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
