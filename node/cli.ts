import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_PORT, defaultConfig, type NodeConfig } from "./config.js";
import { devGenesis, parseGethGenesis } from "./execution/genesis.js";
import type { Logger } from "pino";
import { createLogger } from "./log.js";
import { L2Node } from "./node.js";

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
}

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
    .option("--log-level <level>", "pino log level", "info");
}

/** The node configuration the flags describe. */
export function configFromOptions(opts: NodeCliOptions & { persist?: boolean }): NodeConfig {
  const chainId = opts.chainId === undefined ? undefined : BigInt(integer("--chain-id", 1)(opts.chainId));
  const genesis = opts.genesis === undefined ? devGenesis(chainId) : parseGethGenesis(JSON.parse(readFileSync(opts.genesis, "utf8")));
  if (chainId !== undefined) genesis.chainId = chainId;
  const inMemory = opts.inMemory && !opts.persist;
  return { ...defaultConfig(genesis), port: opts.port, host: opts.host, blockTime: opts.blockTime, dataDir: inMemory ? undefined : opts.dataDir };
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

/** Starts the node from parsed flags and stops it cleanly on SIGINT/SIGTERM. */
export async function runNode(opts: NodeCliOptions & { persist?: boolean }): Promise<{ node: L2Node; log: Logger }> {
  const log = createLogger(opts.logLevel as "info");
  const node = await L2Node.start(configFromOptions(opts), log);
  stopOnSignals(() => node.stop(), log);
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
  const program = nodeCommand("l2-node", "zkEVM L2 node: JSON-RPC (eth_*), mempool, sequencer, EVM execution with traces, LevelDB store", { dataDir: ".data/l2", inMemory: false });
  main(program.action(async (opts: NodeCliOptions) => { await runNode(opts); }));
}
