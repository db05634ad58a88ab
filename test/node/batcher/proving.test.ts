import { expect } from "chai";
import { transition, type BatchRecord } from "../../../node/batcher/batch.js";
import { UnprovableBatchError, type BatchProver, type JobProgress } from "../../../node/batcher/prover.js";
import { ProvingLoop, provingProgress } from "../../../node/batcher/proving.js";
import { QueueUnreachableError } from "../../../node/prover/redis-queue.js";
import { ProvingFailedError } from "../../../node/prover/service.js";
import { BatchStore } from "../../../node/store/batch-store.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { committedBatch, silent, until } from "../prover/helpers.js";

// The proving loop against a scripted prover: jobs start together and land in any order, a failed round goes back
// to committed and is retried after a backoff, counted on the record up to maxRounds (then unprovable), an outage
// of the prover is retried without counting, a batch outside the circuit is unprovable, stop leaves jobs `proving`
// for recover(), and progress is visible while a job runs.

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

  it("puts a failed batch back to committed, counts the round and proves it again only after the backoff", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent, undefined, { retryMs: 300 });
    await loop.wake();
    const failedAt = Date.now();
    prover.calls[0].reject(new ProvingFailedError(1, 3, "a worker's proof does not verify"));
    await loop.settled();
    expect(await batches.get(1)).to.deep.include({ status: "committed", provingRounds: 1, provingError: "batch 1: no accepted proof after 3 attempt(s); last: a worker's proof does not verify" });
    await loop.wake();
    expect(prover.calls, "a wake-up inside the backoff starts nothing").to.have.length(1);
    await until("the retry after the backoff", () => prover.calls.length === 2);
    expect(Date.now() - failedAt).to.be.at.least(290);
    prover.calls[1].resolve(Uint8Array.of(9));
    await loop.settled();
    expect(await batches.get(1)).to.deep.include({ status: "proved", provingRounds: 1 });
  });

  it("drops the backoff of a batch reverted on L1 and committed again (another commit tx): its next round starts at once", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent, undefined, { retryMs: 60_000 });
    await loop.wake();
    prover.calls[0].reject(new Error("no proof"));
    await loop.settled();
    await loop.wake();
    expect(prover.calls, "in its backoff").to.have.length(1);
    const reverted = transition((await batches.get(1))!, "pending", { commitTx: undefined, provingRounds: undefined, provingError: undefined });
    await batches.update(reverted);
    await batches.update(transition(reverted, "committed", { commitTx: `0x${"77".repeat(32)}` }));
    await loop.wake();
    expect(prover.calls).to.have.length(2);
    await loop.stop();
  });

  it("marks a batch unprovable after maxRounds failed rounds, with the last error, counting across a restart", async () => {
    const batches = await storeWith(1);
    const first = new ScriptedProver();
    const loop = new ProvingLoop(batches, first, silent, undefined, { maxRounds: 3, retryMs: 20 });
    await loop.wake();
    first.calls[0].reject(new Error("worker crashed: round 1"));
    await until("round 2", () => first.calls.length === 2);
    first.calls[1].reject(new Error("worker crashed: round 2"));
    await until("2 failed rounds recorded", async () => (await batches.get(1))!.provingRounds === 2);
    await loop.stop();

    // a restart: the count is on the record, so one more failed round is the last
    const second = new ScriptedProver();
    const next = new ProvingLoop(batches, second, silent, undefined, { maxRounds: 3, retryMs: 20 });
    await next.recover();
    await next.wake();
    second.calls[0].reject(new Error("worker crashed: round 3"));
    await next.settled();
    expect(await batches.get(1)).to.deep.include({
      status: "unprovable",
      provingRounds: 3,
      reason: "no accepted proof in 3 proving round(s); last: worker crashed: round 3",
    });
    await new Promise((r) => setTimeout(r, 60));
    await next.wake();
    expect(second.calls, "an unprovable batch is not proved again").to.have.length(1);
  });

  it("does not count an outage of the prover (queue unreachable) as a failed round: it waits and retries", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent, undefined, { maxRounds: 1, retryMs: 20 });
    await loop.wake();
    for (let i = 0; i < 3; i++) {
      await until(`try ${i + 1}`, () => prover.calls.length === i + 1);
      prover.calls[i].reject(new QueueUnreachableError("redis://127.0.0.1:1", 100));
    }
    await until("try 4", () => prover.calls.length === 4);
    const waiting = (await batches.get(1))!;
    expect(waiting.status).to.equal("proving");
    expect(waiting.provingRounds).to.equal(undefined);
    prover.calls[3].resolve(Uint8Array.of(7));
    await loop.settled();
    expect((await batches.get(1))!.status).to.equal("proved");
  });

  it("drops a proof that lands after the batch was reverted on L1, and proves the batch again once it is re-committed", async () => {
    const batches = await storeWith(1);
    const prover = new ScriptedProver();
    const loop = new ProvingLoop(batches, prover, silent);
    await loop.wake();
    // the L1 service applies the owner's revert (back to pending, round count reset), then commits the batch again
    const reverted = transition((await batches.get(1))!, "pending", { provingRounds: undefined });
    await batches.update(reverted, null);
    await batches.update(transition(reverted, "committed"));
    await loop.wake();
    expect(prover.calls, "the old job is still in flight").to.have.length(1);
    prover.calls[0].resolve(Uint8Array.of(1));
    await until("a fresh job", () => prover.calls.length === 2);
    expect((await batches.get(1))!.status).to.equal("proving");
    expect(await batches.proof(1), "the stale proof was not stored").to.equal(undefined);
    prover.calls[1].resolve(Uint8Array.of(2));
    await loop.settled();
    expect(await batches.proof(1)).to.deep.equal(Uint8Array.of(2));
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

  it("recover() gives an unprovable batch reverted on L1 back to pending when the prover covers it now, and only then", async () => {
    const batches = await storeWith(3);
    const revertTx = `0x${"66".repeat(32)}` as const;
    const unprovable = { status: "unprovable" as const, reason: "no accepted proof in 5 proving round(s); last: x", provingRounds: 5 };
    await batches.update({ ...(await batches.get(1))!, ...unprovable, commitTx: undefined, revertTx }); // reverted, covered now
    await batches.update({ ...(await batches.get(2))!, ...unprovable }); // still committed on L1: stays
    await batches.update({ ...(await batches.get(3))!, ...unprovable, commitTx: undefined, revertTx }); // check() still refuses it
    await new ProvingLoop(batches, new ScriptedProver(), silent).recover();
    const one = (await batches.get(1))!;
    expect(one).to.deep.include({ status: "pending", revertTx });
    expect([one.reason, one.provingRounds, one.commitTx]).to.deep.equal([undefined, undefined, undefined]);
    expect((await batches.get(2))!.status).to.equal("unprovable");
    expect((await batches.get(3))!.status).to.equal("unprovable");
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
