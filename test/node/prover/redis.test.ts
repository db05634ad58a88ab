import { expect } from "chai";
import { connect } from "node:net";
import { Queue } from "bullmq";
import { verify } from "../../../circuits/plonk/index.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { JobStore } from "../../../node/prover/job-store.js";
import { openProofQueue } from "../../../node/prover/index.js";
import { QueueUnreachableError, redisConnection, RedisUrlError } from "../../../node/prover/redis-queue.js";
import { keysFor } from "../../../node/prover/runner.js";
import { ProverClosedError } from "../../../node/prover/queue.js";
import { ProverService } from "../../../node/prover/service.js";
import { UnprovableBatchError } from "../../../node/batcher/prover.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { committedBatch, silent, until } from "./helpers.js";
import { ref } from "./test-circuits.js";
import { freePort, spawnProver, type ProverProcess as Prover } from "../../../scripts/bench/processes.js";

// The Redis queue (issue #15) with real `prover` processes (node/prover/cli.ts): jobs shared between two provers,
// a prover SIGKILLed mid-proof (its job moves to the other once its lock expires, and is proven once), a lying
// prover's proof rejected by the node. Needs a Redis server (REDIS_URL, default redis://127.0.0.1:6379; .ci/run
// starts one); skipped with a message when none answers.

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const LOCK_MS = 2_000;

/** True when a Redis server answers PING at the URL within a second. */
const redisAnswers = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { host, port } = redisConnection(url) as { host: string; port: number };
    const socket = connect({ host, port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });

