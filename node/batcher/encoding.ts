/**
 * The byte encodings a batch is committed with on L1, in one place for the node, the L1 client and the tests.
 * Each function reproduces a documented encoding of contracts/ZkRollup.sol (see its header comment) exactly; a
 * hardhat test (test/node/batcher/encoding.test.ts) checks them against the contract's own pure functions. The
 * public input (piHash → [hi, lo]), the block-context records and the tx data live in circuits/pi (public-input.ts,
 * block-table.ts, tx-data.ts), shared with the batch circuit.
 */
import type { Block } from "@ethereumjs/block";
import { bytesToHex, concatHex, encodeAbiParameters, encodePacked, keccak256, type Hex } from "viem";
import { blockContextHash } from "../../circuits/pi/block-table.js";
import { packBlockSummary } from "../../circuits/pi/public-input.js";
import { txDataHash as txDataHashOfTxs } from "../../circuits/pi/tx-data.js";
import type { Address, BlockHeaderTrace, Hash } from "../../circuits/witness/trace.js";

export const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;

/** The fields a batch hash commits to (what a child batch names as its parent). */
export interface BatchHeader {
  index: bigint;
  parentBatchHash: Hex;
  prevStateRoot: Hex;
  newStateRoot: Hex;
  withdrawRoot: Hex;
  txDataHash: Hex;
  l1MessageStart: bigint;
  numL1Messages: bigint;
  l1MessagesHash: Hex;
  blockContextHash: Hex;
}

export const batchHash = (h: BatchHeader): Hex =>
  keccak256(
    encodePacked(
      ["uint64", "bytes32", "bytes32", "bytes32", "bytes32", "bytes32", "uint64", "uint64", "bytes32", "bytes32"],
      [h.index, h.parentBatchHash, h.prevStateRoot, h.newStateRoot, h.withdrawRoot, h.txDataHash, h.l1MessageStart, h.numL1Messages, h.l1MessagesHash, h.blockContextHash],
    ),
  );

/** Batch 0, committed and finalized by the contract's constructor: only its new state root is non-zero. */
export const genesisBatchHash = (genesisStateRoot: Hex): Hex =>
  batchHash({
    index: 0n,
    parentBatchHash: ZERO_HASH,
    prevStateRoot: ZERO_HASH,
    newStateRoot: genesisStateRoot,
    withdrawRoot: ZERO_HASH,
    txDataHash: ZERO_HASH,
    l1MessageStart: 0n,
    numL1Messages: 0n,
    l1MessagesHash: ZERO_HASH,
    blockContextHash: ZERO_HASH,
  });

/** One L1→L2 message of the contract's queue (an ETH deposit); `nonce` is its queue index. */
export interface L1Message {
  nonce: bigint;
  sender: Hex;
  to: Hex;
  value: bigint;
}

/** messageHash = keccak256(abi.encode(address sender, address to, uint256 value, uint256 nonce)). */
export const l1MessageHash = (m: L1Message): Hex =>
  keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "address" }, { type: "uint256" }, { type: "uint256" }], [m.sender, m.to, m.value, m.nonce]),
  );

/** The rolling hash h' = keccak256(h ‖ messageHash) folded over `hashes` from `start` (0 for a batch). */
export const foldMessageHashes = (hashes: readonly Hex[], start: Hex = ZERO_HASH): Hex =>
  hashes.reduce<Hex>((h, m) => keccak256(concatHex([h, m])), start);

/** A withdrawal made on L2, claimable on L1 once its batch is finalized. */
export interface Withdrawal {
  to: Hex;
  amount: bigint;
  /** Index of the withdrawal among all L2 withdrawals (makes leaves unique). */
  nonce: bigint;
}

/** leaf = keccak256(abi.encode(address to, uint256 amount, uint256 nonce)). */
export const withdrawalLeaf = (w: Withdrawal): Hex =>
  keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }, { type: "uint256" }], [w.to, w.amount, w.nonce]));

