/**
 * The word arithmetic table: rows (opcode, a, b, n, r) stating MUL r = a·b mod 2^256, DIV r = a / b, MOD
 * r = a mod b (0 when b = 0), ADDMOD r = (a + b) mod n, MULMOD r = a·b mod n (0 when n = 0), SLT r = a <s b,
 * SGT r = a >s b (signed, r = (flag, 0)), SHL r = b << a, SHR r = b >> a, SAR r = b >> a (sign-filling), with
 * n = 0 on the binary rows (a is the EVM's first operand, the top of the stack). EVM steps look a whole tuple up at once (arithmetic.ts, bitwise.ts). Each row is copied
 * from a slot where the gadget chips prove it (MulDivModChip, ModArithChip, ShiftChip over one WordChip:
 * range-checked words, exact identities), so every tuple in the table is a true statement.
 *
 * Layout: a fixed number of slots per kind (the capacity), so it never depends on the witness. A slot first
 * assigns its operand words on the WordChip rows, hands those cells to the chip, and copies operands and result
 * into its table row(s); a DIV/MOD slot fills two rows (DIV with the quotient, MOD with the remainder). Unused
 * slots prove 0 ∘ 0, also true. The opcode column is fixed, zero off the table rows, so whatever a prover writes
 * in the advice columns elsewhere never forms a tuple an enabled lookup (opcode ≠ 0) could match.
 */
import type { RangeTable } from '../gadgets/range-table.js';
import { ModArithChip } from '../gadgets/mod-arith.js';
import { MulDivModChip } from '../gadgets/mul-div-mod.js';
import { Pow2Table } from '../gadgets/pow2-table.js';
import { ShiftChip } from '../gadgets/shift.js';
import { SignedLtChip } from '../gadgets/signed-lt.js';
import { WordArithChip } from '../gadgets/word-arith.js';
import { WordChip, type AssignedWord, type WordCells } from '../gadgets/word.js';
import type { AssignedCell, Column, ConstraintSystem, Expr, Layouter, Region, Selector } from '../plonk/index.js';
import type { WordExpr } from './step.js';

export const OPCODE = { MUL: 0x02, DIV: 0x04, MOD: 0x06, ADDMOD: 0x08, MULMOD: 0x09, SLT: 0x12, SGT: 0x13, SHL: 0x1b, SHR: 0x1c, SAR: 0x1d } as const;
export type ArithOpcode = (typeof OPCODE)[keyof typeof OPCODE];

/** One operation for the table: operands as EVM words (n only for ADDMOD, MULMOD). */
export interface ArithOp { readonly opcode: ArithOpcode; readonly a: bigint; readonly b: bigint; readonly n?: bigint }

/** Slots per kind. */
export interface ArithCapacity {
  readonly mul: number; readonly divMod: number; readonly addMod: number; readonly mulMod: number;
  readonly shl?: number; readonly shr?: number; readonly sar?: number; readonly slt?: number; readonly sgt?: number;
}
export const NO_ARITH: ArithCapacity = { mul: 0, divMod: 0, addMod: 0, mulMod: 0 };
type Kind = keyof ArithCapacity;
/** The slot kind each opcode takes (DIV and MOD share a slot kind: one slot proves both). */
export const ARITH_KIND: Readonly<Record<ArithOpcode, Kind>> = {
  [OPCODE.MUL]: 'mul', [OPCODE.DIV]: 'divMod', [OPCODE.MOD]: 'divMod', [OPCODE.ADDMOD]: 'addMod', [OPCODE.MULMOD]: 'mulMod',
  [OPCODE.SHL]: 'shl', [OPCODE.SHR]: 'shr', [OPCODE.SAR]: 'sar', [OPCODE.SLT]: 'slt', [OPCODE.SGT]: 'sgt',
};
/** Slots per kind `ops` take. */
export const arithSlots = (ops: readonly ArithOp[]): Required<ArithCapacity> => {
  const n: { -readonly [K in Kind]-?: number } = { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shl: 0, shr: 0, sar: 0, slt: 0, sgt: 0 };
  for (const o of ops) n[ARITH_KIND[o.opcode]]++;
  return n;
};

