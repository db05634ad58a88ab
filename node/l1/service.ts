/**
 * The node's L1 loop: every `pollMs` (or as soon as a batch is sealed) it
 *   1. syncs the L1 message queue (L1MessageQueued logs) into the store, with the L1 block cursor, atomically, and
 *      applies the owner's batch reverts (BatchReverted logs) found in the same blocks (below);
 *   2. delivers stored messages to L2 as bridge transactions, in queue order (node/l1/bridge.ts);
 *   3. commits sealed batches in order with commitBatch (reconciling with L1 first, so a crash between sending
 *      and recording never commits twice), and records the L1 transaction and its gas;
 *   4. finalizes proved batches with their stored proof, recording the transaction and its gas.
 * Any failure (L1 down, restarted, timing out) ends the round; the next one starts after an exponential backoff,
 * and everything resumes from what the store holds. Nothing is kept only in memory.
 *
 * The owner's revertBatch(i) (ZkRollup) deletes committed, unfinalized batches i…last on L1. What an operator of a
 * Scroll- or Taiko-like rollup expects from the sequencer then:
 *   - the L2 chain does not reorg: L2 blocks are final for users once the sequencer made them, and a revert is about
 *     the L1 record (a bad commit, a prover or verifier upgrade: setVerifier), not about L2 history. So the same
 *     blocks make the same batches (same roots, hashes, L1 messages: revertBatch rewinds the message queue too);
 *   - each reverted batch goes back to `pending` and is committed again in order; its stored proof is dropped and
 *     its failed-round count reset, since it is proved again under whatever verifier L1 now holds (a proof in
 *     flight for it is dropped when it lands). Its record keeps the revertTx, so RPC and the status page show it;
 *   - an `unprovable` batch is NOT committed again: the owner reverted it on purpose, and committing the same batch
 *     would only block finalization again. It stays unprovable, with the revertTx and no commitTx, and commits halt
 *     before it (the status page and rollup_getBatch say so): later batches wait `pending` until the operator
 *     restarts the node with a prover that covers it (a wider circuit, a fixed prover), which puts it back to
 *     pending at start (ProvingLoop.recover), to be committed and proved like any other;
 *   - reverts are applied only while L1 agrees (the batch hash matches the node's, and L1 no longer holds the
 *     index), so re-reading an old event after a crash changes nothing.
 */
import type { Logger } from "pino";
import type { BatchRecord } from "../batcher/batch.js";
import { transition } from "../batcher/batch.js";
import type { L2Node } from "../node.js";
import type { BatchStore } from "../store/batch-store.js";
import { TxRejectedError } from "../mempool/errors.js";
import { BRIDGE_ADDRESS, depositTransaction } from "./bridge.js";
import { L1TransactionError, type L1BatchRevert, type L1Client, type L1Tx } from "./client.js";
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
  /** The reverted unprovable batch commits halt at, once logged (one warning per halt, not per round). */
  private haltedAt: number | undefined;

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
    const vk = node.proverService?.verifyingKey(batchCircuitRef(chainCircuitArgs(node.config.genesis.chainId, node.config.genesis.gasLimit)).id);
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
    await this.syncL1();
    await this.deliverMessages();
    await this.commitBatches();
    await this.finalizeBatches();
  }

  private async syncL1(): Promise<void> {
    const latest = await this.l1.blockNumber();
    for (let cursor = (await this.batches.l1Cursor()) ?? this.options.fromBlock - 1n; cursor < latest && !this.stopped; ) {
      const to = cursor + this.options.maxLogRange < latest ? cursor + this.options.maxLogRange : latest;
      const [messages, reverts] = await Promise.all([this.l1.l1Messages(cursor + 1n, to), this.l1.batchReverts(cursor + 1n, to)]);
      await this.applyReverts(reverts); // before the cursor moves past them: a crash in between reads them again
      await this.batches.putL1Messages(messages, to);
      if (messages.length > 0) this.log.info({ nonces: messages.map((m) => Number(m.nonce)), l1Block: Number(to) }, "L1 messages queued");
      cursor = to;
    }
  }

  /** Brings the records of batches the owner reverted on L1 in line (see the file header). */
  private async applyReverts(reverts: readonly L1BatchRevert[]): Promise<void> {
    if (reverts.length === 0) return;
    const onL1 = Number(await this.l1.lastCommittedBatch());
    for (const revert of reverts) {
      const batch = await this.batches.get(revert.index);
      if (batch === undefined || batch.commitTx === undefined || revert.index <= onL1) continue; // applied before, or committed again since
      if (batch.batchHash !== revert.batchHash) {
        this.log.warn({ index: revert.index, l1: revert.batchHash, node: batch.batchHash, l1Tx: revert.l1TxHash }, "L1 reverted a batch that is not this node's; record left as is");
        continue;
      }
      if (batch.status === "finalized") throw new L1TransactionError("L1 reverted a batch this node recorded as finalized", { batch: revert.index, l1Tx: revert.l1TxHash });
      const reset = { commitTx: undefined, commitGas: undefined, revertTx: revert.l1TxHash };
      if (batch.status === "unprovable") {
        await this.batches.update({ ...batch, ...reset });
      } else {
        const fresh = { ...reset, provingRounds: undefined, provingError: undefined, provingSeconds: undefined };
        await this.batches.update(transition(batch, "pending", fresh), null);
      }
      this.committedBelow = Math.min(this.committedBelow, revert.index);
      this.node.metrics.l1Reverts.inc();
      this.log.warn(
        { index: revert.index, status: batch.status, l1Tx: revert.l1TxHash, l1Block: Number(revert.l1BlockNumber) },
        batch.status === "unprovable" ? "batch reverted on L1 by the owner; unprovable, so not committed again (commits halt before it)" : "batch reverted on L1 by the owner; it is committed and proved again",
      );
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
      if (batch.status === "unprovable" && batch.revertTx !== undefined) {
        if (this.haltedAt !== index) this.log.warn({ index, reason: batch.reason, revertTx: batch.revertTx }, "commits halt: the owner reverted this unprovable batch on L1");
        this.haltedAt = index;
        return;
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
