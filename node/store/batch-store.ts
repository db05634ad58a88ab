/**
 * Rollup records next to the chain in the node's single KV store: batches, batch proofs, the L1 messages seen
 * on L1 and the L1 sync cursor. Keys: namespace byte 'B' (the chain store uses H n b r t, the state trees s and
 * z), then a kind byte, then a big-endian u64 where there is one:
 *
 *   'B' 'b' u64(index)  → BatchRecord JSON          'B' 'c'            → u64 number of batches (genesis included)
 *   'B' 'p' u64(index)  → proof bytes                'B' 'm' u64(nonce) → L1MessageRecord JSON
 *   'B' 'k'             → u64 last L1 block whose L1 messages are all stored
 */
import type { Hex } from "viem";
import type { BatchRecord } from "../batcher/batch.js";
import { decodeJson, encodeJson, StoreCorruptError, u64 } from "./chain-store.js";
import type { KvOp, KvStore } from "./kv.js";

const NAMESPACE = 0x42; // 'B'
const KIND = { batch: 0x62, count: 0x63, proof: 0x70, message: 0x6d, cursor: 0x6b } as const;

const readU64 = (raw: Uint8Array): bigint => new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0);

const key = (kind: number, body: Uint8Array = new Uint8Array()): Uint8Array => {
  const out = new Uint8Array(2 + body.length);
  out[0] = NAMESPACE;
  out[1] = kind;
  out.set(body, 2);
  return out;
};

/** An L1→L2 message as seen in the contract's L1MessageQueued event (amounts as decimal strings in JSON). */
export interface L1MessageRecord {
  nonce: string;
  sender: Hex;
  to: Hex;
  value: string;
  messageHash: Hex;
  l1BlockNumber: string;
  l1TxHash: Hex;
}

export class BatchStore {
  constructor(private readonly kv: KvStore) {}

  /** Number of stored batches (indices 0 … count−1). */
  async count(): Promise<number> {
    const raw = await this.kv.get(key(KIND.count));
    return raw === undefined ? 0 : Number(readU64(raw));
  }

  async get(index: number): Promise<BatchRecord | undefined> {
    const raw = await this.kv.get(key(KIND.batch, u64(BigInt(index))));
    return raw === undefined ? undefined : decodeJson<BatchRecord>(raw);
  }

  async latest(): Promise<BatchRecord | undefined> {
    const count = await this.count();
    if (count === 0) return undefined;
    const batch = await this.get(count - 1);
    if (batch === undefined) throw new StoreCorruptError("batch count points past the stored batches", { count });
    return batch;
  }

  /** Appends a new batch (its index must be the current count). */
  async append(batch: BatchRecord): Promise<void> {
    const count = await this.count();
    if (batch.index !== count) throw new StoreCorruptError("batches are appended in order", { expected: count, given: batch.index });
    await this.kv.batch([
      { type: "put", key: key(KIND.batch, u64(BigInt(batch.index))), value: encodeJson(batch) },
      { type: "put", key: key(KIND.count), value: u64(BigInt(count + 1)) },
    ]);
  }

  /**
   * Replaces an existing batch record (status changes, L1 transaction hashes), in the same write storing its proof
   * or, with `null`, deleting the stored one (a batch reverted on L1 is proved again).
   */
  async update(batch: BatchRecord, proof?: Uint8Array | null): Promise<void> {
    if (batch.index >= (await this.count())) throw new StoreCorruptError("update of a batch that was never appended", { index: batch.index });
    const ops: KvOp[] = [{ type: "put", key: key(KIND.batch, u64(BigInt(batch.index))), value: encodeJson(batch) }];
    const proofKey = key(KIND.proof, u64(BigInt(batch.index)));
    if (proof === null) ops.push({ type: "del", key: proofKey });
    else if (proof !== undefined) ops.push({ type: "put", key: proofKey, value: proof });
    await this.kv.batch(ops);
  }

  async proof(index: number): Promise<Uint8Array | undefined> {
    return this.kv.get(key(KIND.proof, u64(BigInt(index))));
  }

  async l1Message(nonce: bigint): Promise<L1MessageRecord | undefined> {
    const raw = await this.kv.get(key(KIND.message, u64(nonce)));
    return raw === undefined ? undefined : decodeJson<L1MessageRecord>(raw);
  }

  /** The last L1 block whose messages are all stored; undefined before the first sync. */
  async l1Cursor(): Promise<bigint | undefined> {
    const raw = await this.kv.get(key(KIND.cursor));
    return raw === undefined ? undefined : readU64(raw);
  }

  /** Stores messages and advances the cursor in one atomic write, so a restart neither skips nor loses any. */
  async putL1Messages(messages: readonly L1MessageRecord[], cursor: bigint): Promise<void> {
    await this.kv.batch([
      ...messages.map((m): KvOp => ({ type: "put", key: key(KIND.message, u64(BigInt(m.nonce))), value: encodeJson(m) })),
      { type: "put", key: key(KIND.cursor), value: u64(cursor) },
    ]);
  }
}
