/**
 * ShiftChip: the EVM's SHL and SHR, value·2^s mod 2^256 and value / 2^s (0 for s ≥ 256), as MUL and
 * DIV by a power of two looked up in Pow2Table — one lookup, not 256 rows of constraints:
 *
 *   rows 0–1  the shift word s (WordChip: its bytes)
 *   rows 2…   SHL: a MUL block (10 rows) value·pow;  SHR: a DIV/MOD block (12 rows) value / pow;
 *             either way pow is the block's b operand, on rows 4–5
 *   advice inv, small (IsZeroChip of bytes 1..31 of s: small = 1 iff s < 256), s_eff
 *   gate "<name> shift" (q_shift, row 0):  s_eff = small·byte_0                              (degree 3)
 *   lookup "<name> pow":  q·(2 − small, s_eff, pow_lo, pow_hi) ∈ Pow2Table
 *                         (tag 1: pow = 2^byte_0; tag 2, s ≥ 256: pow = 0)
 *
 * pow = 0 for s ≥ 256 makes both results 0 with no select: value·0 = 0, and DIV by 0 is 0. The sum
 * of 31 bytes is < 2^13, so it is 0 iff every byte is. s_eff keeps the lookup inputs at degree 2
 * (small·byte_0 inside the lookup would raise the circuit's quotient degree).
 */
import type { Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant, sum } from '../plonk/index.js';
import { IsZeroChip } from './is-zero.js';
import { assignWordInput, readWordInput, type WordInput } from './mul-add.js';
import { MulDivModChip, type DivModResult, type MulResult } from './mul-div-mod.js';
import { Pow2Table } from './pow2-table.js';
import type { AssignedWord, WordChip } from './word.js';

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
    readonly sEff: Column,
    readonly q: Selector,
  ) {}

  /** Rows before the MUL or DIV/MOD block (the shift word). */
  static readonly SHIFT_ROWS = 2;
  static readonly SHL_ROWS = ShiftChip.SHIFT_ROWS + MulDivModChip.MUL_ROWS;
  static readonly SHR_ROWS = ShiftChip.SHIFT_ROWS + MulDivModChip.DIV_MOD_ROWS;

  /** `mdm` must be configured over the same WordChip; inv, small, sEff are advice columns of this chip. */
  static configure(cs: ConstraintSystem, name: string, pow2: Pow2Table, word: WordChip, mdm: MulDivModChip, inv: Column, small: Column, sEff: Column): ShiftChip {
    const q = cs.selector(`${name} shift`);
    const s = q.expr();
    const high = sum([...word.bytes.slice(1).map((b) => b.cur()), ...word.bytes.map((b) => b.next())]);
    const isSmall = IsZeroChip.configure(cs, `${name} s < 256`, s, high, inv, small);
    const byte0 = word.bytes[0].cur();
    cs.createGate(`${name} shift`, { 's_eff = small·byte_0': s.mul(sEff.cur().sub(small.cur().mul(byte0))) });
    const pow = (h: number) => word.value.rot(ShiftChip.SHIFT_ROWS + 2 + h);
    pow2.lookup(cs, `${name} pow`, s.mul(constant(2).sub(small.cur())), s.mul(sEff.cur()), s.mul(pow(0)), s.mul(pow(1)));
    return new ShiftChip(name, word, mdm, isSmall, sEff, q);
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

  /** The shift word, its flags, and the power's witness (2^s, or 0 for s ≥ 256). */
  private assignShift(region: Region, offset: number, shift: WordInput): { s: AssignedWord; pow: () => bigint } {
    region.enableSelector(this.q, offset);
    const s = assignWordInput(this.word, region, offset, shift);
    const read = readWordInput(s);
    const small = this.isSmall.assign(region, offset, () => s.bytes.slice(1).reduce((acc, b) => acc + b.value, 0n));
    region.assignAdvice(`${this.name} s_eff`, this.sEff, offset, () => small.value * s.bytes[0].value);
    return { s, pow: () => (read() < 256n ? 1n << read() : 0n) };
  }
}
