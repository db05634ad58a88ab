/**
 * The FlagChip (circuits/ecc/flags.ts: boolean logic of the precompile circuits) in a minimal harness: private
 * input flags, the results public, one negative test per rule.
 */
import { FlagChip } from '../../../circuits/ecc/index.js';
import type { AssignedCell, Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import type { SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';

interface FlagHarnessConfig { chip: FlagChip; pub: Column }

/** and(1, 1), and not(1, 0), one of(0, 0), one of(1, 0) with private inputs; the four results public. */
export class FlagHarness implements Circuit<FlagHarnessConfig> {
  configure(cs: ConstraintSystem): FlagHarnessConfig {
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    return { chip: FlagChip.configure(cs, 'flag', cs.adviceColumn('flag')), pub };
  }
  synthesize({ chip, pub }: FlagHarnessConfig, layouter: Layouter): void {
    const outs: AssignedCell[] = layouter.assignRegion('flags', (region) => [
      chip.and(region, 0, 1n, 1n), chip.andNot(region, 3, 1n, 0n), chip.oneOf(region, 6, 0n, 0n), chip.oneOf(region, 9, 1n, 0n),
    ]);
    outs.forEach((o, i) => layouter.constrainInstance(o, pub, i));
  }
}

export const flags: SoundnessTarget = {
  name: 'flags',
  family: 'ecc',
  description: 'circuits/ecc/flags.ts: FlagChip (and, and not, one of) on private flags, the results public',
  honest: () => ({ circuit: new FlagHarness(), k: 4, instances: [[1n, 1n, 0n, 1n]] }),
  negatives: [
    { name: 'and(1, 1) = 0 (public output follows)', mutate: (w) => { w.set('flag', 2, 0n); w.set('pub', 0, 0n); } },
    { name: 'and not(1, 0) = 0 (public output follows)', mutate: (w) => { w.set('flag', 5, 0n); w.set('pub', 1, 0n); } },
    { name: 'one of(0, 0) = 1 (public output follows)', mutate: (w) => { w.set('flag', 8, 1n); w.set('pub', 2, 1n); } },
    { name: 'one of(1, 1) = 2 (public output follows)', mutate: (w) => { w.set('flag', 10, 1n); w.set('flag', 11, 2n); w.set('pub', 3, 2n); } },
    { name: 'a public result differs from the flag', mutate: (w) => w.set('pub', 0, 0n) },
  ],
  allow: [PADDING],
};

export const flagTargets: readonly SoundnessTarget[] = [flags];
