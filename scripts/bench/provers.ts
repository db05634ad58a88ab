/**
 * Prover scale-out benchmark (issue #15): jobs proven per second through the node's prover service with 1, 2 and 4
 * `npm run prover` processes on a Redis queue (BullMQ; a redis-server of its own on a free port), against the
 * embedded worker-thread pool. Every job is the whole path: the service enqueues it, a prover proves it, the node
 * verifies the returned proof. Prints
 *
 *   name  ours  peer  ratio        (ours/peer in jobs/s; the peer is 1 prover process, or the embedded pool)
 *
 * and the load average around each run: on a shared machine the figures say as much about the neighbours.
 *
 * The circuit is a labelled TEST circuit (test/node/prover/test-circuits.ts: Fibonacci bound to the batch's public
 * input, k = 5, or k = 11 with --circuit heavyFibonacci), the only kind the service can prove before the batch circuit
 * exists (issue #10): this measures the queue and processes around small proofs, not batch proving. At k = 5 the
 * node's own verification of each proof (on its main thread) costs about as much as the proof.
 *
 * Usage: npm run bench:provers -- [--jobs <n>] [--provers <list>] [--circuit testFibonacci|heavyFibonacci]
 */
import { loadavg, availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { Queue } from "bullmq";
import { createLogger } from "../../node/log.js";
import { openProofQueue, ProverService, type QueueChoice } from "../../node/prover/index.js";
import { redisConnection } from "../../node/prover/redis-queue.js";
import { MemoryKv } from "../../node/store/kv.js";
import { committedBatch } from "../../test/node/prover/helpers.js";
import { ref } from "../../test/node/prover/test-circuits.js";
import { spawnProver, startRedis, type ProverProcess } from "./processes.js";

const log = createLogger("silent");
const say = (msg: string) => process.stderr.write(`${msg}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

interface Run {
  name: string;
  jobsPerSecond: number;
  load: string;
}

/** Proves `jobs` batches through a service on `choice`'s queue after a warm-up of `warmup` batches (keys, threads). */
async function measure(name: string, circuit: CircuitName, choice: QueueChoice, jobs: number, warmup: number): Promise<Run> {
  const service = await ProverService.start({ kv: new MemoryKv(), circuits: [ref(circuit)], queue: await openProofQueue(choice, log), maxAttempts: 3, log, bars: false });
  try {
    await Promise.all(Array.from({ length: warmup }, (_, i) => service.prove(committedBatch(1 + i))));
    const before = load();
    const start = performance.now();
    await Promise.all(Array.from({ length: jobs }, (_, i) => service.prove(committedBatch(1 + warmup + i))));
    const seconds = (performance.now() - start) / 1000;
    const run = { name, jobsPerSecond: jobs / seconds, load: `${before} → ${load()}` };
    say(`${name}: ${jobs} jobs in ${seconds.toFixed(2)} s (load ${run.load})`);
    return run;
  } finally {
    await service.close();
  }
}

const CIRCUITS = ["testFibonacci", "heavyFibonacci"] as const;
type CircuitName = (typeof CIRCUITS)[number];

const list = (value: string): number[] => {
  const n = value.split(",").map(Number);
  if (n.some((x) => !Number.isSafeInteger(x) || x < 1)) throw new InvalidArgumentError("--provers takes positive integers, e.g. 1,2,4");
  return n;
};

const program = new Command()
  .name("bench:provers")
  .description("jobs/s of the prover service with 1, 2, 4 prover processes on Redis vs the embedded pool (test circuit)")
  .option("--jobs <n>", "timed jobs per configuration", (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("--jobs must be an integer ≥ 1");
    return n;
  }, 40)
  .option("--provers <list>", "prover process counts", list, [1, 2, 4])
  .addOption(new Option("--circuit <name>", "test circuit: testFibonacci (k = 5) or heavyFibonacci (k = 11, proving outweighs the node's verify)").choices(CIRCUITS).default("testFibonacci"))
  .action(async (opts: { jobs: number; provers: number[]; circuit: CircuitName }) => {
    // one kernel thread per proof everywhere (the prover processes get the same), so the runs differ only in processes
    process.env.ZKEVM_THREADS = "1";
    say(`circuit: ${ref(opts.circuit).id}; cores: ${availableParallelism()}, load average (1/5/15 min): ${load()}`);
    const runs: Run[] = [];
    runs.push(await measure("embedded pool, 1 thread", opts.circuit, { workers: 1 }, opts.jobs, 1));
    const redis = await startRedis();
    try {
      for (const count of opts.provers) {
        const queueName = `zkevm-bench-${process.pid}-${count}`;
        const provers: ProverProcess[] = await Promise.all(Array.from({ length: count }, () => spawnProver(redis.url, { queueName })));
        try {
          runs.push(await measure(`redis, ${count} prover process(es)`, opts.circuit, { queue: redis.url, queueName }, opts.jobs, 2 * count));
          const made = provers.map((p) => p.count("proof made"));
          say(`  proofs per process: ${made.join(", ")}`);
        } finally {
          await Promise.all(provers.map((p) => p.stop()));
          const queue = new Queue(queueName, { connection: redisConnection(redis.url) });
          await queue.obliterate({ force: true });
          await queue.close();
        }
      }
    } finally {
      await redis.stop();
    }
    const embedded = runs[0];
    const single = runs.find((r) => r.name.startsWith("redis, 1 ")) ?? runs[1];
    console.log("name  ours  peer  ratio");
    for (const run of runs.slice(1)) {
      console.log(`${run.name} vs 1 process (jobs/s)  ${run.jobsPerSecond.toFixed(2)}  ${single.jobsPerSecond.toFixed(2)}  ${(run.jobsPerSecond / single.jobsPerSecond).toFixed(2)}`);
    }
    for (const run of runs.slice(1)) {
      console.log(`${run.name} vs embedded pool (jobs/s)  ${run.jobsPerSecond.toFixed(2)}  ${embedded.jobsPerSecond.toFixed(2)}  ${(run.jobsPerSecond / embedded.jobsPerSecond).toFixed(2)}`);
    }
    for (const run of runs) console.log(`  ${run.name}: load average ${run.load}`);
  });

program.parseAsync().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
