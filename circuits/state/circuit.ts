/**
 * The state circuit on its own: the RW table (StateChip), its byte table, and the number of
 * non-padding rows as its public input — the value the EVM circuit copy-constrains in the super
 * circuit (see chip.ts on why that count closes the table).
 */
import { RangeTable } from '../gadgets/index.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { StateChip } from './chip.js';
import { RwTag, type RwRow } from './table.js';

export interface StateCircuitConfig { readonly bytes: RangeTable; readonly chip: StateChip; readonly count: Column }

export class StateCircuit implements Circuit<StateCircuitConfig> {
  /** `rows`: the table as circuits/witness/state.ts builds it (sorted, padding first, its length the capacity). */
  constructor(readonly rows: readonly RwRow[]) {}

  configure(cs: ConstraintSystem): StateCircuitConfig {
    const bytes = RangeTable.configure(cs, 'byte', 8);
    const count = cs.instanceColumn('rw count (public)');
    cs.enableEquality(count);
    return { bytes, chip: StateChip.configure(cs, bytes), count };
  }

  synthesize(config: StateCircuitConfig, layouter: Layouter): void {
    config.bytes.load(layouter);
    layouter.constrainInstance(config.chip.assign(layouter, this.rows), config.count, 0);
  }

  /** The public input: [[number of non-padding rows]]. */
  instances(): bigint[][] {
    return [[BigInt(this.rows.filter((r) => r.tag !== RwTag.Padding).length)]];
  }
}
