/**
 * The batch public-input chip (public input, block table, tx data) over TEST fixtures: a keccak table filled from
 * @noble/hashes (circuits/keccak/fixture.ts) and a stand-in for the tx table's TxHash rows, one row per tx slot as
 * the tx circuit lays them out (txId and hash of each tx, zeros on padding slots), so the chip's own rules are
 * tested without the tx circuit. Keccak ids: block contexts 1, public input 2, tx data 3.
 */
import type { BlockContext } from '../../../circuits/pi/block-table.js';
import type { BatchCircuitPublicInput, Bytes32 } from '../../../circuits/pi/public-input.js';
import { BatchPiHarness } from '../../../scripts/soundness/targets/pi-batch.js';

export interface BatchPiWitness {
  readonly pi: BatchCircuitPublicInput;
  readonly blocks: readonly BlockContext[];
  /** The tx hashes the tx-data preimage lays out (the prover's claim). */
  readonly records: readonly Bytes32[];
  /** The tx hashes of the stand-in tx table (the txs the rest of the batch circuit proves). */
  readonly txTable: readonly Bytes32[];
}

export const batchPiCircuit = (slots: number, w: BatchPiWitness) => new BatchPiHarness(w.pi, w.blocks, w.records, w.txTable, slots);
