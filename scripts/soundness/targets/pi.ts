/**
 * Public-input family (circuits/pi): the PublicInputChip over the keccak-table test fixture (which proves no
 * hash: it stands in for the keccak circuit, whose rows the chip only looks up). The fixture holds the batch's
 * preimage (id 1) and another batch's (id 2), so "bytes of one hash, digest of another" can be attempted.
 * Layout: chip rows 0…167 bytes, 168 digest hi, 169 digest lo; fixture rows 0…168 id 1, 169…337 id 2.
 * One negative test per item, each consistent everywhere but the rule under attack.
 */
import { PublicInputChip } from '../../../circuits/pi/circuit.js';
import { PI_PREIMAGE_LENGTH, publicInputInstances, publicInputPreimage, type BatchPublicInput } from '../../../circuits/pi/public-input.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import type { KeccakTableColumns } from '../../../circuits/keccak/table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import type { AllowRule, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

interface PiHarnessConfig { table: KeccakTableColumns; chip: PublicInputChip }

/** The chip proving `pi` as keccak input 1 of a fixture table holding `pi`'s preimage and `other`'s (id 2). */
export class PiHarness implements Circuit<PiHarnessConfig> {
  constructor(readonly pi: BatchPublicInput, readonly other: BatchPublicInput) {}
  configure(cs: ConstraintSystem): PiHarnessConfig {
    const table = configureKeccakFixture(cs);
    return { table, chip: PublicInputChip.configure(cs, table, cs.instanceColumn('pi')) };
  }
  synthesize({ table, chip }: PiHarnessConfig, layouter: Layouter): void {
    assignKeccakFixture(table, layouter, [publicInputPreimage(this.pi), publicInputPreimage(this.other)]);
    chip.assign(layouter, this.pi, 1);
  }
}

const word = (seed: number): `0x${string}` => `0x${Array.from({ length: 32 }, (_, i) => ((seed * 37 + i * 11) & 0xff).toString(16).padStart(2, '0')).join('')}`;
const PI: BatchPublicInput = { chainId: 31338n, prevStateRoot: word(1), newStateRoot: word(2), withdrawRoot: word(3), txDataHash: word(4), l1MessagesHash: word(5) };
const OTHER: BatchPublicInput = { ...PI, newStateRoot: word(6) };
const PRE = publicInputPreimage(PI);
const DIGEST = PI_PREIMAGE_LENGTH;
const FIXTURE_COLUMNS = ['kind', 'id', 'indexOrLength', 'byte', 'hashLo', 'hashHi'].map((f) => `keccak fixture ${f}`);
/** A byte inside the second word (newStateRoot hi: bytes 40…55), not a segment's first or last. */
const BYTE = 50;
const SEGMENT_END = 55;

/** Byte `i` of the preimage set to `b`, the running sum and the segment's exported value redone. */
function setByte(w: WitnessEditor, i: number, b: bigint): void {
  const delta = b - w.get('pi byte', i);
  w.set('pi byte', i, b);
  for (let j = i; j <= SEGMENT_END; j++) w.add('pi acc', j, delta * 256n ** BigInt(j - i));
  w.add('pi value', SEGMENT_END, delta * 256n ** BigInt(SEGMENT_END - i));
}

const ALLOW: AllowRule[] = [
  PADDING,
  ...FIXTURE_COLUMNS.map((column): AllowRule => ({
    kind: 'cells', column, rows: (row) => row > DIGEST && row <= 2 * DIGEST + 1,
    reason: 'the fixture\'s second input (another batch\'s preimage, id 2): a stand-in for the rest of the keccak table, which the chip never reads; the keccak circuit binds those rows',
  })),
];

export const pi: SoundnessTarget = {
  name: 'pi',
  family: 'pi',
  description: 'circuits/pi: PublicInputChip (168-byte preimage → keccak digest halves = the instances) over the keccak-table fixture',
  honest: () => ({ circuit: new PiHarness(PI, OTHER), k: 9, instances: [publicInputInstances(PI)] }),
  negatives: [
    { name: 'a running sum off by one inside a segment', mutate: (w) => w.add('pi acc', BYTE, 1n) },
    { name: 'an exported segment value that is not its bytes', mutate: (w) => w.add('pi value', SEGMENT_END, 1n) },
    {
      name: 'bytes of this batch, digest of another (digest row under id 2, instances its hash)',
      mutate: (w) => {
        const [hi, lo] = publicInputInstances(OTHER);
        w.set('pi keccak id', DIGEST, 2n);
        w.set('pi value', DIGEST, hi);
        w.set('pi value', DIGEST + 1, lo);
        w.set('pi', 0, hi);
        w.set('pi', 1, lo);
      },
    },
    { name: 'a preimage byte that is not the hashed one (sum and value follow)', mutate: (w) => setByte(w, BYTE, BigInt(PRE[BYTE] ^ 1)) },
    {
      name: 'a digest that is not the preimage\'s (instances follow)',
      mutate: (w) => { w.add('pi value', DIGEST + 1, 1n); w.add('pi', 1, 1n); },
    },
    { name: 'instances differ from the proven digest', mutate: (w) => w.add('pi', 0, 1n) },
  ],
  allow: ALLOW,
};

export const piTargets: readonly SoundnessTarget[] = [pi];
