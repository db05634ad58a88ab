/**
 * PoseidonTable: a dynamic lookup table of Poseidon hashes, rows (width, in0, in1, in2, in3, out) with
 * out = Poseidon(in0 … in_{width−2}) and the unused inputs 0. The tree uses
 *   width 3: a branch Poseidon([left, right]);     width 4: a leaf Poseidon([key, value, 1])
 * and the state binding (binding.ts) adds, when configured with them,
 *   width 2: an account key Poseidon([address]);   width 5: an account leaf value Poseidon([nonce, …, inner])
 * (node/state/encoding.ts). A chip proves a hash with one lookup instead of ~66 rows inline.
 *
 * Each entry is one PoseidonChip hash (R_F + R_P + 1 rows: 65 at t = 2, 66 at t = 3, 65 at t = 4, 69 at
 * t = 5); the narrower chips reuse the first columns of the widest one's lists. No copies: the table's tuple
 * is read straight from the chip's cells — the inputs on the hash's first row (where the chip's own "init"
 * selector is on and pins the capacity lane to 0) and the output lane-0 cell `rounds` rows below, by rotation:
 *   width = Σ t·q_t,  in_j = Σ_{t ≥ j + 2} q_t·s_{j+1},  out = Σ q_t·s0@R_t
 * with q_t the width-t chip's init selector and R_t its round count. Rows without an init selector give the
 * all-zero tuple, which lookups with a disabled selector need. `nodeLookup` is the (width, out) projection:
 * "this value is some node's hash", used where only the node's kind matters.
 *
 * The layout depends on how many entries of each width there are, not on their values: `assign` pads to a
 * capacity with hashes of zeros so a verifying key can be made for a capacity rather than for one witness.
 */
import type { Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { constant, sum } from '../plonk/index.js';
import { PoseidonChip } from '../gadgets/index.js';
import { GadgetError } from '../gadgets/common.js';

export type HashWidth = 2 | 3 | 4 | 5;

/** One table row to prove: the hash of `inputs` (width − 1 of them). */
export interface HashEntry { readonly width: HashWidth; readonly inputs: readonly bigint[] }

/** Entries per width: branches (3), leaves (4), and — for tables configured with them — keys (2), accounts (5). */
export interface PoseidonTableCapacity { readonly branches: number; readonly leaves: number; readonly keys?: number; readonly accounts?: number }

const CAPACITY_FIELD = { 2: 'keys', 3: 'branches', 4: 'leaves', 5: 'accounts' } as const satisfies Record<HashWidth, keyof PoseidonTableCapacity>;

/** Entries of a width a capacity allows (0 when absent). */
export const capacityOf = (capacity: PoseidonTableCapacity, width: HashWidth): number => capacity[CAPACITY_FIELD[width]] ?? 0;

/** Tuple length: width, four inputs, output. */
const TUPLE = 6;

export class PoseidonTable {
  private constructor(
    /** The chips by width, widest first. */
    readonly chips: ReadonlyMap<HashWidth, PoseidonChip>,
    /** (width, in0, in1, in2, in3, out) as table expressions. */
    readonly tuple: readonly Expr[],
  ) {}

  /** The table for hashes of the given widths (the tree's 3 and 4 by default). */
  static configure(cs: ConstraintSystem, name: string, widths: readonly HashWidth[] = [3, 4]): PoseidonTable {
    const sorted = [...new Set(widths)].sort((a, b) => b - a);
    if (sorted.length === 0) throw new GadgetError('PoseidonTable', 'no widths');
    const widest = PoseidonChip.configure(cs, `${name} t${sorted[0]}`, sorted[0]);
    const chips = new Map<HashWidth, PoseidonChip>([[sorted[0], widest]]);
    for (const t of sorted.slice(1)) {
      const first = (cols: readonly Column[]) => cols.slice(0, t);
      const { state, x2, x4, constants } = widest.cols;
      chips.set(t, PoseidonChip.configure(cs, `${name} t${t}`, t, { state: first(state), x2: first(x2), x4: first(x4), constants: first(constants) }));
    }
    const s = widest.cols.state;
    const q = (t: HashWidth) => chips.get(t)!.qInit.expr();
    const input = (j: number) => sum(sorted.filter((t) => t >= j + 2).map((t) => q(t).mul(s[j + 1].cur())));
    const tuple = [
      sum(sorted.map((t) => q(t).mul(t))),
      ...[0, 1, 2, 3].map((j) => (sorted[0] >= j + 2 ? input(j) : constant(0))),
      sum(sorted.map((t) => q(t).mul(s[0].rot(chips.get(t)!.rounds)))),
    ];
    return new PoseidonTable(chips, tuple);
  }

  /** Pairs for cs.lookup: (width, inputs zero-padded to four, out) into the table. */
  lookup(width: Expr, inputs: readonly Expr[], out: Expr): Array<[Expr, Expr]> {
    if (inputs.length > TUPLE - 2) throw new GadgetError('PoseidonTable', `a hash lookup takes at most 4 inputs, ${inputs.length} given`);
    const padded = [...inputs, ...new Array<Expr>(TUPLE - 2 - inputs.length).fill(constant(0))];
    return [width, ...padded, out].map((e, i) => [e, this.tuple[i]]);
  }

  /** Pairs for cs.lookup: (width, out) — `out` is the hash of some width-`width` entry. */
  nodeLookup(width: Expr, out: Expr): Array<[Expr, Expr]> {
    return [[width, this.tuple[0]], [out, this.tuple[TUPLE - 1]]];
  }

  /** Rows the entries take (each hash is its own region, in the chips' columns). */
  rows(capacity: PoseidonTableCapacity): number {
    return [...this.chips].reduce((n, [t, chip]) => n + capacityOf(capacity, t) * chip.rows, 0);
  }

  /** Lays out the entries, padded with hashes of zeros up to the capacity of each width. */
  assign(layouter: Layouter, entries: readonly HashEntry[], capacity: PoseidonTableCapacity): void {
    for (const e of entries) {
      if (!this.chips.has(e.width)) throw new GadgetError('PoseidonTable', `a width-${e.width} hash, the table has widths ${[...this.chips.keys()].join(', ')}`);
    }
    for (const [t, chip] of [...this.chips].reverse()) {
      const inputs = entries.filter((e) => e.width === t).map((e) => e.inputs);
      const cap = capacityOf(capacity, t);
      if (inputs.length > cap) throw new GadgetError('PoseidonTable', `${inputs.length} hashes of width ${t}, capacity ${cap}`);
      const zeros = new Array<bigint>(t - 1).fill(0n);
      for (let i = 0; i < cap; i++) {
        const row = inputs[i] ?? zeros;
        if (row.length !== t - 1) throw new GadgetError('PoseidonTable', `a width-${t} hash takes ${t - 1} inputs, ${row.length} given`);
        layouter.assignRegion(`${chip.name} hash ${i}`, (region) => chip.hash(region, 0, row));
      }
    }
  }
}
