/**
 * PairingChip: the ecPairing precompile (0x08, EIP-197) for calls of up to `slots` pairs. One call is one
 * region of non-native Fq blocks (pairingCheck in pairing-ops.ts run on CircuitFq) plus `slots` rows of
 * the precompile table, each cell copied from the rows that prove it.
 *
 * Semantics proven: success = 1 iff the input length is a multiple of 192 (at most 192·slots; a longer
 * input is refused when the witness is made, see table.ts) and every pair is valid (coordinates < p,
 * P on y² = x³ + 3 or (0, 0), Q on the twist and in G2 or all zero); output = 1 iff success and the
 * product of the pairings of the pairs is 1 (1 for an empty input). A failed call outputs 0.
 *
 * Cost (pairingRows): 780,475 non-native rows for one pair — Miller loop 0.30M, final exponentiation
 * 0.42M, input checks 0.07M (nearly all the G2 membership test) — so one pair fits k = 20; each extra pair
 * adds 236,855. MockProver checks a whole call at k = 20 (slow.test.ts); the real prover cannot yet: its wasm32
 * kernel heap (4 GiB) runs out after keygen (scripts/bench/RESULTS.md, "EC precompiles — ecPairing").
 */
import { FQ_MODULUS } from '../../field/constants.js';
import { GadgetError } from '../../gadgets/common.js';
import type { Element } from '../../gadgets/nonnative/index.js';
import type { AssignedCell, Layouter, Region } from '../../plonk/index.js';
import type { FlagChip } from '../flags.js';
import { RegionOps } from '../point.js';
import { BigFq, CircuitFq, type FqChips, type RowCount } from './field-ops.js';
import { PAIR_BYTES, PairingOps, pairingCheck, type PairWords } from './pairing-ops.js';
import type { EcPairingTable } from './table.js';

/** A call's input bytes. */
export interface EcPairingCall { input: Uint8Array }

/** A call's proven flags and its table rows. */
export interface EcPairingResult { success: AssignedCell; output: AssignedCell; rows: AssignedCell[][] }

const ZERO_PAIR: PairWords = { x: 0n, y: 0n, xIm: 0n, xRe: 0n, yIm: 0n, yRe: 0n };

/** The call's words per slot (zeros past the input); the input must fit the slots. */
export function slotWords(input: Uint8Array, slots: number): PairWords[] {
  if (input.length > PAIR_BYTES * slots + PAIR_BYTES - 1) {
    throw new GadgetError('PairingChip', `input of ${input.length} bytes exceeds the capacity of ${slots} pairs`);
  }
  const word = (at: number) => {
    let v = 0n;
    for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(input[at + i] ?? 0);
    return v;
  };
  return Array.from({ length: slots }, (_, s) => {
    const base = s * PAIR_BYTES;
    // words past a length that is not a multiple of 192 are irrelevant (the call fails): read them as zeros
    if (base + PAIR_BYTES > input.length) return ZERO_PAIR;
    const [x, y, xIm, xRe, yIm, yRe] = [0, 1, 2, 3, 4, 5].map((k) => word(base + 32 * k));
    return { x, y, xIm, xRe, yIm, yRe };
  });
}

/**
 * Rows a call of `slots` pairs takes in the non-native columns (and in the flag column): the layout does
 * not depend on the input, so BigFq's count on an empty input is the circuit's (circuit.test.ts checks
 * BigFq's count against the circuit's rows block by block).
 */
export function pairingRows(slots: number): RowCount {
  const F = new BigFq(FQ_MODULUS);
  pairingCheck(new PairingOps(F), (w) => F.read(w), 0n, slotWords(new Uint8Array(0), slots));
  return F.rows;
}

export class PairingChip {
  protected constructor(readonly field: FqChips, readonly flags: FlagChip, readonly table: EcPairingTable, readonly slots: number) {}

  /** `field` from configureFqChips over the BN254 Fq chip. */
  static configure(field: FqChips, flags: FlagChip, table: EcPairingTable, slots: number): PairingChip {
    const { fq, dots, adds } = field;
    if (fq.p !== FQ_MODULUS) throw new GadgetError('PairingChip', `needs the BN254 Fq chip, got modulus ${fq.p}`);
    if (!Number.isInteger(slots) || slots < 1) throw new GadgetError('PairingChip', `slots must be a positive integer, got ${slots}`);
    if (dots.fq !== fq || adds.fq !== fq) throw new GadgetError('PairingChip', 'the dot and add chips must be configured over the same Fq chip');
    return new PairingChip(field, flags, table, slots);
  }

  assign(layouter: Layouter, call: EcPairingCall, index: number): EcPairingResult {
    const out = layouter.assignRegion(`ecPairing ${index}`, (region) => this.call(region, call, index));
    const rows = layouter.assignRegion(`ecPairing table ${index}`, (region) => Array.from({ length: this.slots }, (_, s) =>
      this.table.assignRow(region, s, [out.ids[index], out.ids[s], out.success, out.output, ...out.length, ...out.words.slice(12 * s, 12 * s + 12)])));
    return { success: out.success, output: out.output, rows };
  }

  /** The pairing arithmetic of a call (chip.test.ts stands in cheap pieces for the Miller loop, final exponentiation and G2 test to check the wiring at k ≤ 12). */
  protected pairingOps(F: CircuitFq): PairingOps<Element, AssignedCell> {
    return new PairingOps(F);
  }

  private call(region: Region, call: EcPairingCall, index: number) {
    const ops = new RegionOps(region, this.flags);
    const F = new CircuitFq(ops, this.field);
    const words: AssignedCell[] = [];
    const read = (w: bigint) => {
      const r = ops.fromWord(this.field.fq, w);
      words.push(r.lo, r.hi);
      return { element: r.element, overflow: r.overflow };
    };
    const { success, output } = pairingCheck(this.pairingOps(F), read, BigInt(call.input.length), slotWords(call.input, this.slots));
    // call and slot ids as constant cells (limb 0 of a constant < 2^88 is the constant), copied into the table
    const ids: Record<number, AssignedCell> = {};
    for (const v of new Set([index, ...Array.from({ length: this.slots }, (_, s) => s)])) ids[v] = F.constant(BigInt(v)).limbs[0];
    return { success, output, length: words.slice(0, 2), words: words.slice(2), ids };
  }
}
