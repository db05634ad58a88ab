/**
 * Super circuit seam chips (circuits/super): the state-root chip (a public-input word = the SMT root as a field
 * element, canonical) and the tx-count chip (the tx circuit's count of real txs as one cell), each in a small harness.
 *
 * state-root: the word's halves and the root are copied in from an input column, as the batch circuit copies them
 * from the public-input chip and the SMT binding. The honest word is chosen so that both differences (r − 1 − word,
 * low and high half) have every byte 0x11: a chunk can then be raised by 256 and its next one lowered by 1 (same
 * sum), so each byte lookup is refused alone.
 *
 * tx-count: the tx target's circuit (circuits/tx/examples.ts, the same three txs) with the TxCountChip beside it and
 * the count public. The tx circuit's own items are guarded by the tx target (exceptions naming it).
 */
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { RangeTable } from '../../../circuits/gadgets/index.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { StateRootChip } from '../../../circuits/super/state-root.js';
import { TxCountChip } from '../../../circuits/super/tx-count.js';
import { TxWithFixtures, type TxFixtureConfig } from '../../../circuits/tx/examples.js';
import { SUMMARY_TAGS } from '../../../circuits/witness/tx.js';
import type { ItemException, NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { tx, txCircuitExceptions } from './tx.js';

const TWO_128 = 1n << 128n;
const [R_HI, R_LO] = [FR_MODULUS >> 128n, FR_MODULUS & (TWO_128 - 1n)];
const ELEVENS = 0x11111111111111111111111111111111n;
/** The word whose differences r_lo − 1 − lo and r_hi − hi are 0x11… (no borrow). */
const HI = R_HI - ELEVENS;
const LO = R_LO - 1n - ELEVENS;

interface StateRootConfig { bytes: RangeTable; input: Column; chip: StateRootChip }

/** StateRootChip binding the word (hi, lo) to `root`; the three inputs are copied cells of column "input" (rows 0, 1, 2). */
export class StateRootHarness implements Circuit<StateRootConfig> {
  constructor(readonly hi: bigint, readonly lo: bigint, readonly root: bigint) {}
  configure(cs: ConstraintSystem): StateRootConfig {
    const bytes = RangeTable.configure(cs, 'byte', 8);
    const input = cs.adviceColumn('input');
    cs.enableEquality(input);
    return { bytes, input, chip: StateRootChip.configure(cs, bytes) };
  }
  synthesize({ bytes, input, chip }: StateRootConfig, layouter: Layouter): void {
    bytes.load(layouter);
    const [hi, lo, root] = layouter.assignRegion('inputs', (r) => [this.hi, this.lo, this.root].map((v, i) => r.assignAdvice('input', input, i, () => v)));
    chip.assign(layouter, { hi: hi!, lo: lo! }, root!);
  }
}

const chunk = (i: number) => `state root chunk ${i}`;
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

export const stateRoot: SoundnessTarget = {
  name: 'state-root',
  family: 'super',
  description: 'circuits/super/state-root.ts: a public-input word (hi, lo) = the SMT root field element, canonical (word ≤ r − 1)',
  honest: () => ({ circuit: new StateRootHarness(HI, LO, HI * TWO_128 + LO), k: 9, instances: [] }),
  negatives: [
    test('a root other than the word (the root\'s input follows)', (w) => { w.add('input', 2, 1n); w.add('state root root', 0, 1n); }),
    test('the root\'s input differs from the chip\'s root cell', (w) => w.add('input', 2, 1n)),
    test('the hi input differs from the chip\'s hi cell', (w) => w.add('input', 0, 1n)),
    test('the lo input differs from the chip\'s lo cell', (w) => w.add('input', 1, 1n)),
    test('the same word as (hi + 1, lo − 2^128) with borrow −1: both differences unchanged, only the borrow\'s boolean rule objects', (w) => {
      for (const [c, r, d] of [['input', 0, 1n], ['input', 1, -TWO_128], ['state root hi', 0, 1n], ['state root lo', 0, -TWO_128]] as const) w.add(c, r, d);
      w.set('state root b', 0, -1n);
    }),
    test('a low difference off by one (its bytes follow)', (w) => { w.add('state root d', 0, 1n); w.add(chunk(0), 0, 1n); }),
    test('a high difference off by one (its bytes follow)', (w) => { w.add('state root d', 1, 1n); w.add(chunk(0), 1, 1n); }),
    test('a difference\'s byte that is not its byte (the sum breaks)', (w) => w.add(chunk(0), 0, 1n)),
    ...Array.from({ length: 15 }, (_, i) => test(`chunk ${i} of the low difference = 256 + its byte, chunk ${i + 1} one less (same sum)`, (w) => {
      w.add(chunk(i), 0, 256n);
      w.add(chunk(i + 1), 0, -1n);
    })),
    test('a borrow where none is due: the low difference + 2^128 (its top chunk 256 + its byte), the high one − 1', (w) => {
      w.set('state root b', 0, 1n);
      w.add('state root d', 0, TWO_128);
      w.add(chunk(15), 0, 256n);
      w.add('state root d', 1, -1n);
      w.add(chunk(0), 1, -1n);
    }),
  ],
  allow: [PADDING],
};

interface TxCountConfig { tx: TxFixtureConfig; count: TxCountChip; pub: Column }

/** The tx target's circuit and a TxCountChip over its field rows; the count is public (pub[0]). */
class TxCountHarness implements Circuit<TxCountConfig> {
  constructor(readonly inner: TxWithFixtures) {}
  configure(cs: ConstraintSystem): TxCountConfig {
    const config = this.inner.configure(cs);
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    return { tx: config, count: TxCountChip.configure(cs, config.chip), pub };
  }
  synthesize({ tx: config, count, pub }: TxCountConfig, layouter: Layouter): void {
    this.inner.synthesize(config, layouter);
    layouter.constrainInstance(count.assign(layouter, this.inner.witness), pub, 0);
  }
}

const txRun = () => tx.honest();
const txCountRun = () => {
  const inner = txRun().circuit as TxWithFixtures;
  return { circuit: new TxCountHarness(inner), k: 10, instances: [[BigInt(inner.txs.length)]] };
};
/** The tx count chip's rows: one per tx block of the tx chip's field rows (which start at row 0). */
const countRow = (block: number) => block * SUMMARY_TAGS.length;

export const txCount: SoundnessTarget = {
  name: 'tx-count',
  family: 'super',
  description: 'circuits/super/tx-count.ts: the tx circuit\'s number of real txs as a running sum over its blocks, public',
  honest: txCountRun,
  negatives: [
    test('a first block counted 2 (every later count and the public count follow)', (w) => {
      const blocks = (txRun().circuit as TxWithFixtures).params.capacity;
      for (let b = 0; b < blocks; b++) w.add('tx count', countRow(b), 1n);
      w.add('pub', 0, 1n);
    }),
    test('the last block\'s count one more than the sum (the public count follows)', (w) => {
      const last = (txRun().circuit as TxWithFixtures).params.capacity - 1;
      w.add('tx count', countRow(last), 1n);
      w.add('pub', 0, 1n);
    }),
    test('a public count other than the chip\'s', (w) => w.add('pub', 0, 1n)),
  ],
  allow: [PADDING, ...(tx.allow ?? []).filter((r) => r !== PADDING)],
  get exceptions(): ItemException[] {
    return txCircuitExceptions();
  },
};

export const superSeamTargets: readonly SoundnessTarget[] = [stateRoot, txCount];
