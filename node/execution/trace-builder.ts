import type { Block } from "@ethereumjs/block";
import { Capability, type TypedTransaction } from "@ethereumjs/tx";
import type { Address, BlockTrace, BytecodeTrace, Hash, LogTrace, TxTrace } from "../../circuits/witness/trace.js";
import { blockHeaderTrace } from "../batcher/encoding.js";
import { effectiveGasPrice, maxFeePerGas, maxPriorityFeePerGas } from "./fees.js";
import type { IncludedTx } from "./executor.js";
import { toHex as hex } from "./hex.js";

const accessListOf = (tx: TypedTransaction): TxTrace["accessList"] =>
  tx.supports(Capability.EIP2930AccessLists)
    ? (tx as unknown as { accessList: [Uint8Array, Uint8Array[]][] }).accessList.map(([address, keys]) => ({
        address: hex(address) as Address,
        storageKeys: keys.map((k) => hex(k) as Hash),
      }))
    : [];

/** Assembles the circuits' `BlockTrace` from a built block and the per-tx execution traces. */
export const buildBlockTrace = (block: Block, included: IncludedTx[], stateRootBefore: Uint8Array, bytecodes: BytecodeTrace[]): BlockTrace => {
  const header = block.header;
  const baseFee = header.baseFeePerGas ?? 0n;
  let logIndex = 0;
  const txs = included.map(({ tx, result, trace }, index): TxTrace => {
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
      from: hex(tx.getSenderAddress().bytes) as Address,
      to: tx.to === undefined ? null : (hex(tx.to.bytes) as Address),
      nonce: tx.nonce,
      gasLimit: tx.gasLimit,
      maxFeePerGas: maxFeePerGas(tx),
      maxPriorityFeePerGas: maxPriorityFeePerGas(tx),
      effectiveGasPrice: effectiveGasPrice(tx, baseFee),
      value: tx.value,
      data: tx.data,
      accessList: accessListOf(tx),
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
  return {
    header: blockHeaderTrace(block),
    stateRootBefore: hex(stateRootBefore) as Hash,
    stateRootAfter: hex(header.stateRoot) as Hash,
    txs,
    bytecodes,
  };
};
