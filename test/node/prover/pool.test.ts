import { expect } from "chai";
import { verify } from "../../../circuits/plonk/index.js";
import type { JobProgress } from "../../../node/batcher/prover.js";
import { loadCircuit } from "../../../node/prover/circuit.js";
import { WorkerPool } from "../../../node/prover/pool.js";
import { JobFailedError, ProverClosedError } from "../../../node/prover/queue.js";
import { keysFor } from "../../../node/prover/runner.js";
import { committedBatch, jobFor, silent, until } from "./helpers.js";
import { ref } from "./test-circuits.js";

// The embedded queue: real proofs of the test circuit (test-circuits.ts) made in worker threads, checked here with
// the TS verifier against instances derived from the batch record.
describe("prover worker pool (worker_threads, real proofs of the test circuit)", function () {
  this.timeout(60_000);
  const circuit = loadCircuit(ref("testFibonacci"));
  const verifies = async (index: number, proof: Uint8Array) =>
    verify((await keysFor(circuit)).pk.vk, circuit.instances(circuit.input(committedBatch(index))), proof);

  it("proves a job in a worker, reporting phases, and the proof verifies (for its batch only)", async () => {
    const pool = new WorkerPool({ size: 1, maxRuns: 1 }, silent);
    try {
      const phases: JobProgress[] = [];
      const out = await pool.run(await jobFor(ref("testFibonacci"), committedBatch(1)), (p) => phases.push(p));
      expect(await verifies(1, out.proof)).to.deep.equal({ ok: true });
      expect((await verifies(2, out.proof)).ok, "another batch's instances").to.equal(false);
      expect(out.steps).to.be.greaterThan(5);
      expect(phases.map((p) => p.phase)).to.include.members(["keygen", "witness", "msm", "quotient", "openings"]);
      expect(phases.every((p) => p.fraction === null && p.attempt === 1), "no total known for a first proof").to.equal(true);

      // with the step count of an earlier proof, fractions climb from 0 towards 1
      const fractions: number[] = [];
      const again = await pool.run({ ...(await jobFor(ref("testFibonacci"), committedBatch(3))), expectedSteps: out.steps }, (p) => fractions.push(p.fraction!));
      expect(await verifies(3, again.proof)).to.deep.equal({ ok: true });
      expect(fractions[0]).to.equal(0);
      expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).to.equal(true);
      expect(fractions[fractions.length - 1]).to.be.within(0.9, 0.99);
    } finally {
      await pool.close();
    }
  });

  it("runs two jobs at once on a pool of 2", async () => {
    const pool = new WorkerPool({ size: 2, maxRuns: 1 }, silent);
    try {
      let busyAtOnce = 0;
      const track = () => (busyAtOnce = Math.max(busyAtOnce, pool.busyWorkers.length));
      const [a, b] = await Promise.all([4, 5].map(async (i) => pool.run(await jobFor(ref("testFibonacci"), committedBatch(i)), track)));
      expect(busyAtOnce).to.equal(2);
      expect(await verifies(4, a.proof)).to.deep.equal({ ok: true });
      expect(await verifies(5, b.proof)).to.deep.equal({ ok: true });
    } finally {
      await pool.close();
    }
  });

  it("runs a job again on a new worker when its worker is killed mid-proof, and proves it once", async () => {
    const pool = new WorkerPool({ size: 1, maxRuns: 2 }, silent);
    try {
      let kills = 0;
      const phases: string[] = [];
      const out = await pool.run(await jobFor(ref("testFibonacci"), committedBatch(6)), (p) => {
        phases.push(p.phase);
        if (p.phase === "msm" && kills === 0) {
          kills++;
          void pool.busyWorkers[0].terminate(); // mid-proof: the witness is laid out, commitments under way
        }
      });
      expect(kills).to.equal(1);
      expect(phases.filter((p) => p === "witness"), "the job ran twice").to.have.length(2);
      expect(await verifies(6, out.proof)).to.deep.equal({ ok: true });
    } finally {
      await pool.close();
    }
  });

  it("fails a job whose key is not the worker's, a job whose runs all die, and jobs in flight on close", async () => {
    const pool = new WorkerPool({ size: 1, maxRuns: 2 }, silent);
    const job = await jobFor(ref("testFibonacci"), committedBatch(7));
    const mismatch = await pool.run({ ...job, vkHash: `0x${"12".repeat(32)}` }, () => undefined).then(() => undefined, (e: unknown) => e);
    expect(mismatch).to.be.instanceOf(JobFailedError);
    expect((mismatch as Error).message).to.match(/batch 7: proving failed 2 time\(s\); last: KeyMismatchError: prover circuit "test\/fibonacci-pi": this worker's verifying key 0x[0-9a-f]{64} is not the node's 0x1212/);

    const failed = pool.run(job, (p) => void (p.phase === "witness" && pool.busyWorkers[0]?.terminate()));
    const error = await failed.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(JobFailedError);
    expect((error as JobFailedError).runs).to.equal(2);

    const closing = pool.run(job, () => undefined);
    await until("the job on a worker", () => pool.busyWorkers.length === 1);
    await pool.close();
    expect(await closing.then(() => undefined, (e: unknown) => e)).to.be.instanceOf(ProverClosedError);
  });
});
