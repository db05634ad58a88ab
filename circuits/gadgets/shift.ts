/**
 * ShiftChip: the EVM's SHL, SHR and SAR — value·2^s mod 2^256, value / 2^s (0 for s ≥ 256) and the
 * arithmetic shift — as MUL and DIV by a power of two looked up in Pow2Table (one lookup, not 256
 * rows of constraints):
 *
 *   rows 0–1  the shift word s (WordChip: its bytes)
 *   rows 2…   SHL: a MUL block (10 rows) value·pow;  SHR: a DIV/MOD block (12 rows) value / pow;
 *             either way pow is the block's b operand, on rows 4–5
 *   advice inv, small (IsZeroChip of bytes 1..31 of s: small = 1 iff s < 256), s_eff
 *   gate "<name> shift" (q_shift, row 0):  s_eff = small·byte_0                              (degree 3)
 *   lookup "<name> pow":  q·(2 − small, s_eff, pow_lo, pow_hi) ∈ Pow2Table
 *                         (tag 1: pow = 2^byte_0; tag 2, s ≥ 256: pow = 0)
 *
 * SAR (16 rows): for a negative value (two's complement), value >> s = NOT(NOT(value) >> s), so the
 * SHR rows divide x' = sign ? NOT value : value, and the result is sign ? NOT quotient : quotient;
 * NOT is 2^128 − 1 − half on each half, linear in the sign. Rows 14–15 hold the value word (its top
 * byte gives the sign):
 *   advice sign, out (copy-enabled; the result, lo on row 14, hi on row 15)
 *   gate "<name> sar" (q_sar, row 14):  sign boolean;  x'_h = x_h + sign·(M − 2·x_h);
 *                                       out_h = q_h + sign·(M − 2·q_h)   (h = lo, hi; M = 2^128 − 1)
 *   lookup "<name> sign":  q_sar·2·(byte_31 − 128·sign) ∈ byte table  (sign = the top bit: 2y < 256 iff y < 128)
 *
 * pow = 0 for s ≥ 256 makes SHL and SHR 0 with no select: value·0 = 0, and DIV by 0 is 0 (SAR then
 * gives NOT 0 = 2^256 − 1 for a negative value, as the EVM does). The sum of 31 bytes is < 2^13, so
 * it is 0 iff every byte is. s_eff keeps the lookup inputs at degree 2 (small·byte_0 inside the
 * lookup would raise the circuit's quotient degree). x' and the quotient are range-checked words of
 * the DIV rows, so out is a word too.
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region, Selector } from '../plonk/index.js';
import { constant, sum } from '../plonk/index.js';
import { IsZeroChip } from './is-zero.js';
import { assignWordInput, readWordInput, type WordInput } from './mul-add.js';
import { MulDivModChip, type DivModResult, type MulResult } from './mul-div-mod.js';
import { Pow2Table } from './pow2-table.js';
import type { RangeTable } from './range-table.js';
import { TWO_128, splitWord, type AssignedWord, type WordCells, type WordChip } from './word.js';

/** The chip's own advice columns. */
export interface ShiftColumns { inv: Column; small: Column; sEff: Column; sign: Column; out: Column }

const HALF_MAX = TWO_128 - 1n;
/** NOT of a 128-bit half when `sign` is 1, the half itself when 0. */
const notIf = (sign: Expr, half: Expr) => half.add(sign.mul(constant(HALF_MAX).sub(half.mul(2))));

export interface ShiftResult {
  shift: AssignedWord;
  /** value << s or value >> s (0 for s ≥ 256). */
  result: AssignedWord;
  /** The power 2^s (0 for s ≥ 256) the value was multiplied or divided by. */
  pow: AssignedWord;
}

export class ShiftChip {
  private constructor(
    readonly name: string,
    readonly word: WordChip,
    readonly mdm: MulDivModChip,
    readonly isSmall: IsZeroChip,
    readonly cols: ShiftColumns,
    readonly q: Selector,
    readonly qSar: Selector,
  ) {}

  /** Rows before the MUL or DIV/MOD block (the shift word). */
  static readonly SHIFT_ROWS = 2;
  static readonly SHL_ROWS = ShiftChip.SHIFT_ROWS + MulDivModChip.MUL_ROWS;
  static readonly SHR_ROWS = ShiftChip.SHIFT_ROWS + MulDivModChip.DIV_MOD_ROWS;
  static readonly SAR_ROWS = ShiftChip.SHR_ROWS + 2;