const FIELDS = ['a lo', 'a hi', 'b lo', 'b hi', 'n lo', 'n hi', 'r lo', 'r hi'] as const;
const W = WordChip.ROWS;
/** Rows of a slot: its operand words, then the chip's block. */
export const SLOT_ROWS: Record<keyof ArithCapacity, number> = {
  mul: 2 * W + MulDivModChip.MUL_ROWS, divMod: 2 * W + MulDivModChip.DIV_MOD_ROWS, addMod: 3 * W + ModArithChip.ADDMOD_ROWS,
  mulMod: 3 * W + ModArithChip.MULMOD_ROWS, shl: 2 * W + ShiftChip.SHL_ROWS, shr: 2 * W + ShiftChip.SHR_ROWS, sar: 2 * W + ShiftChip.SAR_ROWS,
  slt: SignedLtChip.ROWS, sgt: SignedLtChip.ROWS,
};

export class ArithTable {
  private constructor(
    readonly name: string,
    readonly opcode: Column,
    readonly columns: readonly Column[],
    readonly qBinary: Selector,
    readonly qFlag: Selector,
    readonly word: WordChip,
    readonly mdm: MulDivModChip,
    readonly modArith: ModArithChip,
    readonly pow2: Pow2Table,
    readonly shift: ShiftChip,
    readonly signedLt: SignedLtChip,
  ) {}

