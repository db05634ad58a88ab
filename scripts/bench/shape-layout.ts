/**
 * A circuit laid out at k without its cells, for bench:batch's capacity fitting: the same layouter and region
 * placement as circuits/plonk `synthesize` (so the same rows, the same AssignmentError past the usable rows, the same
 * regions), but no cell values kept. circuits/plonk's Assignment holds 2^k bigints per column — ~800 columns at
 * k = 20 (50 transfers) is beyond this machine's memory — while fitting needs only where the regions end.
 */
import { AssignedCell, Assignment, ConstraintSystem, Layouter, type Circuit, type Column, type Value } from '../../circuits/plonk/index.js';

/** Rows of 2^k; cells are checked against them, then dropped. */
class ShapeAssignment extends Assignment {
  constructor(cs: ConstraintSystem, k: number, instances: readonly (readonly bigint[])[]) {
    // a 4-row Assignment holds the instances; its size is then raised to 2^k for the row checks
    super(cs, 2, instances, false);
    Object.assign(this, { k, n: 1 << k, usableRows: (1 << k) - 1 });
  }

  override set(column: Column, row: number, value: Value): AssignedCell {
    if (column.kind === 'instance') return super.set(column, row, value); // refused, as by Assignment
    this.checkRow(column, row);
    return new AssignedCell(column, row, value);
  }
}

/** `synthesize(circuit, k, instances, false)` without the cells: its regions, copies and constraint system. */
export function shapeLayout<C>(circuit: Circuit<C>, k: number, instances: readonly (readonly bigint[])[]): Assignment {
  const cs = new ConstraintSystem();
  const config = circuit.configure(cs);
  const assignment = new ShapeAssignment(cs, k, instances);
  const layouter = new Layouter(assignment);
  circuit.synthesize(config, layouter);
  layouter.finish();
  return assignment;
}
