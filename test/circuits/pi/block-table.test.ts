import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  BLOCK_CONTEXT_RECORD_BYTES, BlockFieldTag, blockContextHash, blockContextPreimage, blockContextRecord, type BlockContext,
} from '../../../circuits/pi/block-table.js';
import { BATCH_PI_WORD_FIELDS, PublicInputError, publicInputInstances, type BatchCircuitPublicInput } from '../../../circuits/pi/public-input.js';
import { txDataHash } from '../../../circuits/pi/tx-data.js';
import type { BlockHeaderTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { batchPiCircuit } from './fixture.js';

const header = (number: bigint, timestamp: bigint): BlockHeaderTrace => ({
  number, timestamp, hash: `0x${'11'.repeat(32)}`, parentHash: `0x${'22'.repeat(32)}`, coinbase: '0xc0ffee00000000000000000000000000000000fe',
  gasLimit: 30_000_000n, gasUsed: 0n, baseFeePerGas: 7n + number, prevRandao: `0x${'ab'.repeat(31)}cd`, chainId: 31338n, rlp: new Uint8Array(),
});
const BLOCKS: BlockContext[] = [{ header: header(5n, 1000n), txCount: 2 }, { header: header(6n, 1002n), txCount: 1 }];
const SLOTS = 4;
const K = 10;
const word = (b: number): `0x${string}` => `0x${b.toString(16).padStart(2, '0').repeat(32)}`;
const TX_HASHES = [word(0xa1), word(0xa2), word(0xa3)];
const PI: BatchCircuitPublicInput = {
  chainId: 31338n, prevStateRoot: word(1), newStateRoot: word(2), withdrawRoot: word(3), txDataHash: txDataHash(TX_HASHES), l1MessagesHash: word(5),
  blockContextHash: blockContextHash(BLOCKS),
  // the chip binds no summary (block-chain.ts, a chip of its own, chains them): any values
  parentBlockSummary: { number: 4n, timestamp: 990n, baseFee: 8n, gasUsed: 0n }, lastBlockSummary: { number: 5n, timestamp: 1000n, baseFee: 7n, gasUsed: 0n },
};
const INSTANCES = [publicInputInstances(PI, BATCH_PI_WORD_FIELDS)];
/** Block table row of (tx id, tag): slot-major, tags in order from row 0. */
const tableRow = (txId: number, tag: BlockFieldTag) => (txId - 1) * 7 + tag - 1;
/** Preimage row of byte `i` of tx `txId`'s record. */
const byteRow = (txId: number, i: number) => (txId - 1) * BLOCK_CONTEXT_RECORD_BYTES + i;
/** The timestamp's segment: bytes 20 … 27 of a record. */
const TIMESTAMP_END = 27;

/** The public input (batch layout), the block table and the tx data over the fixtures (./fixture.ts). */
const circuit = (blocks: readonly BlockContext[], pi: BatchCircuitPublicInput) => batchPiCircuit(SLOTS, { pi, blocks, records: TX_HASHES, txTable: TX_HASHES });

describe('block table: encoding', () => {
  it('one 108-byte record per tx: coinbase, u64 timestamp, u64 number, prevRandao, u64 gas limit, base fee', () => {
    const r = blockContextRecord(BLOCKS[0]!.header);
    expect(Buffer.from(r).toString('hex')).to.equal(
      'c0ffee00000000000000000000000000000000fe' + '00000000000003e8' + '0000000000000005' + 'ab'.repeat(31) + 'cd' + '0000000001c9c380' + '0'.repeat(62) + '0c',
    );
    const pre = blockContextPreimage(BLOCKS);
    expect(pre.length).to.equal(3 * 108);
    expect(Buffer.from(pre.subarray(108, 216)).equals(Buffer.from(r))).to.equal(true);
    expect(blockContextHash(BLOCKS)).to.equal(`0x${Buffer.from(keccak_256(pre)).toString('hex')}`);
  });

  it('refuses a u64 field over 64 bits, naming the block and field', () => {
    expect(() => blockContextRecord({ ...header(9n, 1n << 64n) })).to.throw(PublicInputError, /block 9: Timestamp/);
  });
});

describe('block table: chip bound to the public input (fixture keccak table)', function () {
  this.timeout(120_000);
  const c = circuit(BLOCKS, PI);

  it('an honest witness (2 blocks, 3 txs in 4 slots) satisfies every constraint', () => {
    expect(honestFailures(c, K, INSTANCES)).to.deep.equal([]);
  });

  it('a block context other than the committed one is refused by the public input', () => {
    const other = [BLOCKS[0]!, { header: header(6n, 1003n), txCount: 1 }];
    const digest = SLOTS * BLOCK_CONTEXT_RECORD_BYTES;
    // the public input's blockContextHash halves: bytes 168 … 199 of its preimage (hi ends on row 183, lo on 199)
    expect(honestFailures(circuit(other, PI), K, INSTANCES)).to.deep.equal([`copy block context value@${digest}~pi value@183`, `copy block context value@${digest + 1}~pi value@199`]);
  });

  it('a table value that is not its record\'s (TIMESTAMP of tx 3) breaks its copy; the real verifier rejects it', async () => {
    const edit = [{ column: 'block table valueLo', row: tableRow(3, BlockFieldTag.Timestamp), value: (v: bigint) => v + 1n }];
    expect(failuresAfter(c, K, INSTANCES, edit)).to.deep.equal([`copy block context value@${byteRow(3, TIMESTAMP_END)}~block table valueLo@${tableRow(3, BlockFieldTag.Timestamp)}`]);
    await expectVerifierRejects(c, K, INSTANCES, edit);
  });

  it('a high half on a u64 field is refused', () => {
    expect(failuresAfter(c, K, INSTANCES, [{ column: 'block table valueHi', row: tableRow(1, BlockFieldTag.Number), value: 1n }]))
      .to.deep.equal([`gate block table/valueHi = 0 for a u64 field@${tableRow(1, BlockFieldTag.Number)}`]);
  });

  it('a ChainId row that is not the public input\'s chain id is refused', () => {
    expect(failuresAfter(c, K, INSTANCES, [{ column: 'block table valueLo', row: tableRow(2, BlockFieldTag.ChainId), value: 1n }]))
      .to.deep.equal([`copy pi value@7~block table valueLo@${tableRow(2, BlockFieldTag.ChainId)}`]);
  });

  it('a record byte of a padding slot is refused (its segment would export a context for tx 4)', () => {
    expect(failuresAfter(c, K, INSTANCES, [{ column: 'block context byte', row: byteRow(4, 0), value: 1n }])).to.deep.equal([
      `gate block context preimage/a byte past the real rows is 0@${byteRow(4, 0)}`,
      `gate block context preimage/acc = 256·acc_prev·(1 − segStart) + byte@${byteRow(4, 0)}`,
    ]);
  });

  it('a tx count that is not the hashed records\' is refused (and is not the tx data\'s); so is a gap in the real rows', () => {
    const digest = SLOTS * BLOCK_CONTEXT_RECORD_BYTES;
    expect(failuresAfter(c, K, INSTANCES, [{ column: 'block context value', row: digest + 2, value: 4n }])).to.deep.equal([
      `copy tx data value@${SLOTS * 32 + 2}~block context value@${digest + 2}`, `gate block context count/len = recordBytes·count@${digest}`,
    ]);
    expect(failuresAfter(c, K, INSTANCES, [{ column: 'block context real', row: byteRow(2, 5), value: 0n }])).to.deep.equal([
      `gate block context preimage/len = len_prev·(not first) + real@${byteRow(2, 5)}`,
      `gate block context preimage/real rows are a prefix@${byteRow(2, 6)}`,
    ]);
  });
});
