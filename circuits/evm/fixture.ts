/**
 * TEST/BENCH FIXTURE: the EVM circuit over plain-advice layouts of the dynamic tables it looks up — RW, bytecode,
 * tx, block, keccak (the KECCAK256 inputs under ids 1, 2, …), signature and SHA-256 (the precompile's inputs under ids
 * 1, 2, …) — filled from the witness and constrained by nothing, plus the fixed tables it shares (bytes,
 * nibble AND). It exercises and measures the EVM circuit's own rules; it proves nothing about those tables (the
 * state, bytecode, tx and public-input circuits do, composed into the batch circuit). The public inputs are the
 * EVM circuit's RW and tx counts, standing for its seams to the state and tx circuits.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { Sha256Chip } from '../sha256/circuit.js';
import { sha256Witness } from '../sha256/witness.js';
import { BYTECODE_TABLE_FIELDS, type BytecodeTableColumns } from '../bytecode/table.js';
import { BitwiseTable } from '../gadgets/bitwise-table.js';
import { adviceColumns } from '../gadgets/common.js';
import { RangeTable } from '../gadgets/range-table.js';
import { splitWord } from '../gadgets/word.js';
import { assignKeccakFixture, configureKeccakFixture } from '../keccak/fixture.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { BLOCK_TABLE_FIELDS, blockTableRows, type BlockTableColumns } from '../pi/block-table.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { RW_TABLE_FIELDS, rwRowCells, type RwTableColumns } from '../state/index.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from '../sig/table.js';
import { sigTableRow } from '../sig/witness.js';
import { TX_TABLE_FIELDS, type TxTableColumns } from '../tx/table.js';
import { bytecodeWitness } from '../witness/bytecode.js';
import { evmWitness, type EvmWitness } from '../witness/evm.js';
import type { BlockTrace } from '../witness/trace.js';
import { machineTableRow, txWitness } from '../witness/tx.js';
import type { ModexpTableColumns } from '../modexp/circuit.js';
import type { ModexpWitness } from '../modexp/witness.js';
import { EcPrecompileChips } from '../ecc/precompile-chips.js';
import { EcAddTable, EcMulTable, type PrecompileTable } from '../ecc/precompile-table.js';
import { ecAddRow, ecMulRow } from '../ecc/reference.js';
import { EvmCircuit, type EvmCapacity } from './circuit.js';

type Row<F extends string> = Readonly<Record<F, bigint>>;

/** A block's EVM witness with the tx and block table rows the fixture lays out beside it. */
export interface EvmFixtureInput {
  readonly witness: EvmWitness;
  readonly txRows: ReadonlyArray<Row<(typeof TX_TABLE_FIELDS)[number]>>;
  readonly blockRows: ReadonlyArray<Row<(typeof BLOCK_TABLE_FIELDS)[number]>>;
}

/** The EVM witness of a block and its tx table (the tx circuit's field rows, bridge 0, and the calldata and access-list rows) and block table rows. */
export function evmFixtureInput(block: BlockTrace): EvmFixtureInput {
  const { summary, decoder } = txWitness(block, { capacity: block.txs.length, bridgeAddress: 0n, chainId: block.header.chainId });
  return {
    witness: evmWitness(block),
    txRows: [
      ...summary.map((r) => ({ txId: r.txId, tag: r.tag, index: 0n, valueLo: r.valueLo, valueHi: r.valueHi })),
      // the calldata and access-list rows, as the tx circuit's machine rows hold them
      ...decoder.map(machineTableRow).filter((r) => r.tag !== 0n),
    ],
    blockRows: blockTableRows(block.header, block.txs.length),
  };
}

/** The public inputs: the numbers of RW operations and of txs. */
export const evmFixtureInstances = (witness: EvmWitness): bigint[][] => [[BigInt(witness.rws.length), BigInt(witness.txCount)]];

/** The fixed tables the EVM circuit shares: bytes and the nibble AND table (k ≥ 9). */
export function fixedTables(cs: ConstraintSystem): { byte: RangeTable; and: BitwiseTable } {
  return { byte: RangeTable.configure(cs, 'byte', 8), and: BitwiseTable.configure(cs, 'and nibble', 4) };
}

/** Bytecode table columns as plain advice (the bytecode circuit's, once composed). */
export const bytecodeColumns = (cs: ConstraintSystem): BytecodeTableColumns => adviceColumns(cs, 'bytecode table', BYTECODE_TABLE_FIELDS);

/** Lays out the bytecode table rows of the witness's codes (as the bytecode circuit's witness builds them). */
export function layoutBytecode(layouter: Layouter, columns: BytecodeTableColumns, witness?: EvmWitness): void {
  const codes = witness?.codes ?? [];
  const rows = bytecodeWitness(codes, codes.reduce((n, c) => n + c.code.length + 1, 1));
  layouter.assignRegion('bytecode table (fixture layout)', (region) => {
    rows.forEach((row, i) => BYTECODE_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns[f], i, row[f])));
  });
}

