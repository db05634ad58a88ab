/**
 * Prover scale-out benchmark (issue #15): real batch proofs per second through the node's prover service with 1 and 2
 * `npm run prover` processes on a Redis queue (BullMQ; a redis-server of its own on a free port), against the
 * embedded worker-thread pool with 1 and 2 threads. Every job is the whole path: the service makes the job input from
 * the node (the batch's block re-executed, the SMT witness from its state trees), enqueues it, a prover proves it
 * with the batch circuit (node/prover/batch-circuit.ts, k = 14), the node verifies the returned proof.
 *
 * The batches are real: an in-process L2 node (scripts/bench/chain.ts) seals one ETH transfer per batch, as the
 * devnet's one-slot batch circuit needs. The node makes the keys once and shares them ($ZKEVM_KEY_DIR, as it does
 * for its own workers); each pool thread or prover process reads them on its first job (counted in its run).
 * Prints
 *
 *   name  ours  peer  ratio        (ours/peer in jobs/s; the peer is 1 process, 1 thread, or the pool of as many threads)
 *
 * then per run: each job's seconds (input: the node's job input; wait: in the queue; keys: the prover reads the
 * shared key; prove: witness + proof + the node's verify), the CPU seconds of the node process and of each prover
 * process through the jobs (what the proofs cost, whatever the neighbours take), the load average sampled through
 * the run, and the peak RSS of each prover process (the pool's threads live in the node process: its peak is printed
 * instead). On a shared machine the wall-clock figures say as much about the neighbours: read them with the load.
 *
 * `--circuit testFibonacci|heavyFibonacci` proves labelled TEST circuits instead (test/node/prover/test-circuits.ts:
 * Fibonacci bound to a made-up batch's public input, k = 5 or 11): the queue and processes around small proofs.
 *
 * Usage: npm run bench:provers -- [--jobs <n>] [--provers <list>] [--pool <list>] [--warmup <n>] [--circuit <name>]
 */
import { availableParallelism, loadavg } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { Queue } from "bullmq";
import { verify } from "../../circuits/plonk/index.js";
import type { BatchRecord } from "../../node/batcher/batch.js";
import { createLogger } from "../../node/log.js";
import { batchCircuitRef, chainCircuitArgs } from "../../node/prover/batch-circuit.js";
import { loadCircuit, type BatchSource, type CircuitRef } from "../../node/prover/circuit.js";
import { openProofQueue, ProverService, type QueueChoice } from "../../node/prover/index.js";
import { redisConnection } from "../../node/prover/redis-queue.js";
import { keysFor } from "../../node/prover/runner.js";
import { chainBatchSource } from "../../node/prover/source.js";
import { MemoryKv } from "../../node/store/kv.js";
import { oneTransferBatches } from "./chain.js";
import { peakRss, resetPeakRss, spawnProver, startRedis, type ProverProcess } from "./processes.js";

