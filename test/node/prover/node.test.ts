import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { hexToBytes, parseGwei } from "viem";
import { verify } from "../../../circuits/plonk/index.js";
import { transition } from "../../../node/batcher/batch.js";
import { configFromOptions, nodeCommand, type NodeCliOptions } from "../../../node/cli.js";
import { DEFAULT_PROVING } from "../../../node/config.js";
import type { L2Node } from "../../../node/node.js";
import { DEVNET_BATCH_CAPACITY } from "../../../node/prover/batch-circuit.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { JobStore } from "../../../node/prover/job-store.js";
import { keysFor } from "../../../node/prover/runner.js";
import { LevelKv } from "../../../node/store/level-kv.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { until } from "./helpers.js";
import { ref } from "./test-circuits.js";

const circuit = loadCircuit(ref("testFibonacci"));
/** The node's prover service with the labelled test circuit registered (the test-only option), never a batch circuit. */
const withTestCircuit = { ...DEFAULT_PROVING, maxAttempts: 2, testCircuits: [ref("testFibonacci")] };

/** Sends one transfer (automine, one block per batch) and returns its sealed batch, committed by hand (no L1 here). */
async function commitBatch(node: L2Node, nonce: number) {
  const raw = await devAccount(4).signTransaction({ type: "eip1559", chainId: 31338, nonce, to: "0x00000000000000000000000000000000000000b2", value: 7n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
  expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
  const index = nonce + 1;
  const sealed = await until(`batch ${index} sealed`, () => node.batcher.batches.get(index));
  expect(sealed.status, "a batch the registered circuit covers is not unprovable").to.equal("pending");
  await node.batcher.batches.update(transition(sealed, "committed", { commitTx: `0x${"11".repeat(32)}` }));
  return index;
}

async function expectVerifiedProof(node: L2Node, index: number) {
  const done = (await rpc(node.url, "rollup_getBatch", [index])).result;
  expect(done).to.deep.include({ status: "proved", progress: null });
  const proof = hexToBytes((await rpc(node.url, "rollup_getBatchProof", [index])).result);
  const instances = circuit.instances(circuit.input((await node.batcher.batches.get(index))!));
  expect(instances[0].slice(0, 2).map((x) => `0x${x.toString(16)}`), "the proof's instances are the batch's public input").to.deep.equal(done.publicInput);
  expect(verify((await keysFor(circuit)).pk.vk, instances, proof)).to.deep.equal({ ok: true });
}

/** The proving job of batch `index` in a stopped node's LevelDB directory. */
async function jobIn(dir: string, index: number) {
  const kv = await LevelKv.open(dir);
  try {
    return await new JobStore(kv).get(index);
  } finally {
    await kv.close();
  }
}

// The node runs the prover service itself (node.ts), over its own store. With no circuit (every real
// configuration without the batch circuit, as --no-prove) batches are unprovable and name why; with the labelled test circuit
// injected through the test-only `proving.testCircuits`, committed batches go proving → proved with a real proof.
describe("node with its prover service", function () {
  this.timeout(60_000);

  it("registers no circuit by default: batches are unprovable, 'no batch circuit registered', and never proved", async () => {
    const node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
    try {
      expect(node.proverService, "the service runs in every node").not.to.equal(undefined);
      const raw = await devAccount(5).signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: devAccount(6).address, value: 1n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
      expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
      const batch = await until("batch 1 sealed", () => node.batcher.batches.get(1));
      expect(batch.status).to.equal("unprovable");
      expect(batch.reason).to.match(/^no batch circuit registered \(the node runs with --no-prove\)/);
      expect(await node.batcher.batches.proof(1)).to.equal(undefined);
      expect(await node.proverService!.stats()).to.deep.include({ kind: "embedded", capacity: 1, circuits: [], waiting: 0, running: 0 });
    } finally {
      await node.stop();
    }
  });

  describe("with the test circuit injected", () => {
    let node: L2Node;
    before(async () => {
      node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 }, proving: withTestCircuit });
    });
    after(() => node?.stop());

    it("proves a committed batch, showing the job's phase over rollup_getBatch, and stores a proof that verifies", async () => {
      const index = await commitBatch(node, 0);
      void node.proving.wake();
      const progress = await until(`batch ${index} progress over RPC`, async () => {
        const b = (await rpc(node.url, "rollup_getBatch", [index])).result;
        return b.status === "proving" && b.progress !== null ? b.progress : undefined;
      });
      expect(progress).to.include({ attempt: 1 });
      expect(progress.phase).to.be.a("string");
      await node.proving.settled();
      await expectVerifiedProof(node, index);
      expect(node.proving.lastProof).to.include({ index });
    });

    it("shows a fraction once the circuit's step count is known (second batch)", async () => {
      const index = await commitBatch(node, 1);
      void node.proving.wake();
      const progress = await until(`batch ${index} fraction over RPC`, async () => {
        const b = (await rpc(node.url, "rollup_getBatch", [index])).result;
        return b.status === "proving" && b.progress?.fraction != null ? b.progress : undefined;
      });
      expect(progress.fraction).to.be.a("number").within(0, 1);
      await node.proving.settled();
      await expectVerifiedProof(node, index);
    });
  });

  it("resumes a job interrupted by a restart: the persisted job runs again and the batch is proved once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "node-prover-"));
    const config = { dataDir: dir, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 }, proving: withTestCircuit };
    try {
      let node = await startNode(config);
      const index = await commitBatch(node, 0);
      void node.proving.wake();
      // stopped as soon as proving starts: the worker thread is still loading, so the job is interrupted
      await until("the batch proving", async () => (await node.batcher.batches.get(index))?.status === "proving");
      await node.stop();
      expect(await jobIn(dir, index), "the interrupted job is persisted, open").to.deep.include({ status: "open", attempts: 1 });
      node = await startNode(config);
      try {
        await until("the resumed job proved", async () => (await node.batcher.batches.get(index))?.status === "proved");
        await expectVerifiedProof(node, index);
      } finally {
        await node.stop();
      }
      expect(await jobIn(dir, index), "the interrupted attempt ran again, not a new one").to.deep.include({ status: "done", attempts: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("node CLI: prover flags", () => {
  const parse = (...args: string[]) => nodeCommand("l2-node", "test", { dataDir: ".data/x", inMemory: true }).exitOverride().configureOutput({ writeErr: () => undefined }).parse(args, { from: "user" }).opts<NodeCliOptions>();

  it("--queue and --queue-name choose the Redis queue; --prover-workers sizes the embedded pool", () => {
    expect(configFromOptions(parse("--queue", "redis://127.0.0.1:6390", "--queue-name", "q1")).proving).to.deep.include({ queue: "redis://127.0.0.1:6390", queueName: "q1" });
    expect(configFromOptions(parse("--prover-workers", "3")).proving).to.deep.include({ queue: undefined, workers: 3 });
    expect(configFromOptions(parse()).proving).to.deep.include({ queue: undefined, workers: 1, queueName: "zkevm-proofs" });
  });

  it("proves with the batch circuit by default: a tx per block, its tx slots bounding batches; --no-prove registers none", () => {
    const proving = configFromOptions(parse());
    expect(proving.proving.batchCircuit).to.equal(true);
    expect(proving.maxBlockTxs).to.equal(1);
    expect(proving.batcher.maxTxs).to.equal(DEVNET_BATCH_CAPACITY.txs);
    const off = configFromOptions(parse("--no-prove"));
    expect(off.proving.batchCircuit).to.equal(false);
    expect(off.maxBlockTxs).to.equal(undefined);
  });

  it("includes txs the batch circuit cannot prove by default (their batch unprovable); --unprovable-txs skip leaves them out", () => {
    expect(configFromOptions(parse()).unprovableTxs).to.equal("include");
    expect(configFromOptions(parse("--unprovable-txs", "skip")).unprovableTxs).to.equal("skip");
    expect(() => parse("--unprovable-txs", "drop")).to.throw(CommanderError, /Allowed choices are skip, include/);
  });

  it("--proving-rounds and --proving-retry bound the proving rounds of a batch before it is unprovable", () => {
    expect(configFromOptions(parse()).proving.retry).to.deep.equal({ maxRounds: 5, retryMs: 30_000 });
    expect(configFromOptions(parse("--proving-rounds", "2", "--proving-retry", "7")).proving.retry).to.deep.equal({ maxRounds: 2, retryMs: 7_000 });
    expect(() => parse("--proving-rounds", "0")).to.throw(CommanderError, /--proving-rounds must be an integer ≥ 1/);
  });

  it("refuses a queue URL that is not redis:// and a worker count below 1, saying what is expected", () => {
    expect(() => parse("--queue", "http://127.0.0.1:6379")).to.throw(CommanderError, /expected redis:\/\//);
    expect(() => parse("--prover-workers", "0")).to.throw(CommanderError, /--prover-workers must be an integer ≥ 1/);
  });
});