/** Tx and block table columns as plain advice (the tx and public-input circuits', once composed). */
export const contextColumns = (cs: ConstraintSystem): { tx: TxTableColumns; block: BlockTableColumns } =>
  ({ tx: adviceColumns(cs, 'tx table', TX_TABLE_FIELDS), block: adviceColumns(cs, 'block table', BLOCK_TABLE_FIELDS) });

/** Lays out the tx table's field and calldata rows and the block table of the input (none without one: the keygen layout). */
export function layoutContext(layouter: Layouter, columns: { tx: TxTableColumns; block: BlockTableColumns }, input?: EvmFixtureInput): void {
  layouter.assignRegion('tx table (fixture layout)', (region) => {
    input?.txRows.forEach((row, i) => TX_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns.tx[f], i, row[f])));
  });
  layouter.assignRegion('block table (fixture layout)', (region) => {
    input?.blockRows.forEach((row, i) => BLOCK_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns.block[f], i, row[f])));
  });
}

/** Signature table columns as plain advice with its fixed `enabled` column (the sig circuit's, once composed). */
export const sigColumns = (cs: ConstraintSystem): SigTableColumns => ({ ...adviceColumns(cs, 'sig table', SIG_TABLE_FIELDS), enabled: cs.fixedColumn('sig table enabled') });

/** Lays out the signature table rows of the witness's recoveries (their values as @noble/curves gives them: circuits/sig/witness.ts). */
export function layoutSig(layouter: Layouter, columns: SigTableColumns, witness?: EvmWitness): void {
  layouter.assignRegion('sig table (fixture layout)', (region) => {
    witness?.recoveries.forEach((recovery, i) => {
      const row = sigTableRow(recovery);
      region.assignFixed('sig enabled', columns.enabled, i, 1n);
      SIG_TABLE_FIELDS.forEach((f) => region.assignAdvice(f, columns[f], i, row[f]));
    });
  });
}

/** The fixture MODEXP table's columns ("modexp table <field>"). */
export const MODEXP_FIXTURE_FIELDS = [
  'flag', 'baseLength', 'expLength', 'modLength', 'base lo', 'base hi', 'exp lo', 'exp hi', 'mod lo', 'mod hi', 'result lo', 'result hi', 'gas',
] as const;

/** MODEXP table columns as plain advice (the MODEXP chip's, once composed: one row per call, its last step's). */
export function modexpColumns(cs: ConstraintSystem): ModexpTableColumns {
  const c = adviceColumns(cs, 'modexp table', MODEXP_FIXTURE_FIELDS);
  const word = (name: 'base' | 'exp' | 'mod' | 'result') => ({ lo: c[`${name} lo`], hi: c[`${name} hi`] });
  return {
    flag: c.flag, baseLength: c.baseLength, expLength: c.expLength, modLength: c.modLength,
    base: word('base'), exp: word('exp'), mod: word('mod'), result: word('result'), gas: c.gas,
  };
}

/** Lays out one MODEXP table row per call of the witness (flag 1: the row a chain's last step holds). */
export function layoutModexp(layouter: Layouter, columns: ModexpTableColumns, calls: readonly ModexpWitness[]): void {
  layouter.assignRegion('modexp table (fixture layout)', (region) => {
    calls.forEach((call, i) => {
      const cell = (name: string, column: Column, v: bigint) => region.assignAdvice(name, column, i, v);
      const word = (name: string, columns: { lo: Column; hi: Column }, v: bigint) => {
        const [lo, hi] = splitWord(v);
        cell(`${name} lo`, columns.lo, lo);
        cell(`${name} hi`, columns.hi, hi);
      };
      cell('flag', columns.flag, 1n);
      cell('baseLength', columns.baseLength, BigInt(call.baseLength));
      cell('expLength', columns.expLength, BigInt(call.expLength));
      cell('modLength', columns.modLength, BigInt(call.modLength));
      word('base', columns.base, call.base);
      word('exp', columns.exp, call.exp);
      word('mod', columns.mod, call.mod);
      word('result', columns.result, call.result);
      cell('gas', columns.gas, call.gas);
    });
  });
}

/** An EC precompile table's rows as given (a fixture: the chips prove theirs), each tagged enabled. */
function layoutEcFixture(layouter: Layouter, table: PrecompileTable, rows: readonly bigint[][]): void {
  layouter.assignRegion(`${table.name} (fixture layout)`, (region) => rows.forEach((row, i) => {
    region.assignFixed(`${table.name} enabled`, table.enabled, i, 1n);
    row.forEach((v, j) => region.assignAdvice(`${table.name} ${table.fields[j]}`, table.columns[j]!, i, v));
  }));
}

