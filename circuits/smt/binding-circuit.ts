/**
 * SmtBindingCircuit: the state circuit (RW table) and the SMT operations bound to it (binding.ts) — the
 * statement "the batch's Account and Storage accesses take the old state root to the new one". Instances:
 * [[number of RW rows], [old root, new root]]. The super circuit composes the same parts with
 * `configureBinding` / `assignBinding` and shares the byte table.
 *
 * Capacity-fixed layout: RW rows (the witness's padded length), SMT operations (disabled ones pad), and
 * Poseidon table entries per width (hashes of zeros pad), so one verifying key serves every batch that fits.
 */
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { RangeTable } from '../gadgets/index.js';
import { poseidonParams } from '../poseidon/index.js';
import { StateChip, RwTag, type RwRow } from '../state/index.js';
import { SmtBindingChip, bindingHashes, type AssignedBinding, type BindingRow } from './binding.js';
import { SmtCapacityError } from './errors.js';
import { PoseidonTable, capacityOf, type HashEntry, type HashWidth, type PoseidonTableCapacity } from './poseidon-table.js';
import { SmtUpdateChip } from './update.js';
import { opHashes, paddingOp } from './witness.js';

/** The witness: binding rows in chain order (see circuits/witness/smt-binding.ts). */
export interface SmtBindingWitness { readonly oldRoot: bigint; readonly newRoot: bigint; readonly rows: readonly BindingRow[] }

export interface SmtBindingCapacity extends Required<PoseidonTableCapacity> { readonly ops: number }

export interface SmtBindingConfig { readonly table: PoseidonTable; readonly update: SmtUpdateChip; readonly binding: SmtBindingChip }

/** The SMT side's chips over a state chip and byte table the caller owns. */
export function configureBinding(cs: ConstraintSystem, state: StateChip, bytes: RangeTable): SmtBindingConfig {
  const table = PoseidonTable.configure(cs, 'smt poseidon', [2, 3, 4, 5]);
  const update = SmtUpdateChip.configure(cs, table);
  return { table, update, binding: SmtBindingChip.configure(cs, { state, bytes, table, update }) };
}

/** Rows padded to the capacity's operations (disabled operations pass the new root through), with their hashes. */
function padded(w: SmtBindingWitness, ops: number): { rows: (BindingRow | null)[]; hashes: HashEntry[] } {
  if (w.rows.length > ops || ops === 0) throw new SmtCapacityError('operations (at least 1)', Math.max(w.rows.length, 1), ops);
  const pad = paddingOp(w.newRoot);
  const hashes = new Map<string, HashEntry>();
  const add = (h: HashEntry) => hashes.set(`${h.width}:${h.inputs.join(',')}`, h);
  for (const r of w.rows) { opHashes(r.smt).forEach(add); bindingHashes(r.op).forEach(add); }
  if (w.rows.length < ops) opHashes(pad).forEach(add);
  return { rows: [...w.rows, ...new Array<null>(ops - w.rows.length).fill(null)], hashes: [...hashes.values()] };
}

/** The smallest capacity holding the witness at `ops` operations (default: its own count). */
export function exactBindingCapacity(w: SmtBindingWitness, ops = Math.max(w.rows.length, 1)): SmtBindingCapacity {
  const { hashes } = padded(w, ops);
  const count = (width: HashWidth) => hashes.filter((h) => h.width === width).length;
  return { ops, keys: count(2), branches: count(3), leaves: count(4), accounts: count(5) };
}

/** Rows the SMT side uses at a capacity (operations, table and binding rows sit side by side, in their own columns). */
export function bindingRows(capacity: SmtBindingCapacity): number {
  const hashRows = (width: HashWidth) => { const p = poseidonParams(width); return p.roundsFull + p.roundsPartial + 1; };
  const table = ([2, 3, 4, 5] as const).reduce((n, w) => n + capacityOf(capacity, w) * hashRows(w), 0);
  return Math.max(capacity.ops * SmtUpdateChip.ROWS, table, capacity.ops + 1);
}

/** Lays out the SMT side: table, operations, binding rows; returns the root cells. */
export function assignBinding(config: SmtBindingConfig, layouter: Layouter, w: SmtBindingWitness, capacity: SmtBindingCapacity): AssignedBinding {
  const { rows, hashes } = padded(w, capacity.ops);
  for (const width of [2, 3, 4, 5] as const) {
    const needed = hashes.filter((h) => h.width === width).length;
    if (needed > capacityOf(capacity, width)) throw new SmtCapacityError(`width-${width} hashes`, needed, capacityOf(capacity, width));
  }
  config.table.assign(layouter, hashes, capacity);
  const pad = paddingOp(w.newRoot);
  const ops = rows.map((r, i) => config.update.assign(layouter, r?.smt ?? pad, i));
  return config.binding.assign(layouter, rows, ops, w.oldRoot);
}

export interface SmtBindingCircuitConfig extends SmtBindingConfig { readonly bytes: RangeTable; readonly state: StateChip; readonly count: Column; readonly roots: Column }

export class SmtBindingCircuit implements Circuit<SmtBindingCircuitConfig> {
  /** `rws`: the RW table as circuits/witness/state.ts lays it out (sorted, padding first). */
  constructor(readonly rws: readonly RwRow[], readonly witness: SmtBindingWitness, readonly capacity: SmtBindingCapacity = exactBindingCapacity(witness)) {}

  configure(cs: ConstraintSystem): SmtBindingCircuitConfig {
    const bytes = RangeTable.configure(cs, 'byte', 8);
    const state = StateChip.configure(cs, bytes);
    const [count, roots] = [cs.instanceColumn('rw count (public)'), cs.instanceColumn('state roots (public)')];
    cs.enableEquality(count);
    cs.enableEquality(roots);
    return { bytes, state, count, roots, ...configureBinding(cs, state, bytes) };
  }

  synthesize(config: SmtBindingCircuitConfig, layouter: Layouter): void {
    config.bytes.load(layouter);
    layouter.constrainInstance(config.state.assign(layouter, this.rws), config.count, 0);
    const { oldRoot, newRoot } = assignBinding(config, layouter, this.witness, this.capacity);
    layouter.constrainInstance(oldRoot, config.roots, 0);
    layouter.constrainInstance(newRoot, config.roots, 1);
  }

  /** [[RW rows], [old root, new root]]. */
  instances(): bigint[][] {
    return [[BigInt(this.rws.filter((r) => r.tag !== RwTag.Padding).length)], [this.witness.oldRoot, this.witness.newRoot]];
  }
}