const log = createLogger("silent");
const say = (msg: string) => process.stderr.write(`${msg}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const gib = (bytes: number | undefined) => (bytes === undefined ? "?" : `${(bytes / 2 ** 30).toFixed(2)} GiB`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

const CIRCUITS = ["batch", "testFibonacci", "heavyFibonacci"] as const;
type CircuitName = (typeof CIRCUITS)[number];

/** What is proven: a circuit, batches (timed ones after the warm-ups) and where their job inputs come from. */
interface Workload {
  ref: CircuitRef;
  batches: BatchRecord[];
  source?: BatchSource;
  close(): Promise<void>;
}

async function batchWorkload(count: number): Promise<Workload> {
  const { node, batches } = await oneTransferBatches(count);
  return {
    ref: batchCircuitRef(chainCircuitArgs(node.config.genesis.chainId, node.config.genesis.gasLimit)),
    batches,
    source: chainBatchSource(node.store, node.executor, node.state),
    close: () => node.stop(),
  };
}

async function testWorkload(name: Exclude<CircuitName, "batch">, count: number): Promise<Workload> {
  // TEST circuits only: loaded from test/ for this option alone, never on the default (batch) path
  const { ref } = await import("../../test/node/prover/test-circuits.js");
  const { committedBatch } = await import("../../test/node/prover/helpers.js");
  return { ref: ref(name), batches: Array.from({ length: count }, (_, i) => committedBatch(1 + i)), close: async () => undefined };
}

/** One job's milestones (ms since it was handed to the service), from the service's progress reports. */
interface JobTimes {
  queued?: number;
  picked?: number;
  proving?: number;
  done: number;
  attempts: number;
}

async function timedProve(service: ProverService, batch: BatchRecord): Promise<{ times: JobTimes; proof: Uint8Array }> {
  const start = performance.now();
  const times: Partial<JobTimes> & { attempts: number } = { attempts: 1 };
  const proof = await service.prove(batch, ({ phase, attempt }) => {
    const at = performance.now() - start;
    times.attempts = Math.max(times.attempts, attempt);
    if (phase === "queued") times.queued ??= at;
    else if (phase === "keygen") times.picked ??= at;
    else times.proving ??= at;
  });
  return { times: { ...times, done: performance.now() - start }, proof };
}

/** The 1-minute load average every 5 s while `work` runs. */
async function sampled<T>(work: Promise<T>): Promise<{ value: T; loads: number[] }> {
  const loads = [loadavg()[0]!];
  const timer = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  try {
    return { value: await work, loads: [...loads, loadavg()[0]!] };
  } finally {
    clearInterval(timer);
  }
}

interface Run {
  name: string;
  /** Pool threads or prover processes. */
  workers: number;
  kind: "pool" | "redis";
  jobsPerSecond: number;
  wallS: number;
  jobs: JobTimes[];
  loads: number[];
  loadAround: string;
  /** Peak RSS per prover process; for the pool, the node process that holds its threads. */
  peaks: (number | undefined)[];
  /** Pool: the node process's RSS when the timed jobs started (its node, service and keys). */
  baseline?: number;
  /** CPU seconds through the timed jobs: the node process (with the pool's threads), each prover process. */
  nodeCpuS: number;
  proverCpuS: (number | undefined)[];
  proofsPerProcess?: number[];
  proof?: { batch: BatchRecord; bytes: Uint8Array };
}

/** Proves the workload's timed batches through a service on `choice`'s queue, after `warmup` warm-up batches. */
async function measure(name: string, kind: Run["kind"], workers: number, workload: Workload, choice: QueueChoice, jobs: number, warmup: number, processes: ProverProcess[] = []): Promise<Run> {
  say(`${new Date().toISOString()} ${name}: ${warmup} warm-up and ${jobs} timed job(s)`);
  const service = await ProverService.start({ kv: new MemoryKv(), circuits: [workload.ref], queue: await openProofQueue(choice, log), maxAttempts: 3, log, bars: false, source: workload.source });
  try {
    await Promise.all(workload.batches.slice(0, warmup).map((b) => service.prove(b)));
    // the node's keygen (in ProverService.start) is not the pool's: count the peak from here
    const baseline = kind === "pool" && resetPeakRss() ? peakRss() : undefined;
    const timed = workload.batches.slice(warmup, warmup + jobs);
    const before = load();
    const cpu = process.cpuUsage();
    const proverCpu = processes.map((p) => p.cpuSeconds());
    const start = performance.now();
    const { value: results, loads } = await sampled(Promise.all(timed.map((b) => timedProve(service, b))));
    const wallS = (performance.now() - start) / 1000;
    const nodeCpu = process.cpuUsage(cpu);
    const run: Run = {
      name, kind, workers, wallS, jobsPerSecond: jobs / wallS, loads, loadAround: `${before} → ${load()}`,
      jobs: results.map((r) => r.times),
      peaks: kind === "pool" ? [peakRss()] : processes.map((p) => p.peakRss()),
      baseline,
      nodeCpuS: (nodeCpu.user + nodeCpu.system) / 1e6,
      proverCpuS: processes.map((p, i) => { const [a, b] = [proverCpu[i], p.cpuSeconds()]; return a === undefined || b === undefined ? undefined : b - a; }),
      proof: { batch: timed[0]!, bytes: results[0]!.proof },
    };
    return run;
  } finally {
    await service.close();
  }
}

/** The node's own check of one accepted proof (its main thread, constant per proof of a circuit). */
async function verifySeconds(workload: Workload, run: Run): Promise<number> {
  const circuit = loadCircuit(workload.ref);
  const { pk } = await keysFor(circuit);
  const instances = circuit.instances(await circuit.input(run.proof!.batch, workload.source));
  const start = performance.now();
  if (!verify(pk.vk, instances, run.proof!.bytes).ok) throw new Error(`the proof of batch ${run.proof!.batch.index} no longer verifies`);
  return (performance.now() - start) / 1000;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const span = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? "?" : seconds(to - from));

/** One run's details, printed as soon as it ends (a long benchmark cut short keeps what it measured). */
function detail(run: Run): void {
  console.log(`# ${run.name}: ${run.jobs.length} jobs in ${run.wallS.toFixed(1)} s (${run.jobsPerSecond.toFixed(4)} jobs/s)`);
  run.jobs.forEach((j, i) => {
    const retried = j.attempts > 1 ? `, ${j.attempts} attempts` : "";
    console.log(`#   job ${i + 1}: input ${span(0, j.queued)} s, wait ${span(j.queued, j.picked)} s, keys ${span(j.picked, j.proving)} s, prove ${span(j.proving, j.done)} s (total ${seconds(j.done)} s${retried})`);
  });
  console.log(`#   load average (1 min) during the run: min ${Math.min(...run.loads).toFixed(2)}, mean ${mean(run.loads).toFixed(2)}, max ${Math.max(...run.loads).toFixed(2)} (1/5/15 min ${run.loadAround})`);
  const provers = run.kind === "pool" ? " (pool threads included)" : `, prover process(es) ${run.proverCpuS.map((c) => (c === undefined ? "?" : c.toFixed(1))).join(", ")}`;
  console.log(`#   CPU seconds during the jobs: node process ${run.nodeCpuS.toFixed(1)}${provers}`);
  const whose = run.kind === "pool" ? "node process (service + pool threads)" : "per prover process";
  const from = run.baseline === undefined ? "" : ` (${gib(run.baseline)} when the jobs started)`;
  const made = run.proofsPerProcess === undefined ? "" : `; proofs per process (warm-ups included) ${run.proofsPerProcess.join(", ")}`;
  console.log(`#   peak RSS ${whose}: ${run.peaks.map(gib).join(", ")}${from}${made}`);
}

