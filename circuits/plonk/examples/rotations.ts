/**
 * Example: one-column recurrences with rotations −1 and +1, and a shuffle.
 *
 *   advice w; selector q; gate "w[+1] = w + w[−1]": q·(w_next − w − w_prev) = 0 (rows 1..m−2)
 *   advice u = the same values in another order; shuffle "u is w reordered": q_s·w ~ q_s·u
 */
import type { Circuit, Column, ConstraintSystem, Layouter, Selector } from '../index.js';
import { FR_MODULUS } from '../../field/constants.js';

export interface RotationsConfig { w: Column; u: Column; q: Selector; qs: Selector }

export class RotationsCircuit implements Circuit<RotationsConfig> {
  /** m ≥ 3 terms w_0 = 1, w_1 = 2, w_{i+1} = w_i + w_{i−1}; u lists them in the order `order`. */
  constructor(readonly m: number, readonly order?: readonly number[]) {}

  values(): bigint[] {
    const w = [1n, 2n];
    while (w.length < this.m) w.push((w[w.length - 1] + w[w.length - 2]) % FR_MODULUS);
    return w;
  }

  configure(cs: ConstraintSystem): RotationsConfig {
    const w = cs.adviceColumn('w');
    const u = cs.adviceColumn('u');
    const q = cs.selector('recurrence');
    const qs = cs.selector('shuffled');
    cs.createGate('recurrence', { 'w[+1] = w + w[-1]': q.expr().mul(w.next().sub(w.cur()).sub(w.prev())) });
    cs.shuffle('u is w reordered', [[qs.expr().mul(w.cur()), qs.expr().mul(u.cur())]]);
    return { w, u, q, qs };
  }

  synthesize(cfg: RotationsConfig, layouter: Layouter): void {
    const w = this.values();
    const order = this.order ?? w.map((_, i) => w.length - 1 - i);
    layouter.assignRegion('recurrence', (region) => {
      w.forEach((v, row) => {
        region.assignAdvice('w', cfg.w, row, v);
        region.assignAdvice('u', cfg.u, row, w[order[row]]);
        region.enableSelector(cfg.qs, row);
        if (row > 0 && row < w.length - 1) region.enableSelector(cfg.q, row);
      });
    });
  }
}
