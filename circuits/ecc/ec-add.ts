/**
 * EcAddChip: the ecAdd precompile (0x06, EIP-196) over BN254 G1 in affine coordinates, with the
 * coordinates as non-native Fq elements (gadgets/nonnative). One call is one region: the Fq blocks
 * stack in the non-native columns and the flag logic runs alongside in the flag column.
 *
 * Semantics proven, for input words (x1, y1, x2, y2) < 2^256:
 *   valid(P) = x < p ∧ y < p ∧ (y² = x³ + 3 ∨ (x, y) = (0, 0));  success = valid(P) ∧ valid(Q)
 *   output  = (0, 0) unless success; else Q if P = O; P if Q = O; O if P = −Q; else P + Q
 * (doubling included). An invalid coordinate is replaced by 0 before any arithmetic (it is only
 * flagged), so honest synthesis never needs an operand ≥ p; the output ignores it via success.
 *
 * The addition itself is completeAdd (point.ts), which argues why its slope is unique where it is used.
 */
import { FQ_MODULUS } from '../field/constants.js';
import type { NonNativeChip, Element } from '../gadgets/nonnative/index.js';
import { RegionOps, completeAdd, loadPoint } from './point.js';
import type { AssignedCell, Layouter, Region } from '../plonk/index.js';
import type { FlagChip } from './flags.js';
import type { EcAddTable } from './precompile-table.js';

/** The four 256-bit input words of a call (x1, y1, x2, y2). */
export interface EcAddCall { x1: bigint; y1: bigint; x2: bigint; y2: bigint }

/** A call's proven cells: the success flag, the output coordinates, their words (x lo, x hi, y lo, y hi) and the table row. */
export interface EcAddResult { success: AssignedCell; x: Element; y: Element; words: AssignedCell[]; row: AssignedCell[] }

export class EcAddChip {
  private constructor(readonly fq: NonNativeChip, readonly flags: FlagChip, readonly table: EcAddTable) {}

  /** `fq` must be a NonNativeChip for BN254's base field. */
  static configure(fq: NonNativeChip, flags: FlagChip, table: EcAddTable): EcAddChip {
    if (fq.p !== FQ_MODULUS) throw new RangeError(`EcAddChip needs the BN254 Fq chip, got modulus ${fq.p}`);
    return new EcAddChip(fq, flags, table);
  }

  /** Proves one call (one region) and writes its table row (a second region, in the table's columns). */
  assign(layouter: Layouter, call: EcAddCall, index: number): EcAddResult {
    const out = layouter.assignRegion(`ecAdd ${index}`, (region) => this.call(region, call));
    const row = layouter.assignRegion(`ecAdd table ${index}`, (region) => this.table.assignRow(region, 0, out.cells));
    return { success: out.success, x: out.x, y: out.y, words: out.cells.slice(-4), row };
  }

  private call(region: Region, call: EcAddCall) {
    const { fq } = this;
    const ops = new RegionOps(region, this.flags);
    const zero = ops.constant(fq, 0n);
    const consts = { zero, b: ops.constant(fq, 3n) };
    const P = loadPoint(ops, fq, consts, call.x1, call.y1);
    const Q = loadPoint(ops, fq, consts, call.x2, call.y2);

    const success = ops.and(P.valid, Q.valid);
    const { x, y } = completeAdd(ops, fq, zero, P, Q, success);
    const wx = ops.toWord(fq, x);
    const wy = ops.toWord(fq, y);
    return { success, x, y, cells: [success, ...P.words, ...Q.words, wx.lo, wx.hi, wy.lo, wy.hi] };
  }
}
