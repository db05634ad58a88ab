/**
 * Shared plumbing of the gadget library: how a chip takes an input (a value, or a cell assigned
 * elsewhere that it copies and copy-constrains), lazy witness values, and the error type.
 *
 * Every chip follows one pattern: `XChip.configure(cs, name, columns…)` declares its gates and
 * lookups and returns the chip (the chip is its own config: it only holds columns, selectors and
 * constants), and `chip.assign…(region, offset, …)` fills its rows of a region and returns the
 * AssignedCells of the results. Witness values stay lazy (thunks), so keygen — which lays circuits
 * out without a witness — never evaluates them.
 */
import { FR_MODULUS } from '../field/constants.js';
import { AssignedCell, type Column, type ConstraintSystem, type Region, type Value } from '../plonk/index.js';

export const P = FR_MODULUS;
export { frMod as mod } from '../field/fr-scalar.js';

/** A chip input: a value (assigned, not copy-constrained) or a cell from elsewhere (copied and copy-constrained). */
export type CellInput = AssignedCell | Value;

/** A lazy reader of an input's value. */
export function lazy(input: CellInput): () => bigint {
  if (input instanceof AssignedCell) return () => input.value;
  if (typeof input === 'bigint') return () => input;
  return input;
}

/**
 * Assigns `input` into (column, offset) of the region. A cell input is copy-constrained to the new
 * cell (the column needs cs.enableEquality); a value input is just assigned.
 */
export function assignInput(region: Region, name: string, column: Column, offset: number, input: CellInput): AssignedCell {
  if (input instanceof AssignedCell) {
    const cell = region.assignAdvice(name, column, offset, () => input.value);
    region.constrainEqual(input, cell);
    return cell;
  }
  return region.assignAdvice(name, column, offset, input);
}

export class GadgetError extends Error {
  constructor(readonly chip: string, message: string) {
    super(`${chip}: ${message}`);
    this.name = 'GadgetError';
  }
}

/** Smallest k whose usable rows (2^k − 1) hold `rows` rows. */
export function minK(rows: number): number {
  let k = 1;
  while ((1 << k) - 1 < rows) k++;
  return k;
}

/** One advice column per field, named "<prefix> <field>", keyed by field (a table's or a chip's columns). */
export function adviceColumns<F extends string>(cs: ConstraintSystem, prefix: string, fields: readonly F[]): Record<F, Column> {
  return Object.fromEntries(fields.map((f) => [f, cs.adviceColumn(`${prefix} ${f}`)])) as Record<F, Column>;
}
