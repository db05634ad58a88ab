/**
 * How the EVM circuit will use a precompile table (issue 14 wires it): a caller row that looks up its
 * claimed tuple, fields in the table's order, gated by a selector. Wraps any circuit whose config
 * holds `chip.table`.
 */
import type { Circuit, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import type { PrecompileTable } from '../../../circuits/ecc/index.js';
import { TestCircuit } from '../gadgets/helpers.js';

export function withCaller<C extends { chip: { table: PrecompileTable } }>(inner: Circuit<C>, claimed: readonly bigint[]) {
  return new TestCircuit((cs: ConstraintSystem) => {
    const cfg = inner.configure(cs);
    const { table } = cfg.chip;
    const q = cs.selector('caller');
    const cols = table.fields.map((f) => cs.adviceColumn(`caller ${f}`));
    table.lookup(cs, 'precompile call', q.expr(), cols.map((col) => q.expr().mul(col.cur())));
    return { cfg, q, cols };
  }, ({ cfg, q, cols }, layouter: Layouter) => {
    inner.synthesize(cfg, layouter);
    layouter.assignRegion('caller', (region) => {
      region.enableSelector(q, 0);
      cols.forEach((col, i) => region.assignAdvice(`caller ${cfg.chip.table.fields[i]}`, col, 0, claimed[i]));
    });
  });
}
