import { expect } from "chai";
import { parseGwei } from "viem";
import { BatchStore } from "../../../node/store/batch-store.js";
import { ProvingLoop } from "../../../node/batcher/proving.js";
import type { QueueStats } from "../../../node/prover/queue.js";
import { NodeMetrics } from "../../../node/status/metrics.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { committedBatch, silent, until } from "../prover/helpers.js";

/** The value of a series in Prometheus text (first match), or undefined. */
const series = (text: string, name: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

describe("metrics: GET /metrics in Prometheus text format", function () {
  this.timeout(60_000);

  it("counts blocks and txs, reads head, mempool and batches by status at scrape time", async () => {
    const node = await startNode({ batcher: { maxBlocks: 100, maxAgeMs: 0, maxTxs: 1000 } });
    try {
      const account = devAccount(0);
      for (const nonce of [0, 1]) {
        const raw = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce, to: devAccount(1).address, value: 1n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
        expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
      }
      await node.batcher.sealNow();
      const res = await fetch(`${node.url}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get("content-type")).to.match(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(series(text, "zkevm_l2_blocks_total")).to.equal(2); // automine: a block per tx
      expect(series(text, "zkevm_l2_txs_total")).to.equal(2);
      expect(series(text, "zkevm_l2_head_block")).to.equal(2);
      expect(series(text, "zkevm_mempool_txs")).to.equal(0);
      expect(series(text, 'zkevm_batches{status="unprovable"}')).to.equal(1); // no batch circuit: sealed unprovable
      expect(series(text, 'zkevm_batches{status="proved"}')).to.equal(0);
      expect(series(text, "zkevm_proving_queue_depth")).to.equal(0);
      expect(series(text, "zkevm_l1_round_failures_total")).to.equal(0);
      expect(series(text, "zkevm_l1_batches_reverted_total")).to.equal(0);
      expect(series(text, "zkevm_proving_failed_rounds")).to.equal(0);
      expect(text).to.contain("# TYPE zkevm_proving_seconds histogram");
      // L1 gas per kind, exported at zero before any L1 transaction (no L1 here; values: test/node/l1/finalize.test.ts)
      expect(text).to.contain("# TYPE zkevm_l1_tx_gas_used histogram");
      for (const kind of ["commit", "finalize"]) {
        expect([series(text, `zkevm_l1_tx_gas_used_count{kind="${kind}"}`), series(text, `zkevm_l1_tx_gas_used_sum{kind="${kind}"}`)], kind).to.deep.equal([0, 0]);
      }
      // the node's prover service: the embedded pool, no thread started yet, nothing queued
      expect(series(text, "zkevm_proof_queue_up")).to.equal(1);
      expect(series(text, "zkevm_prover_workers")).to.equal(0);
      expect(series(text, 'zkevm_proof_queue_jobs{state="waiting"}')).to.equal(0);
    } finally {
      await node.stop();
    }
  });

  it("observes the proving time of every accepted proof", async () => {
    const batches = new BatchStore(new MemoryKv());
    await batches.append({ ...committedBatch(0), status: "finalized" });
    await batches.append(committedBatch(1));
    const metrics = new NodeMetrics({ headNumber: () => 0n, mempoolSize: () => 0, batches });
    const prover = { check: () => ({ provable: true as const }), prove: async () => Uint8Array.of(1, 2, 3) };
    const loop = new ProvingLoop(batches, prover, silent, (_index, seconds) => metrics.provingSeconds.observe(seconds));
    expect(series((await metrics.scrape()).body, "zkevm_proving_queue_depth")).to.equal(1);
    await loop.wake();
    await until("batch 1 proved", async () => (await batches.get(1))!.status === "proved");
    const text = (await metrics.scrape()).body;
    expect(series(text, "zkevm_proving_seconds_count")).to.equal(1);
    expect(series(text, 'zkevm_batches{status="proved"}')).to.equal(1);
    expect(series(text, "zkevm_proving_queue_depth")).to.equal(0);
    await loop.stop();
  });

  it("sums the failed proving rounds of the batches waiting for a proof (not of those proved or given up)", async () => {
    const batches = new BatchStore(new MemoryKv());
    await batches.append({ ...committedBatch(0), status: "finalized" });
    await batches.append({ ...committedBatch(1), provingRounds: 2 });
    await batches.append({ ...committedBatch(2), status: "proving", provingRounds: 1 });
    await batches.append({ ...committedBatch(3), status: "proved", provingRounds: 4 });
    await batches.append({ ...committedBatch(4), status: "unprovable", provingRounds: 5 });
    const metrics = new NodeMetrics({ headNumber: () => 0n, mempoolSize: () => 0, batches });
    expect(series((await metrics.scrape()).body, "zkevm_proving_failed_rounds")).to.equal(3);
  });

  it("reads the proof queue's workers and jobs, and says when the queue does not answer", async () => {
    const batches = new BatchStore(new MemoryKv());
    let answer: () => Promise<QueueStats> = async () => ({ kind: "redis", workers: [{ name: "a/1" }, { name: "b/2" }], capacity: null, waiting: 3, running: 2 });
    const metrics = new NodeMetrics({ headNumber: () => 0n, mempoolSize: () => 0, batches, proverStats: () => answer() });
    let text = (await metrics.scrape()).body;
    expect([series(text, "zkevm_proof_queue_up"), series(text, "zkevm_prover_workers")]).to.deep.equal([1, 2]);
    expect([series(text, 'zkevm_proof_queue_jobs{state="waiting"}'), series(text, 'zkevm_proof_queue_jobs{state="running"}')]).to.deep.equal([3, 2]);
    answer = () => Promise.reject(new Error("connect ECONNREFUSED"));
    text = (await metrics.scrape()).body;
    expect(series(text, "zkevm_proof_queue_up")).to.equal(0);
  });
});
