/**
 * The state circuit: the RW table laid out sorted by key (tag, id, address, fieldTag, storageKey) and
 * rwCounter, padding rows (tag 0, every cell zero) first, and the rules that make it a consistent memory:
 * a read returns the value of the previous access to its key, valuePrev is that value, and the first
 * access to a key starts from the key's initial value (the committed value for Storage, 0 for
 * Stack/Memory/TransientStorage and the per-tx/per-call tags; a Stack key's first access is a write).
 *
 * Sort order without decomposing every key field. Per row, a one-hot s_f (bound with the tag by one
 * lookup, see tag-table.ts) names the first key field f where the row differs from the previous one:
 * the fields before f are equal, and field_f − field_f(prev) − 1 is a 160-bit number (20 byte lookups).
 * The fields themselves are not range-checked, so "increasing" holds modulo r with steps in [1, 2^160];
 * that is still enough for what the rules need — a key's accesses are adjacent: if rows i < j had the
 * same key prefix and a row between them another, take the first field that changes between i and j;
 * it only changes at rows whose s points to it, each time by a step in [1, 2^160], and returns to its
 * value at row i only if the steps sum to a multiple of r ≈ 2^254, which needs more than 2^90 rows.
 * rwCounter − 1 is range-checked to 4 bytes, so within a key group the order is the true execution order.
 *
 * Stack addresses are range-checked to 0 … 1023 (two bytes, the high one at most 3). The order rule alone
 * would let a push at sp = 0 write address −1 = r − 1, sorted just before address 0 (a step of 1 mod r):
 * the EVM's 1024-item limit (ErrorStackOverflow) would then be the prover's choice, not a rule.
 *
 * Usable rows after the table have every RW cell constrained to zero: lookups into the table read its
 * columns on every usable row, so no row outside the table may hold a tuple.
 *
 * The count seam (EVM circuit). `count` is a running sum of the non-padding rows; its last cell is what
 * the EVM circuit copy-constrains: its last step proves it used rwCounter 1 … N with N = count. Its N
 * lookups have distinct rwCounters, so they hit N distinct rows, and the table has exactly N non-padding
 * rows: the table is exactly the EVM's operations, nothing added.
 *
 * The SMT seam (issue #10). Account rows (and Storage rows per tx) start from values this circuit does
 * not bind to a state root: `firstAccess()` marks the row whose valuePrev is a key group's initial value
 * and `lastAccess()` (the `last` column, so lookups into it stay low-degree) the row whose value is its
 * final value; `accountField(f)` is 1 on Account rows of field f (one-hot, so an Account row's fieldTag is
 * a known field). circuits/smt/binding.ts looks those rows up and proves the transitions from the previous
 * state root; without it (the state circuit alone) initial Account values are free.
 */
import { constant, sum, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { adviceColumns, splitWord, type RangeTable } from '../gadgets/index.js';
import { AccountField, RW_TABLE_FIELDS, RwTag, type RwRow, type RwTableColumns } from './table.js';
import { KEY_FIELDS, RwTagTable, TAG_FLAGS, tagFlags, type KeyField, type TagFlag } from './tag-table.js';

/** The Account fields, in the order of StateChip.accountFields. */
export const ACCOUNT_FIELDS = [AccountField.Nonce, AccountField.Balance, AccountField.CodeHash, AccountField.HasStorage] as const;

/** Whether two rows have the same key (all key fields but rwCounter). */
const sameKey = (a: RwRow, b: RwRow): boolean =>
  a.tag === b.tag && a.id === b.id && a.address === b.address && a.fieldTag === b.fieldTag && a.storageKey === b.storageKey;

/** Bytes of the first differing field's increase: 160 bits, the widest field (an account address). */
export const DIFF_BYTES = 20;
/** rwCounter − 1 < 2^32. */
export const RW_COUNTER_BYTES = 4;
/** The EVM stack holds 1024 items: a Stack address's high byte is at most 3, i.e. high byte + 252 is a byte. */
export const STACK_LIMIT = 1024;
const STACK_HI_OFFSET = 256n - BigInt(STACK_LIMIT / 256);

export class StateCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateCircuitError';
  }
}

