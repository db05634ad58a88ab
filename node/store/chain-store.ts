import type { Block } from "@ethereumjs/block";
import { createBlockFromRLP } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { bytesToHex } from "@ethereumjs/util";
import type { KvOp, KvStore } from "./kv.js";
import type { Hex, ReceiptRecord, SkippedTx, TxLocation } from "./records.js";

/** Key prefixes: one byte each, so the namespaces of the single LevelDB never collide. */
const PREFIX = {
  head: 0x48, // "H" → number of the newest block
  numberToHash: 0x6e, // "n" + u64 number → block hash
  block: 0x62, // "b" + hash → block RLP
  receipts: 0x72, // "r" + hash → receipts JSON
  tx: 0x74, // "t" + tx hash → TxLocation JSON
  skipped: 0x73, // "s" + tx hash → SkippedTx JSON
} as const;

const key = (prefix: number, body: Uint8Array = new Uint8Array()): Uint8Array => {
  const out = new Uint8Array(1 + body.length);
  out[0] = prefix;
  out.set(body, 1);
  return out;
};

export const u64 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
};

/** How many decoded blocks `ChainStore` keeps (blocks are immutable once stored). */
const RECENT_BLOCKS = 128;

export const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const decodeJson = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T;

export class StoreCorruptError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, unknown>,
  ) {
    super(`${message} (${JSON.stringify(context)})`);
    this.name = "StoreCorruptError";
  }
}

/**
 * Blocks, receipts and the tx index over a `KvStore`. A block is written in one atomic batch together with any
 * extra operations of the same block (the state-tree nodes), so a crash never leaves a half-written block.
 */
export class ChainStore {
  /**
   * Recently written or read blocks, decoded, by hash hex: decoding re-creates every transaction (@ethereumjs copies
   * its Common per tx), and the batcher and RPC read the newest blocks again and again.
   */
  private readonly recent = new Map<string, Block>();
  /**
   * Decoded receipts of recently read blocks, by hash hex: eth_getTransactionReceipt wants one receipt but the
   * block's are stored as one JSON list, and clients poll receipts (a 1,000-tx block's list is ~0.7 MB of JSON).
   * Shared with callers, who only read them.
   */
  private readonly recentReceipts = new Map<string, ReceiptRecord[]>();

  constructor(
    readonly kv: KvStore,
    private readonly common: Common,
  ) {}

  async headNumber(): Promise<bigint | undefined> {
    const raw = await this.kv.get(key(PREFIX.head));
    return raw === undefined ? undefined : new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0);
  }

  /** Writes the block, its receipts and tx index, the txs left out of it, the new head and `extra` in one atomic batch. */
  async putBlock(block: Block, receipts: ReceiptRecord[], extra: KvOp[] = [], skipped: readonly { hash: Uint8Array; reason: string }[] = []): Promise<void> {
    const hash = block.hash();
    const ops: KvOp[] = [
      ...extra,
      { type: "put", key: key(PREFIX.block, hash), value: block.serialize() },
      { type: "put", key: key(PREFIX.receipts, hash), value: encodeJson(receipts) },
      { type: "put", key: key(PREFIX.numberToHash, u64(block.header.number)), value: hash },
      { type: "put", key: key(PREFIX.head), value: u64(block.header.number) },
    ];
    block.transactions.forEach((tx, index) => {
      const location = { blockHash: bytesToHex(hash), blockNumber: block.header.number.toString(), index };
      ops.push({ type: "put", key: key(PREFIX.tx, tx.hash()), value: encodeJson(location) });
    });
    for (const { hash: txHash, reason } of skipped) {
      ops.push({ type: "put", key: key(PREFIX.skipped, txHash), value: encodeJson({ reason, blockNumber: block.header.number.toString() }) });
    }
    await this.kv.batch(ops);
    this.remember(block);
  }

  private remember(block: Block): void {
    if (this.recent.size >= RECENT_BLOCKS) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(bytesToHex(block.hash()), block);
  }

  async blockHashByNumber(number: bigint): Promise<Uint8Array | undefined> {
    return this.kv.get(key(PREFIX.numberToHash, u64(number)));
  }

  async blockByHash(hash: Uint8Array): Promise<Block | undefined> {
    const cached = this.recent.get(bytesToHex(hash));
    if (cached !== undefined) return cached;
    const rlp = await this.kv.get(key(PREFIX.block, hash));
    if (rlp === undefined) return undefined;
    const block = createBlockFromRLP(rlp, { common: this.common, setHardfork: false });
    this.remember(block);
    return block;
  }

  async blockByNumber(number: bigint): Promise<Block | undefined> {
    const hash = await this.blockHashByNumber(number);
    if (hash === undefined) return undefined;
    const block = await this.blockByHash(hash);
    if (block === undefined) throw new StoreCorruptError("block index points to a missing block", { number, hash: bytesToHex(hash) });
    return block;
  }

  async receipts(blockHash: Uint8Array): Promise<ReceiptRecord[] | undefined> {
    const id = bytesToHex(blockHash);
    const cached = this.recentReceipts.get(id);
    if (cached !== undefined) return cached;
    const raw = await this.kv.get(key(PREFIX.receipts, blockHash));
    if (raw === undefined) return undefined;
    const receipts = decodeJson<ReceiptRecord[]>(raw);
    if (this.recentReceipts.size >= RECENT_BLOCKS) this.recentReceipts.delete(this.recentReceipts.keys().next().value!);
    this.recentReceipts.set(id, receipts);
    return receipts;
  }

  async txLocation(txHash: Uint8Array): Promise<TxLocation | undefined> {
    const raw = await this.kv.get(key(PREFIX.tx, txHash));
    if (raw === undefined) return undefined;
    const stored = decodeJson<{ blockHash: Hex; blockNumber: string; index: number }>(raw);
    return { ...stored, blockNumber: BigInt(stored.blockNumber) };
  }

  /** Why a tx was left out of a block, and of which (the sequencer's skip); undefined if it never was. */
  async skippedTx(txHash: Uint8Array): Promise<SkippedTx | undefined> {
    const raw = await this.kv.get(key(PREFIX.skipped, txHash));
    if (raw === undefined) return undefined;
    const stored = decodeJson<{ reason: string; blockNumber: string }>(raw);
    return { reason: stored.reason, blockNumber: BigInt(stored.blockNumber) };
  }
}
