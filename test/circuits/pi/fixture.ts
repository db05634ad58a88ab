/**
 * The batch public-input chip (public input, block table, tx data) over TEST fixtures: a keccak table filled from
 * @noble/hashes (circuits/keccak/fixture.ts) and a stand-in for the tx table's TxHash rows, one row per tx slot as
 * the tx circuit lays them out (txId and hash of each tx, zeros on padding slots), so the chip's own rules are
 * tested without the tx circuit. Keccak ids: block contexts 1, public input 2, tx data 3.
 */
import { splitWord } from '../../../circuits/gadgets/word.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import { BatchPublicInputChip } from '../../../circuits/pi/batch.js';
import { blockContextPreimage, type BlockContext } from '../../../circuits/pi/block-table.js';
import { BATCH_PI_WORD_FIELDS, publicInputPreimage, type BatchCircuitPublicInput, type Bytes32 } from '../../../circuits/pi/public-input.js';
import { txDataPreimage } from '../../../circuits/pi/tx-data.js';
import { TestCircuit } from '../gadgets/helpers.js';

export interface BatchPiWitness {
  readonly pi: BatchCircuitPublicInput;
  readonly blocks: readonly BlockContext[];
  /** The tx hashes the tx-data preimage lays out (the prover's claim). */
  readonly records: readonly Bytes32[];
  /** The tx hashes of the stand-in tx table (the txs the rest of the batch circuit proves). */
  readonly txTable: readonly Bytes32[];
}

export const batchPiCircuit = (slots: number, w: BatchPiWitness) => new TestCircuit(
  (cs) => {
    const keccak = configureKeccakFixture(cs);
    const txs = { q: cs.fixedColumn('tx fixture q'), txId: cs.adviceColumn('tx fixture txId'), hi: cs.adviceColumn('tx fixture hash hi'), lo: cs.adviceColumn('tx fixture hash lo') };
    const chip = BatchPublicInputChip.configure(cs, keccak, cs.instanceColumn('pi'), { q: txs.q.cur(), txId: txs.txId.cur(), hi: txs.hi.cur(), lo: txs.lo.cur() });
    return { keccak, txs, chip };
  },
  ({ keccak, txs, chip }, layouter) => {
    assignKeccakFixture(keccak, layouter, [blockContextPreimage(w.blocks), publicInputPreimage(w.pi, BATCH_PI_WORD_FIELDS), txDataPreimage(w.records)]);
    layouter.assignRegion('tx fixture', (r) => {
      for (let s = 0; s < slots; s++) {
        const [lo, hi] = s < w.txTable.length ? splitWord(BigInt(w.txTable[s]!)) : [0n, 0n];
        r.assignFixed('q', txs.q, s, 1n);
        r.assignAdvice('txId', txs.txId, s, s < w.txTable.length ? BigInt(s + 1) : 0n);
        r.assignAdvice('hi', txs.hi, s, hi);
        r.assignAdvice('lo', txs.lo, s, lo);
      }
    });
    chip.assign(layouter, w.pi, w.blocks, w.records, slots, { blockContext: 1, pi: 2, txData: 3 });
  },
);
