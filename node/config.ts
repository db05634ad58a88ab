import type { Address } from "@ethereumjs/util";
import type { Genesis } from "./execution/genesis.js";
import { DEFAULT_BATCHER_OPTIONS, type BatcherOptions } from "./batcher/batcher.js";
import type { BatchProver } from "./batcher/prover.js";
import type { ProvingRetryOptions } from "./batcher/proving.js";
import type { CircuitRef } from "./prover/circuit.js";
import { DEFAULT_POOL_LIMITS, type PoolLimits } from "./mempool/pool.js";
import type { UnprovableTxsPolicy } from "./sequencer/provability.js";

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
  /** Most txs per block; undefined: no limit (with the batch circuit: its tx slots, see configFromOptions). */
  maxBlockTxs?: number;
  /**
   * `skip` (default): the sequencer leaves out a tx the batch circuit cannot prove even alone (its coverage or
   * capacity; node/sequencer/provability.ts), recorded with the reason; `include`: every valid tx goes into a
   * block, and a batch holding such a tx is unprovable (full EVM, no proofs for it; finalization halts there).
   */
  unprovableTxs: UnprovableTxsPolicy;
  /** Largest accepted JSON-RPC request body, in bytes. */
  bodyLimit: number;
  /** Largest accepted signed transaction, in bytes. */
  maxTxBytes: number;
  /** Most blocks one eth_getLogs may scan. */
  maxLogsBlockRange: number;
  pool: PoolLimits;
  /** When blocks are sealed into batches (node/batcher). */
  batcher: BatcherOptions;
  /** The node's prover service (node/prover): where proving jobs run. */
  proving: ProvingConfig;
  /**
   * Replaces the prover service as the batcher's BatchProver (tests of the L1 flow script one); undefined in any
   * real configuration.
   */
  prover?: BatchProver;
}

export interface ProvingConfig {
  /** redis://… : BullMQ on Redis, proven by `npm run prover` processes; undefined: the embedded worker pool. */
  queue?: string;
  /** BullMQ queue name (the provers' --queue-name); default zkevm-proofs. */
  queueName?: string;
  /** Worker threads of the embedded pool. */
  workers: number;
  /** Attempts per batch (a rejected proof or a failed run ends one) before the batch goes back to committed. */
  maxAttempts: number;
  /**
   * Proving rounds (each up to `maxAttempts` attempts) and the backoff between them before a batch is recorded
   * unprovable (node/batcher/proving.ts; an outage of the prover does not count). Default DEFAULT_PROVING_RETRY.
   */
  retry?: Partial<ProvingRetryOptions>;
  /**
   * Registers the batch circuit (node/prover/batch-circuit.ts) for this chain: the node makes its keys at start
   * (minutes at k = 14) and proves the batches it covers. Off: no circuit, every batch is unprovable with the reason.
   */
  batchCircuit: boolean;
  /** TESTS ONLY: circuits registered with the service besides (test/node/prover/test-circuits.ts). */
  testCircuits?: CircuitRef[];
}

export const DEFAULT_PROVING: ProvingConfig = { workers: 1, maxAttempts: 3, batchCircuit: false };

export const DEFAULT_PORT = 8547;

export const defaultConfig = (genesis: Genesis): NodeConfig => ({
  genesis,
  port: DEFAULT_PORT,
  host: "127.0.0.1",
  blockTime: 0,
  unprovableTxs: "include",
  bodyLimit: 5 * 1024 * 1024,
  maxTxBytes: 128 * 1024,
  maxLogsBlockRange: 10_000,
  pool: DEFAULT_POOL_LIMITS,
  batcher: DEFAULT_BATCHER_OPTIONS,
  proving: DEFAULT_PROVING,
});
