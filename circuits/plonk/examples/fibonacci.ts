/**
 * Worked example: the Fibonacci sequence f(0) = a, f(1) = b, f(i+2) = f(i) + f(i+1), with the two
 * seeds and the last term public.
 *
 *   columns: advice a, b, c (copy-enabled), selector q, instance "pub" = [a, b, f(steps+1)]
 *   gate "fib": q·(a + b − c) = 0            — each row adds its two inputs
 *   copies: b[i] = a[i+1], c[i] = b[i+1]      — consecutive rows chain (a permutation over 3 columns)
 *           a[0] = pub[0], b[0] = pub[1], c[last] = pub[2]
 */
import type { Column, ConstraintSystem, Layouter, Selector, Circuit, AssignedCell } from '../index.js';
import { FR_MODULUS } from '../../field/constants.js';

export interface FibonacciConfig { a: Column; b: Column; c: Column; q: Selector; pub: Column }

export class FibonacciCircuit implements Circuit<FibonacciConfig> {
  /** `steps` rows of additions, starting from the seeds (values only matter with a witness). */
  constructor(readonly steps: number, readonly seeds: readonly [bigint, bigint] = [1n, 1n]) {}

  configure(cs: ConstraintSystem): FibonacciConfig {
    const a = cs.adviceColumn('a');
    const b = cs.adviceColumn('b');
    const c = cs.adviceColumn('c');
    const pub = cs.instanceColumn('pub');
    const q = cs.selector('fib');
    for (const col of [a, b, c, pub]) cs.enableEquality(col);
    cs.createGate('fib', { 'a + b = c': q.expr().mul(a.cur().add(b.cur()).sub(c.cur())) });
    return { a, b, c, q, pub };
  }

  synthesize(cfg: FibonacciConfig, layouter: Layouter): void {
    const last = layouter.assignRegion('fibonacci rows', (region) => {
      let a: AssignedCell = region.assignAdviceFromInstance('f(0)', cfg.pub, 0, cfg.a, 0);
      let b: AssignedCell = region.assignAdviceFromInstance('f(1)', cfg.pub, 1, cfg.b, 0);
      let c!: AssignedCell;
      for (let row = 0; row < this.steps; row++) {
        if (row > 0) {
          const [pa, pb] = [b, c];
          a = region.assignAdvice('a', cfg.a, row, () => pa.value);
          b = region.assignAdvice('b', cfg.b, row, () => pb.value);
          region.constrainEqual(pa, a);
          region.constrainEqual(pb, b);
        }
        region.enableSelector(cfg.q, row);
        const [x, y] = [a, b];
        c = region.assignAdvice('c', cfg.c, row, () => (x.value + y.value) % FR_MODULUS);
      }
      return c;
    });
    layouter.constrainInstance(last, cfg.pub, 2);
  }

  /** The public inputs for this circuit: [f(0), f(1), f(steps + 1)]. */
  instances(): bigint[][] {
    let [x, y] = this.seeds;
    for (let i = 0; i < this.steps; i++) [x, y] = [y, (x + y) % FR_MODULUS];
    return [[this.seeds[0], this.seeds[1], y]];
  }
}
