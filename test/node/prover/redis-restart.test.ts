import { expect } from "chai";
import { Worker } from "bullmq";
import { bytesToHex } from "viem";
import { Writable } from "node:stream";
import pino from "pino";
import { verify } from "../../../circuits/plonk/index.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { openProofQueue } from "../../../node/prover/index.js";
import { JobStore } from "../../../node/prover/job-store.js";
import { redisConnection } from "../../../node/prover/redis-queue.js";
import { keysFor, runJob, type ProofJob } from "../../../node/prover/runner.js";
import { ProverService } from "../../../node/prover/service.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { RedisUnavailableError, spawnProver, startRedis, type LocalRedis, type ProverProcess } from "../../../scripts/bench/processes.js";
import { committedBatch, until } from "./helpers.js";
import { ref } from "./test-circuits.js";

/** A pino logger whose lines are kept (the node's own account of what it accepted). */
const capturingLogger = () => {
  const lines: { msg: string; batch?: number; err?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line !== "") lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), said: (msg: string) => lines.filter((l) => l.msg === msg) };
};

// Redis restarted mid-run (issue #15): a redis-server of this test's own, without persistence, is SIGKILLed and
// started again on the same port while jobs wait and run, so it comes back empty. The node's queue finds its
// waiting jobs gone and adds them again; the provers reconnect; every batch is proven, its proof accepted once.
// And a prover's result that is not proof bytes fails that run instead of leaving the job waiting forever.
describe("Redis proof queue: a restart of Redis or a bad result loses no batch", function () {
  this.timeout(120_000);
  const queueName = `zkevm-proofs-restart-${process.pid}`;
  const circuit = loadCircuit(ref("testFibonacci"));
  let redis: LocalRedis | undefined;
  const provers: ProverProcess[] = [];
  let service: ProverService | undefined;

  before(async function () {
    try {
      redis = await startRedis();
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      console.log(`      (skipped: ${error.message})`);
      this.skip();
    }
    provers.push(...(await Promise.all([0, 1].map(() => spawnProver(redis!.url, { queueName, lockMs: 2_000 })))));
  });

  after(async () => {
    await service?.close(); // here, not in the test: a test that times out must not leave its connections open
    await Promise.all(provers.map((p) => p.stop()));
    await redis?.stop();
  });

  it("every job completes exactly once after a restart that empties Redis", async () => {
    const kv = new MemoryKv();
    const { log, said } = capturingLogger();
    const queue = await openProofQueue({ queue: redis!.url, queueName, maxRuns: 2, checkMs: 300 }, log);
    service = await ProverService.start({ kv, circuits: [ref("testFibonacci")], queue, maxAttempts: 3, log, bars: false });
    const batches = [1, 2, 3, 4, 5, 6];
    let provingStarted!: () => void;
    const started = new Promise<void>((r) => (provingStarted = r));
    const proofs = batches.map((i) => service!.prove(committedBatch(i), (p) => p.phase === "msm" && provingStarted()));
    await started; // a prover is inside a proof, the other jobs wait in Redis
    await redis!.restart();
    const settled = await Promise.allSettled(proofs);
    const { pk } = await keysFor(circuit);
    for (const [n, outcome] of settled.entries()) {
      const index = batches[n];
      expect(outcome.status, `batch ${index}: ${outcome.status === "rejected" ? String(outcome.reason) : ""}`).to.equal("fulfilled");
      const proof = (outcome as PromiseFulfilledResult<Uint8Array>).value;
      expect(verify(pk.vk, circuit.instances(circuit.input(committedBatch(index))), proof).ok, `batch ${index} verifies`).to.equal(true);
      // a job Redis lost is not a failed attempt: it runs again under the same attempt
      expect(await new JobStore(kv).get(index), `batch ${index}`).to.deep.include({ status: "done", attempts: 1 });
    }
    const accepted = said("proof verified and accepted").map((l) => l.batch);
    expect([...accepted].sort((a, b) => a! - b!), "each batch's proof accepted exactly once").to.deep.equal(batches);
    expect(said("a proving job is gone from Redis (restarted without persistence?); adding it again").length, "the restart did lose queued jobs").to.be.greaterThan(0);
    await until("the provers' logs of every proof", () => batches.every((i) => provers.some((p) => p.said("proof made", i) > 0)));
  });

  it("fails the run of a prover that returns no proof bytes (never a lost job) and the next attempt is accepted", async () => {
    const kv = new MemoryKv();
    const { log, said } = capturingLogger();
    const name = `${queueName}-bad`;
    // an in-process prover: garbage on the first attempt, a real proof on the next
    const worker = new Worker<ProofJob>(name, async (bull) => {
      if (bull.data.attempt === 1) return { proof: "not a proof", steps: 0 };
      const { proof, steps } = await runJob(bull.data, () => undefined);
      return { proof: bytesToHex(proof), steps };
    }, { connection: redisConnection(redis!.url) });
    try {
      const own = await ProverService.start({ kv, circuits: [ref("testFibonacci")], queue: await openProofQueue({ queue: redis!.url, queueName: name, maxRuns: 1, checkMs: 300 }, log), maxAttempts: 3, log, bars: false });
      try {
        const proof = await own.prove(committedBatch(7));
        expect(verify((await keysFor(circuit)).pk.vk, circuit.instances(circuit.input(committedBatch(7))), proof).ok).to.equal(true);
        expect(await new JobStore(kv).get(7)).to.deep.include({ status: "done", attempts: 2 });
        expect(said("proving attempt failed").map((l) => l.err)).to.deep.equal([`batch 7: proving failed 1 time(s); last: a prover returned no proof bytes: {"proof":"not a proof","steps":0}`]);
      } finally {
        await own.close();
      }
    } finally {
      await worker.close();
    }
  });
});
