/**
 * The copy circuit: fills the copy table (table.ts) — per copy an event row, then one row per byte — and proves
 * each event's semantics row by row:
 *  - the shape: byte rows follow their event (or the previous byte row) with the same types, ids, source end,
 *    rwIncrease and read count; addresses and the rw counter step by 1, the bytes left (`length`) by −1, and the
 *    event ends after exactly `length` byte rows; the first and last rows of the region are padding;
 *  - the source bound: `inBound` is 1 on the first c byte rows and 0 after, where the event row's inLeft = c
 *    satisfies slack = srcAddrEnd − srcAddr − c ∈ [0, 2^32) and (length − c)·slack = 0, i.e.
 *    c = min(length, srcAddrEnd − srcAddr); bytes past the end are 0;
 *  - the bytes: an in-bound byte is looked up in its source (RW table Memory read at rwCounter + i, bytecode
 *    table, tx table CallData, precompile output), every byte in its destination (RW table Memory or TxLog
 *    write at rwCounter + reads + i, keccak table input, bytecode table, precompile input);
 *  - the counters: reads = c for Memory sources (0 otherwise), rwIncrease = reads + length for RW destinations;
 *  - no free cells: padding rows are all zero, and cells a row kind does not use are 0.
 * Types are one-hot flags: a source is Memory, Bytecode, TxCalldata or PrecompileOutput, a destination Memory,
 * TxLog, Keccak, Bytecode or PrecompileInput (both bytecode lookups share the isCode witness column: no copy goes
 * from code to code).
 */
import { RangeCheckChip, type RangeTable } from '../gadgets/index.js';
import { adviceColumns } from '../gadgets/common.js';
import { constant, sum, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { bytecodeByteLookup, type BytecodeTableColumns } from '../bytecode/table.js';
import { keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import { LogField, RwTag, rwLookupPairs, type RwTableColumns } from '../state/table.js';
import { TxFieldTag, txLookupPairs, type TxTableColumns } from '../tx/table.js';
import { COPY_PADDING_ROW, type CopyRow } from '../witness/copy.js';
import { precompileByteLookup, type PrecompileIoTableColumns } from './precompile-io-table.js';
import { BYTE_ROW, COPY_TABLE_FIELDS, CopyDataType, EVENT_ROW, type CopyTableColumns } from './table.js';

export class CopyCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyCircuitError';
  }
}

/** The tables the copy circuit reads from and writes to. */
export interface CopyTables {
  readonly rw: RwTableColumns;
  readonly bytecode: BytecodeTableColumns;
  readonly tx: TxTableColumns;
  readonly keccak: KeccakTableColumns;
  readonly precompileIo: PrecompileIoTableColumns;
  /** The 8-bit range table (the source-bound slack is range-checked in 4 bytes). */
  readonly byteTable: RangeTable;
}

const OWN_FIELDS = ['isEvent', 'isByte', 'value', 'isCode', 'valuePrev', 'inBound', 'inLeft', 'reads', 'slack'] as const;
type OwnField = (typeof OWN_FIELDS)[number];
const SRC_FLAGS = [
  ['srcMemory', CopyDataType.Memory], ['srcBytecode', CopyDataType.Bytecode], ['srcCalldata', CopyDataType.TxCalldata], ['srcPrecompile', CopyDataType.PrecompileOutput],
] as const;
const DST_FLAGS = [
  ['dstMemory', CopyDataType.Memory], ['dstTxLog', CopyDataType.TxLog], ['dstKeccak', CopyDataType.Keccak], ['dstBytecode', CopyDataType.Bytecode],
  ['dstPrecompile', CopyDataType.PrecompileInput],
] as const;
type Flag = (typeof SRC_FLAGS)[number][0] | (typeof DST_FLAGS)[number][0];

export class CopyChip {
  private constructor(
    readonly name: string,
    readonly table: CopyTableColumns,
    readonly own: Record<OwnField, Column>,
    readonly flags: Record<Flag, Column>,
    readonly slackRange: RangeCheckChip,
    readonly qRow: Selector,
    readonly qNext: Selector,
    readonly qLast: Selector,
  ) {}