describe("redis:// URLs", () => {
  it("become BullMQ connection options; anything else is refused with the expected form", () => {
    expect(redisConnection("redis://127.0.0.1")).to.deep.equal({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(redisConnection("redis://u:p%40ss@queue.local:7000/2")).to.deep.equal({ host: "queue.local", port: 7000, db: 2, username: "u", password: "p@ss" });
    for (const bad of ["http://127.0.0.1:6379", "127.0.0.1:6379", "redis://", "redis://h/x"]) {
      expect(() => redisConnection(bad), bad).to.throw(RedisUrlError, /expected redis:\/\/\[user:password@\]host\[:port\]\[\/db\]/);
    }
  });
});

describe("Redis proof queue: no server", () => {
  it("fails fast, naming the URL, when nothing answers (the node does not start half-wired)", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await openProofQueue({ queue: url, connectMs: 500 }, silent).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(QueueUnreachableError).and.to.have.property("message", `the Redis proof queue at ${url} did not answer within 500 ms (is redis-server running?)`);
    expect(Date.now() - started).to.be.below(5_000);
  });
});

describe("Redis proof queue (BullMQ) with prover processes", function () {
  this.timeout(90_000);
  const queueName = `zkevm-proofs-test-${process.pid}`;
  const provers: Prover[] = [];
  let service: ProverService;
  let kv: MemoryKv;
  const circuit = loadCircuit(ref("testFibonacci"));
  const verifies = async (index: number, proof: Uint8Array) =>
    verify((await keysFor(circuit)).pk.vk, circuit.instances(circuit.input(committedBatch(index))), proof).ok;

  before(async function () {
    if (!(await redisAnswers(REDIS_URL))) {
      console.log(`      (skipped: no Redis server answers at ${REDIS_URL}; start redis-server, as .ci/run does, or set REDIS_URL)`);
      this.skip();
    }
    provers.push(...(await Promise.all([spawnProver(REDIS_URL, { queueName, lockMs: LOCK_MS }), spawnProver(REDIS_URL, { queueName, lockMs: LOCK_MS })])));
    kv = new MemoryKv();
    const queue = await openProofQueue({ queue: REDIS_URL, queueName, maxRuns: 2 }, silent);
    service = await ProverService.start({ kv, circuits: [ref("testFibonacci"), ref("lyingFibonacci")], queue, maxAttempts: 3, log: silent, bars: false });
  });

  after(async () => {
    await service?.close();
    await Promise.all(provers.map((p) => p.stop()));
    if (provers.length > 0) {
      const queue = new Queue(queueName, { connection: redisConnection(REDIS_URL) });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("shares jobs between two prover processes; every proof verifies", async () => {
    const batches = [1, 2, 6];
    const proofs = await Promise.all(batches.map((i) => service.prove(committedBatch(i))));
    for (const [i, proof] of proofs.entries()) expect(await verifies(batches[i], proof), `batch ${batches[i]}`).to.equal(true);
    const made = (p: Prover) => batches.reduce((n, i) => n + p.said("proof made", i), 0);
    await until("every proof in the provers' logs", () => made(provers[0]) + made(provers[1]) === batches.length);
    expect(provers.map(made).every((n) => n >= 1), "each prover proved some").to.equal(true);
  });

  it("hands the job of a prover SIGKILLed mid-proof to the other, and the batch is proven once", async () => {
    let victim: Prover | undefined;
    const proof = await service.prove(committedBatch(3), (p) => {
      if (victim === undefined && p.phase === "msm") {
        victim = provers.find((v) => v.said("proving", 3) === 1);
        victim?.child.kill("SIGKILL");
      }
    });
    expect(victim, "a prover was killed mid-proof").not.to.equal(undefined);
    expect(await verifies(3, proof)).to.equal(true);
    const survivor = provers.find((p) => p !== victim)!;
    // their logs come through pipes, which may lag behind the result that came through Redis
    await until("the survivor's log of the proof", () => survivor.said("proof made", 3) === 1);
    expect(survivor.said("proving", 3)).to.equal(1);
    expect(victim!.said("proof made", 3)).to.equal(0);
    expect(await new JobStore(kv).get(3), "one attempt: the stall is not a rejected proof").to.deep.include({ status: "done", attempts: 1 });
  });

  it("rejects a lying prover's proof of another public input, and the next attempt's proof is accepted", async () => {
    const lying = await ProverService.start({ kv, circuits: [ref("lyingFibonacci")], queue: await openProofQueue({ queue: REDIS_URL, queueName, maxRuns: 2 }, silent), maxAttempts: 3, log: silent, bars: false });
    try {
      const survivor = provers.find((p) => p.child.exitCode === null && p.child.signalCode === null)!;
      const proof = await lying.prove(committedBatch(4));
      expect(await verifies(4, proof)).to.equal(true);
      await until("the survivor's log of the lying proof and the honest one", () => survivor.said("proof made", 4) === 2);
      expect(await new JobStore(kv).get(4)).to.deep.include({ status: "done", attempts: 2, circuit: "test/fibonacci-pi-lying" });
    } finally {
      await lying.close();
    }
  });

  it("hands a prover circuit's refusal of the batch back as UnprovableBatchError: one run, not attempted again", async () => {
    const refusing = await ProverService.start({ kv, circuits: [ref("refusingFibonacci")], queue: await openProofQueue({ queue: REDIS_URL, queueName, maxRuns: 2 }, silent), maxAttempts: 3, log: silent, bars: false });
    try {
      const error = await refusing.prove(committedBatch(8)).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(UnprovableBatchError).and.deep.include({ index: 8, reason: "the test circuit refuses every batch" });
      expect(await new JobStore(kv).get(8)).to.deep.include({ status: "failed", attempts: 1 });
      const refusals = () => provers.reduce((n, p) => n + p.said("the circuit refuses the batch", 8), 0);
      await until("the prover's log of the refusal", () => refusals() === 1);
    } finally {
      await refusing.close();
    }
  });

  it("re-attaches to the attempt a prover is running when the node's service restarts (one proof, one attempt)", async () => {
    const restartKv = new MemoryKv();
    const open = async () => ProverService.start({ kv: restartKv, circuits: [ref("testFibonacci")], queue: await openProofQueue({ queue: REDIS_URL, queueName, maxRuns: 2 }, silent), maxAttempts: 3, log: silent, bars: false });
    const first = await open();
    const interrupted = first.prove(committedBatch(5), (p) => void (p.phase === "msm" && first.close()));
    expect(await interrupted.then(() => undefined, (e: unknown) => e)).to.be.instanceOf(ProverClosedError);
    const second = await open();
    try {
      const proof = await second.prove(committedBatch(5));
      expect(await verifies(5, proof)).to.equal(true);
      expect(await new JobStore(restartKv).get(5)).to.deep.include({ status: "done", attempts: 1 });
      const logs = () => provers.reduce((n, p) => n + p.said("proof made", 5), 0);
      await until("the prover's log of the proof", () => logs() === 1);
      await new Promise((r) => setTimeout(r, 500));
      expect(logs(), "proven once").to.equal(1);
    } finally {
      await second.close();
    }
  });
});
