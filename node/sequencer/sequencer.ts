import type { Block } from "@ethereumjs/block";
import type { Address } from "@ethereumjs/util";
import type { Logger } from "pino";
import type { BlockTrace } from "../../circuits/witness/trace.js";
import type { Executor, TxJudge } from "../execution/executor.js";
import { senderOf } from "../execution/sender.js";
import { toHex } from "../execution/hex.js";
import type { WorldState } from "../execution/world-state.js";
import type { Mempool } from "../mempool/pool.js";
import type { ChainStore } from "../store/chain-store.js";
import type { ReceiptRecord } from "../store/records.js";
import { judgedTx } from "./provability.js";
import { receiptRecords } from "./receipts.js";

export interface SequencerOptions {
  /** Seconds between blocks; 0 = a block as soon as transactions arrive (automine). */
  blockTime: number;
  coinbase: Address;
  /** Most txs per block (the batch circuit's tx slots, so that every block fits a batch proof); none: no limit. */
  maxTxs?: number;
  /**
   * Leaves out the txs it refuses (node/sequencer/provability.ts: what the batch circuit cannot prove), L1 deposits
   * excepted; none: every valid tx is included (`--unprovable-txs include`).
   */
  judge?: TxJudge;
  /** No block without txs, on a timer too: the batch circuit chains blocks with txs only (circuits/pi/block-chain.ts). */
  skipEmptyBlocks?: boolean;
}

/** What the sequencer hands on with each stored block (the batcher's input). */
export interface BlockOutcome {
  /** Its receipts, as stored. */
  receipts: readonly ReceiptRecord[];
  /**
   * What the EVM circuit does not cover in its execution (circuits/evm/coverage.ts), deduplicated. Blocks are not
   * fully traced here: the batch prover traces them again when it proves them.
   */
  unsupported: readonly string[];
}

export type BlockListener = (block: Block, outcome: BlockOutcome) => void;

/** Called after each stored block with its full execution trace (every tx traced while any such listener exists). */
export type BlockTraceListener = (block: Block, trace: BlockTrace) => void;

/**
 * Produces blocks: takes the mempool's executable transactions, executes them, stores block + receipts + state
 * writes in one atomic batch, then advances the head and clears the mined transactions from the pool. One block
 * at a time; `stop` lets the block in progress finish.
 */
export class Sequencer {
  private timer: NodeJS.Timeout | undefined;
  /** The block in production (or a resolved promise): production is serialized through it. */
  private producing: Promise<Block | undefined> = Promise.resolve(undefined);
  private scheduled = false;
  private stopped = false;
  private readonly inclusionWaiters = new Map<string, (() => void)[]>();
  private readonly listeners: BlockListener[] = [];
  private readonly traceListeners: BlockTraceListener[] = [];

  constructor(
    private headBlock: Block,
    private readonly executor: Executor,
    private readonly state: WorldState,
    private readonly store: ChainStore,
    private readonly mempool: Mempool,
    private readonly options: SequencerOptions,
    private readonly log: Logger,
  ) {}

  get head(): Block {
    return this.headBlock;
  }

  get automine(): boolean {
    return this.options.blockTime === 0;
  }

  onBlock(listener: BlockListener): void {
    this.listeners.push(listener);
  }

  /** Full traces of every block from now on (each tx traced: slower; the batch prover does not need this). */
  onBlockTrace(listener: BlockTraceListener): void {
    this.traceListeners.push(listener);
  }

  start(): void {
    if (this.options.blockTime > 0) {
      this.timer = setInterval(() => void this.produce(), this.options.blockTime * 1000);
    }
  }

