/**
 * Public-input family, batch layout (circuits/pi/batch.ts): the public-input chip with blockContextHash, the block
 * table and the tx data (variable-length PreimageChips), over the keccak-table fixture and a stand-in for the tx
 * table's TxHash rows (fixed q, the tx id and hash halves of each slot, zeros past the txs). Two txs in three
 * slots, so every chip has a padding slot. Keccak ids: block contexts 1, public input 2, tx data 3.
 *
 * Layout (each region from row 0, the columns being disjoint): block context bytes 0 … 323 (108 per slot), digest
 * rows 324, 325, record count 326; tx data bytes 0 … 95 (32 per slot), 96, 97, count 98; public input bytes
 * 0 … 263 (the parent and last block summaries from 200), digest 264, 265; block table rows 7·s + tag − 1, row 21 zero; tx data table rows 0 … 3.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { splitWord } from '../../../circuits/gadgets/word.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import type { KeccakTableColumns } from '../../../circuits/keccak/table.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { BatchPublicInputChip } from '../../../circuits/pi/batch.js';
import { BLOCK_CONTEXT_RECORD_BYTES, blockContextHash, blockContextPreimage, type BlockContext } from '../../../circuits/pi/block-table.js';
import { BATCH_PI_WORD_FIELDS, preimageLength, publicInputInstances, publicInputPreimage, type BatchCircuitPublicInput, type Bytes32 } from '../../../circuits/pi/public-input.js';
import { TX_DATA_RECORD_BYTES, txDataHash, txDataPreimage } from '../../../circuits/pi/tx-data.js';
import type { BlockHeaderTrace } from '../../../circuits/witness/trace.js';
import { forgedEdits, type AllowRule, type CircuitRun, type NegativeTest, type SoundnessTarget, type WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

const SLOTS = 3;
const hex = (b: Uint8Array): Bytes32 => `0x${Buffer.from(b).toString('hex')}`;
const TX_HASHES = [1, 2].map((i) => hex(keccak_256(new Uint8Array([0x02, i]))));
const header: BlockHeaderTrace = {
  number: 5n, timestamp: 1000n, hash: `0x${'11'.repeat(32)}`, parentHash: `0x${'22'.repeat(32)}`, coinbase: '0xc0ffee00000000000000000000000000000000fe',
  gasLimit: 30_000_000n, gasUsed: 0n, baseFeePerGas: 7n, prevRandao: `0x${'ab'.repeat(31)}cd`, chainId: 31338n, rlp: new Uint8Array(),
};
const BLOCKS: BlockContext[] = [{ header, txCount: 2 }];
const word = (b: number): Bytes32 => `0x${b.toString(16).padStart(2, '0').repeat(32)}`;
const PI: BatchCircuitPublicInput = {
  chainId: 31338n, prevStateRoot: word(1), newStateRoot: word(2), withdrawRoot: word(3), txDataHash: txDataHash(TX_HASHES), l1MessagesHash: word(5),
  blockContextHash: blockContextHash(BLOCKS),
  // the chip binds no summary (block-chain.ts, a chip of its own, chains them): any values
  parentBlockSummary: { number: 4n, timestamp: 990n, baseFee: 8n, gasUsed: 0n }, lastBlockSummary: { number: 5n, timestamp: 1000n, baseFee: 7n, gasUsed: 0n },
};

interface BatchPiConfig { keccak: KeccakTableColumns; txs: { q: Column; txId: Column; hi: Column; lo: Column }; chip: BatchPublicInputChip }

/** BatchPublicInputChip over the keccak fixture and a tx-hash stand-in holding `txTable` (one row per slot; the pi tests' circuit too). */
export class BatchPiHarness implements Circuit<BatchPiConfig> {
  constructor(
    readonly pi: BatchCircuitPublicInput, readonly blocks: readonly BlockContext[], readonly records: readonly Bytes32[], readonly txTable: readonly Bytes32[],
    readonly slots = SLOTS,
  ) {}
  configure(cs: ConstraintSystem): BatchPiConfig {
    const keccak = configureKeccakFixture(cs);
    const txs = { q: cs.fixedColumn('tx fixture q'), txId: cs.adviceColumn('tx fixture txId'), hi: cs.adviceColumn('tx fixture hash hi'), lo: cs.adviceColumn('tx fixture hash lo') };
    const chip = BatchPublicInputChip.configure(cs, keccak, cs.instanceColumn('pi'), { q: txs.q.cur(), txId: txs.txId.cur(), hi: txs.hi.cur(), lo: txs.lo.cur() });
    return { keccak, txs, chip };
  }
  synthesize({ keccak, txs, chip }: BatchPiConfig, layouter: Layouter): void {
    assignKeccakFixture(keccak, layouter, [blockContextPreimage(this.blocks), publicInputPreimage(this.pi, BATCH_PI_WORD_FIELDS), txDataPreimage(this.records)]);
    layouter.assignRegion('tx fixture', (r) => {
      for (let s = 0; s < this.slots; s++) {
        const [lo, hi] = s < this.txTable.length ? splitWord(BigInt(this.txTable[s]!)) : [0n, 0n];
        r.assignFixed('q', txs.q, s, 1n);
        r.assignAdvice('txId', txs.txId, s, s < this.txTable.length ? BigInt(s + 1) : 0n);
        r.assignAdvice('hi', txs.hi, s, hi);
        r.assignAdvice('lo', txs.lo, s, lo);
      }
    });
    chip.assign(layouter, this.pi, this.blocks, this.records, this.slots, { blockContext: 1, pi: 2, txData: 3 });
  }
}