/** A row's cells in table-column order, storageKey and values as (lo, hi) halves. */
export function rwRowCells(r: RwRow): Record<keyof RwTableColumns, bigint> {
  const [storageKeyLo, storageKeyHi] = splitWord(r.storageKey);
  const [valueLo, valueHi] = splitWord(r.value);
  const [valuePrevLo, valuePrevHi] = splitWord(r.valuePrev);
  const [committedValueLo, committedValueHi] = splitWord(r.committedValue);
  return {
    rwCounter: BigInt(r.rwCounter), isWrite: r.isWrite ? 1n : 0n, tag: BigInt(r.tag), id: BigInt(r.id), address: r.address,
    fieldTag: BigInt(r.fieldTag), storageKeyLo, storageKeyHi, valueLo, valueHi, valuePrevLo, valuePrevHi, committedValueLo, committedValueHi,
  };
}

const bytesOf = (x: bigint, n: number): bigint[] => Array.from({ length: n }, (_, j) => (x >> BigInt(8 * j)) & 0xffn);

export class StateChip {
  private constructor(
    readonly name: string,
    readonly table: RwTableColumns,
    readonly flags: Readonly<Record<TagFlag, Column>>,
    /** s_f: the row first differs from the previous one in key field f (one-hot on non-padding rows). */
    readonly first: Readonly<Record<KeyField, Column>>,
    readonly diff: readonly Column[],
    readonly rwCounterBytes: readonly Column[],
    /** A Stack row's address as two bytes (zero on other rows). */
    readonly stackAddressBytes: readonly Column[],
    /** Running count of non-padding rows (copy-enabled: its last cell is the seam to the EVM circuit). */
    readonly count: Column,
    /** 1 on the last row of a key group (= lastAccess). */
    readonly last: Column,
    /** One-hot on Account rows by fieldTag (nonce, balance, codeHash); all zero on other rows. */
    readonly accountFields: readonly Column[],
    readonly tagTable: RwTagTable,
    readonly qRow: Selector,
    readonly qOrder: Selector,
    readonly qLast: Selector,
    /** Usable rows after the table: their RW cells are zero, so lookups into the table cannot find a tuple there. */
    readonly qUnused: Selector,
  ) {}

  /** Columns are named "<name> <field>" ("rw valueLo", "rw s address", "rw diff byte 3", …). */
  static configure(cs: ConstraintSystem, byteTable: RangeTable, name = 'rw'): StateChip {
    const table: RwTableColumns = adviceColumns(cs, name, RW_TABLE_FIELDS);
    const flags = adviceColumns(cs, name, TAG_FLAGS);
    const first = adviceColumns(cs, `${name} s`, KEY_FIELDS);
    const diff = Array.from({ length: DIFF_BYTES }, (_, j) => cs.adviceColumn(`${name} diff byte ${j}`));
    const rwCounterBytes = Array.from({ length: RW_COUNTER_BYTES }, (_, j) => cs.adviceColumn(`${name} rwCounter byte ${j}`));
    const stackAddressBytes = Array.from({ length: 2 }, (_, j) => cs.adviceColumn(`${name} stack address byte ${j}`));
    const count = cs.adviceColumn(`${name} count`);
    cs.enableEquality(count);
    const last = cs.adviceColumn(`${name} last access`);
    const accountFields = ACCOUNT_FIELDS.map((f) => cs.adviceColumn(`${name} account field ${AccountField[f]}`));
    const tagTable = RwTagTable.configure(cs, `${name} tag table`);
    const [qRow, qOrder, qLast, qUnused] = [cs.selector(`${name} row`), cs.selector(`${name} order`), cs.selector(`${name} last row`), cs.selector(`${name} unused row`)];
    const chip = new StateChip(name, table, flags, first, diff, rwCounterBytes, stackAddressBytes, count, last, accountFields, tagTable, qRow, qOrder, qLast, qUnused);
    chip.constrain(cs, byteTable);
    return chip;
  }

