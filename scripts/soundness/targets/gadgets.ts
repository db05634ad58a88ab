/**
 * Gadget family (circuits/gadgets): each chip in a minimal harness circuit — the chip's inputs as
 * private advice, its outputs copied to public inputs — with one negative test per attack.
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { IsZeroChip } from '../../../circuits/gadgets/index.js';
import type { AssignedCell, Circuit, Column, ConstraintSystem, Layouter, Selector } from '../../../circuits/plonk/index.js';
import type { SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';

const P = FR_MODULUS;

interface IsZeroHarnessConfig { value: Column; q: Selector; pub: Column; chip: IsZeroChip }

/** value_i private; the flag (value_i == 0) public as pub[i]. */
export class IsZeroHarness implements Circuit<IsZeroHarnessConfig> {
  constructor(readonly values: readonly bigint[]) {}
  configure(cs: ConstraintSystem): IsZeroHarnessConfig {
    const [value, inverse, output] = ['value', 'inverse', 'output'].map((n) => cs.adviceColumn(n));
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(output);
    cs.enableEquality(pub);
    const q = cs.selector('is zero');
    return { value, q, pub, chip: IsZeroChip.configure(cs, 'is zero', q.expr(), value.cur(), inverse, output) };
  }
  synthesize(cfg: IsZeroHarnessConfig, layouter: Layouter): void {
    const outs = layouter.assignRegion('values', (region) => this.values.map((v, i) => {
      region.enableSelector(cfg.q, i);
      const cell = region.assignAdvice('value', cfg.value, i, v);
      return cfg.chip.assign(region, i, () => cell.value);
    }));
    outs.forEach((o: AssignedCell, i: number) => layouter.constrainInstance(o, cfg.pub, i));
  }
  flags(): bigint[] { return this.values.map((v) => (v % P === 0n ? 1n : 0n)); }
}

const IS_ZERO_VALUES = [0n, 1n, P - 1n, 0n, 12345678901234567890n, 7n];

export const isZero: SoundnessTarget = {
  name: 'is-zero',
  family: 'gadgets',
  description: 'circuits/gadgets/is-zero.ts: IsZeroChip (inverse witness) with the flags public',
  honest: () => { const circuit = new IsZeroHarness(IS_ZERO_VALUES); return { circuit, k: 4, instances: [circuit.flags()] }; },
  negatives: [
    // row 4: value ≠ 0, out = 0 honestly; a wrong inverse contradicts out = 1 − value·inv
    { name: 'wrong inverse of a non-zero value', mutate: (w) => w.add('inverse', 4, 1n) },
    // the lie "a non-zero value is zero", made consistent everywhere except value·out = 0
    { name: 'non-zero value claimed zero (out = 1, inv = 0, public flag 1)', mutate: (w) => { w.set('output', 1, 1n); w.set('inverse', 1, 0n); w.set('pub', 1, 1n); } },
    { name: 'public flag differs from the output', mutate: (w) => w.set('pub', 0, 0n) },
  ],
  allow: [
    PADDING,
    {
      kind: 'cells', column: 'inverse', rows: IS_ZERO_VALUES.flatMap((v, i) => (v === 0n ? [i] : [])),
      reason: 'the inverse of a zero value is unconstrained by design (out = 1 − 0·inv = 1 whatever inv is); the chip assigns 0 and nothing reads it',
    },
  ],
};

export const gadgetTargets: readonly SoundnessTarget[] = [isZero];
