/**
 * EcMulChip: the ecMul precompile (0x07, EIP-196) — generic over a = 0 curves of prime order (BN254 G1
 * for the precompile; tests also run it on a small curve). One call is one region.
 *
 * Semantics proven, for input words (x, y, s) < 2^256:
 *   success = valid(P) (loadPoint: x, y < p and on the curve, or (0, 0)); the scalar is any 256-bit value
 *   output  = (0, 0) unless success; O if P = O or s ≡ 0 (mod n); else (s mod n)·P
 * The scalar is reduced once (s mod n = s·1 through a non-native mul, canonical), then ScalarMulChip's
 * windowed chain proves the multiple. An invalid point or O is replaced by the generator before the chain (the chain
 * needs a point of order n; the output ignores it via the flags).
 */
import type { AssignedCell, Layouter, Region } from '../plonk/index.js';
import { GadgetError } from '../gadgets/common.js';
import type { Element } from '../gadgets/nonnative/index.js';
import type { FlagChip } from './flags.js';
import { RegionOps, loadPoint } from './point.js';
import type { EcMulTable } from './precompile-table.js';
import type { ScalarMulChip } from './scalar-mul.js';

/** The three 256-bit input words of a call. */
export interface EcMulCall { x: bigint; y: bigint; s: bigint }

/** A call's proven cells: success, the output coordinates, their words (x lo, x hi, y lo, y hi) and the table row. */
export interface EcMulResult { success: AssignedCell; x: Element; y: Element; words: AssignedCell[]; row: AssignedCell[] }

export class EcMulChip {
  private constructor(readonly mul: ScalarMulChip, readonly flags: FlagChip, readonly table: EcMulTable) {}

  static configure(mul: ScalarMulChip, flags: FlagChip, table: EcMulTable): EcMulChip {
    if (table.columns.length !== 11) throw new GadgetError('EcMulChip', `needs the ecMul table, got ${table.columns.length} columns`);
    return new EcMulChip(mul, flags, table);
  }

  assign(layouter: Layouter, call: EcMulCall, index: number): EcMulResult {
    const out = layouter.assignRegion(`ecMul ${index}`, (region) => this.call(region, call, index));
    const row = layouter.assignRegion(`ecMul table ${index}`, (region) => this.table.assignRow(region, 0, out.cells));
    return { success: out.success, x: out.x, y: out.y, words: out.cells.slice(-4), row };
  }

  /** `index`: the call's place in the circuit, which names its multiples table (tag index + 1). */
  private call(region: Region, call: EcMulCall, index: number) {
    const { fq, fn, curve } = this.mul;
    const ops = new RegionOps(region, this.flags);
    const zero = ops.constant(fq, 0n);
    const P = loadPoint(ops, fq, { zero, b: ops.constant(fq, curve.b) }, call.x, call.y);
    const usable = ops.andNot(P.valid, P.infinity);
    const T = {
      x: ops.select(fq, usable, P.x, ops.constant(fq, curve.gx)),
      y: ops.select(fq, usable, P.y, ops.constant(fq, curve.gy)),
    };
    const sw = ops.fromWord(fn, call.s);
    const s = ops.mul(fn, sw.element, ops.constant(fn, 1n));
    const M = this.mul.mul(ops, T, s, BigInt(index + 1));
    const finite = ops.andNot(usable, M.infinity);
    const x = ops.select(fq, finite, M.x, zero);
    const y = ops.select(fq, finite, M.y, zero);
    const wx = ops.toWord(fq, x);
    const wy = ops.toWord(fq, y);
    return { success: P.valid, x, y, cells: [P.valid, ...P.words, sw.lo, sw.hi, wx.lo, wx.hi, wy.lo, wy.hi] };
  }
}