const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });
const instances = (pi: BatchCircuitPublicInput) => [publicInputInstances(pi, BATCH_PI_WORD_FIELDS)];
/** The batch with block contexts `blocks`, records `records` and tx table `txTable`, its public input theirs (or `pi`). */
function batch(blocks: readonly BlockContext[], records: readonly Bytes32[] = TX_HASHES, txTable: readonly Bytes32[] = records, pi?: Partial<BatchCircuitPublicInput>): CircuitRun {
  const p = { ...PI, blockContextHash: blockContextHash(blocks), txDataHash: txDataHash(records), ...pi };
  return { circuit: new BatchPiHarness(p, blocks, records, txTable), k: 10, instances: instances(p) };
}

const BC = BLOCK_CONTEXT_RECORD_BYTES;
const TD = TX_DATA_RECORD_BYTES;
/** Keccak fixture rows: input 1 (block contexts, 2 records) bytes from 0, its digest, input 2 (the public input, PI_BYTES), input 3 (tx data). */
const PI_BYTES = preimageLength(BATCH_PI_WORD_FIELDS);
const FIXTURE = { bc: 0, bcDigest: 2 * BC, pi: 2 * BC + 1, piDigest: 2 * BC + 1 + PI_BYTES, td: 2 * BC + 2 + PI_BYTES, tdDigest: 2 * BC + 2 + PI_BYTES + 2 * TD };
/** Block table row of (tx id, tag). */
const tableRow = (txId: number, tag: number) => 7 * (txId - 1) + tag - 1;

/**
 * Byte `i` of chip `chip`'s preimage raised by `delta`, with what follows it in the segment ending at `end`: the
 * running sums, the segment's value and the cells copied from it (`copies`), so that only what reads the byte objects.
 */
export function shiftByte(w: WitnessEditor, chip: string, i: number, delta: bigint, end: number, copies: ReadonlyArray<readonly [string, number]>): void {
  w.add(`${chip} byte`, i, delta);
  for (let j = i; j <= end; j++) w.add(`${chip} acc`, j, delta * 256n ** BigInt(j - i));
  for (const [column, row] of [[`${chip} value`, end] as const, ...copies]) w.add(column, row, delta * 256n ** BigInt(end - i));
}

const VARIABLE_EXCEPTIONS = ['block context', 'tx data'].flatMap((chip) => [
  {
    item: `gate ${chip} preimage/real is boolean`,
    reason: 'implied by the byte lookup it enables: a real row asks the keccak table for (real·INPUT_ROW, real·id, real·pos, real·byte) with hash 0; '
      + 'for real ∉ {0, 1} that kind is not INPUT_ROW (1), and for real = 2 it is DIGEST_ROW, whose hash halves are a keccak digest, not 0',
  },
  {
    item: `gate ${chip} preimage/real rows are a prefix`,
    reason: 'implied by the keccak table: the real rows look up distinct positions (pos is fixed, one per row) of one input id (id constant), '
      + 'and the digest is looked up under len = their number; the keccak circuit gives an id exactly the bytes 0 … len − 1, so the real '
      + 'positions are 0 … len − 1, the first rows. (A fixture table is not a keccak circuit, so no edit of this harness shows it.)',
  },
]);

