import { expect } from "chai";
import { hexToBytes, parseGwei } from "viem";
import { verify } from "../../../circuits/plonk/index.js";
import { transition } from "../../../node/batcher/batch.js";
import type { L2Node } from "../../../node/node.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { WorkerPool } from "../../../node/prover/pool.js";
import { keysFor } from "../../../node/prover/runner.js";
import { ProverService } from "../../../node/prover/service.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { silent, until } from "./helpers.js";
import { ref } from "./test-circuits.js";

// The node with the prover service as its BatchProver (the test circuit registered: a real proof bound to each
// batch's public input): committed batches go proving → proved, rollup_getBatch shows the job's progress meanwhile,
// and the stored proof verifies. The L1 client's commit step is played by hand (no L1 here).
describe("node with the prover service (test circuit)", function () {
  this.timeout(60_000);
  let node: L2Node;
  const circuit = loadCircuit(ref("testFibonacci"));

  before(async () => {
    const prover = await ProverService.start({ kv: new MemoryKv(), circuits: [ref("testFibonacci")], queue: new WorkerPool({ size: 1, maxRuns: 2 }, silent), maxAttempts: 2, log: silent, bars: false });
    node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 }, prover });
  });
  after(() => node?.stop());

  const proveBatch = async (nonce: number) => {
    const raw = await devAccount(4).signTransaction({ type: "eip1559", chainId: 31338, nonce, to: "0x00000000000000000000000000000000000000b2", value: 7n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
    expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
    const index = nonce + 1;
    const sealed = await until(`batch ${index} sealed`, () => node.batcher.batches.get(index));
    expect(sealed.status, "a batch the registered circuit covers is not unprovable").to.equal("pending");
    await node.batcher.batches.update(transition(sealed, "committed", { commitTx: `0x${"11".repeat(32)}` }));
    void node.proving.wake();
    const seen = await until(`batch ${index} progress over RPC`, async () => {
      const b = (await rpc(node.url, "rollup_getBatch", [index])).result;
      return b.status === "proving" && b.progress !== null ? b.progress : undefined;
    });
    await node.proving.settled();
    const done = (await rpc(node.url, "rollup_getBatch", [index])).result;
    expect(done).to.deep.include({ status: "proved", progress: null });
    const proof = hexToBytes((await rpc(node.url, "rollup_getBatchProof", [index])).result);
    const instances = circuit.instances(circuit.input((await node.batcher.batches.get(index))!));
    expect(instances[0].slice(0, 2).map((x) => `0x${x.toString(16)}`), "the proof's instances are the batch's public input").to.deep.equal(done.publicInput);
    expect(verify((await keysFor(circuit)).pk.vk, instances, proof)).to.deep.equal({ ok: true });
    return seen as { phase: string; fraction: number | null; attempt: number };
  };

  it("proves a committed batch, showing the job's phase over rollup_getBatch, and stores a proof that verifies", async () => {
    const progress = await proveBatch(0);
    expect(progress).to.include({ attempt: 1 });
    expect(progress.phase).to.be.a("string");
  });

  it("shows a fraction once the circuit's step count is known (second batch)", async () => {
    const progress = await proveBatch(1);
    expect(progress.fraction).to.be.a("number").within(0, 1);
  });
});
