import type { Block } from "@ethereumjs/block";
import { bytesToHex } from "@ethereumjs/util";
import type { Logger } from "pino";
import { bytesToHex as hex, type Hex } from "viem";
import { BATCH_PI_WORD_FIELDS, publicInputHash, unpackBlockSummary } from "../../circuits/pi/public-input.js";
import { BRIDGE_ADDRESS, isWithdrawal } from "../l1/bridge.js";
import type { BatchStore } from "../store/batch-store.js";
import type { ChainStore } from "../store/chain-store.js";
import { StoreCorruptError } from "../store/chain-store.js";
import type { ReceiptRecord } from "../store/records.js";
import type { BlockOutcome } from "../sequencer/sequencer.js";
import type { BatchRecord } from "./batch.js";
import {
  batchHash,
  blockContextHashOf,
  blockSummaryOf,
  foldMessageHashes,
  genesisBatchHash,
  txDataHash,
  withdrawalLeaf,
  withdrawalTree,
  ZERO_HASH,
  type TxDataBlock,
  type Withdrawal,
} from "./encoding.js";
import type { BatchProver } from "./prover.js";
import { MAX_WITHDRAWALS } from "../../circuits/pi/withdrawals.js";

export interface BatcherOptions {
  /** Seal as soon as this many blocks are not yet in a batch. */
  maxBlocks: number;
  /** Seal when the oldest unbatched block (by its timestamp) is this old; 0 = never by age. */
  maxAgeMs: number;
  /**
   * Capacity seam: most transactions per batch. It stands in for the batch circuit's row budgets (steps, RW
   * rows, keccak rounds, …) until that circuit reports them; a single larger block is sealed alone.
   */
  maxTxs: number;
  /** Most withdrawals per batch (the batch circuit's withdrawal tree); unset: no limit. */
  maxWithdrawals?: number;
}

export const DEFAULT_BATCHER_OPTIONS: BatcherOptions = { maxBlocks: 100, maxAgeMs: 60_000, maxTxs: 1_000, maxWithdrawals: MAX_WITHDRAWALS };

/**
 * The state root a batch commits to after `block`. Today the block header's root (the execution's state tree);
 * the seam for the Poseidon SMT root of node/state once blocks carry it.
 */
const stateRootOf = (block: Block): Hex => bytesToHex(block.header.stateRoot) as Hex;

interface BlockShape {
  txs: number;
  withdrawals: number;
  timestamp: bigint;
  /** What the EVM circuit does not cover in the block's execution; undefined when its trace was not seen. */
  unsupported?: string[];
}

/** The node's withdrawal rule: a successful top-level tx, not a deposit, sending value to the withdrawal address. */
const withdraws = (from: string, to: Hex | null, succeeded: boolean, value: bigint): boolean =>
  succeeded && from.toLowerCase() !== BRIDGE_ADDRESS.toString() && isWithdrawal(to) && value > 0n;

/** How many of the block's txs withdraw (`receipts`: the block's, in order). */
const withdrawalCount = (block: Block, receipts: readonly ReceiptRecord[]): number =>
  block.transactions.filter((tx, i) => withdraws(receipts[i].from, receipts[i].to, receipts[i].status === "0x1", tx.value)).length;

export type SealListener = (batch: BatchRecord) => void;

/** Whether blocks first…last fit one batch of the circuit that proves them (node/prover batchCapacityCheck). */
export type RangeFits = (first: bigint, last: bigint) => Promise<boolean>;

/**
 * Seals L2 blocks into batches: block ranges that follow each other without gap, each recorded in the store with
 * its parent hash, state roots, tx data hash, L1 messages and withdrawals (the encodings of ZkRollup.sol), and a
 * status decided by the `BatchProver` seam. Sealing is serialized and idempotent over restarts: unbatched blocks
 * are found from the last stored batch, so nothing is batched twice or skipped.
 */
export class Batcher {
  private timer: NodeJS.Timeout | undefined;
  private sealing: Promise<unknown> = Promise.resolve();
  private readonly listeners: SealListener[] = [];
  /** Tx counts and timestamps of unbatched blocks, by number. */
  private readonly shapes = new Map<bigint, BlockShape>();

