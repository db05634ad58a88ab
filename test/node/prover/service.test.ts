import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Writable } from "node:stream";
import { join } from "node:path";
import { deserializeProvingKey, verify } from "../../../circuits/plonk/index.js";
import { UnprovableBatchError, type JobProgress } from "../../../node/batcher/prover.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { ProgressBars } from "../../../node/prover/bars.js";
import { openProofQueue } from "../../../node/prover/index.js";
import { JobStore } from "../../../node/prover/job-store.js";
import { WorkerPool } from "../../../node/prover/pool.js";
import { ProverClosedError, type ProofQueue } from "../../../node/prover/queue.js";
import { QueueUnreachableError } from "../../../node/prover/redis-queue.js";
import { KEY_DIR, keysFor, vkHash } from "../../../node/prover/runner.js";
import { ProverService, ProvingFailedError } from "../../../node/prover/service.js";
import { MemoryKv, type KvStore } from "../../../node/store/kv.js";
import { LevelKv } from "../../../node/store/level-kv.js";
import { committedBatch, silent, until } from "./helpers.js";
import { ref } from "./test-circuits.js";

/** A queue that flips one byte of the first `count` proofs its inner queue returns (a worker gone bad). */
class CorruptingQueue implements ProofQueue {
  runs = 0;
  constructor(
    private readonly inner: ProofQueue,
    private count: number,
  ) {}

  async run(...args: Parameters<ProofQueue["run"]>) {
    const out = await this.inner.run(...args);
    this.runs++;
    if (this.count-- <= 0) return out;
    const proof = out.proof.slice();
    proof[proof.length >> 1] ^= 1;
    return { ...out, proof };
  }

  stats() {
    return this.inner.stats();
  }

  close() {
    return this.inner.close();
  }
}

describe("progress bars", () => {
  it("draws one bar per batch on a TTY, with its percentage, phase and attempt", () => {
    let drawn = "";
    const tty = Object.assign(new Writable({ write: (chunk, _enc, done) => ((drawn += String(chunk)), done()) }), { isTTY: true, columns: 100 });
    const bars = new ProgressBars(tty);
    bars.update(7, { phase: "msm", fraction: 0.25, attempt: 2 });
    bars.update(8, { phase: "keygen", fraction: null, attempt: 1 });
    bars.stop(); // draws the last frame
    expect(drawn).to.match(/batch 7 \[.*\] 25% \| msm \(attempt 2\)/);
    expect(drawn).to.match(/batch 8 \[.*\] 0% \| keygen \(attempt 1\)/);
  });
});