  private constrain(cs: ConstraintSystem, byteTable: RangeTable): void {
    const { name, table: t } = this;
    const c = (f: keyof RwTableColumns) => t[f].cur();
    const p = (f: keyof RwTableColumns) => t[f].prev();
    const f = (k: TagFlag) => this.flags[k].cur();
    const s = (k: KeyField) => this.first[k].cur();
    const nonPad = f('nonPadding');
    const q = this.qRow.expr();
    const one = constant(1);
    const byteSum = (cols: readonly Column[]) => sum(cols.map((col, j) => col.cur().mul(1n << BigInt(8 * j))));
    const halves = (label: string, e: (half: 'Lo' | 'Hi') => Expr): Array<[string, Expr]> =>
      (['Lo', 'Hi'] as const).map((h) => [label.split('*').join(h), e(h)]);

    // value follows on padding rows: they are reads (isWrite = 0) with valuePrev = 0; committedValue is 0 off Storage
    const padded = RW_TABLE_FIELDS.filter((x) => x !== 'tag' && !x.startsWith('committedValue') && x !== 'valueLo' && x !== 'valueHi');
    const rowRules: Array<[string, Expr]> = [
      ['isWrite is boolean', c('isWrite').mul(one.sub(c('isWrite')))],
      ...padded.map((x): [string, Expr] => [`padding: ${x} = 0`, one.sub(nonPad).mul(c(x))]),
      ['rwCounter − 1 = Σ bytes (non-padding rwCounter ≥ 1)', c('rwCounter').sub(nonPad).sub(byteSum(this.rwCounterBytes))],
      ['Stack: address = Σ stack address bytes', f('isStack').mul(c('address').sub(byteSum(this.stackAddressBytes)))],
      ...this.stackAddressBytes.map((b, j): [string, Expr] => [`not Stack: stack address byte ${j} = 0`, one.sub(f('isStack')).mul(b.cur())]),
      ...halves('read: value* = valuePrev*', (h) => one.sub(c('isWrite')).mul(c(`value${h}`).sub(c(`valuePrev${h}`)))),
      ...halves('not Storage: committedValue* = 0', (h) => one.sub(f('isStorage')).mul(c(`committedValue${h}`))),
      ['memory: valueHi = 0', f('isMemory').mul(c('valueHi'))],
      ['last access = nonPadding·(last row or the next row starts a key group)', this.last.cur().sub(this.lastAccessExpr())],
      ...this.accountFields.map((a, j): [string, Expr] => [`account field ${AccountField[ACCOUNT_FIELDS[j]]} is boolean`, a.cur().mul(one.sub(a.cur()))]),
      ['account fields: one-hot on Account rows', sum(this.accountFields.map((a) => a.cur())).sub(f('isAccount'))],
      ['account fields: fieldTag = Σ field·flag', f('isAccount').mul(c('fieldTag')).sub(sum(this.accountFields.map((a, j) => a.cur().mul(ACCOUNT_FIELDS[j]))))],
      // (the SMT binding proves its value from the old state root: a write would be no state's)
      ['HasStorage is read-only', this.accountField(AccountField.HasStorage).mul(c('isWrite'))],
    ];
    cs.createGate(`${name} row`, rowRules.map(([n, e]): [string, Expr] => [n, q.mul(e)]));

    // row 0 of the table (qRow on, qOrder off) is padding and starts the count
    const qStart = q.sub(this.qOrder.expr());
    cs.createGate(`${name} first row`, {
      'first row is padding': qStart.mul(nonPad),
      'count starts at 0': qStart.mul(this.count.cur()),
    });

    const keyCol = (k: KeyField) => t[k];
    const same = s('rwCounter');
    const firstAccess = nonPad.sub(same);
    const later = (i: number) => sum(KEY_FIELDS.slice(i + 1).map(s));
    const qo = this.qOrder.expr();
    const orderRules: Array<[string, Expr]> = [
      ['padding rows come first', this.flags.nonPadding.prev().mul(one.sub(nonPad))],
      ...KEY_FIELDS.slice(0, -1).map((k, i): [string, Expr] => [`${k} unchanged before the first differing field`, later(i).mul(keyCol(k).cur().sub(keyCol(k).prev()))]),
      ['first differing field − previous − 1 = Σ diff bytes', sum(KEY_FIELDS.map((k) => s(k).mul(keyCol(k).cur().sub(keyCol(k).prev())))).sub(nonPad).sub(byteSum(this.diff))],
      ...halves('same key: valuePrev* = previous value*', (h) => same.mul(c(`valuePrev${h}`).sub(p(`value${h}`)))),
      ...halves('same key: committedValue* unchanged', (h) => same.mul(c(`committedValue${h}`).sub(p(`committedValue${h}`)))),
      ...halves('first Storage access: valuePrev* = committedValue*', (h) => firstAccess.mul(f('isStorage')).mul(c(`valuePrev${h}`).sub(c(`committedValue${h}`)))),
      ...halves('first access: valuePrev* = 0', (h) => firstAccess.mul(f('initZero')).mul(c(`valuePrev${h}`))),
      ['first Stack access is a write', firstAccess.mul(f('isStack')).mul(one.sub(c('isWrite')))],
      ['count = previous count + nonPadding', this.count.cur().sub(this.count.prev()).sub(nonPad)],
    ];
    cs.createGate(`${name} order`, orderRules.map(([n, e]): [string, Expr] => [n, qo.mul(e)]));

    // lookups read the table's columns on every usable row, not only the table's: the rest must be zero
    const qu = this.qUnused.expr();
    cs.createGate(`${name} unused row`, [...RW_TABLE_FIELDS.map((x): [string, Expr] => [`${x} = 0`, qu.mul(c(x))]), ['last access = 0', qu.mul(this.last.cur())]]);

    const props = [t.tag, ...TAG_FLAGS.map((k) => this.flags[k]), ...KEY_FIELDS.map((k) => this.first[k])];
    const tableSide = this.tagTable.columns();
    cs.lookup(`${name} tag properties`, props.map((col, i): [Expr, Expr] => [q.mul(col.cur()), tableSide[i]]));
    this.diff.forEach((col, j) => byteTable.lookup(cs, `${name} diff byte ${j}`, q.mul(col.cur())));
    this.rwCounterBytes.forEach((col, j) => byteTable.lookup(cs, `${name} rwCounter byte ${j}`, q.mul(col.cur())));
    byteTable.lookup(cs, `${name} memory value is a byte`, q.mul(f('isMemory')).mul(c('valueLo')));
    const [stackLo, stackHi] = this.stackAddressBytes.map((b) => b.cur());
    byteTable.lookup(cs, `${name} stack address byte 0`, q.mul(stackLo));
    byteTable.lookup(cs, `${name} stack address byte 1`, q.mul(stackHi));
    // with byte 1 itself a byte, byte 1 + 252 ≤ 255 leaves 0 … 3: addresses below 1024
    byteTable.lookup(cs, `${name} stack address < 1024`, q.mul(stackHi.add(f('isStack').mul(STACK_HI_OFFSET))));
  }

