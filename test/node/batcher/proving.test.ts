import { expect } from "chai";
import type { BatchRecord } from "../../../node/batcher/batch.js";
import { UnprovableBatchError, type BatchProver, type JobProgress } from "../../../node/batcher/prover.js";
import { ProvingLoop, provingProgress } from "../../../node/batcher/proving.js";
import { BatchStore } from "../../../node/store/batch-store.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { committedBatch, silent, until } from "../prover/helpers.js";

// The proving loop against a scripted prover: jobs start together and land in any order, a failure goes back to
// committed and is retried on the next wake-up, a batch outside the circuit is unprovable, stop leaves jobs
// `proving` for recover(), and progress is visible while a job runs.

interface Call {
  batch: BatchRecord;
  progress?: (p: JobProgress) => void;
  resolve: (proof: Uint8Array) => void;
  reject: (error: Error) => void;
}

class ScriptedProver implements BatchProver {
  readonly calls: Call[] = [];
  closed = false;
  check = (batch: BatchRecord) => (batch.index === 3 ? { provable: false as const, reason: "outside the test circuit" } : { provable: true as const });
  prove(batch: BatchRecord, progress?: (p: JobProgress) => void): Promise<Uint8Array> {
    return new Promise((resolve, reject) => this.calls.push({ batch, progress, resolve, reject }));
  }
  async close() {
    this.closed = true;
    for (const call of this.calls) call.reject(new Error("closed"));
  }
}

async function storeWith(count: number): Promise<BatchStore> {
  const batches = new BatchStore(new MemoryKv());
  await batches.append({ ...committedBatch(0), status: "finalized" });
  for (let i = 1; i <= count; i++) await batches.append(committedBatch(i));
  return batches;
}

const statuses = async (batches: BatchStore) => Promise.all([1, 2, 3].map(async (i) => (await batches.get(i))!.status));

describe("proving loop", () => {
  it("starts every committed batch's job at once and records proofs in the order they land", async () => {
    const batches = await storeWith(3);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent);
    await loop.wake();
    expect(prover.calls.map((c) => c.batch.index)).to.deep.equal([1, 2]);
    expect(await statuses(batches)).to.deep.equal(["proving", "proving", "unprovable"]);
    expect((await batches.get(3))!.reason).to.equal("outside the test circuit");

    prover.calls[0].progress!({ phase: "msm", fraction: 0.5, attempt: 1 });
    expect(provingProgress(batches, 1)).to.deep.equal({ phase: "msm", fraction: 0.5, attempt: 1 });
    prover.calls[1].resolve(Uint8Array.of(2));
    await until("batch 2 proved", async () => (await batches.get(2))!.status === "proved");
    expect(await batches.proof(2)).to.deep.equal(Uint8Array.of(2));
    expect((await batches.get(1))!.status).to.equal("proving");
    await loop.wake();
    expect(prover.calls, "a batch in flight is not started twice").to.have.length(2);
    prover.calls[0].resolve(Uint8Array.of(1));
    await loop.settled();
    expect(await statuses(batches)).to.deep.equal(["proved", "proved", "unprovable"]);
    expect(provingProgress(batches, 1)).to.equal(undefined);
  });

  it("puts a failed batch back to committed and proves it on the next wake-up", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent);
    await loop.wake();
    prover.calls[0].reject(new Error("no proof"));
    await loop.settled();
    expect((await batches.get(1))!.status).to.equal("committed");
    await loop.wake();
    prover.calls[1].resolve(Uint8Array.of(9));
    await loop.settled();
    expect((await batches.get(1))!.status).to.equal("proved");
  });

  it("records a batch the prover finds outside its circuit only once proving (UnprovableBatchError) as unprovable, not retried", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent);
    await loop.wake();
    prover.calls[0].reject(new UnprovableBatchError(1, "the batch needs 12 keccakPerms, the circuit has 11"));
    await loop.settled();
    expect(await batches.get(1)).to.deep.include({ status: "unprovable", reason: "the batch needs 12 keccakPerms, the circuit has 11" });
    await loop.wake();
    expect(prover.calls).to.have.length(1);
  });

  it("closes the prover on stop, leaving the batch proving until recover() on the next start", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent);
    await loop.wake();
    await loop.stop();
    expect(prover.closed).to.equal(true);
    expect((await batches.get(1))!.status).to.equal("proving");
    const next = new ProvingLoop(batches, new ScriptedProver(), silent);
    await next.recover();
    expect((await batches.get(1))!.status).to.equal("committed");
  });
});
