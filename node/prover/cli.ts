/**
 * `npm run prover -- --queue redis://… --concurrency N`: a prover process for the Redis proof queue. Run any number
 * on any machines with a checkout of the same version (circuits load from it by path).
 */
import { Command, InvalidArgumentError } from "commander";
import { createLogger } from "../log.js";
import { DEFAULT_QUEUE_NAME, redisConnection, startRedisProver } from "./redis-queue.js";

// Not node/cli.ts's helpers: importing it loads the whole node (EVM, RPC server), which a prover never runs.
const integer = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

interface ProverCliOptions {
  queue: string;
  queueName: string;
  concurrency: number;
  lockMs: number;
  logLevel: string;
}

const program = new Command()
  .name("prover")
  .description("Proof worker: pulls batch proving jobs from the node's Redis queue (BullMQ) and proves them on worker threads")
  .requiredOption("--queue <url>", "Redis URL of the proof queue, e.g. redis://127.0.0.1:6379")
  .option("--queue-name <name>", "BullMQ queue name (the node's)", DEFAULT_QUEUE_NAME)
  .option("--concurrency <n>", "jobs proven at once, one worker thread each", integer("--concurrency", 1), 1)
  .option("--lock-ms <ms>", "how long a job stays claimed without a heartbeat: a dead prover's jobs move on after this", integer("--lock-ms", 1_000), 30_000)
  .option("--log-level <level>", "pino log level", "info")
  .action(async (opts: ProverCliOptions) => {
    try {
      redisConnection(opts.queue);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    const log = createLogger(opts.logLevel as "info");
    const prover = await startRedisProver({ url: opts.queue, name: opts.queueName, concurrency: opts.concurrency, lockMs: opts.lockMs, log });
    log.info({ queue: opts.queueName, concurrency: opts.concurrency, pid: process.pid }, "prover ready");
    // the first SIGINT/SIGTERM lets jobs in progress finish (BullMQ hands back none half-done), then exits
    const shutdown = (signal: string) => {
      log.info({ signal }, "prover stopping after its jobs in progress");
      prover.close().then(() => process.exit(0), (error: unknown) => (log.error({ err: error }, "prover shutdown failed"), process.exit(1)));
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