  /** 1 on the row that is its key group's first access (its valuePrev is the group's initial value). */
  firstAccess(): Expr { return this.flags.nonPadding.cur().sub(this.first.rwCounter.cur()); }

  /** 1 on the row that is its key group's last access (its value is the group's final value). */
  lastAccess(): Expr { return this.last.cur(); }

  /** 1 on Account rows of `field`. */
  accountField(field: AccountField): Expr { return this.accountFields[ACCOUNT_FIELDS.indexOf(field)].cur(); }

  private lastAccessExpr(): Expr {
    const last = this.qLast.expr();
    return this.flags.nonPadding.cur().mul(last.add(constant(1).sub(last).mul(constant(1).sub(this.first.rwCounter.next()))));
  }

  /**
   * Loads the tag table and lays out `rows` (sorted, padding first: see circuits/witness/state.ts) in
   * one region that also zeroes the RW columns on the usable rows after them; returns the last
   * `count` cell, the number of non-padding rows.
   */
  assign(layouter: Layouter, rows: readonly RwRow[]): AssignedCell {
    if (rows.length < 1 || rows[0].tag !== RwTag.Padding) throw new StateCircuitError(`the RW table starts with a padding row (got ${rows.length === 0 ? 'no rows' : `tag ${rows[0].tag}`})`);
    const usable = layouter.assignment.usableRows;
    if (rows.length > usable) throw new StateCircuitError(`${rows.length} RW rows do not fit the ${usable} usable rows`);
    this.tagTable.load(layouter);
    const cells = rows.map(rwRowCells);
    return layouter.assignRegion(`${this.name} table`, (region) => {
      let count = 0n;
      let countCell: AssignedCell | undefined;
      cells.forEach((row, i) => {
        region.enableSelector(this.qRow, i);
        if (i > 0) region.enableSelector(this.qOrder, i);
        if (i === cells.length - 1) region.enableSelector(this.qLast, i);
        for (const k of RW_TABLE_FIELDS) region.assignAdvice(k, this.table[k], i, row[k]);
        const flags = tagFlags(rows[i].tag);
        for (const k of TAG_FLAGS) region.assignAdvice(k, this.flags[k], i, flags[k]);
        const isLast = flags.nonPadding === 1n && (i === cells.length - 1 || !sameKey(rows[i], rows[i + 1]));
        region.assignAdvice('last access', this.last, i, isLast ? 1n : 0n);
        ACCOUNT_FIELDS.forEach((fld, j) => region.assignAdvice('account field', this.accountFields[j], i, rows[i].tag === RwTag.Account && rows[i].fieldTag === fld ? 1n : 0n));
        const { field, diff } = flags.nonPadding === 1n ? firstDifference(cells[i - 1], row, i) : { field: -1, diff: 0n };
        KEY_FIELDS.forEach((k, j) => region.assignAdvice(`s ${k}`, this.first[k], i, j === field ? 1n : 0n));
        // row 0 has no predecessor: its diff cells stay unassigned (no gate reads them there)
        if (i > 0) bytesOf(diff, DIFF_BYTES).forEach((b, j) => region.assignAdvice(`diff byte ${j}`, this.diff[j], i, b));
        bytesOf(row.rwCounter - flags.nonPadding, RW_COUNTER_BYTES).forEach((b, j) => region.assignAdvice(`rwCounter byte ${j}`, this.rwCounterBytes[j], i, b));
        // an address outside 0 … 1023 (a push past the limit writes −1) keeps its signed high part: the range lookups name it
        const stackAddress = flags.isStack === 1n ? rows[i].address : 0n;
        const [lo, hi] = [stackAddress & 0xffn, stackAddress >> 8n];
        region.assignAdvice('stack address byte 0', this.stackAddressBytes[0], i, lo);
        region.assignAdvice('stack address byte 1', this.stackAddressBytes[1], i, hi);
        count += flags.nonPadding;
        countCell = region.assignAdvice('count', this.count, i, count);
      });
      for (let i = cells.length; i < usable; i++) {
        region.enableSelector(this.qUnused, i);
        for (const k of RW_TABLE_FIELDS) region.assignAdvice(k, this.table[k], i, 0n);
        region.assignAdvice('last access', this.last, i, 0n);
      }
      return countCell!;
    });
  }
}

