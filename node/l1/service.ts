/**
 * The node's L1 loop: every `pollMs` (or as soon as a batch is sealed) it
 *   1. syncs the L1 message queue (L1MessageQueued logs) into the store, with the L1 block cursor, atomically;
 *   2. delivers stored messages to L2 as bridge transactions, in queue order (node/l1/bridge.ts);
 *   3. commits sealed batches in order with commitBatch (reconciling with L1 first, so a crash between sending
 *      and recording never commits twice), and records the L1 transaction and its gas;
 *   4. finalizes proved batches with their stored proof, recording the transaction and its gas.
 * Any failure (L1 down, restarted, timing out) ends the round; the next one starts after an exponential backoff,
 * and everything resumes from what the store holds. Nothing is kept only in memory.
 */
import type { Logger } from "pino";
import type { BatchRecord } from "../batcher/batch.js";
import { transition } from "../batcher/batch.js";
import type { L2Node } from "../node.js";
import type { BatchStore } from "../store/batch-store.js";
import { TxRejectedError } from "../mempool/errors.js";
import { BRIDGE_ADDRESS, depositTransaction } from "./bridge.js";
import { L1TransactionError, type L1Client, type L1Tx } from "./client.js";
import { batchCircuitRef, chainCircuitArgs } from "../prover/batch-circuit.js";

export interface L1ServiceOptions {
  /** Pause between rounds when all is well. */
  pollMs: number;
  /** First and largest pause after a failed round (doubling in between). */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Most L1 blocks one eth_getLogs asks for. */
  maxLogRange: bigint;
  /** First L1 block to scan for messages (the rollup's deployment block). */
  fromBlock: bigint;
}

export const DEFAULT_L1_SERVICE_OPTIONS: L1ServiceOptions = { pollMs: 1_000, minBackoffMs: 250, maxBackoffMs: 10_000, maxLogRange: 5_000n, fromBlock: 0n };

export class L1Service {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> = Promise.resolve();
  /** Consecutive failed rounds (0 = the last round succeeded). */
  failures = 0;
  /** Batches below this index are known to be committed on L1. */
  private committedBelow = 1;

  private constructor(
    private readonly node: L2Node,
    private readonly l1: L1Client,
    private readonly batches: BatchStore,
    private readonly options: L1ServiceOptions,
    private readonly log: Logger,
  ) {}

  /**
   * Checks that the rollup on L1 belongs to this chain (L2 chain id, genesis batch hash) and, when the node proves,
   * that its verifier checks the node's verifying key, then starts the loop
   * and attaches to the node (stopped with it).
   */
  static async start(node: L2Node, l1: L1Client, options: L1ServiceOptions, log: Logger): Promise<L1Service> {
    const batches = node.batcher.batches;
    const l2ChainId = await l1.l2ChainId();
    if (l2ChainId !== node.config.genesis.chainId) {
      throw new L1TransactionError("ZkRollup on L1 is configured for another L2 chain id", { l1: l2ChainId, l2: node.config.genesis.chainId });
    }
    const genesis = await batches.get(0);
    const l1Genesis = await l1.getBatch(0);
    if (genesis === undefined || l1Genesis.batchHash !== genesis.batchHash) {
      throw new L1TransactionError("ZkRollup's genesis batch is not this node's genesis (another L2 genesis state root?)", { l1: l1Genesis.batchHash, l2: genesis?.batchHash });
    }
    // a node proving with another key than the L1 verifier's would make proofs that never finalize
    const vk = node.proverService?.verifyingKey(batchCircuitRef(chainCircuitArgs(node.config.genesis.chainId)).id);
    const l1Digest = await l1.vkDigest();
    if (vk !== undefined && vk.digest !== l1Digest) {
      throw new L1TransactionError("ZkRollup's verifier checks another verifying key than this node's batch circuit (regenerate the verifier and setVerifier)", { l1: l1Digest, node: vk.digest });
    }
    const service = new L1Service(node, l1, batches, options, log.child({ component: "l1" }));
    node.batcher.onSealed(() => service.wake());
    node.attach(service);
    void node.proving.wake(); // jobs a restart interrupted
    service.loop = service.run();
    return service;
  }

  /** Starts the next round now instead of after the poll interval. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let pause = this.options.pollMs;
      try {
        await this.round();
        if (this.failures > 0) this.log.info({ after: this.failures }, "L1 reachable again");
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.node.metrics.l1Failures.inc();
        pause = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** Math.min(this.failures - 1, 30));
        this.log.warn({ err: error instanceof Error ? error.message : error, failures: this.failures, retryInMs: pause }, "L1 round failed; retrying");
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wakeUp = () => (clearTimeout(timer), resolve());
      });
      this.wakeUp = undefined;
    }
  }

  /** One round of the four steps; exposed for tests that drive the service step by step. */
  async round(): Promise<void> {
    await this.syncMessages();
    await this.deliverMessages();
    await this.commitBatches();
    await this.finalizeBatches();
  }

