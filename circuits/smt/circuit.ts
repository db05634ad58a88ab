/**
 * SmtCircuit: a chain of tree operations (update.ts) from the public old root to the public new root, with
 * the Poseidon table (poseidon-table.ts) they look their hashes up in. Instance column "smt roots" holds
 * [old root, new root]; op i's rootAfter is copy-constrained to op i+1's rootBefore.
 *
 * The layout is fixed by the capacity (operations, width-3 and width-4 table entries), not by the witness:
 * the table pads with hashes of zeros. Operations are not padded yet (a disabled-operation flag is for the
 * batch circuit), so the witness must have exactly `capacity.ops` operations, at least one.
 */
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { poseidonParams } from '../poseidon/index.js';
import { SmtCapacityError } from './errors.js';
import { PoseidonTable } from './poseidon-table.js';
import { SmtUpdateChip } from './update.js';
import type { SmtWitness } from './witness.js';

export interface SmtCapacity { readonly ops: number; readonly branches: number; readonly leaves: number }

export interface SmtCircuitConfig { readonly table: PoseidonTable; readonly update: SmtUpdateChip; readonly roots: Column }

/** The smallest capacity that holds the witness. */
export function exactCapacity(w: SmtWitness): SmtCapacity {
  const count = (width: number) => w.hashes.filter((h) => h.width === width).length;
  return { ops: w.ops.length, branches: count(3), leaves: count(4) };
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
    const { ops, hashes } = this.witness;
    if (ops.length === 0 || ops.length !== this.capacity.ops) throw new SmtCapacityError('operations (exactly; at least 1)', ops.length, this.capacity.ops);
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