/** The first key field where `cur` differs from `prev`, and its increase − 1; throws unless sorted. */
function firstDifference(prev: Record<keyof RwTableColumns, bigint>, cur: Record<keyof RwTableColumns, bigint>, row: number): { field: number; diff: bigint } {
  const field = KEY_FIELDS.findIndex((k) => cur[k] !== prev[k]);
  if (field < 0) throw new StateCircuitError(`row ${row} repeats the key and rwCounter of row ${row - 1}: rwCounters are unique`);
  const diff = cur[KEY_FIELDS[field]] - prev[KEY_FIELDS[field]] - 1n;
  if (diff < 0n || diff >> BigInt(8 * DIFF_BYTES) !== 0n) {
    throw new StateCircuitError(`row ${row}: ${KEY_FIELDS[field]} goes from ${prev[KEY_FIELDS[field]]} to ${cur[KEY_FIELDS[field]]}; rows must be sorted by (tag, id, address, fieldTag, storageKey, rwCounter) with steps below 2^${8 * DIFF_BYTES}`);
  }
  if (cur.rwCounter < 1n || cur.rwCounter > 1n << BigInt(8 * RW_COUNTER_BYTES)) throw new StateCircuitError(`row ${row}: rwCounter ${cur.rwCounter} is outside 1 … 2^${8 * RW_COUNTER_BYTES}`);
  return { field, diff };
}
