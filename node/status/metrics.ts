/**
 * The node's Prometheus metrics (prom-client), served as text at GET /metrics on the JSON-RPC port. Counters
 * follow events (blocks and txs sealed, batches proved with their proving time, the gas of each L1 commit and
 * finalize the node sends, failed L1 rounds, batches the owner reverted on L1); gauges are read when scraped
 * (chain head, mempool, batches by status, proving queue depth and the failed proving rounds of the batches in
 * it, the proof queue's workers and jobs). One registry per node, so several nodes in one process (tests) never
 * share series.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { BATCH_STATUSES, type BatchStatus } from "../batcher/batch.js";
import type { QueueStats } from "../prover/queue.js";
import type { BatchStore } from "../store/batch-store.js";

/** What the scrape-time gauges read. */
export interface MetricsSource {
  headNumber(): bigint;
  mempoolSize(): number;
  readonly batches: BatchStore;
  /** The prover service's queue; undefined when the node runs without one (an injected prover). */
  proverStats?(): Promise<QueueStats | undefined>;
}

export class NodeMetrics {
  readonly registry = new Registry();
  readonly blocks: Counter;
  readonly txs: Counter;
  readonly provingSeconds: Histogram;
  readonly l1Failures: Counter;
  /** Batches the owner reverted on L1 (revertBatch) whose records this node brought in line. */
  readonly l1Reverts: Counter;
  /** Gas of each commitBatch / finalizeBatch this node sent (label kind: commit | finalize). */
  readonly l1Gas: Histogram<"kind">;
  private readonly batches: Gauge;
  private readonly queueDepth: Gauge;
  private readonly failedRounds: Gauge;
  private readonly proverWorkers: Gauge;
  private readonly proofJobs: Gauge;
  private readonly queueUp: Gauge;

  constructor(private readonly source: MetricsSource) {
    const registers = [this.registry];
    this.blocks = new Counter({ name: "zkevm_l2_blocks_total", help: "L2 blocks sealed by this node since it started", registers });
    this.txs = new Counter({ name: "zkevm_l2_txs_total", help: "transactions in the L2 blocks sealed since the node started", registers });
    this.provingSeconds = new Histogram({
      name: "zkevm_proving_seconds", help: "wall time from a batch's proving start to its verified proof",
      buckets: [1, 5, 15, 60, 300, 900, 3600], registers,
    });
    this.l1Gas = new Histogram({
      name: "zkevm_l1_tx_gas_used", help: "gas used on L1 by each commitBatch (kind=commit) and finalizeBatch (kind=finalize) this node sent",
      labelNames: ["kind"], buckets: [50e3, 100e3, 200e3, 400e3, 800e3, 1.6e6, 3.2e6], registers,
    });
    // both kinds exported from the start (count 0), so a dashboard's rate() has a series before the first batch
    for (const kind of ["commit", "finalize"]) this.l1Gas.zero({ kind });
    this.l1Failures = new Counter({ name: "zkevm_l1_round_failures_total", help: "L1 rounds (sync deposits, commit, finalize) that failed and were retried", registers });
    this.l1Reverts = new Counter({ name: "zkevm_l1_batches_reverted_total", help: "batches the owner reverted on L1 (revertBatch) since the node started", registers });
    new Gauge({
      name: "zkevm_l2_head_block", help: "number of the L2 chain head", registers,
      collect() { this.set(Number(source.headNumber())); },
    });
    new Gauge({
      name: "zkevm_mempool_txs", help: "transactions waiting in the mempool", registers,
      collect() { this.set(source.mempoolSize()); },
    });
    this.batches = new Gauge({ name: "zkevm_batches", help: "batches by status", labelNames: ["status"], registers });
    this.queueDepth = new Gauge({ name: "zkevm_proving_queue_depth", help: "batches waiting for or in proving (committed or proving)", registers });
    this.failedRounds = new Gauge({ name: "zkevm_proving_failed_rounds", help: "failed proving rounds of the batches waiting for or in proving (each is retried until its limit)", registers });
    this.proverWorkers = new Gauge({ name: "zkevm_prover_workers", help: "provers able to take jobs: the embedded pool's started threads, or the prover processes connected to Redis", registers });
    this.proofJobs = new Gauge({ name: "zkevm_proof_queue_jobs", help: "proving jobs in the proof queue by state", labelNames: ["state"], registers });
    this.queueUp = new Gauge({ name: "zkevm_proof_queue_up", help: "1 when the proof queue answered this scrape, 0 when it did not (Redis down)", registers });
  }

  /** The queue gauges; left as they were when the queue does not answer (zkevm_proof_queue_up says so). */
  private async readQueue(): Promise<void> {
    let stats: QueueStats | undefined;
    try {
      stats = await this.source.proverStats?.();
    } catch {
      this.queueUp.set(0);
      return;
    }
    if (stats === undefined) return;
    this.queueUp.set(1);
    this.proverWorkers.set(stats.workers.length);
    this.proofJobs.set({ state: "waiting" }, stats.waiting);
    this.proofJobs.set({ state: "running" }, stats.running);
  }

  /** One scan of the batch store per scrape sets the batch gauges. */
  private async countBatches(): Promise<void> {
    const counts = new Map<BatchStatus, number>(BATCH_STATUSES.map((s) => [s, 0]));
    let failedRounds = 0;
    // batch 0 is the genesis batch, not a batch of blocks
    for (let index = 1, count = await this.source.batches.count(); index < count; index++) {
      const batch = await this.source.batches.get(index);
      if (batch === undefined) continue;
      counts.set(batch.status, counts.get(batch.status)! + 1);
      if (batch.status === "committed" || batch.status === "proving") failedRounds += batch.provingRounds ?? 0;
    }
    for (const [status, n] of counts) this.batches.set({ status }, n);
    this.queueDepth.set(counts.get("committed")! + counts.get("proving")!);
    this.failedRounds.set(failedRounds);
  }

  /** The text a Prometheus scrape gets, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await Promise.all([this.countBatches(), this.readQueue()]);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
