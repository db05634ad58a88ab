import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_PORT, DEFAULT_PROVING, defaultConfig, type NodeConfig } from "./config.js";
import { devGenesis, parseGethGenesis } from "./execution/genesis.js";
import type { Logger } from "pino";
import { createLogger } from "./log.js";
import { L2Node } from "./node.js";
import { withBridgeReserve } from "./l1/bridge.js";
import { L1Client } from "./l1/client.js";
import { DEFAULT_L1_SERVICE_OPTIONS, L1Service } from "./l1/service.js";
import { DEVNET_BATCH_CAPACITY } from "./prover/batch-circuit.js";
import { DEFAULT_PROVING_RETRY } from "./batcher/proving.js";
import { DEFAULT_QUEUE_NAME, redisConnection } from "./prover/redis-queue.js";
import { UNPROVABLE_TXS_POLICIES, type UnprovableTxsPolicy } from "./sequencer/provability.js";

export const integer = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

export interface NodeCliOptions {
  dataDir: string;
  inMemory: boolean;
  port: number;
  host: string;
  chainId?: string;
  blockTime: number;
  genesis?: string;
  logLevel: string;
  /** redis://… of the proof queue; absent: the embedded worker pool. */
  queue?: string;
  queueName?: string;
  proverWorkers?: number;
  /** Failed proving rounds before a batch is recorded unprovable. */
  provingRounds?: number;
  /** Seconds before the second proving round, doubling per failed round. */
  provingRetry?: number;
  /** false with --no-prove: no batch circuit (no keygen at start; every batch unprovable). */
  prove: boolean;
  /** What the sequencer does with a tx the batch circuit cannot prove. */
  unprovableTxs: UnprovableTxsPolicy;
}