describe("prover service (jobs in the node's store, every proof verified before it is accepted)", function () {
  this.timeout(60_000);
  const circuit = loadCircuit(ref("testFibonacci"));
  const verifies = async (index: number, proof: Uint8Array) =>
    verify((await keysFor(circuit)).pk.vk, circuit.instances(circuit.input(committedBatch(index))), proof).ok;
  const start = (kv: KvStore, queue: ProofQueue, name: "testFibonacci" | "lyingFibonacci" | "refusingFibonacci" | "falselyRefusingFibonacci" = "testFibonacci", maxAttempts = 3) =>
    ProverService.start({ kv, circuits: [ref(name)], queue, maxAttempts, log: silent, bars: false });

  it("leaves its proving key for its pool's workers, named by the vk hash their jobs carry", async () => {
    const service = await start(new MemoryKv(), await openProofQueue({ workers: 1 }, silent));
    try {
      const { pk } = await keysFor(circuit);
      const file = readdirSync(KEY_DIR).find((f) => f.startsWith("test_fibonacci-pi-") && f.endsWith(`${vkHash(pk.vk).slice(2, 18)}.pk`));
      expect(file, "the shared key file").to.not.equal(undefined);
      expect(vkHash((await deserializeProvingKey(readFileSync(join(KEY_DIR, file!)))).vk)).to.equal(vkHash(pk.vk));
    } finally {
      await service.close();
    }
  });

  it("proves a batch, stores the accepted proof with the job, and answers a second call from the store", async () => {
    const kv = new MemoryKv();
    const queue = new CorruptingQueue(await openProofQueue({ workers: 1 }, silent), 0);
    const service = await start(kv, queue);
    try {
      const phases: JobProgress[] = [];
      const proof = await service.prove(committedBatch(1), (p) => phases.push(p));
      expect(await verifies(1, proof)).to.equal(true);
      expect(phases[0]).to.deep.equal({ phase: "queued", fraction: null, attempt: 1 });
      expect(phases[phases.length - 1]).to.deep.equal({ phase: "verifying", fraction: 1, attempt: 1 });
      const jobs = new JobStore(kv);
      expect(await jobs.get(1)).to.deep.include({ batchIndex: 1, circuit: "test/fibonacci-pi", status: "done", attempts: 1 });
      expect(await jobs.open()).to.deep.equal([]);
      expect(await service.prove(committedBatch(1))).to.deep.equal(proof);
      expect(queue.runs, "the second answer came from the store").to.equal(1);
      const [a, b] = await Promise.all([service.prove(committedBatch(6)), service.prove(committedBatch(6))]);
      expect(a).to.deep.equal(b);
      expect(queue.runs, "two calls at once for one batch share one job").to.equal(2);
      expect(service.check(committedBatch(0))).to.deep.equal({ provable: false, reason: "test/fibonacci-pi: the genesis batch is never proven" });
    } finally {
      await service.close();
    }
  });

  it("rejects a corrupt proof from a worker and proves the job again", async () => {
    const queue = new CorruptingQueue(new WorkerPool({ size: 1, maxRuns: 1 }, silent), 1);
    const service = await start(new MemoryKv(), queue);
    try {
      const attempts: number[] = [];
      const proof = await service.prove(committedBatch(2), (p) => attempts.push(p.attempt));
      expect(queue.runs).to.equal(2);
      expect(Math.max(...attempts)).to.equal(2);
      expect(await verifies(2, proof)).to.equal(true);
    } finally {
      await service.close();
    }
  });

  it("rejects a valid proof of another public input (a lying worker) and proves again", async () => {
    const kv = new MemoryKv();
    const service = await start(kv, new WorkerPool({ size: 1, maxRuns: 1 }, silent), "lyingFibonacci");
    try {
      const proof = await service.prove(committedBatch(3));
      expect(await verifies(3, proof)).to.equal(true);
      expect(await new JobStore(kv).get(3)).to.deep.include({ status: "done", attempts: 2 });
    } finally {
      await service.close();
    }
  });

  it("fails the job when every attempt returns a corrupt proof (never accepts one)", async () => {
    const kv = new MemoryKv();
    const service = await start(kv, new CorruptingQueue(new WorkerPool({ size: 1, maxRuns: 1 }, silent), 2), "testFibonacci", 2);
    try {
      const error = await service.prove(committedBatch(4)).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(ProvingFailedError);
      expect((error as ProvingFailedError).message).to.match(/batch 4: no accepted proof after 2 attempt\(s\); last: a worker's proof does not verify/);
      expect(await new JobStore(kv).get(4)).to.deep.include({ status: "failed", attempts: 2 });
      expect(await new JobStore(kv).proof(4)).to.equal(undefined);
    } finally {
      await service.close();
    }
  });

  it("fails the job at once when the worker's circuit refuses the batch (UnprovableBatchError, one run, one attempt)", async () => {
    const kv = new MemoryKv();
    const pool = new WorkerPool({ size: 1, maxRuns: 3 }, silent);
    const service = await start(kv, pool, "refusingFibonacci", 3);
    try {
      const error = await service.prove(committedBatch(7)).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(UnprovableBatchError);
      expect(error, "confirmed by the node's own circuit").to.deep.include({ index: 7, reason: "the test circuit refuses every batch" });
      expect(await new JobStore(kv).get(7)).to.deep.include({ status: "failed", attempts: 1 });
      expect((await pool.stats()).workers, "the worker is not replaced: it refused, it did not die").to.have.length(1);
    } finally {
      await service.close();
    }
  });

  it("does not believe a worker's refusal the node's own circuit does not share: a failed attempt, then proved", async () => {
    const kv = new MemoryKv();
    const service = await start(kv, new WorkerPool({ size: 1, maxRuns: 1 }, silent), "falselyRefusingFibonacci", 3);
    try {
      expect(await verifies(9, await service.prove(committedBatch(9)))).to.equal(true);
      expect(await new JobStore(kv).get(9)).to.deep.include({ status: "done", attempts: 2 });
    } finally {
      await service.close();
    }
  });

  it("passes a queue outage up without using an attempt: the job stays open and the next call proves it", async () => {
    const kv = new MemoryKv();
    const pool = new WorkerPool({ size: 1, maxRuns: 1 }, silent);
    let down = true;
    const flaky: ProofQueue = {
      run: (...args) => (down ? Promise.reject(new QueueUnreachableError("redis://127.0.0.1:1", 100)) : pool.run(...args)),
      stats: () => pool.stats(),
      close: () => pool.close(),
    };
    const service = await start(kv, flaky, "testFibonacci", 1);
    try {
      const error = await service.prove(committedBatch(6)).then(() => undefined, (e: unknown) => e);
      expect(error, "not a ProvingFailedError: the batch did not fail").to.be.instanceOf(QueueUnreachableError);
      expect(await new JobStore(kv).get(6)).to.deep.include({ status: "open" });
      down = false;
      expect(await verifies(6, await service.prove(committedBatch(6)))).to.equal(true);
    } finally {
      await service.close();
    }
  });

  it("resumes a persisted unfinished job when the service starts again (LevelDB store)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prover-jobs-"));
    try {
      let kv = await LevelKv.open(dir);
      const first = await start(kv, new WorkerPool({ size: 1, maxRuns: 1 }, silent));
      const interrupted = first.prove(committedBatch(5), (p) => void (p.phase === "msm" && first.close()));
      expect(await interrupted.then(() => undefined, (e: unknown) => e)).to.be.instanceOf(ProverClosedError);
      expect((await new JobStore(kv).open()).map((j) => [j.batchIndex, j.attempts])).to.deep.equal([[5, 1]]);
      await kv.close();

      kv = await LevelKv.open(dir);
      const queue = new CorruptingQueue(new WorkerPool({ size: 1, maxRuns: 1 }, silent), 0);
      const second = await start(kv, queue);
      try {
        await until("the resumed job running", () => second.progress(5)?.attempt === 1); // the interrupted attempt, again
        const proof = await second.prove(committedBatch(5));
        expect(queue.runs, "prove() joined the resumed job").to.equal(1);
        expect(await verifies(5, proof)).to.equal(true);
        expect(await new JobStore(kv).get(5)).to.deep.include({ status: "done", attempts: 1 });
        expect(await new JobStore(kv).proof(5)).to.deep.equal(proof);
      } finally {
        await second.close();
        await kv.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