  /** Columns are named "<name> <field>" ("copy srcAddr", "copy inBound", "copy dstKeccak", …). */
  static configure(cs: ConstraintSystem, tables: CopyTables, name = 'copy'): CopyChip {
    const table: CopyTableColumns = adviceColumns(cs, name, COPY_TABLE_FIELDS);
    const own = adviceColumns(cs, name, OWN_FIELDS);
    const flags = adviceColumns(cs, name, [...SRC_FLAGS, ...DST_FLAGS].map(([f]) => f));
    const slackBytes = [0, 1, 2, 3].map((i) => cs.adviceColumn(`${name} slack byte ${i}`));
    const slackRange = RangeCheckChip.configure(cs, `${name} slack`, tables.byteTable, own.slack, slackBytes);
    const qs = [cs.selector(`${name} row`), cs.selector(`${name} next`), cs.selector(`${name} last row`)] as const;
    const chip = new CopyChip(name, table, own, flags, slackRange, ...qs);
    chip.constrain(cs, tables);
    return chip;
  }

  private constrain(cs: ConstraintSystem, tables: CopyTables): void {
    const { name, table: t, own: o, flags: f } = this;
    const one = constant(1);
    const q = this.qRow.expr();
    const [event, byte, inBound] = [o.isEvent.cur(), o.isByte.cur(), o.inBound.cur()];
    const active = event.add(byte);
    const boolean = (c: Column): [string, Expr] => [`${c.name.slice(name.length + 1)} is boolean`, c.cur().mul(one.sub(c.cur()))];
    const typed = (flagSet: typeof SRC_FLAGS | typeof DST_FLAGS, type: Column): Array<[string, Expr]> => [
      [`${type.name.slice(name.length + 1)} is its flag's type`, type.cur().sub(sum(flagSet.map(([flag, v]) => f[flag].cur().mul(v))))],
      [`one ${type.name.slice(name.length + 1)} flag on event and byte rows, none on padding`, sum(flagSet.map(([flag]) => f[flag].cur())).sub(active)],
    ];
    const slack = t.srcAddrEnd.cur().sub(t.srcAddr.cur()).sub(o.inLeft.cur());
    const padding = one.sub(active);
    const rowRules: Array<[string, Expr]> = [
      boolean(o.isEvent), boolean(o.isByte), boolean(o.inBound), ...[...SRC_FLAGS, ...DST_FLAGS].map(([flag]) => boolean(f[flag])),
      ['not both event and byte', event.mul(byte)],
      ['kind = EVENT_ROW·isEvent + BYTE_ROW·isByte', t.kind.cur().sub(event.mul(EVENT_ROW)).sub(byte.mul(BYTE_ROW))],
      ...typed(SRC_FLAGS, t.srcType), ...typed(DST_FLAGS, t.dstType),
      ['inBound only on byte rows', one.sub(byte).mul(inBound)],
      // cells the rules above leave free are 0, so every cell of the table is determined by its events
      ...[t.srcId, t.srcSubId, t.srcAddr, t.srcAddrEnd, t.dstId, t.dstSubId, t.dstAddr, t.length, t.rwCounter, t.rwIncrease, o.inLeft, o.reads]
        .map((c): [string, Expr] => [`padding: ${c.name.slice(name.length + 1)} = 0`, padding.mul(c.cur())]),
      ['value = 0 off byte rows', one.sub(byte).mul(o.value.cur())],
      ['slack = 0 off event rows', one.sub(event).mul(o.slack.cur())],
      ['isCode = 0 unless a code byte is read or written', o.isCode.cur().mul(one.sub(f.srcBytecode.cur().mul(inBound)).sub(f.dstBytecode.cur().mul(byte)))],
      ['valuePrev = 0 unless a memory byte is written', o.valuePrev.cur().mul(one.sub(f.dstMemory.cur().mul(byte)))],
      ['a byte past the source end is 0', byte.mul(one.sub(inBound)).mul(o.value.cur())],
      ['event: slack = srcAddrEnd − srcAddr − inLeft', event.mul(o.slack.cur().sub(slack))],
      ['event: inLeft = length unless the source ends inside the copy', event.mul(t.length.cur().sub(o.inLeft.cur())).mul(o.slack.cur())],
      ['event: reads = inLeft for memory sources, else 0', event.mul(o.reads.cur().sub(f.srcMemory.cur().mul(o.inLeft.cur())))],
      ['event: rwIncrease = reads + length for RW destinations', event.mul(t.rwIncrease.cur().sub(o.reads.cur()).sub(f.dstMemory.cur().add(f.dstTxLog.cur()).mul(t.length.cur())))],
    ];
    cs.createGate(`${name} row`, rowRules.map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    const [prevEvent, prevByte] = [o.isEvent.prev(), o.isByte.prev()];
    const carry = (c: Column): [string, Expr] => [`byte: ${c.name.slice(name.length + 1)} as on the previous row`, byte.mul(c.cur().sub(c.prev()))];
    const step = (c: Column, by: Expr, what: string): [string, Expr] => [`byte: ${c.name.slice(name.length + 1)} ${what}`, byte.mul(c.cur().sub(c.prev()).sub(by))];
    const nextRules: Array<[string, Expr]> = [
      ['a byte row follows its event or a byte row', byte.mul(one.sub(prevEvent).sub(prevByte))],
      ...[t.srcType, t.srcId, t.srcSubId, t.srcAddrEnd, t.dstType, t.dstId, t.dstSubId, t.rwIncrease, o.reads].map(carry),
      step(t.srcAddr, prevByte, '= previous + 1 (as the event after it)'),
      step(t.dstAddr, prevByte, '= previous + 1 (as the event after it)'),
      step(t.rwCounter, prevByte, '= previous + 1 (as the event after it)'),
      step(t.length, prevByte.neg(), '= previous − 1 (as the event after it)'),
      step(o.inLeft, prevByte.mul(o.inBound.prev()).neg(), '= previous − previous inBound'),
      ['byte: inBound only after an in-bound byte or the event', inBound.mul(prevByte).mul(one.sub(o.inBound.prev()))],
      ['an event ends after length bytes', one.sub(byte).mul(prevEvent.mul(t.length.prev()).add(prevByte.mul(t.length.prev().sub(1))))],
      ['an event ends with all in-bound bytes read', one.sub(byte).mul(prevEvent.mul(o.inLeft.prev()).add(prevByte.mul(o.inLeft.prev().sub(o.inBound.prev()))))],
    ];
    const qn = this.qNext.expr();
    cs.createGate(`${name} next`, nextRules.map(([n, e]): [string, Expr] => [n, qn.mul(e)]));
    cs.createGate(`${name} ends`, {
      'the first row is padding': q.sub(qn).mul(active),
      'the last row is padding': this.qLast.expr().mul(active),
    });

    const zero = constant(0);
    const value = o.value.cur();
    const read = q.mul(inBound);
    const write = q.mul(byte);
    const writeRwc = t.rwCounter.cur().add(o.reads.cur());
    const rwRow = (rwCounter: Expr, isWrite: number, tag: RwTag, id: Expr, address: Expr, fieldTag: number, storageKey: Expr, valuePrev: Expr) => ({
      rwCounter, isWrite: constant(isWrite), tag: constant(tag), id, address, fieldTag: constant(fieldTag), storageKeyLo: storageKey, storageKeyHi: zero,
      valueLo: value, valueHi: zero, valuePrevLo: valuePrev, valuePrevHi: zero, committedValueLo: zero, committedValueHi: zero,
    });
    cs.lookup(`${name} memory read`, rwLookupPairs(tables.rw, read.mul(f.srcMemory.cur()), rwRow(t.rwCounter.cur(), 0, RwTag.Memory, t.srcId.cur(), t.srcAddr.cur(), 0, zero, value)));
    cs.lookup(`${name} bytecode read`, bytecodeByteLookup(tables.bytecode, read.mul(f.srcBytecode.cur()), t.srcId.cur(), t.srcSubId.cur(), t.srcAddr.cur(), value, o.isCode.cur()));
    cs.lookup(`${name} precompile output read`, precompileByteLookup(tables.precompileIo, read.mul(f.srcPrecompile.cur()), t.srcId.cur(), 1, t.srcAddr.cur(), value));
    cs.lookup(`${name} calldata read`, txLookupPairs(tables.tx, read.mul(f.srcCalldata.cur()), { txId: t.srcId.cur(), tag: constant(TxFieldTag.CallData), index: t.srcAddr.cur(), valueLo: value, valueHi: zero }));
    cs.lookup(`${name} memory write`, rwLookupPairs(tables.rw, write.mul(f.dstMemory.cur()), rwRow(writeRwc, 1, RwTag.Memory, t.dstId.cur(), t.dstAddr.cur(), 0, zero, o.valuePrev.cur())));
    cs.lookup(`${name} log write`, rwLookupPairs(tables.rw, write.mul(f.dstTxLog.cur()), rwRow(writeRwc, 1, RwTag.TxLog, t.dstId.cur(), t.dstSubId.cur(), LogField.Data, t.dstAddr.cur(), zero)));
    cs.lookup(`${name} keccak write`, keccakInputLookup(tables.keccak, write.mul(f.dstKeccak.cur()), t.dstId.cur(), t.dstAddr.cur(), value));
    cs.lookup(`${name} precompile input write`, precompileByteLookup(tables.precompileIo, write.mul(f.dstPrecompile.cur()), t.dstId.cur(), 0, t.dstAddr.cur(), value));
    cs.lookup(`${name} bytecode write`, bytecodeByteLookup(tables.bytecode, write.mul(f.dstBytecode.cur()), t.dstId.cur(), t.dstSubId.cur(), t.dstAddr.cur(), value, o.isCode.cur()));
  }

  /** Lays out `rows` (circuits/witness/copy.ts copyCircuitRows) and padding to the last usable row, in one region. */
  assign(layouter: Layouter, rows: readonly CopyRow[]): void {
    const usable = layouter.assignment.usableRows;
    if (rows.length > usable) throw new CopyCircuitError(`${rows.length} copy rows do not fit the ${usable} usable rows`);
    if (rows.length === 0 || rows[0].kind !== 0n) throw new CopyCircuitError('the copy rows start with a padding row');
    // the other circuits' lookups read the table on every usable row: padding (all zero) fills them
    const all = [...rows, ...Array.from({ length: usable - rows.length }, () => COPY_PADDING_ROW)];
    if (all[all.length - 1].kind !== 0n) throw new CopyCircuitError('the copy rows end with a padding row');
    layouter.assignRegion(`${this.name} table`, (region) => {
      all.forEach((r, i) => {
        region.enableSelector(this.qRow, i);
        if (i > 0) region.enableSelector(this.qNext, i);
        if (i === all.length - 1) region.enableSelector(this.qLast, i);
        for (const field of COPY_TABLE_FIELDS) region.assignAdvice(field, this.table[field], i, r[field]);
        const own: Record<OwnField, bigint> = {
          isEvent: r.kind === EVENT_ROW ? 1n : 0n, isByte: r.kind === BYTE_ROW ? 1n : 0n, value: r.value, isCode: r.isCode, valuePrev: r.valuePrev,
          inBound: r.inBound, inLeft: r.inLeft, reads: r.reads, slack: r.kind === EVENT_ROW ? r.srcAddrEnd - r.srcAddr - r.inLeft : 0n,
        };
        for (const field of OWN_FIELDS) if (field !== 'slack') region.assignAdvice(field, this.own[field], i, own[field]);
        this.slackRange.assign(region, i, own.slack);
        const active = r.kind !== 0n;
        for (const [flag, type] of SRC_FLAGS) region.assignAdvice(flag, this.flags[flag], i, active && r.srcType === BigInt(type) ? 1n : 0n);
        for (const [flag, type] of DST_FLAGS) region.assignAdvice(flag, this.flags[flag], i, active && r.dstType === BigInt(type) ? 1n : 0n);
      });
    });
  }
}
