/** Records the chain store keeps besides blocks: receipts (already in their JSON-RPC shape) and the tx index. */
export type Hex = `0x${string}`;

export interface LogRecord {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  /** Index of the log within the block. */
  logIndex: Hex;
  removed: false;
}

export interface ReceiptRecord {
  transactionHash: Hex;
  transactionIndex: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  from: Hex;
  to: Hex | null;
  cumulativeGasUsed: Hex;
  gasUsed: Hex;
  effectiveGasPrice: Hex;
  contractAddress: Hex | null;
  logs: LogRecord[];
  logsBloom: Hex;
  status: "0x0" | "0x1";
  type: Hex;
}

/** Where a mined transaction lives. */
export interface TxLocation {
  blockHash: Hex;
  blockNumber: bigint;
  index: number;
}

/** A tx the sequencer left out of block `blockNumber` (rolled back, dropped from the mempool) and why. */
export interface SkippedTx {
  reason: string;
  blockNumber: bigint;
}