  private async syncMessages(): Promise<void> {
    const latest = await this.l1.blockNumber();
    for (let cursor = (await this.batches.l1Cursor()) ?? this.options.fromBlock - 1n; cursor < latest && !this.stopped; ) {
      const to = cursor + this.options.maxLogRange < latest ? cursor + this.options.maxLogRange : latest;
      const messages = await this.l1.l1Messages(cursor + 1n, to);
      await this.batches.putL1Messages(messages, to);
      if (messages.length > 0) this.log.info({ nonces: messages.map((m) => Number(m.nonce)), l1Block: Number(to) }, "L1 messages queued");
      cursor = to;
    }
  }

  private async deliverMessages(): Promise<void> {
    // The head state (a block in production included): mempool nonces continue from it.
    const account = await this.node.state.stateManager.getAccount(BRIDGE_ADDRESS);
    for (let nonce = this.node.mempool.pendingNonce(BRIDGE_ADDRESS.toString(), account?.nonce ?? 0n); !this.stopped; nonce++) {
      const message = await this.batches.l1Message(nonce);
      if (message === undefined) return;
      const raw = depositTransaction({ nonce, sender: message.sender, to: message.to, value: BigInt(message.value) }, this.node.common, this.node.head.header.calcNextBaseFee());
      try {
        const hash = await this.node.sendL1MessageTransaction(raw);
        this.log.info({ nonce: Number(nonce), to: message.to, value: message.value, l2Tx: hash }, "L1 message delivered to L2");
      } catch (error) {
        if (error instanceof TxRejectedError && error.reason === "already-known") continue;
        throw error;
      }
    }
  }

  private async commitBatches(): Promise<void> {
    const onL1 = Number(await this.l1.lastCommittedBatch());
    const count = await this.batches.count();
    for (let index = this.committedBelow; index < count && !this.stopped; index++) {
      const batch = await this.batchAt(index);
      if (batch.commitTx !== undefined) {
        this.committedBelow = index + 1;
        continue;
      }
      let commit: L1Tx | undefined;
      if (index <= onL1) {
        // Committed before a crash that lost the record: adopt it if L1 holds the same batch.
        const l1Batch = await this.l1.getBatch(index);
        if (l1Batch.batchHash !== batch.batchHash) {
          throw new L1TransactionError("L1 holds another batch at this index; the owner must revert it", { batch: index, l1: l1Batch.batchHash, l2: batch.batchHash });
        }
        commit = await this.l1.commitTxOf(index, this.options.fromBlock);
        if (commit === undefined) throw new L1TransactionError("L1 holds the batch but no BatchCommitted event for it", { batch: index });
      } else {
        commit = await this.l1.commitBatch(batch);
        this.node.metrics.l1Gas.observe({ kind: "commit" }, Number(commit.gasUsed)); // adopted ones were sent (and counted) by an earlier run
      }
      const patch = { commitTx: commit.hash, commitGas: commit.gasUsed.toString() };
      await this.batches.update(batch.status === "pending" ? transition(batch, "committed", patch) : { ...batch, ...patch });
      this.committedBelow = index + 1;
      if (batch.status === "pending") void this.node.proving.wake(); // finalized by a later round once proved
      this.log.info({ index, l1Tx: commit.hash, gasUsed: Number(commit.gasUsed), status: batch.status === "pending" ? "committed" : batch.status, reason: batch.reason }, "batch committed to L1");
    }
  }

  private async finalizeBatches(): Promise<void> {
    const count = await this.batches.count();
    for (let index = Number(await this.l1.lastFinalizedBatch()) + 1; index < count && !this.stopped; index++) {
      const batch = await this.batchAt(index);
      if (batch.status !== "proved") return; // in order: an unproved batch blocks the ones after it
      const proof = await this.batches.proof(index);
      if (proof === undefined) throw new L1TransactionError("a proved batch has no stored proof", { batch: index });
      const finalize = await this.l1.finalizeBatch(index, proof);
      this.node.metrics.l1Gas.observe({ kind: "finalize" }, Number(finalize.gasUsed));
      await this.batches.update(transition(batch, "finalized", { finalizeTx: finalize.hash, finalizeGas: finalize.gasUsed.toString() }));
      this.log.info({ index, l1Tx: finalize.hash, gasUsed: Number(finalize.gasUsed) }, "batch finalized on L1");
    }
  }

  private async batchAt(index: number): Promise<BatchRecord> {
    const batch = await this.batches.get(index);
    if (batch === undefined) throw new L1TransactionError("batch missing from the store", { batch: index });
    return batch;
  }
}
