/**
 * KeyBitsChip: the canonical little-endian bits of a field element x, one bit per row, so a tree chip
 * can read bit d of a key on the row of depth d. Over a block of LEVELS = 255 rows (d = 0 … 254):
 *
 *   rows d < 254 (qLevel):  b_d ∈ {0, 1}
 *                           acc_{d+1} = acc_d + 2^d·b_d                  (acc_d = x mod 2^d)
 *                           eq_d = eq_{d+1}·[b_d = r_d]                  (bits ≥ d of x equal those of r)
 *                           lt_d = lt_{d+1} + eq_{d+1}·(1 − b_d)·r_d     (bits ≥ d of x are below r's)
 *   row 0 (qTop):           acc_0 = 0, lt_0 = 1                          (x < r: the bits are unique)
 *   row 254 (qBottom):      lt = 0;  acc_254 = x                         (the exported value)
 *
 * eq_254 needs no constraint: with lt_254 = 0, lt_0 = eq_254·[x < r], so lt_0 = 1 forces eq_254 = 1 too.
 * where r_d (fixed) is bit d of the field modulus and 2^d a fixed column. Without the "x < r" check, the
 * bits of x + r (when x + r < 2^254) would pass for x's, and a path could follow them. Degree 3 (4 with the
 * selector). The selectors and fixed columns are the caller's, shared with the chip that reads the bits.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { FR_MODULUS } from '../field/constants.js';
import { GadgetError, mod } from '../gadgets/common.js';
import { SMT_MAX_DEPTH } from './hash.js';

/** Rows of a block: one per depth 0 … 254 (the bottom row has no bit: keys have 254 bits). */
export const LEVELS = SMT_MAX_DEPTH + 1;

/** The fixed columns and selectors a block of LEVELS rows shares (see SmtUpdateChip). */
export interface LevelLayout {
  /** Rows 0 … 253. */
  readonly qLevel: Selector;
  readonly qTop: Selector;
  /** Row 254. */
  readonly qBottom: Selector;
  /** 2^d at row d. */
  readonly pow2: Column;
  /** Bit d of r at row d. */
  readonly rBit: Column;
}

export interface KeyBitsColumns { readonly b: Column; readonly acc: Column; readonly eq: Column; readonly lt: Column }

/** The selectors and fixed columns of a block, named "<name> level", …. */
export function configureLevels(cs: ConstraintSystem, name: string): LevelLayout {
  return {
    qLevel: cs.selector(`${name} level`), qTop: cs.selector(`${name} top`), qBottom: cs.selector(`${name} bottom`),
    pow2: cs.fixedColumn(`${name} 2^d`), rBit: cs.fixedColumn(`${name} r bit`),
  };
}

/** Enables the block's selectors and fills its fixed columns at region rows offset … offset + 254. */
export function assignLevels(region: Region, offset: number, levels: LevelLayout): void {
  for (let d = 0; d < SMT_MAX_DEPTH; d++) {
    region.enableSelector(levels.qLevel, offset + d);
    region.assignFixed('2^d', levels.pow2, offset + d, 1n << BigInt(d));
    region.assignFixed('r bit', levels.rBit, offset + d, rBit(d));
  }
  region.enableSelector(levels.qTop, offset);
  region.enableSelector(levels.qBottom, offset + SMT_MAX_DEPTH);
}

export class KeyBitsChip {
  private constructor(readonly name: string, readonly cols: KeyBitsColumns) {}

  static configure(cs: ConstraintSystem, name: string, levels: LevelLayout): KeyBitsChip {
    const [b, acc, eq, lt] = ['bit', 'acc', 'eq', 'lt'].map((n) => cs.adviceColumn(`${name} ${n}`));
    const q = levels.qLevel.expr();
    const bit = b.cur();
    const r = levels.rBit.cur();
    const one = constant(1);
    // [b = r] for booleans b, r: 1 − b − r + 2br
    const same = one.sub(bit).sub(r).add(bit.mul(r).mul(2));
    cs.createGate(`${name} bits`, {
      'bit is boolean': q.mul(bit.mul(one.sub(bit))),
      "acc' = acc + 2^d·bit": q.mul(acc.next().sub(acc.cur()).sub(levels.pow2.cur().mul(bit))),
      "eq = eq'·[bit = r]": q.mul(eq.cur().sub(eq.next().mul(same))),
      "lt = lt' + eq'·(1 − bit)·r": q.mul(lt.cur().sub(lt.next()).sub(eq.next().mul(one.sub(bit)).mul(r))),
    });
    const top = levels.qTop.expr();
    cs.createGate(`${name} top`, { 'acc starts at 0': top.mul(acc.cur()), 'value < r': top.mul(lt.cur().sub(1)) });
    const bottom = levels.qBottom.expr();
    cs.createGate(`${name} bottom`, { 'lt starts at 0': bottom.mul(lt.cur()) });
    return new KeyBitsChip(name, { b, acc, eq, lt });
  }

  /**
   * Assigns the block for `value` at region rows offset … offset + 254; returns the value's cell (row 254).
   * `bits` overrides the decomposition (tests only: a non-canonical one must be refused).
   */
  assign(region: Region, offset: number, value: bigint, bits: readonly number[] = canonicalBits(value)): AssignedCell {
    if (bits.length !== SMT_MAX_DEPTH) throw new GadgetError('KeyBitsChip', `${this.name}: ${bits.length} bits, ${SMT_MAX_DEPTH} expected`);
    const { b, acc, eq, lt } = this.cols;
    // comparison state with r, from the top bit down
    const eqs = new Array<bigint>(LEVELS).fill(1n);
    const lts = new Array<bigint>(LEVELS).fill(0n);
    for (let d = SMT_MAX_DEPTH - 1; d >= 0; d--) {
      const r = rBit(d);
      eqs[d] = eqs[d + 1] * (BigInt(bits[d]) === r ? 1n : 0n);
      lts[d] = lts[d + 1] + eqs[d + 1] * (1n - BigInt(bits[d])) * r;
    }
    let sum = 0n;
    for (let d = 0; d < SMT_MAX_DEPTH; d++) {
      region.assignAdvice(`${this.name} bit`, b, offset + d, BigInt(bits[d]));
      region.assignAdvice(`${this.name} acc`, acc, offset + d, sum);
      sum = mod(sum + (BigInt(bits[d]) << BigInt(d)));
    }
    for (let d = 0; d < LEVELS; d++) {
      region.assignAdvice(`${this.name} eq`, eq, offset + d, eqs[d]);
      region.assignAdvice(`${this.name} lt`, lt, offset + d, lts[d]);
    }
    return region.assignAdvice(`${this.name} acc`, acc, offset + SMT_MAX_DEPTH, sum);
  }
}

/** Bit d of the field modulus r. */
export const rBit = (d: number): bigint => (FR_MODULUS >> BigInt(d)) & 1n;

/** The 254 little-endian bits of x (any x < 2^254; the circuit accepts only x < r). */
export function canonicalBits(x: bigint): number[] {
  if (x < 0n || x >> BigInt(SMT_MAX_DEPTH) !== 0n) throw new GadgetError('KeyBitsChip', `0x${x.toString(16)} does not have ${SMT_MAX_DEPTH} bits`);
  return Array.from({ length: SMT_MAX_DEPTH }, (_, d) => Number((x >> BigInt(d)) & 1n));
}
