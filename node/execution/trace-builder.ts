import type { Block } from "@ethereumjs/block";
import { Capability, type TypedTransaction } from "@ethereumjs/tx";
import type { RunTxResult } from "@ethereumjs/vm";
import { unsupportedOps } from "../../circuits/evm/coverage.js";
import type { Address, BlockTrace, BytecodeTrace, Hash, LogTrace, TxTrace } from "../../circuits/witness/trace.js";
import { blockHeaderTrace } from "../batcher/encoding.js";
import { effectiveGasPrice, maxFeePerGas, maxPriorityFeePerGas } from "./fees.js";
import { toHex as hex } from "./hex.js";
import { senderOf } from "./sender.js";
import type { TxExecutionTrace } from "./tracer.js";

/** An executed transaction with its execution trace. */
export interface TracedTx {
  tx: TypedTransaction;
  result: RunTxResult;
  trace: TxExecutionTrace;
}

/** The tx's EIP-2930 access list (empty for types without one). */
export const rawAccessList = (tx: TypedTransaction): [Uint8Array, Uint8Array[]][] =>
  tx.supports(Capability.EIP2930AccessLists) ? (tx as unknown as { accessList: [Uint8Array, Uint8Array[]][] }).accessList : [];

/** What the EVM circuit does not cover in these txs' execution (circuits/evm/coverage.ts), deduplicated. */
export const coverageOf = (txs: TxTrace[]): string[] => [...new Set(txs.flatMap(unsupportedOps))];

/**
 * The circuits' `TxTrace`s of `included`, numbered (tx and log indices) as if they were the block's only txs: the
 * block's when `included` is all of them, enough for the coverage rules (which read no index) otherwise.
 */
export const txTraces = (block: Block, included: TracedTx[]): TxTrace[] => {
  const baseFee = block.header.baseFeePerGas ?? 0n;
  let logIndex = 0;
  return included.map(({ tx, result, trace }, index): TxTrace => {
    const logs = (result.execResult.logs ?? []).map(([address, topics, data]): LogTrace => ({
      index: logIndex++,
      address: hex(address) as Address,
      topics: topics.map((t) => hex(t) as Hash),
      data,
    }));
    const status = "status" in result.receipt ? result.receipt.status : 1;
    return {
      index,
      hash: hex(tx.hash()) as Hash,
      type: tx.type as 0 | 1 | 2,
      from: hex(senderOf(tx).bytes) as Address,
      to: tx.to === undefined ? null : (hex(tx.to.bytes) as Address),
      nonce: tx.nonce,
      gasLimit: tx.gasLimit,
      maxFeePerGas: maxFeePerGas(tx),
      maxPriorityFeePerGas: maxPriorityFeePerGas(tx),
      effectiveGasPrice: effectiveGasPrice(tx, baseFee),
      value: tx.value,
      data: tx.data,
      accessList: rawAccessList(tx).map(([address, keys]) => ({ address: hex(address) as Address, storageKeys: keys.map((k) => hex(k) as Hash) })),
      v: tx.v ?? 0n,
      r: tx.r ?? 0n,
      s: tx.s ?? 0n,
      raw: tx.serialize(),
      signingHash: hex(tx.getHashedMessageToSign()) as Hash,
      status,
      gasUsed: result.totalGasSpent,
      contractAddress: status === 1 && result.createdAddress !== undefined ? (hex(result.createdAddress.bytes) as Address) : null,
      returnData: result.execResult.returnValue,
      ...trace,
      logs,
    };
  });
};

/** Assembles the circuits' `BlockTrace` from a built block and the execution traces of all its txs. */
export const buildBlockTrace = (block: Block, included: TracedTx[], stateRootBefore: Uint8Array, bytecodes: BytecodeTrace[]): BlockTrace => ({
  header: blockHeaderTrace(block),
  stateRootBefore: hex(stateRootBefore) as Hash,
  stateRootAfter: hex(block.header.stateRoot) as Hash,
  txs: txTraces(block, included),
  bytecodes,
});