/** Ratios of jobs/s: more workers against one of the same kind, and processes against as many pool threads. */
function ratios(runs: Run[]): void {
  const ratio = (ours: Run, peer: Run) => console.log(`${ours.name} vs ${peer.name} (jobs/s)  ${ours.jobsPerSecond.toFixed(4)}  ${peer.jobsPerSecond.toFixed(4)}  ${(ours.jobsPerSecond / peer.jobsPerSecond).toFixed(2)}`);
  const find = (kind: Run["kind"], workers: number) => runs.find((r) => r.kind === kind && r.workers === workers);
  console.log("name  ours  peer  ratio");
  for (const run of runs) {
    const one = find(run.kind, 1);
    if (run.workers > 1 && one !== undefined) ratio(run, one);
  }
  for (const run of runs.filter((r) => r.kind === "redis")) {
    const pool = find("pool", run.workers);
    if (pool !== undefined) ratio(run, pool);
  }
}

const positive = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || (what !== "--warmup" && n === 0)) throw new InvalidArgumentError(`${what} takes a ${what === "--warmup" ? "non-negative" : "positive"} integer`);
  return n;
};
const list = (what: string) => (value: string): number[] => value.split(",").map(positive(what));

interface Options {
  circuit: CircuitName;
  jobs?: number;
  warmup?: number;
  provers: number[];
  pool: number[];
}

const program = new Command()
  .name("bench:provers")
  .description("jobs/s of the node's prover service proving real batches: prover processes on Redis vs the embedded worker-thread pool")
  .addOption(new Option("--circuit <name>", "batch: the batch circuit on real one-transfer batches; testFibonacci / heavyFibonacci: TEST circuits (k = 5 / 11)").choices(CIRCUITS).default("batch"))
  .option("--jobs <n>", "timed jobs per configuration (default: 2 batch, 40 test circuits)", positive("--jobs"))
  .option("--warmup <n>", "untimed jobs per worker first (default: 0 batch, 2 test circuits)", positive("--warmup"))
  .option("--provers <list>", "prover process counts on Redis", list("--provers"), [1, 2])
  .option("--pool <list>", "embedded pool sizes (worker threads)", list("--pool"), [1, 2])
  .action(async (opts: Options) => {
    const jobs = opts.jobs ?? (opts.circuit === "batch" ? 2 : 40);
    const warmupPerWorker = opts.warmup ?? (opts.circuit === "batch" ? 0 : 2);
    const warmupOf = (workers: number) => warmupPerWorker * workers;
    // one kernel thread per proof everywhere (the prover processes get the same), so the runs differ only in workers
    process.env.ZKEVM_THREADS = "1";
    const batches = jobs + warmupOf(Math.max(...opts.pool, ...opts.provers));
    say(`cores: ${availableParallelism()}, load average (1/5/15 min): ${load()}; making ${batches} batches…`);
    const workload = opts.circuit === "batch" ? await batchWorkload(batches) : await testWorkload(opts.circuit, batches);
    say(`circuit: ${workload.ref.id}`);
    const runs: Run[] = [];
    const pool = async (size: number) => {
      runs.push(await measure(`embedded pool, ${size} thread(s)`, "pool", size, workload, { workers: size }, jobs, warmupOf(size)));
      detail(runs.at(-1)!);
    };
    const processes = async (url: string, count: number) => {
      const queueName = `zkevm-bench-${process.pid}-${count}`;
      const provers = await Promise.all(Array.from({ length: count }, () => spawnProver(url, { queueName })));
      try {
        const run = await measure(`redis, ${count} prover process(es)`, "redis", count, workload, { queue: url, queueName }, jobs, warmupOf(count), provers);
        run.proofsPerProcess = provers.map((p) => p.count("proof made"));
        runs.push(run);
        detail(run);
      } finally {
        await Promise.all(provers.map((p) => p.stop()));
        const queue = new Queue(queueName, { connection: redisConnection(url) });
        await queue.obliterate({ force: true });
        await queue.close();
      }
    };
    try {
      const redis = await startRedis();
      try {
        // n pool threads next to n processes, from n = 1 up: a run cut short still has its pairs
        for (const n of [...new Set([...opts.pool, ...opts.provers])].sort((a, b) => a - b)) {
          if (opts.pool.includes(n)) await pool(n);
          if (opts.provers.includes(n)) await processes(redis.url, n);
        }
      } finally {
        await redis.stop();
      }
      const verifyS = await verifySeconds(workload, runs[0]!);
      console.log(`# the node's verify of one proof (main thread): ${verifyS.toFixed(2)} s; proof ${runs[0]!.proof!.bytes.length} bytes`);
      ratios(runs);
    } finally {
      await workload.close();
    }
  });

program.parseAsync().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
