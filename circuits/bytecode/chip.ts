/**
 * The bytecode circuit: fills the bytecode table (table.ts) — per code a header row (hash, length)
 * and its bytes at index 0 … length − 1 — and proves, row by row:
 *  - the hash: every byte is looked up in the keccak table as byte `index` of one keccak id, and the
 *    header as that id's digest with this length; the keccak circuit guarantees an id's input is
 *    exactly its bytes 0 … length − 1, so the bytes here are a prefix of the hashed code, and the last
 *    byte row of a code has index length − 1, so they are all of it;
 *  - isCode: through the push table (push-table.ts), a byte is an opcode iff no PUSH data is left
 *    from the bytes before it, and an opcode PUSHn leaves n data bytes (truncated data at the end of
 *    the code is allowed, as in the EVM);
 *  - the shape: a byte row follows its header or the previous byte of its code (same hash, keccak id
 *    and length), padding rows (kind 0) are all zero and fill the region to the last usable row (other
 *    circuits' lookups read the table on every usable row), the first and last rows are no byte rows.
 * The bytes need no range check of their own: they are the keccak circuit's input bytes.
 */
import { adviceColumns } from '../gadgets/common.js';
import { constant, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import { BYTECODE_PADDING_ROW, type BytecodeRow } from '../witness/bytecode.js';
import { PushTable } from './push-table.js';
import { BYTE_ROW, BYTECODE_TABLE_FIELDS, HEADER_ROW, type BytecodeTableColumns } from './table.js';

export class BytecodeCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BytecodeCircuitError';
  }
}

const OWN_FIELDS = ['isHeader', 'isByte', 'keccakId', 'length', 'pushLeft'] as const;

export class BytecodeChip {
  private constructor(
    readonly name: string,
    readonly table: BytecodeTableColumns,
    readonly isHeader: Column,
    readonly isByte: Column,
    readonly keccakId: Column,
    readonly length: Column,
    readonly pushLeft: Column,
    readonly pushTable: PushTable,
    readonly qRow: Selector,
    readonly qNext: Selector,
    readonly qLast: Selector,
  ) {}

