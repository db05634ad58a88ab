import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { DEFAULT_PORT, defaultConfig } from "./config.js";
import { devGenesis, parseGethGenesis } from "./execution/genesis.js";
import { createLogger } from "./log.js";
import { L2Node } from "./node.js";

const integer = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

const program = new Command()
  .name("l2-node")
  .description("zkEVM L2 node: JSON-RPC (eth_*), mempool, sequencer, EVM execution with traces, LevelDB store")
  .option("--data-dir <dir>", "LevelDB directory (the chain resumes from it on restart)", ".data/l2")
  .option("--in-memory", "keep everything in memory (nothing survives the process)", false)
  .option("--port <port>", "JSON-RPC HTTP port", integer("--port", 0), DEFAULT_PORT)
  .option("--host <host>", "JSON-RPC listen address", "127.0.0.1")
  .option("--chain-id <id>", "chain id of the dev genesis (overrides the genesis file's config.chainId)")
  .option("--block-time <seconds>", "seconds between blocks; 0 = a block as soon as transactions arrive", integer("--block-time", 0), 0)
  .option("--genesis <file>", "geth-format genesis JSON (default: dev genesis with the 20 hardhat test accounts)")
  .option("--log-level <level>", "pino log level", "info")
  .action(async (opts: { dataDir: string; inMemory: boolean; port: number; host: string; chainId?: string; blockTime: number; genesis?: string; logLevel: string }) => {
    const log = createLogger(opts.logLevel as "info");
    const chainId = opts.chainId === undefined ? undefined : BigInt(integer("--chain-id", 1)(opts.chainId));
    const genesis = opts.genesis === undefined ? devGenesis(chainId) : parseGethGenesis(JSON.parse(readFileSync(opts.genesis, "utf8")));
    if (chainId !== undefined) genesis.chainId = chainId;
    const config = { ...defaultConfig(genesis), port: opts.port, host: opts.host, blockTime: opts.blockTime, dataDir: opts.inMemory ? undefined : opts.dataDir };
    const node = await L2Node.start(config, log);
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down: finishing the current block");
      node.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGINT", () => shutdown("SIGINT"));
    process.on("SIGTERM", () => shutdown("SIGTERM"));
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
