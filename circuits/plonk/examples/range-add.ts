/**
 * Example: byte-range-checked addition with a shared lookup table.
 *
 *   advice x, y, z; selector q; fixed table column "byte" = 0..255
 *   gate "add": q·(x + y − z) = 0
 *   lookups "x byte", "y byte", "z byte": q·x, q·y, q·z ∈ byte   (three lookups, one table:
 *   they share one multiplicity column in the logUp argument)
 */
import type { Circuit, Column, ConstraintSystem, Layouter, Selector } from '../index.js';

export interface RangeAddConfig { x: Column; y: Column; z: Column; q: Selector; byte: Column }

export class RangeAddCircuit implements Circuit<RangeAddConfig> {
  constructor(readonly pairs: ReadonlyArray<readonly [bigint, bigint]>) {}

  configure(cs: ConstraintSystem): RangeAddConfig {
    const [x, y, z] = ['x', 'y', 'z'].map((n) => cs.adviceColumn(n));
    const q = cs.selector('add');
    const byte = cs.fixedColumn('byte table');
    cs.createGate('add', { 'x + y = z': q.expr().mul(x.cur().add(y.cur()).sub(z.cur())) });
    for (const [name, col] of [['x', x], ['y', y], ['z', z]] as const) cs.lookup(`${name} byte`, [[q.expr().mul(col.cur()), byte.cur()]]);
    return { x, y, z, q, byte };
  }

  synthesize(cfg: RangeAddConfig, layouter: Layouter): void {
    layouter.assignRegion('byte table', (t) => {
      for (let v = 0; v < 256; v++) t.assignFixed('byte', cfg.byte, v, BigInt(v));
    });
    layouter.assignRegion('additions', (region) => {
      this.pairs.forEach(([a, b], row) => {
        region.enableSelector(cfg.q, row);
        region.assignAdvice('x', cfg.x, row, a);
        region.assignAdvice('y', cfg.y, row, b);
        region.assignAdvice('z', cfg.z, row, a + b);
      });
    });
  }
}