  /** Columns are named "<name> <field>" ("bytecode hashLo", "bytecode pushLeft", …). */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, name = 'bytecode'): BytecodeChip {
    const table: BytecodeTableColumns = adviceColumns(cs, name, BYTECODE_TABLE_FIELDS);
    const [isHeader, isByte, keccakId, length, pushLeft] = OWN_FIELDS.map((f) => cs.adviceColumn(`${name} ${f}`));
    const qs = [cs.selector(`${name} row`), cs.selector(`${name} next`), cs.selector(`${name} last row`)] as const;
    const chip = new BytecodeChip(name, table, isHeader, isByte, keccakId, length, pushLeft, PushTable.configure(cs, `${name} push table`), ...qs);
    chip.constrain(cs, keccak);
    return chip;
  }

  private constrain(cs: ConstraintSystem, keccak: KeccakTableColumns): void {
    const { name, table: t } = this;
    const one = constant(1);
    const q = this.qRow.expr();
    const [header, byte] = [this.isHeader.cur(), this.isByte.cur()];
    const padding = one.sub(header).sub(byte);
    const rowRules: Array<[string, Expr]> = [
      ['isHeader is boolean', header.mul(one.sub(header))],
      ['isByte is boolean', byte.mul(one.sub(byte))],
      ['not both header and byte', header.mul(byte)],
      ['kind = isHeader + 2·isByte', t.kind.cur().sub(header).sub(byte.mul(2))],
      ['header: length = indexOrLength', header.mul(this.length.cur().sub(t.indexOrLength.cur()))],
      // isCode needs no rule here: off byte rows the push lookup only admits its all-zero row
      ...([t.byte, this.pushLeft].map((c): [string, Expr] => [`no byte row: ${c.name.slice(name.length + 1)} = 0`, one.sub(byte).mul(c.cur())])),
      ...([t.hashLo, t.hashHi, t.indexOrLength, this.keccakId, this.length].map((c): [string, Expr] => [`padding: ${c.name.slice(name.length + 1)} = 0`, padding.mul(c.cur())])),
    ];
    cs.createGate(`${name} row`, rowRules.map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    const prevByte = this.isByte.prev();
    const carry = (c: Column): [string, Expr] => [`byte: ${c.name.slice(name.length + 1)} as on the previous row`, byte.mul(c.cur().sub(c.prev()))];
    const nextRules: Array<[string, Expr]> = [
      ['a byte row follows its header or a byte row', byte.mul(one.sub(this.isHeader.prev()).sub(prevByte))],
      carry(t.hashLo), carry(t.hashHi), carry(this.keccakId), carry(this.length),
      ['byte: index = previous index + 1 (0 after the header)', byte.mul(t.indexOrLength.cur().sub(prevByte.mul(t.indexOrLength.prev().add(1))))],
      ['a code ends at index length − 1', prevByte.mul(one.sub(byte)).mul(t.indexOrLength.prev().add(1).sub(this.length.prev()))],
    ];
    const qn = this.qNext.expr();
    cs.createGate(`${name} next`, nextRules.map(([n, e]): [string, Expr] => [n, qn.mul(e)]));
    cs.createGate(`${name} ends`, {
      'the first row is no byte row': q.sub(qn).mul(byte),
      'the last row is no byte row': this.qLast.expr().mul(byte),
    });

    const onByte = q.mul(byte);
    const isCode = q.mul(t.isCode.cur());
    const push = [onByte, isCode.mul(t.byte.cur()), isCode, onByte.mul(this.pushLeft.prev()), onByte.mul(this.pushLeft.cur())];
    const pushSide = this.pushTable.table();
    cs.lookup(`${name} push data`, push.map((e, i): [Expr, Expr] => [e, pushSide[i]]));
    cs.lookup(`${name} keccak input`, keccakInputLookup(keccak, onByte, this.keccakId.cur(), t.indexOrLength.cur(), t.byte.cur()));
    cs.lookup(`${name} keccak digest`, keccakDigestLookup(keccak, q.mul(header), this.keccakId.cur(), t.indexOrLength.cur(), t.hashLo.cur(), t.hashHi.cur()));
  }

  /** Loads the push table and lays out `rows` (circuits/witness/bytecode.ts) and padding to the last usable row, in one region. */
  assign(layouter: Layouter, rows: readonly BytecodeRow[]): void {
    if (rows.length < 2 || rows[0].kind === BYTE_ROW || rows[rows.length - 1].kind === BYTE_ROW) {
      throw new BytecodeCircuitError(`the bytecode rows start and end with a non-byte row (${rows.length} rows given)`);
    }
    const usable = layouter.assignment.usableRows;
    if (rows.length > usable) throw new BytecodeCircuitError(`${rows.length} bytecode rows do not fit the ${usable} usable rows`);
    // lookups read the table's columns on every usable row: padding (all zero by the rules) fills them
    const all = [...rows, ...Array.from({ length: usable - rows.length }, () => BYTECODE_PADDING_ROW)];
    this.pushTable.load(layouter);
    layouter.assignRegion(`${this.name} table`, (region) => {
      all.forEach((r, i) => {
        region.enableSelector(this.qRow, i);
        if (i > 0) region.enableSelector(this.qNext, i);
        if (i === all.length - 1) region.enableSelector(this.qLast, i);
        for (const f of BYTECODE_TABLE_FIELDS) region.assignAdvice(f, this.table[f], i, r[f]);
        region.assignAdvice('isHeader', this.isHeader, i, r.kind === HEADER_ROW ? 1n : 0n);
        region.assignAdvice('isByte', this.isByte, i, r.kind === BYTE_ROW ? 1n : 0n);
        region.assignAdvice('keccakId', this.keccakId, i, r.keccakId);
        region.assignAdvice('length', this.length, i, r.length);
        region.assignAdvice('pushLeft', this.pushLeft, i, r.pushLeft);
      });
    });
  }
}
