/**
 * SmtCircuit: a chain of tree operations (update.ts) from the public old root to the public new root, with
 * the Poseidon table (poseidon-table.ts) they look their hashes up in. Instance column "smt roots" holds
 * [old root, new root]; op i's rootAfter is copy-constrained to op i+1's rootBefore.
 *
 * The layout is fixed by the capacity (operations, width-3 and width-4 table entries), not by the witness:
 * operations pad with disabled ones (witness.ts paddingOp), the table with hashes of zeros, so one verifying
 * key serves every batch that fits.
 */
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { poseidonParams } from '../poseidon/index.js';
import { SmtCapacityError } from './errors.js';
import { PoseidonTable } from './poseidon-table.js';
import { SmtUpdateChip } from './update.js';
import { chainWitness, paddingOp, type SmtOpWitness, type SmtWitness } from './witness.js';

export interface SmtCapacity { readonly ops: number; readonly branches: number; readonly leaves: number }

export interface SmtCircuitConfig { readonly table: PoseidonTable; readonly update: SmtUpdateChip; readonly roots: Column }

/** The witness with disabled operations appended up to `ops` (at least one operation: the chain's ends are its cells). */
function padded(w: SmtWitness, ops: number): SmtWitness {
  if (w.ops.length > ops || ops === 0) throw new SmtCapacityError('operations (at least 1)', Math.max(w.ops.length, 1), ops);
  if (w.ops.length === ops) return w;
  return chainWitness(w.oldRoot, [...w.ops, ...new Array<SmtOpWitness>(ops - w.ops.length).fill(paddingOp(w.newRoot))]);
}

/** The smallest capacity that holds the witness padded to `ops` operations (default: its own count). */
export function exactCapacity(w: SmtWitness, ops = w.ops.length): SmtCapacity {
  const { hashes } = padded(w, ops);
  const count = (width: number) => hashes.filter((h) => h.width === width).length;
  return { ops, branches: count(3), leaves: count(4) };
}

/** Rows the circuit uses at a capacity (the operations and the table sit side by side, in their own columns). */
export function smtRows(capacity: SmtCapacity): number {
  const hashRows = (width: number) => { const p = poseidonParams(width); return p.roundsFull + p.roundsPartial + 1; };
  return Math.max(capacity.ops * SmtUpdateChip.ROWS, capacity.branches * hashRows(3) + capacity.leaves * hashRows(4));
}

export class SmtCircuit implements Circuit<SmtCircuitConfig> {
  constructor(readonly witness: SmtWitness, readonly capacity: SmtCapacity = exactCapacity(witness)) {}

  configure(cs: ConstraintSystem): SmtCircuitConfig {
    const table = PoseidonTable.configure(cs, 'smt poseidon');
    const roots = cs.instanceColumn('smt roots');
    cs.enableEquality(roots);
    return { table, update: SmtUpdateChip.configure(cs, table), roots };
  }

  synthesize({ table, update, roots }: SmtCircuitConfig, layouter: Layouter): void {
    const { ops, hashes } = padded(this.witness, this.capacity.ops);
    const needed = exactCapacity(this.witness, this.capacity.ops);
    if (needed.branches > this.capacity.branches) throw new SmtCapacityError('branch hashes', needed.branches, this.capacity.branches);
    if (needed.leaves > this.capacity.leaves) throw new SmtCapacityError('leaf hashes', needed.leaves, this.capacity.leaves);
    table.assign(layouter, hashes, this.capacity);
    const assigned = ops.map((op, i) => update.assign(layouter, op, i));
    for (let i = 1; i < assigned.length; i++) layouter.assignment.copy(assigned[i - 1].rootAfter, assigned[i].rootBefore);
    layouter.constrainInstance(assigned[0].rootBefore, roots, 0);
    layouter.constrainInstance(assigned[assigned.length - 1].rootAfter, roots, 1);
  }

  /** The public inputs: [[old root, new root]]. */
  instances(): bigint[][] {
    return [[this.witness.oldRoot, this.witness.newRoot]];
  }
}
