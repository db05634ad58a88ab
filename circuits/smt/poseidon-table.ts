/**
 * PoseidonTable: a dynamic lookup table of the tree's hashes, rows (width, in0, in1, in2, out) with
 *   width 3: out = Poseidon([in0, in1])        (a branch; in2 = 0)
 *   width 4: out = Poseidon([in0, in1, in2])   (a leaf has in2 = 1)
 * so a chip proves a hash with one lookup instead of ~66 rows inline.
 *
 * Each entry is one PoseidonChip hash (t = 3: 66 rows, t = 4: 65 rows; the t = 3 chip reuses the first three
 * columns of the t = 4 chip's lists). No copies: the table's tuple is read straight from the chip's cells —
 * the inputs on the hash's first row (where the chip's own "init" selector is on and pins the capacity lane
 * to 0) and the output lane-0 cell `rounds` rows below, by rotation:
 *   width = 3·q₃ + 4·q₄,  in_j = (q₃ + q₄)·s_{j+1} (in2: q₄ only),  out = q₃·s0@R₃ + q₄·s0@R₄
 * with q_t the width-t chip's init selector and R_t its round count. Rows without an init selector give the
 * all-zero tuple, which lookups with a disabled selector need. `nodeLookup` is the (width, out) projection:
 * "this value is some node's hash", used where only the node's kind matters.
 *
 * The layout depends on how many entries of each width there are, not on their values: `assign` pads to a
 * capacity with hashes of zeros so a verifying key can be made for a capacity rather than for one witness.
 */
import type { Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { PoseidonChip } from '../gadgets/index.js';
import { GadgetError } from '../gadgets/common.js';

export type HashWidth = 3 | 4;

/** One table row to prove: the hash of `inputs` (2 inputs at width 3, 3 at width 4). */
export interface HashEntry { readonly width: HashWidth; readonly inputs: readonly bigint[] }

export interface PoseidonTableCapacity { readonly branches: number; readonly leaves: number }

export class PoseidonTable {
  private constructor(
    readonly branch: PoseidonChip,
    readonly leaf: PoseidonChip,
    /** (width, in0, in1, in2, out) as table expressions. */
    readonly tuple: readonly Expr[],
  ) {}

  static configure(cs: ConstraintSystem, name: string): PoseidonTable {
    const leaf = PoseidonChip.configure(cs, `${name} t4`, 4);
    const first3 = (cols: readonly Column[]) => cols.slice(0, 3);
    const branch = PoseidonChip.configure(cs, `${name} t3`, 3, {
      state: first3(leaf.cols.state), x2: first3(leaf.cols.x2), x4: first3(leaf.cols.x4), constants: first3(leaf.cols.constants),
    });
    const q3 = branch.qInit.expr();
    const q4 = leaf.qInit.expr();
    const s = leaf.cols.state;
    const either = q3.add(q4);
    const tuple = [
      q3.mul(3).add(q4.mul(4)),
      either.mul(s[1].cur()),
      either.mul(s[2].cur()),
      q4.mul(s[3].cur()),
      q3.mul(s[0].rot(branch.rounds)).add(q4.mul(s[0].rot(leaf.rounds))),
    ];
    return new PoseidonTable(branch, leaf, tuple);
  }

  /** Pairs for cs.lookup: input tuple (width, in0, in1, in2, out) into the table. */
  lookup(inputs: readonly Expr[]): Array<[Expr, Expr]> {
    if (inputs.length !== 5) throw new GadgetError('PoseidonTable', `a hash lookup takes (width, in0, in1, in2, out), ${inputs.length} expressions given`);
    return inputs.map((e, i) => [e, this.tuple[i]]);
  }

  /** Pairs for cs.lookup: (width, out) — `out` is the hash of some width-`width` entry. */
  nodeLookup(width: Expr, out: Expr): Array<[Expr, Expr]> {
    return [[width, this.tuple[0]], [out, this.tuple[4]]];
  }

  /** Rows the entries take (each hash is its own region, in the chips' columns). */
  rows(capacity: PoseidonTableCapacity): number {
    return capacity.branches * this.branch.rows + capacity.leaves * this.leaf.rows;
  }

  /** Lays out the entries, padded with hashes of zeros up to `capacity` entries of each width. */
  assign(layouter: Layouter, entries: readonly HashEntry[], capacity: PoseidonTableCapacity): void {
    const byWidth = (w: HashWidth) => entries.filter((e) => e.width === w).map((e) => e.inputs);
    const fill = (chip: PoseidonChip, inputs: ReadonlyArray<readonly bigint[]>, cap: number) => {
      if (inputs.length > cap) throw new GadgetError('PoseidonTable', `${inputs.length} hashes of width ${chip.width}, capacity ${cap}`);
      const zeros = new Array<bigint>(chip.width - 1).fill(0n);
      for (let i = 0; i < cap; i++) {
        const row = inputs[i] ?? zeros;
        if (row.length !== chip.width - 1) throw new GadgetError('PoseidonTable', `a width-${chip.width} hash takes ${chip.width - 1} inputs, ${row.length} given`);
        layouter.assignRegion(`${chip.name} hash ${i}`, (region) => chip.hash(region, 0, row));
      }
    };
    fill(this.branch, byWidth(3), capacity.branches);
    fill(this.leaf, byWidth(4), capacity.leaves);
  }
}