export interface EvmFixtureConfig {
  byte: RangeTable; and: BitwiseTable; rw: RwTableColumns; bytecode: BytecodeTableColumns; tx: TxTableColumns; block: BlockTableColumns; keccak: KeccakTableColumns; sig: SigTableColumns;
  sha256: KeccakTableColumns; sha256Chip?: Sha256Chip; modexp?: ModexpTableColumns; ec?: { ecAdd: PrecompileTable; ecMul: PrecompileTable }; ecChips?: EcPrecompileChips;
  evm: EvmCircuit; counts: Column;
}

/** EvmFixtureCircuit's optional tables. */
export interface EvmFixtureOptions {
  /** A MODEXP table too (without it the circuit refuses MODEXP calls: "evm no MODEXP table"). */
  readonly modexp?: boolean;
  /** The SHA-256 table of the real SHA-256 circuit (circuits/sha256) instead of a fixture. */
  readonly sha256Chip?: boolean;
  /**
   * The EC precompile tables (without them the circuit refuses ecAdd and ecMul calls): 'fixture' lays their rows out as
   * @noble/curves computes them (ecc/reference.ts), 'chips' proves them by the real chips (ecc/precompile-chips.ts).
   */
  readonly ec?: 'fixture' | 'chips';
}

/** The EVM circuit with `capacity` over fixture-laid tables; without an input, the keygen layout. */
export class EvmFixtureCircuit implements Circuit<EvmFixtureConfig> {
  constructor(readonly capacity: EvmCapacity, readonly input?: EvmFixtureInput, readonly options: EvmFixtureOptions = {}) {}

  configure(cs: ConstraintSystem): EvmFixtureConfig {
    const { byte, and } = fixedTables(cs);
    const rw: RwTableColumns = adviceColumns(cs, 'rw table', RW_TABLE_FIELDS);
    const bytecode = bytecodeColumns(cs);
    const { tx, block } = contextColumns(cs);
    const keccak = configureKeccakFixture(cs);
    const sig = sigColumns(cs);
    const sha256Chip = this.options.sha256Chip === true ? Sha256Chip.configure(cs, byte) : undefined;
    const sha256 = sha256Chip?.table ?? configureKeccakFixture(cs, 'sha256 fixture');
    const modexp = this.options.modexp === true ? modexpColumns(cs) : undefined;
    const ecChips = this.options.ec === 'chips' ? EcPrecompileChips.configure(cs, byte) : undefined;
    const ec = ecChips?.tables ?? (this.options.ec === 'fixture' ? { ecAdd: EcAddTable.configure(cs, 'ecadd fixture'), ecMul: EcMulTable.configure(cs, 'ecmul fixture') } : undefined);
    const counts = cs.instanceColumn('rw and tx counts');
    cs.enableEquality(counts);
    return {
      byte, and, rw, bytecode, tx, block, keccak, sig, sha256, sha256Chip, modexp, ec, ecChips,
      evm: EvmCircuit.configure(cs, { rw, bytecode, tx, block, byte, and, keccak, sig, sha256, modexp, ecAdd: ec?.ecAdd, ecMul: ec?.ecMul }), counts,
    };
  }

  synthesize(cfg: EvmFixtureConfig, layouter: Layouter): void {
    const witness = this.input?.witness;
    cfg.byte.load(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    layouter.assignRegion('rw table (fixture layout)', (region) => {
      witness?.rws.forEach((row, i) => {
        const cells = rwRowCells(row);
        for (const f of RW_TABLE_FIELDS) region.assignAdvice(f, cfg.rw[f], i, cells[f]);
      });
    });
    layoutBytecode(layouter, cfg.bytecode, witness);
    layoutContext(layouter, cfg, this.input);
    assignKeccakFixture(cfg.keccak, layouter, witness?.keccakInputs ?? []);
    layoutSig(layouter, cfg.sig, witness);
    if (cfg.sha256Chip === undefined) assignKeccakFixture(cfg.sha256, layouter, witness?.sha256Inputs ?? [], sha256);
    else cfg.sha256Chip.assign(layouter, sha256Witness(witness?.sha256Inputs ?? []));
    if (cfg.modexp !== undefined) layoutModexp(layouter, cfg.modexp, witness?.modexpCalls ?? []);
    if (cfg.ecChips !== undefined) cfg.ecChips.assign(layouter, witness?.ecAddCalls ?? [], witness?.ecMulCalls ?? []);
    else if (cfg.ec !== undefined) {
      layoutEcFixture(layouter, cfg.ec.ecAdd, (witness?.ecAddCalls ?? []).map(ecAddRow));
      layoutEcFixture(layouter, cfg.ec.ecMul, (witness?.ecMulCalls ?? []).map(ecMulRow));
    }
    const { rwCount, txCount } = cfg.evm.assign(layouter, this.capacity, witness);
    layouter.constrainInstance(rwCount, cfg.counts, 0);
    layouter.constrainInstance(txCount, cfg.counts, 1);
  }
}