  /** `mdm` must be configured over the same WordChip (and its byte table); `cols` are this chip's. */
  static configure(cs: ConstraintSystem, name: string, byteTable: RangeTable, pow2: Pow2Table, word: WordChip, mdm: MulDivModChip, cols: ShiftColumns): ShiftChip {
    const { inv, small, sEff, sign, out } = cols;
    const q = cs.selector(`${name} shift`);
    const s = q.expr();
    const high = sum([...word.bytes.slice(1).map((b) => b.cur()), ...word.bytes.map((b) => b.next())]);
    const isSmall = IsZeroChip.configure(cs, `${name} s < 256`, s, high, inv, small);
    const byte0 = word.bytes[0].cur();
    cs.createGate(`${name} shift`, { 's_eff = small·byte_0': s.mul(sEff.cur().sub(small.cur().mul(byte0))) });
    const pow = (h: number) => word.value.rot(ShiftChip.SHIFT_ROWS + 2 + h);
    pow2.lookup(cs, `${name} pow`, s.mul(constant(2).sub(small.cur())), s.mul(sEff.cur()), s.mul(pow(0)), s.mul(pow(1)));

    const qSar = cs.selector(`${name} sar`);
    cs.enableEquality(out);
    const t = qSar.expr();
    const sg = sign.cur();
    // rotations from the value word's lo row (SHR_ROWS) back into the DIV rows (quotient at 0–1, dividend at 6–7 of the block)
    const block = (row: number) => word.value.rot(ShiftChip.SHIFT_ROWS + row - ShiftChip.SHR_ROWS);
    const x = (h: number) => word.value.rot(h);
    cs.createGate(`${name} sar`, {
      'sign is boolean': t.mul(sg).mul(constant(1).sub(sg)),
      'dividend lo = sign ? NOT x lo : x lo': t.mul(block(6).sub(notIf(sg, x(0)))),
      'dividend hi = sign ? NOT x hi : x hi': t.mul(block(7).sub(notIf(sg, x(1)))),
      'out lo = sign ? NOT quotient lo : quotient lo': t.mul(out.cur().sub(notIf(sg, block(0)))),
      'out hi = sign ? NOT quotient hi : quotient hi': t.mul(out.next().sub(notIf(sg, block(1)))),
    });
    byteTable.lookup(cs, `${name} sign`, t.mul(word.bytes[15].next().sub(sg.mul(128)).mul(2)));
    return new ShiftChip(name, word, mdm, isSmall, cols, q, qSar);
  }

  /** SHL: value << shift at rows offset … offset + 11. */
  shl(region: Region, offset: number, shift: WordInput, value: WordInput): ShiftResult & { mul: MulResult } {
    const { s, pow } = this.assignShift(region, offset, shift);
    const mul = this.mdm.mul(region, offset + ShiftChip.SHIFT_ROWS, value, pow);
    return { shift: s, result: mul.product, pow: mul.b, mul };
  }

  /** SHR: value >> shift (logical) at rows offset … offset + 13. */
  shr(region: Region, offset: number, shift: WordInput, value: WordInput): ShiftResult & { divMod: DivModResult } {
    const { s, pow } = this.assignShift(region, offset, shift);
    const divMod = this.mdm.divMod(region, offset + ShiftChip.SHIFT_ROWS, value, pow);
    return { shift: s, result: divMod.quotient, pow: divMod.mulAdd.b, divMod };
  }

  /** SAR: value >> shift (arithmetic, sign-filling) at rows offset … offset + 15; the result is `out`'s cells. */
  sar(region: Region, offset: number, shift: WordInput, value: WordInput): { shift: AssignedWord; pow: AssignedWord; value: AssignedWord; sign: AssignedCell; result: WordCells; divMod: DivModResult } {
    const read = readWordInput(value);
    const negative = () => read() >> 255n === 1n;
    const shr = this.shr(region, offset, shift, () => (negative() ? TWO_128 * TWO_128 - 1n - read() : read()));
    const at = offset + ShiftChip.SHR_ROWS;
    region.enableSelector(this.qSar, at);
    const x = assignWordInput(this.word, region, at, value);
    const sign = region.assignAdvice(`${this.name} sign`, this.cols.sign, at, () => (negative() ? 1n : 0n));
    const quotient = readWordInput(shr.result);
    const half = (h: 0 | 1) => region.assignAdvice(`${this.name} out ${h ? 'hi' : 'lo'}`, this.cols.out, at + h, () => {
      const v = splitWord(quotient())[h];
      return sign.value === 1n ? HALF_MAX - v : v;
    });
    return { shift: shr.shift, pow: shr.pow, value: x, sign, result: { lo: half(0), hi: half(1) }, divMod: shr.divMod };
  }

  /** The shift word, its flags, and the power's witness (2^s, or 0 for s ≥ 256). */
  private assignShift(region: Region, offset: number, shift: WordInput): { s: AssignedWord; pow: () => bigint } {
    region.enableSelector(this.q, offset);
    const s = assignWordInput(this.word, region, offset, shift);
    const read = readWordInput(s);
    const small = this.isSmall.assign(region, offset, () => s.bytes.slice(1).reduce((acc, b) => acc + b.value, 0n));
    region.assignAdvice(`${this.name} s_eff`, this.cols.sEff, offset, () => small.value * s.bytes[0].value);
    return { s, pow: () => (read() < 256n ? 1n << read() : 0n) };
  }
}
