/** A circuit with its proof's degree raised (ConstraintSystem.setMinimumDegree), for tests of circuits/plonk and its Solidity verifier. */
import type { Circuit, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';

/** `inner` with its proof's degree raised to at least `degree`. */
export class AtDegree<C> implements Circuit<C> {
  constructor(readonly inner: Circuit<C>, readonly degree: number) {}
  configure(cs: ConstraintSystem): C {
    cs.setMinimumDegree(this.degree);
    return this.inner.configure(cs);
  }
  synthesize(config: C, layouter: Layouter): void { this.inner.synthesize(config, layouter); }
}
