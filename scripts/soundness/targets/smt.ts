/**
 * SMT family (circuits/smt): the KeyBitsChip — the canonical 254-bit key decomposition every tree path is
 * read from — in a one-block harness with the decomposed value public, one negative test per rule.
 *
 * The update chip itself (circuits/smt/update.ts, ~50 items plus its two Poseidon chips) is not registered:
 * its smallest honest witness needs k = 10–11, and the CI cross-check rebuilds every mutant for every test
 * (items × negatives MockProver runs), thousands of runs at that size. Its rules are named one by one by
 * test/circuits/smt/smt.test.ts instead.
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { KeyBitsChip, SMT_MAX_DEPTH, assignLevels, canonicalBits, configureLevels, rBit, type LevelLayout } from '../../../circuits/smt/index.js';
import type { SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

interface KeyBitsHarnessConfig { levels: LevelLayout; chip: KeyBitsChip; pub: Column }

/** One block decomposing `value` (with `bits`, canonical unless given); the decomposed value is public as pub[0]. */
export class KeyBitsHarness implements Circuit<KeyBitsHarnessConfig> {
  constructor(readonly value: bigint, readonly bits?: readonly number[]) {}
  configure(cs: ConstraintSystem): KeyBitsHarnessConfig {
    const levels = configureLevels(cs, 'kb');
    const chip = KeyBitsChip.configure(cs, 'kb', levels);
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    cs.enableEquality(chip.cols.acc);
    return { levels, chip, pub };
  }
  synthesize({ levels, chip, pub }: KeyBitsHarnessConfig, layouter: Layouter): void {
    const cell = layouter.assignRegion('bits', (region) => { assignLevels(region, 0, levels); return chip.assign(region, 0, this.value, this.bits); });
    layouter.constrainInstance(cell, pub, 0);
  }
}

export const KEY_BITS_K = 9;
/** A value whose top bits part from r's early, so eq = 0 on the rows the attacks below touch. */
const VALUE = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefn;
/** 5 + r < 2^254: the bits of 5 + r decompose the same field element. */
const ALIASED = 5n;
const BOTTOM = SMT_MAX_DEPTH;

const bit = (d: number) => Number((VALUE >> BigInt(d)) & 1n);
/** The lowest depth d with bits (d, d + 1) = (0, 1): a 2 at d and 0 at d + 1 keep the running sum. */
const firstZeroOne = (() => { let d = 0; while (!(bit(d) === 0 && bit(d + 1) === 1)) d++; return d; })();
/** The lowest depth d ≥ 1 with bit d − 1 = 1 and r's bit d − 1 = 0: there eq_d feeds nothing upwards. */
const eqProbe = (() => { let d = 1; while (!(bit(d - 1) === 1 && rBit(d - 1) === 0n)) d++; return d; })();

export const keyBitsTarget: SoundnessTarget = {
  name: 'smt-key-bits',
  family: 'smt',
  description: 'circuits/smt/key-bits.ts: KeyBitsChip, canonical little-endian bits of a value (< r), the value public',
  honest: () => ({ circuit: new KeyBitsHarness(VALUE), k: KEY_BITS_K, instances: [[VALUE]] }),
  negatives: [
    {
      name: 'non-boolean bit: 2 at depth d and 0 at d + 1 (same running sum), acc recomputed',
      mutate: (w: WitnessEditor) => {
        const d = firstZeroOne;
        w.set('kb bit', d, 2n);
        w.set('kb bit', d + 1, 0n);
        w.set('kb acc', d + 1, w.get('kb acc', d) + (2n << BigInt(d)));
      },
    },
    { name: 'running sum off by one in the middle', mutate: (w) => w.add('kb acc', 100, 1n) },
    { name: 'eq set where the prefixes differ (feeding nothing above)', mutate: (w) => w.set('kb eq', eqProbe, 1n) },
    { name: 'lt off by one in the middle', mutate: (w) => w.add('kb lt', 100, 1n) },
    {
      name: 'running sum starting at a non-zero value (bit 0 flipped to compensate)',
      mutate: (w) => { const b0 = w.get('kb bit', 0); w.set('kb bit', 0, 1n - b0); w.set('kb acc', 0, b0 - (1n - b0)); },
    },
    { name: 'aliased decomposition: the bits of 5 + r', inputs: () => ({ circuit: new KeyBitsHarness(ALIASED, canonicalBits(ALIASED + FR_MODULUS)), k: KEY_BITS_K, instances: [[ALIASED]] }) },
    {
      name: 'comparison started at lt = 1 (eq = 0 throughout): any bits would pass',
      mutate: (w) => { for (let d = 0; d <= BOTTOM; d++) { w.set('kb eq', d, 0n); w.set('kb lt', d, 1n); } },
    },
    { name: 'public value differs from the decomposed one', mutate: (w) => w.add('pub', 0, 1n) },
  ],
  allow: [PADDING],
};

export const smtTargets: readonly SoundnessTarget[] = [keyBitsTarget];