  constructor(
    private readonly chain: ChainStore,
    readonly batches: BatchStore,
    private readonly chainId: bigint,
    private readonly prover: BatchProver,
    private readonly options: BatcherOptions,
    private readonly head: () => bigint,
    private readonly log: Logger,
    /** The circuit's capacity model; without one, only maxTxs and maxWithdrawals bound a batch. */
    private readonly fits?: RangeFits,
  ) {}

  /** Answers of `fits` by range (blocks never change once made). */
  private readonly fitting = new Map<string, boolean>();

  /**
   * Writes batch 0 (the genesis, finalized on L1 at deployment) into an empty store. A store whose batches
   * predate blockContextHash or the block summaries is refused rather than patched: their batch hashes or public
   * inputs chain without them, so no ZkRollup that checks the batch circuit's public input can take them.
   */
  async init(genesis: Block): Promise<void> {
    const latest = await this.batches.latest();
    const current = (r: Partial<BatchRecord>) => typeof r.blockContextHash === "string" && typeof r.lastBlockSummary === "string";
    if (latest !== undefined && !current(latest)) {
      throw new StoreCorruptError("the batch store predates the block summaries (batch records of an older node); start from a fresh data directory and a new ZkRollup deployment", { batch: latest.index });
    }
    if (latest !== undefined) return;
    const root = stateRootOf(genesis);
    await this.batches.append({
      index: 0,
      status: "finalized",
      firstBlock: 0,
      lastBlock: 0,
      txCount: 0,
      parentBatchHash: ZERO_HASH,
      batchHash: genesisBatchHash(root),
      prevStateRoot: ZERO_HASH,
      newStateRoot: root,
      withdrawRoot: ZERO_HASH,
      txDataHash: ZERO_HASH,
      l1MessageStart: 0,
      numL1Messages: 0,
      l1MessagesHash: ZERO_HASH,
      blockContextHash: ZERO_HASH,
      parentBlockSummary: ZERO_HASH,
      lastBlockSummary: blockSummaryOf(genesis),
      publicInputHash: ZERO_HASH,
      withdrawals: [],
      sealedAt: Date.now(),
    });
  }

  /** A block was produced: note what the sealing rules and the prover check need, then seal what is due. */
  onBlock(block: Block, { receipts, unsupported }: BlockOutcome): Promise<BatchRecord[]> {
    this.shapes.set(block.header.number, { txs: block.transactions.length, withdrawals: withdrawalCount(block, receipts), timestamp: block.header.timestamp, unsupported: [...unsupported] });
    return this.sealDue();
  }

  onSealed(listener: SealListener): void {
    this.listeners.push(listener);
  }

  /** Checks the age rule periodically (the block-count and capacity rules run on every block). */
  start(): void {
    if (this.options.maxAgeMs > 0) this.timer = setInterval(() => void this.sealDue(), Math.min(1_000, this.options.maxAgeMs));
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.sealing.catch(() => undefined);
  }

  /** Seals every batch the rules call for; resolves with the sealed batches. */
  sealDue(): Promise<BatchRecord[]> {
    return this.serialized(async () => {
      const sealed: BatchRecord[] = [];
      for (let range = await this.nextRange(false); range !== undefined; range = await this.nextRange(false)) sealed.push(await this.sealRange(range));
      return sealed;
    });
  }

