/**
 * SMT family (circuits/smt): the KeyBitsChip — the canonical 254-bit key decomposition every tree path is
 * read from — in a one-block harness with the decomposed value public, one negative test per rule.
 *
 * The update chip (circuits/smt/update.ts) is the on-demand target smt-update (targets/smt-update.ts), which
 * reuses keyBitsNegatives on its two KeyBitsChips.
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { KeyBitsChip, SMT_MAX_DEPTH, assignLevels, canonicalBits, configureLevels, rBit, type LevelLayout } from '../../../circuits/smt/index.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
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

/**
 * Attacks on a KeyBitsChip block (columns "<prefix> bit|acc|eq|lt") decomposing `value` at rows base … base + 254,
 * one refused by each of its rules: `from` is the lowest depth whose bit nothing else reads (a tree chip reads
 * the bits above its paths' terminals), `zeroBase` a block of the same chip decomposing 0 whose bits nothing
 * reads (for the attacks that must touch bit 0). `value`'s top bits must part from r's early (eq = 0 below).
 */
export function keyBitsNegatives(prefix: string, base: number, value: bigint, from: number, zeroBase: number): NegativeTest[] {
  const col = (c: string) => `${prefix} ${c}`;
  const bit = (d: number) => Number((value >> BigInt(d)) & 1n);
  const probe = (ok: (d: number) => boolean, what: string) => {
    for (let d = Math.max(from, 1); d < BOTTOM - 2; d++) if (ok(d)) return d;
    throw new RangeError(`attack precondition: no depth ≥ ${from} with ${what} in 0x${value.toString(16)}`);
  };
  const mid = Math.max(from, 100);
  return [
    {
      name: `${prefix}: non-boolean bit: 2 at depth d and 0 at d + 1 (same running sum), acc recomputed`,
      mutate: (w) => {
        // the lowest depth d with bits (d, d + 1) = (0, 1): a 2 at d and 0 at d + 1 keep the running sum
        const d = probe((x) => bit(x) === 0 && bit(x + 1) === 1, 'bits (0, 1)');
        w.set(col('bit'), base + d, 2n);
        w.set(col('bit'), base + d + 1, 0n);
        w.set(col('acc'), base + d + 1, w.get(col('acc'), base + d) + (2n << BigInt(d)));
      },
    },
    { name: `${prefix}: running sum off by one in the middle`, mutate: (w) => w.add(col('acc'), base + mid, 1n) },
    {
      name: `${prefix}: eq set where the prefixes differ (feeding nothing above)`,
      // the lowest depth d with bit d − 1 = 1 and r's bit d − 1 = 0: there eq_d feeds nothing upwards
      mutate: (w) => w.set(col('eq'), base + probe((d) => bit(d - 1) === 1 && rBit(d - 1) === 0n, 'bit d − 1 = 1 where r\'s is 0'), 1n),
    },
    { name: `${prefix}: lt off by one in the middle`, mutate: (w) => w.add(col('lt'), base + mid, 1n) },
    {
      name: `${prefix}: running sum starting at a non-zero value (bit 0 flipped to compensate)`,
      mutate: (w) => { const b0 = w.get(col('bit'), zeroBase); w.set(col('bit'), zeroBase, 1n - b0); w.set(col('acc'), zeroBase, b0 - (1n - b0)); },
    },
    {
      name: `${prefix}: comparison started at lt = 1 (eq = 0 throughout): any bits would pass`,
      mutate: (w) => { for (let d = 0; d <= BOTTOM; d++) { w.set(col('eq'), base + d, 0n); w.set(col('lt'), base + d, 1n); } },
    },
  ];
}

/** Rewrites a KeyBitsChip block to the decomposition `bits` (running sum and comparison with r recomputed, as the chip does). */
export function setKeyBits(w: WitnessEditor, prefix: string, base: number, bits: readonly number[]): void {
  let eq = 1n, lt = 0n;
  w.set(`${prefix} eq`, base + BOTTOM, eq);
  w.set(`${prefix} lt`, base + BOTTOM, lt);
  for (let d = BOTTOM - 1; d >= 0; d--) {
    const r = rBit(d);
    lt += eq * (1n - BigInt(bits[d])) * r;
    eq *= BigInt(bits[d]) === r ? 1n : 0n;
    w.set(`${prefix} eq`, base + d, eq);
    w.set(`${prefix} lt`, base + d, lt);
  }
  let acc = 0n;
  for (let d = 0; d < BOTTOM; d++) {
    w.set(`${prefix} bit`, base + d, BigInt(bits[d]));
    w.set(`${prefix} acc`, base + d, acc);
    acc += BigInt(bits[d]) << BigInt(d);
  }
  w.set(`${prefix} acc`, base + BOTTOM, acc);
}

export const keyBitsTarget: SoundnessTarget = {
  name: 'smt-key-bits',
  family: 'smt',
  description: 'circuits/smt/key-bits.ts: KeyBitsChip, canonical little-endian bits of a value (< r), the value public',
  honest: () => ({ circuit: new KeyBitsHarness(VALUE), k: KEY_BITS_K, instances: [[VALUE]] }),
  negatives: [
    ...keyBitsNegatives('kb', 0, VALUE, 0, 0),
    { name: 'aliased decomposition: the bits of 5 + r', inputs: () => ({ circuit: new KeyBitsHarness(ALIASED, canonicalBits(ALIASED + FR_MODULUS)), k: KEY_BITS_K, instances: [[ALIASED]] }) },
    { name: 'public value differs from the decomposed one', mutate: (w) => w.add('pub', 0, 1n) },
  ],
  allow: [PADDING],
};

export const smtTargets: readonly SoundnessTarget[] = [keyBitsTarget];