  /** New transactions arrived: in automine mode, produce a block for them right after the current one. */
  notify(): void {
    if (!this.automine || this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.produce();
    });
  }

  /** Resolves when the tx with `hash` is in a stored block, or was left out of one (or the sequencer stops). */
  waitForInclusion(hash: string): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.inclusionWaiters.get(hash) ?? [];
      waiters.push(resolve);
      this.inclusionWaiters.set(hash, waiters);
    });
  }

  /** Produces one block from the pool (also an empty one, unless skipEmptyBlocks); serialized with any block in progress. */
  produce(): Promise<Block | undefined> {
    const next = async (): Promise<Block | undefined> => {
      if (this.stopped) return undefined;
      try {
        return await this.produceNow();
      } catch (error) {
        this.state.discard();
        this.log.error({ err: error }, "block production failed; the head and its state are unchanged");
        return undefined;
      }
    };
    this.producing = this.producing.then(next);
    return this.producing;
  }

  private async produceNow(): Promise<Block | undefined> {
    const parent = this.headBlock;
    const senders = this.mempool.senders();
    const nonces = await this.nonces(senders, parent);
    const baseFee = parent.header.calcNextBaseFee();
    const executable = this.mempool.executable(nonces, baseFee);
    if (executable.length === 0 && (this.automine || this.options.skipEmptyBlocks === true)) return undefined;
    const candidates = executable.slice(0, this.options.maxTxs ?? executable.length);
    const now = BigInt(Math.floor(Date.now() / 1000));
    const timestamp = now > parent.header.timestamp ? now : parent.header.timestamp + 1n;
    const built = await this.executor.buildBlock(
      parent,
      candidates.map((c) => c.tx),
      { timestamp, coinbase: this.options.coinbase },
      { traceAll: this.traceListeners.length > 0, judge: this.options.judge, judged: judgedTx },
    );
    const number = built.block.header.number;
    const receipts = receiptRecords(built.block, built.included);
    const skipped = built.skipped.map(({ tx, reason }) => ({ tx, hash: tx.hash(), reason }));
    await this.store.putBlock(built.block, receipts, await this.state.commitOps(number), skipped);
    this.state.committed(number);
    this.headBlock = built.block;
    for (const { tx, error } of built.rejected) {
      this.log.warn({ tx: toHex(tx.hash()), err: error.message }, "transaction rejected by the EVM, dropped from the pool");
      this.mempool.remove(toHex(tx.hash()));
    }
    for (const { tx, hash, reason } of skipped) {
      this.log.warn({ tx: toHex(hash), sender: senderOf(tx).toString(), nonce: Number(tx.nonce), block: Number(number), reason }, "transaction skipped: the batch circuit cannot prove it; its nonce stays free");
      this.mempool.remove(toHex(hash));
    }
    for (const { tx } of built.included) this.mempool.remove(toHex(tx.hash()));
    for (const [sender, nonce] of await this.nonces(senders, built.block)) this.mempool.prune(sender, nonce);
    this.log.info(
      { number: Number(built.block.header.number), hash: toHex(built.block.hash()), txs: built.included.length, gasUsed: Number(built.block.header.gasUsed) },
      "block produced",
    );
    // a sender's txs behind a skipped one wait for its nonce to be sent again, as txs sent with a nonce gap do
    const gapped = new Set(skipped.map(({ tx }) => senderOf(tx).toString()));
    const waiting = built.deferred.filter((tx) => gapped.has(senderOf(tx).toString()));
    for (const { tx } of [...built.included, ...built.rejected, ...skipped, ...waiting.map((tx) => ({ tx }))]) {
      const hash = toHex(tx.hash());
      for (const resolve of this.inclusionWaiters.get(hash) ?? []) resolve();
      this.inclusionWaiters.delete(hash);
    }
    for (const listener of this.listeners) listener(built.block, { receipts, unsupported: built.unsupported });
    const trace = built.trace;
    if (trace !== undefined) for (const listener of this.traceListeners) listener(built.block, trace);
    if (this.automine && (built.deferred.length > 0 || candidates.length < executable.length)) this.notify();
    return built.block;
  }

  /** Account nonces of `senders` in the state after `block`. */
  private async nonces(senders: Map<string, Address>, block: Block): Promise<Map<string, bigint>> {
    const view = await this.state.viewAt(block.header.number);
    const out = new Map<string, bigint>();
    for (const [key, address] of senders) out.set(key, (await view.getAccount(address))?.nonce ?? 0n);
    return out;
  }

  /** Stops producing after the block in progress; wakes every inclusion waiter. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.producing.catch(() => undefined);
    for (const waiters of this.inclusionWaiters.values()) for (const resolve of waiters) resolve();
    this.inclusionWaiters.clear();
  }
}
