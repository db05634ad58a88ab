/**
 * TEST FIXTURE: the copy circuit over unconstrained stand-ins for the tables it reads and writes — RW table,
 * bytecode table, tx table (CallData rows only), keccak table and precompile I/O table (its filled rows tagged
 * `enabled`, as a precompile circuit must tag them) — filled from the copy
 * witness and constrained
 * by nothing. They let the copy circuit's own rules be tested alone; they prove no memory consistency, code,
 * calldata or hash. An EVM stand-in looks every event up in the copy table, as the EVM circuit will, and the
 * digest of every Keccak copy (@noble/hashes) in the keccak table. With `keccak: 'circuit'` the keccak table is
 * the real keccak circuit's (k ≥ 12), so KECCAK256 of memory is proven end to end but for the memory reads.
 */
import { RangeTable, adviceColumns, splitWord } from '../gadgets/index.js';
import type { Circuit, Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { BYTECODE_TABLE_FIELDS, type BytecodeTableColumns } from '../bytecode/table.js';
import { CopyChip } from './circuit.js';
import { COPY_TABLE_FIELDS, CopyDataType, copyEventLookup } from './table.js';
import { PRECOMPILE_IO_FIELDS, type PrecompileIoTableColumns } from './precompile-io-table.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { KeccakChip, keccakDigestLookup, keccakWitness, type KeccakTableColumns } from '../keccak/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../keccak/fixture.js';
import { RW_TABLE_FIELDS, type RwRow, type RwTableColumns } from '../state/table.js';
import { TX_TABLE_FIELDS, TxFieldTag, type TxTableColumns } from '../tx/table.js';
import { bytecodeWitness } from '../witness/bytecode.js';
import { copyCircuitRows, rwIncrease, type CopyEvent, type CopyWitness } from '../witness/copy.js';

/** Calldata of the txs the copies read, by tx id. */
export type Calldata = ReadonlyMap<number, Uint8Array>;

export interface CopyFixtureConfig {
  readonly rw: RwTableColumns;
  readonly bytecode: BytecodeTableColumns;
  readonly tx: TxTableColumns;
  readonly keccak: KeccakTableColumns;
  readonly keccakChip?: KeccakChip;
  readonly precompileIo: PrecompileIoTableColumns;
  readonly byteTable: RangeTable;
  readonly chip: CopyChip;
  /** The EVM stand-in: q = 1 on rows that look up an event, qDigest = 1 where that event's digest is looked up too. */
  readonly evm: Record<'q' | 'qDigest' | 'hashLo' | 'hashHi' | EventField, Column>;
}

const EVENT_FIELDS = COPY_TABLE_FIELDS.filter((f) => f !== 'kind');
type EventField = (typeof EVENT_FIELDS)[number];

const eventCells = (e: CopyEvent): Record<EventField, bigint> => ({
  srcType: BigInt(e.srcType), srcId: e.srcId, srcSubId: e.srcSubId, srcAddr: e.srcAddr, srcAddrEnd: e.srcAddrEnd, dstType: BigInt(e.dstType), dstId: e.dstId,
  dstSubId: e.dstSubId, dstAddr: e.dstAddr, length: BigInt(e.bytes.length), rwCounter: BigInt(e.rwCounter), rwIncrease: BigInt(rwIncrease(e)),
});

const rwCells = (r: RwRow): Record<keyof RwTableColumns, bigint> => {
  const [storageKeyLo, storageKeyHi] = splitWord(r.storageKey);
  const [valueLo, valueHi] = splitWord(r.value);
  const [valuePrevLo, valuePrevHi] = splitWord(r.valuePrev);
  const [committedValueLo, committedValueHi] = splitWord(r.committedValue);
  return {
    rwCounter: BigInt(r.rwCounter), isWrite: r.isWrite ? 1n : 0n, tag: BigInt(r.tag), id: BigInt(r.id), address: r.address, fieldTag: BigInt(r.fieldTag),
    storageKeyLo, storageKeyHi, valueLo, valueHi, valuePrevLo, valuePrevHi, committedValueLo, committedValueHi,
  };
};

/** The copy chip on `witness` (rows padded to `capacity`) next to fixture tables holding what it reads. */
export class CopyWithFixtures implements Circuit<CopyFixtureConfig> {
  constructor(readonly witness: CopyWitness, readonly calldata: Calldata, readonly capacity: number, readonly keccak: 'fixture' | 'circuit' = 'fixture') {}

  configure(cs: ConstraintSystem): CopyFixtureConfig {
    const keccakChip = this.keccak === 'circuit' ? KeccakChip.configure(cs) : undefined;
    const tables = {
      rw: adviceColumns(cs, 'rw fixture', RW_TABLE_FIELDS),
      bytecode: adviceColumns(cs, 'bytecode fixture', BYTECODE_TABLE_FIELDS),
      tx: adviceColumns(cs, 'tx fixture', TX_TABLE_FIELDS),
      keccak: keccakChip?.table ?? configureKeccakFixture(cs),
      precompileIo: { ...adviceColumns(cs, 'precompile fixture', PRECOMPILE_IO_FIELDS), enabled: cs.fixedColumn('precompile fixture enabled') },
      byteTable: RangeTable.configure(cs, 'byte', 8),
    };
    const chip = CopyChip.configure(cs, tables);
    const evm = adviceColumns(cs, 'evm fixture', ['q', 'qDigest', 'hashLo', 'hashHi', ...EVENT_FIELDS]);
    cs.lookup('evm fixture copy event', copyEventLookup(chip.table, evm.q.cur(), Object.fromEntries(EVENT_FIELDS.map((f) => [f, evm[f].cur()])) as Record<EventField, Expr>));
    cs.lookup('evm fixture keccak digest', keccakDigestLookup(tables.keccak, evm.qDigest.cur(), evm.dstId.cur(), evm.length.cur(), evm.hashLo.cur(), evm.hashHi.cur()));
    return { ...tables, keccakChip, chip, evm };
  }

  synthesize(config: CopyFixtureConfig, layouter: Layouter): void {
    const { witness } = this;
    config.byteTable.load(layouter);
    if (config.keccakChip !== undefined) config.keccakChip.assign(layouter, keccakWitness(witness.keccakInputs));
    else assignKeccakFixture(config.keccak, layouter, witness.keccakInputs);
    // row 0 of each stand-in is all zero: the tuple disabled lookups produce
    layouter.assignRegion('rw fixture', (region) => {
      [null, ...witness.rws].forEach((r, i) => {
        const cells = r === null ? null : rwCells(r);
        for (const f of RW_TABLE_FIELDS) region.assignAdvice(f, config.rw[f], i, cells?.[f] ?? 0n);
      });
    });
    layouter.assignRegion('bytecode fixture', (region) => {
      const rows = witness.codes.length === 0 ? [] : bytecodeWitness(witness.codes, witness.codes.reduce((n, c) => n + c.code.length + 1, 1));
      [null, ...rows].forEach((r, i) => {
        for (const f of BYTECODE_TABLE_FIELDS) region.assignAdvice(f, config.bytecode[f], i, r?.[f] ?? 0n);
      });
    });
    layouter.assignRegion('tx fixture', (region) => {
      const rows = [...this.calldata].flatMap(([txId, data]) => [...data].map((b, index) => [BigInt(txId), BigInt(TxFieldTag.CallData), BigInt(index), BigInt(b), 0n]));
      [[0n, 0n, 0n, 0n, 0n], ...rows].forEach((r, i) => TX_TABLE_FIELDS.forEach((f, j) => region.assignAdvice(f, config.tx[f], i, r[j])));
    });
    layouter.assignRegion('precompile fixture', (region) => {
      const rows = witness.precompiles.flatMap((p) => [p.input, p.output].flatMap((bytes, isOutput) => [...bytes].map((b, index) => [p.callId, BigInt(isOutput), BigInt(index), BigInt(b)])));
      [[0n, 0n, 0n, 0n], ...rows].forEach((r, i) => {
        PRECOMPILE_IO_FIELDS.forEach((f, j) => region.assignAdvice(f, config.precompileIo[f], i, r[j]));
        if (i > 0) region.assignFixed('enabled', config.precompileIo.enabled, i, 1n);
      });
    });
    config.chip.assign(layouter, copyCircuitRows(witness.events, this.capacity));
    layouter.assignRegion('evm fixture', (region) => {
      witness.events.forEach((e, i) => {
        region.assignAdvice('q', config.evm.q, i, 1n);
        const digest = e.dstType === CopyDataType.Keccak ? splitWord(BigInt(`0x${bytesToHex(keccak_256(e.bytes))}`)) : [0n, 0n];
        region.assignAdvice('qDigest', config.evm.qDigest, i, e.dstType === CopyDataType.Keccak ? 1n : 0n);
        region.assignAdvice('hashLo', config.evm.hashLo, i, digest[0]);
        region.assignAdvice('hashHi', config.evm.hashHi, i, digest[1]);
        const cells = eventCells(e);
        for (const f of EVENT_FIELDS) region.assignAdvice(f, config.evm[f], i, cells[f]);
      });
    });
  }
}
