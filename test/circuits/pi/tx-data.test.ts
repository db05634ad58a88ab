import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { BLOCK_CONTEXT_RECORD_BYTES, blockContextHash, type BlockContext } from '../../../circuits/pi/block-table.js';
import { BATCH_PI_WORD_FIELDS, PublicInputError, publicInputInstances, type BatchCircuitPublicInput, type Bytes32 } from '../../../circuits/pi/public-input.js';
import { TX_DATA_RECORD_BYTES, txDataHash, txDataPreimage } from '../../../circuits/pi/tx-data.js';
import type { BlockHeaderTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { batchPiCircuit, type BatchPiWitness } from './fixture.js';

const hex = (b: Uint8Array): Bytes32 => `0x${Buffer.from(b).toString('hex')}`;
const TXS = [1, 2, 3].map((i) => hex(keccak_256(new Uint8Array([0x02, i])))); // three tx hashes
const SLOTS = 4;
const K = 10;
const header: BlockHeaderTrace = {
  number: 5n, timestamp: 1000n, hash: `0x${'11'.repeat(32)}`, parentHash: `0x${'22'.repeat(32)}`, coinbase: '0xc0ffee00000000000000000000000000000000fe',
  gasLimit: 30_000_000n, gasUsed: 0n, baseFeePerGas: 7n, prevRandao: `0x${'ab'.repeat(32)}`, chainId: 31338n, rlp: new Uint8Array(),
};
const word = (b: number): Bytes32 => `0x${b.toString(16).padStart(2, '0').repeat(32)}`;

/** The chip's witness for a batch whose tx table holds `txTable`, the prover laying out (and committing) `records`. */
function batch(txTable: readonly Bytes32[], records: readonly Bytes32[] = txTable, committed: Bytes32 = txDataHash(records)): { w: BatchPiWitness; instances: bigint[][] } {
  const blocks: BlockContext[] = [{ header, txCount: records.length }];
  const pi: BatchCircuitPublicInput = {
    chainId: 31338n, prevStateRoot: word(1), newStateRoot: word(2), withdrawRoot: word(3), txDataHash: committed, l1MessagesHash: word(5), blockContextHash: blockContextHash(blocks),
    parentBlockSummary: { number: 4n, timestamp: 990n, baseFee: 8n, gasUsed: 0n }, lastBlockSummary: { number: 5n, timestamp: 1000n, baseFee: 7n, gasUsed: 0n },
  };
  return { w: { pi, blocks, records, txTable }, instances: [publicInputInstances(pi, BATCH_PI_WORD_FIELDS)] };
}
const failures = (b: ReturnType<typeof batch>) => honestFailures(batchPiCircuit(SLOTS, b.w), K, b.instances);

/** Rows in the fixture layout (every region starts at row 0: their columns are disjoint). */
const DIGEST = SLOTS * TX_DATA_RECORD_BYTES; // tx data hash hi; lo and the record count follow
const TXDATA_WORD = { hi: 8 + 32 * 3 + 15, lo: 8 + 32 * 3 + 31 }; // the public input's 4th word (after chainId's 8 bytes)

describe('tx data: encoding', () => {
  it('txDataHash = keccak256 of the tx hashes in order (32 bytes each), of "" without txs', () => {
    expect(txDataHash(TXS)).to.equal(hex(keccak_256(Buffer.concat(TXS.map((h) => Buffer.from(h.slice(2), 'hex'))))));
    expect(txDataPreimage(TXS).length).to.equal(3 * 32);
    expect(txDataHash([])).to.equal(hex(keccak_256(new Uint8Array())));
    expect(txDataHash([TXS[1]!, TXS[0]!])).to.not.equal(txDataHash([TXS[0]!, TXS[1]!]));
  });

  it('refuses a malformed tx hash, naming the tx', () => {
    expect(() => txDataHash([TXS[0]!, '0x1234'])).to.throw(PublicInputError, /tx hash 2/);
  });
});

describe('tx data: chip bound to the public input and the tx table (fixtures)', function () {
  this.timeout(120_000);

  it('an honest batch (3 txs in 4 slots) satisfies every constraint; so does one without txs', () => {
    expect(failures(batch(TXS))).to.deep.equal([]);
    expect(failures(batch([]))).to.deep.equal([]);
  });

  it('a reordered batch (records tx 2, tx 1, tx 3, committed as such) is refused: tx 1 and tx 2 find no record at their ids', () => {
    expect(failures(batch(TXS, [TXS[1]!, TXS[0]!, TXS[2]!]))).to.deep.equal([
      'lookup tx data tx hashes are the records@0', 'lookup tx data tx hashes are the records@1',
    ]);
  });

  it('a dropped tx (the public input commits 2 records, the tx table proves 3) is refused: tx 3 has no record', () => {
    expect(failures(batch(TXS, TXS.slice(0, 2)))).to.deep.equal(['lookup tx data tx hashes are the records@2']);
  });

  it('a txDataHash word other than the records\' digest is refused by its two copies', () => {
    expect(failures(batch(TXS, TXS, word(4)))).to.deep.equal([
      `copy tx data value@${DIGEST}~pi value@${TXDATA_WORD.hi}`, `copy tx data value@${DIGEST + 1}~pi value@${TXDATA_WORD.lo}`,
    ]);
  });

  it('a record count other than the block table\'s is refused (copy), as is one other than the hashed records\'', () => {
    const b = batch(TXS);
    expect(failuresAfter(batchPiCircuit(SLOTS, b.w), K, b.instances, [{ column: 'tx data value', row: DIGEST + 2, value: 2n }])).to.deep.equal([
      `copy tx data value@${DIGEST + 2}~block context value@${SLOTS * BLOCK_CONTEXT_RECORD_BYTES + 2}`, `gate tx data count/len = recordBytes·count@${DIGEST}`,
    ]);
  });

  it('a record byte other than the keccak input\'s is refused; a record half other than the tx table\'s hash is refused, also by the real verifier', async () => {
    const b = batch(TXS);
    const c = batchPiCircuit(SLOTS, b.w);
    const byte = TX_DATA_RECORD_BYTES + 20; // tx 2's record, in its lo half
    expect(failuresAfter(c, K, b.instances, [{ column: 'tx data byte', row: byte, value: (v) => v ^ 1n }])).to.deep.equal([
      `gate tx data preimage/acc = 256·acc_prev·(1 − segStart) + byte@${byte}`, `lookup tx data preimage byte in keccak table@${byte}`,
    ]);
    const edit = [{ column: 'tx data hash lo', row: 1, value: (v: bigint) => v + 1n }];
    expect(await expectVerifierRejects(c, K, b.instances, edit)).to.deep.equal([
      `copy tx data value@${2 * TX_DATA_RECORD_BYTES - 1}~tx data hash lo@1`, 'lookup tx data tx hashes are the records@1',
    ]);
  });
});