export const piBatch: SoundnessTarget = {
  name: 'pi-batch',
  family: 'pi',
  description: 'circuits/pi batch layout: public input with blockContextHash, block table and tx data (variable-length preimages) over fixtures',
  honest: () => batch(BLOCKS),
  negatives: [
    // block contexts (input 1) and the block table
    test('tx 1\'s timestamp byte 26 other than the hashed one (its sums, segment value and block table cell follow)', (w) =>
      shiftByte(w, 'block context', 26, -1n, 27, [['block table valueLo', tableRow(1, 2)]])),
    test('the keccak table\'s digest of the block contexts is not the chip\'s (another hash of these bytes)', (w) => w.add('keccak fixture hashLo', FIXTURE.bcDigest, 1n)),
    test('a block-context running sum off by one', (w) => w.add('block context acc', 0, 1n)),
    test('a segment value that is not its bytes: tx 1\'s timestamp (its block table cell follows)', (w) => {
      w.add('block context value', 27, 1n);
      w.add('block table valueLo', tableRow(1, 2), 1n);
    }),
    test('byte 3 looked up under the public input\'s id 2 (whose byte 3 is 0 too)', (w) => w.add('block context keccak id', 3, 1n)),
    test('a block-context length count off by one', (w) => w.add('block context len', 0, 1n)),
    test('a byte in the padding slot (tx 3\'s timestamp byte 26 = 1; its sums, segment value and block table cell follow)', (w) =>
      shiftByte(w, 'block context', 2 * BC + 26, 1n, 2 * BC + 27, [['block table valueLo', tableRow(3, 2)]])),
    test('tx 1\'s coinbase lo in the block table other than its record\'s', (w) => w.add('block table valueLo', tableRow(1, 1), 1n)),
    test('tx 1\'s coinbase hi in the block table other than its record\'s', (w) => w.add('block table valueHi', tableRow(1, 1), 1n)),
    test('a high half on tx 1\'s timestamp (a u64 field)', (w) => w.add('block table valueHi', tableRow(1, 2), 1n)),
    test('tx 1\'s chain id in the block table other than the public input\'s', (w) => w.add('block table valueLo', tableRow(1, 7), 1n)),
    forgedEdits('one block context record hashed for two txs (the public input commits that hash)', () => batch([{ header, txCount: 1 }])),
    forgedEdits('one block context record hashed, its record count claimed 2 (= the tx data\'s)', () => batch([{ header, txCount: 1 }]),
      (w) => w.set('block context value', SLOTS * BC + 2, 2n)),
    // tx data (input 3) and its table
    test('tx 1\'s hash in the tx table is not its record', (w) => w.add('tx fixture hash hi', 0, 1n)),
    test('the keccak table\'s byte 5 of the tx data differs from the chip\'s', (w) => w.add('keccak fixture byte', FIXTURE.td + 5, 1n)),
    test('the keccak table\'s digest of the tx data is not the chip\'s', (w) => w.add('keccak fixture hashLo', FIXTURE.tdDigest, 1n)),
    test('a tx-data running sum off by one', (w) => w.add('tx data acc', 0, 1n)),
    test('a segment value that is not its bytes: tx 1\'s hash hi (its table cell and the tx table follow)', (w) => {
      for (const [c, r] of [['tx data value', 15], ['tx data hash hi', 0], ['tx fixture hash hi', 0]] as const) w.add(c, r, 1n);
    }),
    test('a keccak id that changes in the padding slot', (w) => w.add('tx data keccak id', 2 * TD, 1n)),
    test('a tx-data length count off by one', (w) => w.add('tx data len', 0, 1n)),
    test('a byte in the padding slot (slot 3\'s byte 5 = 1; its sums, segment value and table cell follow)', (w) =>
      shiftByte(w, 'tx data', 2 * TD + 5, 1n, 2 * TD + 15, [['tx data hash hi', 2]])),
    test('the tx data table\'s hash hi of slot 3 other than its record\'s', (w) => w.add('tx data hash hi', 2, 1n)),
    test('the tx data table\'s hash lo of slot 3 other than its record\'s', (w) => w.add('tx data hash lo', 2, 1n)),
    forgedEdits('one tx hashed (one tx in the tx table), its record count claimed 2 (= the block table\'s)', () => batch(BLOCKS, TX_HASHES.slice(0, 1)),
      (w) => w.set('tx data value', SLOTS * TD + 2, 2n)),
    // the public input (input 2)
    test('the keccak table\'s byte 50 of the public input differs from the chip\'s', (w) => w.add('keccak fixture byte', FIXTURE.pi + 50, 1n)),
    test('the keccak table\'s digest of the public input is not the chip\'s (the instances follow)', (w) => w.add('keccak fixture hashLo', FIXTURE.piDigest, 1n)),
    test('a public-input running sum off by one', (w) => w.add('pi acc', 0, 1n)),
    test('a segment value that is not its bytes: prevStateRoot hi', (w) => w.add('pi value', 23, 1n)),
    test('public-input byte 3 looked up under the block contexts\' id 1 (whose byte 3 is 0 too)', (w) => w.set('pi keccak id', 3, 1n)),
    test('instances other than the proven digest', (w) => w.add('pi', 0, 1n)),
    forgedEdits('a blockContextHash that is not the block contexts\' digest', () => batch(BLOCKS, TX_HASHES, TX_HASHES, { blockContextHash: word(9) })),
    forgedEdits('a txDataHash that is not the tx data\'s digest', () => batch(BLOCKS, TX_HASHES, TX_HASHES, { txDataHash: word(9) })),
  ],
  allow: [
    PADDING,
    ...['block table valueLo', 'block table valueHi'].map((column): AllowRule => ({
      kind: 'cells', column, rows: [7 * SLOTS],
      reason: 'the block table\'s all-zero row (txId and tag fixed 0): no enabled lookup asks for tag 0 (block tags start at 1), and the disabled ones\' zero tuple is also on the unassigned rows past it, so no lookup depends on its values',
    })),
    ...['tx data hash hi', 'tx data hash lo'].map((column): AllowRule => ({
      kind: 'cells', column, rows: [SLOTS],
      reason: 'the tx data table\'s zero row (slot fixed 0): only padding blocks look up slot 0, with zero halves (the tx circuit zeroes their TxHash rows), a tuple also on the unassigned rows past it, so no lookup depends on its values',
    })),
  ],
  exceptions: VARIABLE_EXCEPTIONS,
};

export const piBatchTargets: readonly SoundnessTarget[] = [piBatch];