const redisUrl = (value: string): string => {
  try {
    redisConnection(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
};

/** The L2 node's flags, shared by `npm run node` and `npm run devnet`. */
export function nodeCommand(name: string, description: string, defaults: { dataDir: string; inMemory: boolean }): Command {
  return new Command()
    .name(name)
    .description(description)
    .option("--data-dir <dir>", "LevelDB directory (the chain resumes from it on restart)", defaults.dataDir)
    .option("--in-memory", "keep everything in memory (nothing survives the process)", defaults.inMemory)
    .option("--persist", "store the chain in --data-dir (overrides --in-memory)")
    .option("--port <port>", "JSON-RPC HTTP port", integer("--port", 0), DEFAULT_PORT)
    .option("--host <host>", "JSON-RPC listen address", "127.0.0.1")
    .option("--chain-id <id>", "chain id of the dev genesis (overrides the genesis file's config.chainId)")
    .option("--block-time <seconds>", "seconds between blocks; 0 = a block as soon as transactions arrive", integer("--block-time", 0), 0)
    .option("--genesis <file>", "geth-format genesis JSON (default: dev genesis with the 20 hardhat test accounts)")
    .option("--log-level <level>", "pino log level", "info")
    .option("--queue <redis-url>", "prove through BullMQ on Redis (redis://host:port); start provers with `npm run prover -- --queue <redis-url>`. Default: the embedded worker-thread pool", redisUrl)
    .option("--queue-name <name>", "BullMQ queue name (with --queue; the provers' --queue-name)", DEFAULT_QUEUE_NAME)
    .option("--prover-workers <n>", "worker threads of the embedded prover pool (without --queue)", integer("--prover-workers", 1), DEFAULT_PROVING.workers)
    .option("--proving-rounds <n>", "failed proving rounds (a proof not made or not verified) before a batch is recorded unprovable; prover outages do not count", integer("--proving-rounds", 1), DEFAULT_PROVING_RETRY.maxRounds)
    .option("--proving-retry <seconds>", "pause before the next proving round of a batch, doubling per failed round (at most 10 min)", integer("--proving-retry", 0), DEFAULT_PROVING_RETRY.retryMs / 1000)
    .option("--no-prove", "do not register the batch circuit: no keygen at start (minutes), and every batch is recorded unprovable")
    .addOption(
      new Option("--unprovable-txs <policy>", "a tx the batch circuit cannot prove even alone (an opcode or precompile it does not cover, a capacity it overflows): include = put it in a block like any valid tx (full EVM; its batch is recorded unprovable with the reason and finalization halts there); skip = leave it out of blocks so every batch stays provable (its status and reason: rollup_getTransactionStatus)")
        .choices(UNPROVABLE_TXS_POLICIES)
        .default("include"),
    );
}

/** The node configuration the flags describe. */
export function configFromOptions(opts: NodeCliOptions & { persist?: boolean }): NodeConfig {
  const chainId = opts.chainId === undefined ? undefined : BigInt(integer("--chain-id", 1)(opts.chainId));
  const genesis = opts.genesis === undefined ? devGenesis(chainId) : parseGethGenesis(JSON.parse(readFileSync(opts.genesis, "utf8")));
  if (chainId !== undefined) genesis.chainId = chainId;
  const inMemory = opts.inMemory && !opts.persist;
  const proving = { ...DEFAULT_PROVING, queue: opts.queue, queueName: opts.queueName, workers: opts.proverWorkers ?? DEFAULT_PROVING.workers, batchCircuit: opts.prove,
    retry: { maxRounds: opts.provingRounds ?? DEFAULT_PROVING_RETRY.maxRounds, retryMs: 1000 * (opts.provingRetry ?? DEFAULT_PROVING_RETRY.retryMs / 1000) } };
  const base = defaultConfig(genesis);
  // with the batch circuit, a block holds one tx and a batch at most its tx slots (and what its budgets allow: the
  // batcher's capacity check), so every batch it could prove is one it may get
  const capacity = opts.prove ? { maxBlockTxs: 1, batcher: { ...base.batcher, maxTxs: DEVNET_BATCH_CAPACITY.txs } } : {};
  return { ...base, ...capacity, port: opts.port, host: opts.host, blockTime: opts.blockTime, unprovableTxs: opts.unprovableTxs, dataDir: inMemory ? undefined : opts.dataDir, proving };
}

/** Runs `stop` once on the first SIGINT/SIGTERM, then exits (1 if stopping failed). */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing the current block");
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

/** Flags of a node wired to a rollup contract on an L1 (`npm run node -- --l1-rpc … --rollup …`). */
export interface L1CliOptions {
  l1Rpc?: string;
  rollup?: string;
  l1FromBlock: number;
}

/**
 * Starts the node from parsed flags and stops it cleanly on SIGINT/SIGTERM. With --l1-rpc it also runs the L1
 * client: the genesis gets the bridge reserve (the rollup must have been deployed with that genesis state root)
 * and the sequencer key comes from L1_SEQUENCER_KEY (not a flag: command lines are visible to other users).
 */
export async function runNode(opts: NodeCliOptions & Partial<L1CliOptions> & { persist?: boolean }): Promise<{ node: L2Node; log: Logger }> {
  const log = createLogger(opts.logLevel as "info");
  const config = configFromOptions(opts);
  if (opts.l1Rpc === undefined) {
    const node = await L2Node.start(config, log);
    stopOnSignals(() => node.stop(), log);
    return { node, log };
  }
  const key = process.env.L1_SEQUENCER_KEY;
  if (opts.rollup === undefined || !/^0x[0-9a-fA-F]{40}$/.test(opts.rollup)) throw new InvalidArgumentError("--l1-rpc needs --rollup <ZkRollup address>");
  if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key)) throw new InvalidArgumentError("--l1-rpc needs L1_SEQUENCER_KEY=0x<32-byte hex key> of the rollup's sequencer in the environment");
  const node = await L2Node.start({ ...config, genesis: withBridgeReserve(config.genesis) }, log);
  stopOnSignals(() => node.stop(), log);
  const client = await L1Client.connect({ rpcUrl: opts.l1Rpc, rollup: opts.rollup as `0x${string}`, sequencerKey: key as `0x${string}` });
  await L1Service.start(node, client, { ...DEFAULT_L1_SERVICE_OPTIONS, fromBlock: BigInt(opts.l1FromBlock ?? 0) }, log);
  return { node, log };
}

/** Runs a command's action, printing a one-line error (exit 1) instead of a stack trace. */
export function main(program: Command): void {
  program.parseAsync().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

if (require.main === module) {
  const program = nodeCommand("l2-node", "zkEVM L2 node: JSON-RPC (eth_*, rollup_*), mempool, sequencer, EVM execution with traces, batcher, LevelDB store", { dataDir: ".data/l2", inMemory: false })
    .option("--l1-rpc <url>", "L1 JSON-RPC URL: commit batches to and take deposits from the ZkRollup at --rollup (sequencer key: env L1_SEQUENCER_KEY)")
    .option("--rollup <address>", "ZkRollup address on L1 (with --l1-rpc)")
    .option("--l1-from-block <n>", "first L1 block to scan for deposits (the rollup's deployment block)", integer("--l1-from-block", 0), 0);
  main(program.action(async (opts: NodeCliOptions & L1CliOptions) => { await runNode(opts); }));
}
