import { expect } from "chai";
import { parseGwei } from "viem";
import { transition } from "../../../node/batcher/batch.js";
import { DEFAULT_PROVING } from "../../../node/config.js";
import type { L2Node } from "../../../node/node.js";
import { renderStatusPage, type StatusSnapshot } from "../../../node/status/page.js";
import { RedisUnavailableError, spawnProver, startRedis } from "../../../scripts/bench/processes.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { committedBatch, until } from "../prover/helpers.js";
import { ref } from "../prover/test-circuits.js";
import { byId, findAll, parseHtml, textOf, type Element } from "./html.js";

/** GET /status, checked as a self-contained HTML page, parsed. */
async function loadPage(node: L2Node): Promise<Element> {
  const res = await fetch(`${node.url}/status`);
  expect(res.status).to.equal(200);
  expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
  const html = await res.text();
  expect(html, "no script, no external asset").not.to.match(/<script|<link|\ssrc=|\shref=|url\(|@import/i);
  const page = parseHtml(html);
  expect(findAll(page, (e) => e.tag === "meta" && e.attrs["http-equiv"] === "refresh"), "it reloads itself").to.have.length(1);
  return page;
}

const batchRow = (page: Element, index: number): Element => {
  const rows = findAll(byId(page, "batches"), (e) => e.tag === "tr" && e.attrs["data-batch"] === String(index));
  expect(rows, `one row for batch ${index}`).to.have.length(1);
  return rows[0];
};
const countOf = (page: Element, status: string): number =>
  Number(textOf(findAll(byId(page, "batch-counts"), (e) => e.tag === "td" && e.attrs["data-status"] === status)[0]));

const transfer = (account: number, nonce: number) =>
  devAccount(account).signTransaction({ type: "eip1559", chainId: 31338, nonce, to: devAccount(19).address, value: 1n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });

// The operator's page (issue #15) as a person would read it: fetched from a running node and parsed.
describe("status page: GET /status", function () {
  this.timeout(60_000);

  it("shows the head, the mempool, and an unprovable batch with its reason (the node has no batch circuit)", async () => {
    const node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
    try {
      expect((await rpc(node.url, "eth_sendRawTransaction", [await transfer(10, 0)])).error).to.equal(undefined);
      await until("batch 1 sealed", () => node.batcher.batches.get(1));
      // a nonce gap: this one waits in the mempool
      expect((await rpc(node.url, "eth_sendRawTransaction", [await transfer(10, 5)])).error).to.equal(undefined);
      const page = await loadPage(node);
      expect(textOf(byId(page, "head-number"))).to.equal(String(node.head.header.number));
      expect(textOf(byId(page, "mempool"))).to.match(/^1 transaction/);
      const row = batchRow(page, 1);
      expect(row.attrs["data-status"]).to.equal("unprovable");
      expect(textOf(row)).to.match(/no batch circuit registered \(the node runs with --no-prove\)/);
      expect(countOf(page, "unprovable")).to.equal(1);
      expect(countOf(page, "proved")).to.equal(0);
      expect(textOf(byId(page, "queue-depth"))).to.match(/^0 batch/);
      expect(byId(page, "workers").attrs["data-count"], "the embedded pool starts threads on demand").to.equal("0");
      expect(textOf(byId(page, "last-proof"))).to.match(/no proof made since the node started/);
    } finally {
      await node.stop();
    }
  });

  it("shows a batch proved with the test circuit: its proof size, the last proof's time, the pool's worker", async () => {
    const node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 }, proving: { ...DEFAULT_PROVING, testCircuits: [ref("testFibonacci")] } });
    try {
      expect((await rpc(node.url, "eth_sendRawTransaction", [await transfer(11, 0)])).error).to.equal(undefined);
      const sealed = await until("batch 1 sealed", () => node.batcher.batches.get(1));
      await node.batcher.batches.update(transition(sealed, "committed", { commitTx: `0x${"22".repeat(32)}` }));
      expect(textOf(byId(await loadPage(node), "queue-depth"))).to.match(/^1 batch/);
      await node.proving.wake();
      await node.proving.settled();
      const proof = (await node.batcher.batches.proof(1))!;
      const page = await loadPage(node);
      const row = batchRow(page, 1);
      expect(row.attrs["data-status"]).to.equal("proved");
      const seconds = (await node.batcher.batches.get(1))!.provingSeconds!;
      expect(seconds).to.be.a("number").above(0);
      expect(textOf(row)).to.include(`proof ${proof.length} bytes in ${seconds.toFixed(2)} s`).and.to.include("commit 0x22222222…222222");
      expect(textOf(byId(page, "last-proof"))).to.match(new RegExp(`^last proofbatch 1: \\d+\\.\\d\\d s, ${proof.length} bytes, at `));
      expect(byId(page, "workers").attrs["data-count"]).to.equal("1");
      expect(textOf(byId(page, "workers"))).to.match(/worker thread \d+ \(idle\)/);
    } finally {
      await node.stop();
    }
  });

  it("lists the prover processes connected to the node's Redis queue", async function () {
    let redis;
    try {
      redis = await startRedis();
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      console.log(`      (skipped: ${error.message})`);
      return this.skip();
    }
    const queueName = `zkevm-proofs-status-${process.pid}`;
    const prover = await spawnProver(redis.url, { queueName });
    const node = await startNode({ proving: { ...DEFAULT_PROVING, queue: redis.url, queueName } });
    try {
      const page = await loadPage(node);
      expect(byId(page, "workers").attrs["data-count"]).to.equal("1");
      expect(textOf(byId(page, "workers"))).to.include(`/${prover.child.pid}`);
      expect(textOf(page)).to.include("BullMQ queue on Redis");
    } finally {
      await node.stop();
      await prover.stop();
      await redis.stop();
    }
  });

  it("shows the L1 gas after each L1 transaction of a batch, and nothing for a record kept without it", () => {
    const finalized = { ...committedBatch(3), status: "finalized" as const, commitTx: `0x${"33".repeat(32)}` as const, commitGas: "154321", finalizeTx: `0x${"44".repeat(32)}` as const, finalizeGas: "287654" };
    const olderNode = { ...committedBatch(2), commitTx: `0x${"55".repeat(32)}` as const }; // recorded before gas was
    const snapshot: StatusSnapshot = {
      at: 0,
      chainId: 31338n,
      head: { number: 3n, hash: `0x${"ab".repeat(32)}`, timestamp: 0n, txCount: 0, gasUsed: 0n },
      mempool: 0,
      counts: { pending: 0, committed: 1, proving: 0, proved: 0, finalized: 1, unprovable: 0 },
      recent: [{ record: finalized, proofBytes: 4 }, { record: olderNode }],
      queueDepth: 1,
      prover: undefined,
    };
    const page = parseHtml(renderStatusPage(snapshot));
    const details = (index: number) => findAll(batchRow(page, index), (e) => e.tag === "td").at(-1)!;
    expect(details(3).children.filter((c) => typeof c !== "string" && c.tag === "br")).to.have.length(2);
    expect(textOf(details(3))).to.equal("proof 4 bytes" + "commit 0x33333333…333333 (gas 154321)" + "finalize 0x44444444…444444 (gas 287654)");
    expect(textOf(details(2))).to.equal("commit 0x55555555…555555");
  });

  it("shows failed proving rounds and batches the owner reverted on L1 (an unprovable one halts commits)", () => {
    const revertTx = `0x${"66".repeat(32)}` as const;
    const retried = { ...committedBatch(1), provingRounds: 2, provingError: "a worker's proof does not verify", revertTx };
    const stuck = { ...committedBatch(2), status: "unprovable" as const, reason: "no accepted proof in 5 proving round(s); last: x", provingRounds: 5, commitTx: undefined, revertTx };
    const snapshot: StatusSnapshot = {
      at: 0,
      chainId: 31338n,
      head: { number: 2n, hash: `0x${"ab".repeat(32)}`, timestamp: 0n, txCount: 0, gasUsed: 0n },
      mempool: 0,
      counts: { pending: 0, committed: 1, proving: 0, proved: 0, finalized: 0, unprovable: 1 },
      recent: [{ record: stuck }, { record: retried }],
      queueDepth: 1,
      prover: undefined,
    };
    const page = parseHtml(renderStatusPage(snapshot));
    const details = (index: number) => textOf(findAll(batchRow(page, index), (e) => e.tag === "td").at(-1)!);
    expect(details(1)).to.equal("2 failed proving round(s); last: a worker's proof does not verify" + "reverted on L1 by 0x66666666…666666" + "commit 0x00000000…000000");
    expect(details(2)).to.equal(
      "no accepted proof in 5 proving round(s); last: x" + "reverted on L1 by 0x66666666…666666: not committed again, so later batches wait (commits halt here)",
    );
  });

  it("escapes what it shows and says so when the queue does not answer", () => {
    const proving = { ...committedBatch(2), status: "proving" as const };
    const snapshot: StatusSnapshot = {
      at: 0,
      chainId: 31338n,
      head: { number: 7n, hash: `0x${"ab".repeat(32)}`, timestamp: 0n, txCount: 0, gasUsed: 0n },
      mempool: 0,
      counts: { pending: 0, committed: 0, proving: 1, proved: 0, finalized: 0, unprovable: 1 },
      recent: [
        { record: proving, progress: { phase: "msm", fraction: 0.5, attempt: 2 } },
        { record: { ...committedBatch(1), status: "unprovable", reason: "uses <script>alert(1)</script> & more" } },
      ],
      queueDepth: 1,
      prover: "the proof queue does not answer: connect ECONNREFUSED",
    };
    const html = renderStatusPage(snapshot);
    expect(html).not.to.include("<script>");
    const page = parseHtml(html);
    expect(textOf(batchRow(page, 1))).to.include("uses <script>alert(1)</script> & more");
    expect(textOf(batchRow(page, 2))).to.include("msm 50% (attempt 2)");
    expect(textOf(page)).to.include("the proof queue does not answer: connect ECONNREFUSED");
  });
});
