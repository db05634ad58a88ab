import type { Address } from "@ethereumjs/util";
import type { Genesis } from "./execution/genesis.js";
import { DEFAULT_BATCHER_OPTIONS, type BatcherOptions } from "./batcher/batcher.js";
import type { BatchProver } from "./batcher/prover.js";
import { DEFAULT_POOL_LIMITS, type PoolLimits } from "./mempool/pool.js";

/** Everything a node instance is configured with (the CLI builds it from flags; tests build it directly). */
export interface NodeConfig {
  genesis: Genesis;
  /** LevelDB directory; undefined = in memory (nothing survives the process). */
  dataDir?: string;
  /** HTTP JSON-RPC port (0 = any free port); the L2 default is 8547 so an L1 hardhat node keeps 8545. */
  port: number;
  host: string;
  /** Seconds between blocks; 0 = automine (a block as soon as transactions arrive). */
  blockTime: number;
  /** Fee recipient of produced blocks; the genesis coinbase when undefined. */
  coinbase?: Address;
  /** Largest accepted JSON-RPC request body, in bytes. */
  bodyLimit: number;
  /** Largest accepted signed transaction, in bytes. */
  maxTxBytes: number;
  /** Most blocks one eth_getLogs may scan. */
  maxLogsBlockRange: number;
  pool: PoolLimits;
  /** When blocks are sealed into batches (node/batcher). */
  batcher: BatcherOptions;
  /** Proves batches; default NO_BATCH_CIRCUIT (node/batcher/prover.ts): every batch unprovable, none finalized. */
  prover?: BatchProver;
}

export const DEFAULT_PORT = 8547;

export const defaultConfig = (genesis: Genesis): NodeConfig => ({
  genesis,
  port: DEFAULT_PORT,
  host: "127.0.0.1",
  blockTime: 0,
  bodyLimit: 5 * 1024 * 1024,
  maxTxBytes: 128 * 1024,
  maxLogsBlockRange: 10_000,
  pool: DEFAULT_POOL_LIMITS,
  batcher: DEFAULT_BATCHER_OPTIONS,
});