  /** Seals the unbatched blocks now whatever the rules say (capacity still applies); undefined when none. */
  sealNow(): Promise<BatchRecord | undefined> {
    return this.serialized(async () => {
      const range = await this.nextRange(true);
      return range === undefined ? undefined : this.sealRange(range);
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.sealing.then(work);
    this.sealing = run.catch((error: unknown) => this.log.error({ err: error }, "sealing a batch failed"));
    return run;
  }

  /**
   * The block range of the next batch if it is due (or `force`d): up to maxBlocks, within maxTxs and maxWithdrawals
   * and, with a capacity model, within the circuit's budgets; a block the circuit does not cover (its trace's
   * unsupported steps) is batched alone, so it makes no other block's batch unprovable.
   */
  private async nextRange(force: boolean): Promise<{ first: bigint; last: bigint } | undefined> {
    const latest = await this.batches.latest();
    if (latest === undefined) throw new StoreCorruptError("the batch store has no genesis batch", {});
    const first = BigInt(latest.lastBlock) + 1n;
    for (const n of this.shapes.keys()) if (n < first) this.shapes.delete(n);
    for (const key of this.fitting.keys()) if (BigInt(key.split("-")[0]) < first) this.fitting.delete(key);
    const head = this.head();
    if (head < first) return undefined;
    let last = first - 1n;
    let [txs, withdrawals] = [0, 0];
    const maxWithdrawals = this.options.maxWithdrawals ?? Infinity;
    for (let n = first; n <= head && n - first < BigInt(this.options.maxBlocks); n++) {
      const shape = await this.shapeAt(n);
      if (last >= first && (txs + shape.txs > this.options.maxTxs || withdrawals + shape.withdrawals > maxWithdrawals || !(await this.joins(first, n)))) return { first, last }; // full
      last = n;
      txs += shape.txs;
      withdrawals += shape.withdrawals;
    }
    const full = last - first + 1n === BigInt(this.options.maxBlocks);
    const old = this.options.maxAgeMs > 0 && Date.now() - Number((await this.shapeAt(first)).timestamp) * 1000 >= this.options.maxAgeMs;
    return force || full || old ? { first, last } : undefined;
  }

  /** Whether block `n` may join the batch of blocks first…n − 1: covered, as they are, and within the capacity model. */
  private async joins(first: bigint, n: bigint): Promise<boolean> {
    const alone = async (b: bigint) => ((await this.shapeAt(b)).unsupported?.length ?? 0) > 0;
    if ((await alone(first)) || (await alone(n))) return false;
    if (this.fits === undefined) return true;
    const key = `${first}-${n}`;
    let fits = this.fitting.get(key);
    if (fits === undefined) {
      fits = await this.fits(first, n);
      this.fitting.set(key, fits);
    }
    return fits;
  }

  /** What the sealing rules need of block `n`, without decoding it again on every new block. */
  private async shapeAt(n: bigint): Promise<BlockShape> {
    let shape = this.shapes.get(n);
    if (shape === undefined) {
      const block = await this.blockAt(n);
      shape = { txs: block.transactions.length, withdrawals: withdrawalCount(block, await this.receiptsOf(block)), timestamp: block.header.timestamp };
      this.shapes.set(n, shape);
    }
    return shape;
  }

  private async blockAt(n: bigint): Promise<Block> {
    const block = await this.chain.blockByNumber(n);
    if (block === undefined) throw new StoreCorruptError("a block below the head is missing", { number: n });
    return block;
  }

  private async receiptsOf(block: Block) {
    const receipts = (await this.chain.receipts(block.hash())) ?? [];
    if (receipts.length !== block.transactions.length) {
      throw new StoreCorruptError("a block's receipts do not match its transactions", { number: block.header.number, txs: block.transactions.length, receipts: receipts.length });
    }
    return receipts;
  }

  private async sealRange(range: { first: bigint; last: bigint }): Promise<BatchRecord> {
    const blocks: Block[] = [];
    for (let n = range.first; n <= range.last; n++) blocks.push(await this.blockAt(n));
    const parent = await this.batches.latest();
    if (parent === undefined) throw new StoreCorruptError("the batch store has no genesis batch", {});
    let nextMessage = BigInt(parent.l1MessageStart + parent.numL1Messages);
    const messageHashes: Hex[] = [];
    const withdrawals: Withdrawal[] = [];
    const txData: TxDataBlock[] = [];
    for (const block of blocks) {
      const receipts = await this.receiptsOf(block);
      block.transactions.forEach((tx, i) => {
        const receipt = receipts[i];
        if (receipt.from.toLowerCase() === BRIDGE_ADDRESS.toString()) {
          if (tx.nonce !== nextMessage) throw new StoreCorruptError("bridge transactions must deliver L1 messages in queue order", { expected: nextMessage, nonce: tx.nonce });
          nextMessage++;
        } else if (withdraws(receipt.from, receipt.to, receipt.status === "0x1", tx.value)) {
          // the tx's own nonce keeps the leaf unique for ever (circuits/pi/withdrawals.ts binds it)
          withdrawals.push({ to: receipt.from, amount: tx.value, nonce: tx.nonce });
        }
      });
      txData.push({ txs: block.transactions.map((tx) => tx.serialize()) });
    }
    for (let nonce = BigInt(parent.l1MessageStart + parent.numL1Messages); nonce < nextMessage; nonce++) {
      const message = await this.batches.l1Message(nonce);
      if (message === undefined) throw new StoreCorruptError("an L2 block delivers an L1 message the store never saw", { nonce });
      messageHashes.push(message.messageHash);
    }
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    const gaps = await Promise.all(blocks.map(async (b) => (await this.shapeAt(b.header.number)).unsupported));
    const before = await this.blockAt(first.header.number - 1n);
    if (stateRootOf(before) !== parent.newStateRoot) {
      throw new StoreCorruptError("the parent batch's new state root is not the state before the batch", { parent: parent.index, block: before.header.number });
    }
    if (blockSummaryOf(before) !== parent.lastBlockSummary) {
      throw new StoreCorruptError("the parent batch's last block is not the block before the batch", { parent: parent.index, block: before.header.number });
    }
    const header = {
      index: BigInt(parent.index + 1),
      parentBatchHash: parent.batchHash,
      prevStateRoot: parent.newStateRoot,
      newStateRoot: stateRootOf(last),
      withdrawRoot: withdrawalTree(withdrawals.map(withdrawalLeaf)).root,
      txDataHash: txDataHash(txData),
      l1MessageStart: BigInt(parent.l1MessageStart + parent.numL1Messages),
      numL1Messages: BigInt(messageHashes.length),
      l1MessagesHash: foldMessageHashes(messageHashes),
      blockContextHash: blockContextHashOf(blocks),
      parentBlockSummary: parent.lastBlockSummary,
      lastBlockSummary: blockSummaryOf(last),
    };
    const batch: BatchRecord = {
      index: parent.index + 1,
      status: "pending",
      firstBlock: Number(first.header.number),
      lastBlock: Number(last.header.number),
      txCount: txData.reduce((n, b) => n + b.txs.length, 0),
      parentBatchHash: header.parentBatchHash,
      batchHash: batchHash(header),
      prevStateRoot: header.prevStateRoot,
      newStateRoot: header.newStateRoot,
      withdrawRoot: header.withdrawRoot,
      txDataHash: header.txDataHash,
      l1MessageStart: Number(header.l1MessageStart),
      numL1Messages: messageHashes.length,
      l1MessagesHash: header.l1MessagesHash,
      blockContextHash: header.blockContextHash,
      parentBlockSummary: header.parentBlockSummary,
      lastBlockSummary: header.lastBlockSummary,
      publicInputHash: hex(publicInputHash({ chainId: this.chainId, ...header, parentBlockSummary: unpackBlockSummary(header.parentBlockSummary), lastBlockSummary: unpackBlockSummary(header.lastBlockSummary) }, BATCH_PI_WORD_FIELDS)),
      withdrawals: withdrawals.map((w) => ({ to: w.to, amount: w.amount.toString(), nonce: w.nonce.toString() })),
      ...(gaps.every((g) => g !== undefined) ? { unsupportedOps: [...new Set(gaps.flat())] } : {}),
      sealedAt: Date.now(),
    };
    const verdict = this.prover.check(batch);
    const stored: BatchRecord = verdict.provable ? batch : { ...batch, status: "unprovable", reason: verdict.reason };
    await this.batches.append(stored);
    this.log.info({ index: stored.index, blocks: [stored.firstBlock, stored.lastBlock], txs: stored.txCount, status: stored.status, reason: stored.reason }, "batch sealed");
    for (const listener of this.listeners) listener(stored);
    return stored;
  }
}