  static configure(cs: ConstraintSystem, name: string, byte: RangeTable): ArithTable {
    const word = WordChip.configure(cs, `${name} word`, byte, cs.adviceColumn(`${name} word`), Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`${name} byte ${i}`)));
    const [a, b, carry, inv, zero, mod] = ['a', 'b', 'carry', 'inv', 'zero', 'mod'].map((n) => cs.adviceColumn(`${name} ${n}`));
    const arith = WordArithChip.configure(cs, `${name} add/sub`, word, a!, b!, carry!);
    const mdm = MulDivModChip.configure(cs, `${name} mul/div`, word, arith, inv!, zero!, mod!);
    const modArith = ModArithChip.configure(cs, `${name} mod arith`, mdm);
    const pow2 = Pow2Table.configure(cs, `${name} pow2`);
    const [small, sEff, sign, out] = ['small', 'shift s_eff', 'sign', 'out'].map((n) => cs.adviceColumn(`${name} ${n}`));
    // the shift word's IsZero sits on the slot's shift rows, the divisor's on the DIV block's: one inverse column serves both
    const shift = ShiftChip.configure(cs, `${name} shift`, byte, pow2, word, mdm, { inv: inv!, small: small!, sEff: sEff!, sign: sign!, out: out! });
    // SLT's sign bits sit on its own rows of the sign column, SAR's on its rows
    const signedLt = SignedLtChip.configure(cs, `${name} slt`, byte, word, arith, sign!);
    const opcode = cs.fixedColumn(`${name} opcode`);
    const columns = FIELDS.map((f) => cs.adviceColumn(`${name} ${f}`));
    columns.forEach((c) => cs.enableEquality(c));
    const qBinary = cs.selector(`${name} binary`);
    const q = qBinary.expr();
    cs.createGate(`${name} binary`, { 'n lo = 0': q.mul(columns[4]!.cur()), 'n hi = 0': q.mul(columns[5]!.cur()) });
    const qFlag = cs.selector(`${name} flag`);
    cs.createGate(`${name} flag`, { 'r hi = 0': qFlag.expr().mul(columns[7]!.cur()) });
    return new ArithTable(name, opcode, columns, qBinary, qFlag, word, mdm, modArith, pow2, shift, signedLt);
  }

  /** The fixed power-of-two table the shifts look up. */
  load(layouter: Layouter): void {
    this.pow2.load(layouter);
  }

  /** Pairs for `cs.lookup`: "(opcode, a, b, n, r) is a row", where `q` = 1. */
  lookupPairs(q: Expr, opcode: Expr, a: WordExpr, b: WordExpr, n: WordExpr, r: WordExpr): Array<[Expr, Expr]> {
    const inputs = [a.lo, a.hi, b.lo, b.hi, n.lo, n.hi, r.lo, r.hi];
    return [[q.mul(opcode), this.opcode.cur()], ...inputs.map((e, i): [Expr, Expr] => [q.mul(e), this.columns[i]!.cur()])];
  }

  /** Lays out `capacity` slots per kind, filled with `ops` in order (then 0 ∘ 0). */
  assign(layouter: Layouter, capacity: ArithCapacity, ops: readonly ArithOp[]): void {
    const queues: Record<Kind, ArithOp[]> = { mul: [], divMod: [], addMod: [], mulMod: [], shl: [], shr: [], sar: [], slt: [], sgt: [] };
    for (const o of ops) queues[ARITH_KIND[o.opcode]].push(o);
    const slots = (kind: Kind) => capacity[kind] ?? 0;
    for (const kind of Object.keys(queues) as Kind[]) {
      if (queues[kind].length > slots(kind)) throw new RangeError(`${this.name}: ${queues[kind].length} ${kind} operations do not fit ${slots(kind)} slots`);
    }
    layouter.assignRegion(this.name, (region) => {
      let row = 0; // chip rows
      let entry = 0; // table rows
      type Row = [ArithOpcode, WordCells, WordCells, WordCells | undefined, WordCells | { lo: AssignedCell; hi?: undefined }];
      const slot = (kind: Kind, fill: (at: number, op: ArithOp | undefined) => Row[]) => {
        for (let i = 0; i < slots(kind); i++) {
          for (const [opcode, a, b, n, r] of fill(row, queues[kind][i])) this.row(region, entry++, opcode, a, b, n, r);
          row += SLOT_ROWS[kind];
        }
      };
      const words = (at: number, ...values: bigint[]): AssignedWord[] => values.map((v, i) => this.word.assign(region, at + i * W, v));
      slot('mul', (at, op) => {
        const [a, b] = words(at, op?.a ?? 0n, op?.b ?? 0n);
        return [[OPCODE.MUL, a!, b!, undefined, this.mdm.mul(region, at + 2 * W, a!, b!).product]];
      });
      slot('divMod', (at, op) => {
        const [a, b] = words(at, op?.a ?? 0n, op?.b ?? 0n);
        const d = this.mdm.divMod(region, at + 2 * W, a!, b!);
        return [[OPCODE.DIV, a!, b!, undefined, d.quotient], [OPCODE.MOD, a!, b!, undefined, d.mod]];
      });
      slot('addMod', (at, op) => {
        const [a, b, n] = words(at, op?.a ?? 0n, op?.b ?? 0n, op?.n ?? 0n);
        return [[OPCODE.ADDMOD, a!, b!, n, this.modArith.addMod(region, at + 3 * W, a!, b!, n!).result]];
      });
      slot('mulMod', (at, op) => {
        const [a, b, n] = words(at, op?.a ?? 0n, op?.b ?? 0n, op?.n ?? 0n);
        return [[OPCODE.MULMOD, a!, b!, n, this.modArith.mulMod(region, at + 3 * W, a!, b!, n!).result]];
      });
      const shifts: Array<[Kind, ArithOpcode, (at: number, s: AssignedWord, v: AssignedWord) => WordCells]> = [
        ['shl', OPCODE.SHL, (at, sh, v) => this.shift.shl(region, at, sh, v).result],
        ['shr', OPCODE.SHR, (at, sh, v) => this.shift.shr(region, at, sh, v).result],
        ['sar', OPCODE.SAR, (at, sh, v) => this.shift.sar(region, at, sh, v).result],
      ];
      for (const [kind, opcode, prove] of shifts) {
        slot(kind, (at, op) => {
          const [a, b] = words(at, op?.a ?? 0n, op?.b ?? 0n);
          return [[opcode, a!, b!, undefined, prove(at + 2 * W, a!, b!)]];
        });
      }
      // SGT(a, b) = SLT(b, a): the chip compares the operands swapped, the row lists them in EVM order
      slot('slt', (at, op) => { const r = this.signedLt.lt(region, at, op?.a ?? 0n, op?.b ?? 0n); return [[OPCODE.SLT, r.a, r.b, undefined, { lo: r.lt }]]; });
      slot('sgt', (at, op) => { const r = this.signedLt.lt(region, at, op?.b ?? 0n, op?.a ?? 0n); return [[OPCODE.SGT, r.b, r.a, undefined, { lo: r.lt }]]; });
    });
  }

  /**
   * Table row `at`: the fixed opcode and copies of the operand and result cells (n = 0 on binary rows and r hi = 0
   * for flag results, by gates).
   */
  private row(region: Region, at: number, opcode: ArithOpcode, a: WordCells, b: WordCells, n: WordCells | undefined, r: { lo: AssignedCell; hi?: AssignedCell }): void {
    region.assignFixed('opcode', this.opcode, at, BigInt(opcode));
    if (n === undefined) region.enableSelector(this.qBinary, at);
    if (r.hi === undefined) region.enableSelector(this.qFlag, at);
    const cells = [a.lo, a.hi, b.lo, b.hi, n?.lo, n?.hi, r.lo, r.hi];
    cells.forEach((cell, i) => {
      const column = this.columns[i]!;
      if (cell === undefined) region.assignAdvice(column.name, column, at, 0n);
      else region.constrainEqual(region.assignAdvice(column.name, column, at, cell.value), cell);
    });
  }
}