/** node(a, b) = keccak256(min(a, b) ‖ max(a, b)), ordered as uint256 (OpenZeppelin's commutative hash). */
const merkleNode = (a: Hex, b: Hex): Hex => (BigInt(a) < BigInt(b) ? keccak256(concatHex([a, b])) : keccak256(concatHex([b, a])));

/**
 * The contract's canonical withdrawal tree: leaves in L2 order padded with zero hashes to a power of two; the
 * root of no leaves is zero and of one leaf is the leaf. `proof(i)` lists the siblings from leaf i upwards.
 */
export const withdrawalTree = (leaves: readonly Hex[]): { root: Hex; proof(i: number): Hex[] } => {
  if (leaves.length === 0) return { root: ZERO_HASH, proof: () => [] };
  let size = 1;
  while (size < leaves.length) size *= 2;
  const levels: Hex[][] = [[...leaves, ...Array<Hex>(size - leaves.length).fill(ZERO_HASH)]];
  for (let level = levels[0]; level.length > 1; ) {
    const up = Array.from({ length: level.length / 2 }, (_, i) => merkleNode(level[2 * i], level[2 * i + 1]));
    levels.push(up);
    level = up;
  }
  return {
    root: levels[levels.length - 1][0],
    proof: (i) => levels.slice(0, -1).map((level, depth) => level[(i >> depth) ^ 1]),
  };
};

/** The L2 data of one block a batch carries: its transactions as signed bytes (its context is in blockContextHash). */
export interface TxDataBlock {
  /** Each transaction's canonical encoding: the EIP-2718 envelope (type ‖ payload), RLP for legacy ones. */
  txs: readonly Uint8Array[];
}

/**
 * txDataHash = keccak256(txHash_1 ‖ … ‖ txHash_n) over the batch's transactions in order, txHash = keccak256 of
 * the signed bytes (32 bytes each; keccak256("") without transactions). The batch circuit's own definition
 * (circuits/pi/tx-data.ts), which it proves from its tx table; block numbers and timestamps are not in it (the
 * blocks' contexts are committed by blockContextHash).
 */
export const txDataHash = (blocks: readonly TxDataBlock[]): Hex =>
  txDataHashOfTxs(blocks.flatMap((block) => block.txs.map((tx) => keccak256(tx))));

/**
 * A block's header as the circuits take it (trace.ts), from the stored block: batches also span blocks whose
 * execution trace (node/execution/trace-builder.ts, which builds the same header) was not kept over a restart.
 */
export const blockHeaderTrace = ({ header, common }: Block): BlockHeaderTrace => ({
  number: header.number,
  hash: bytesToHex(header.hash()) as Hash,
  parentHash: bytesToHex(header.parentHash) as Hash,
  coinbase: bytesToHex(header.coinbase.bytes) as Address,
  timestamp: header.timestamp,
  gasLimit: header.gasLimit,
  gasUsed: header.gasUsed,
  baseFeePerGas: header.baseFeePerGas ?? 0n,
  prevRandao: bytesToHex(header.mixHash) as Hash,
  chainId: common.chainId(),
  rlp: header.serialize(),
});

/**
 * blockContextHash of a batch of `blocks`: per transaction, the record of its block's context (coinbase,
 * timestamp, number, prevRandao = mixHash, gasLimit, baseFee) in the batch circuit's own encoding
 * (circuits/pi/block-table.ts), so the node commits exactly what the circuit proves.
 */
/** A block's summary as ZkRollup stores it (its number, timestamp, base fee and gas used). */
export const blockSummaryOf = (block: Block): Hex =>
  packBlockSummary({ number: block.header.number, timestamp: block.header.timestamp, baseFee: block.header.baseFeePerGas ?? 0n, gasUsed: block.header.gasUsed });

export const blockContextHashOf = (blocks: readonly Block[]): Hex =>
  blockContextHash(blocks.map((block) => ({ header: blockHeaderTrace(block), txCount: block.transactions.length })));
