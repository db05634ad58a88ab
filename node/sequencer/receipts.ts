import type { Block } from "@ethereumjs/block";
import { bigIntToHex, intToHex } from "@ethereumjs/util";
import type { IncludedTx } from "../execution/executor.js";
import { effectiveGasPrice } from "../execution/fees.js";
import { toHex } from "../execution/hex.js";
import { senderOf } from "../execution/sender.js";
import type { Hex, LogRecord, ReceiptRecord } from "../store/records.js";

const hex = (bytes: Uint8Array): Hex => toHex(bytes) as Hex;

/** Receipts of a built block in their JSON-RPC shape (status, gas, logs with block-wide indices, bloom, …). */
export const receiptRecords = (block: Block, included: IncludedTx[]): ReceiptRecord[] => {
  const blockHash = hex(block.hash());
  const blockNumber = bigIntToHex(block.header.number) as Hex;
  const baseFee = block.header.baseFeePerGas ?? 0n;
  let logIndex = 0;
  return included.map(({ tx, result }, index): ReceiptRecord => {
    const transactionHash = hex(tx.hash());
    const transactionIndex = intToHex(index) as Hex;
    const logs = result.receipt.logs.map(([address, topics, data]): LogRecord => ({
      address: hex(address),
      topics: topics.map(hex),
      data: hex(data),
      blockNumber,
      blockHash,
      transactionHash,
      transactionIndex,
      logIndex: intToHex(logIndex++) as Hex,
      removed: false,
    }));
    const status = "status" in result.receipt && result.receipt.status === 1 ? "0x1" : "0x0";
    return {
      transactionHash,
      transactionIndex,
      blockHash,
      blockNumber,
      from: hex(senderOf(tx).bytes),
      to: tx.to === undefined ? null : hex(tx.to.bytes),
      cumulativeGasUsed: bigIntToHex(result.receipt.cumulativeBlockGasUsed) as Hex,
      gasUsed: bigIntToHex(result.totalGasSpent) as Hex,
      effectiveGasPrice: bigIntToHex(effectiveGasPrice(tx, baseFee)) as Hex,
      contractAddress: tx.to === undefined && result.createdAddress !== undefined ? hex(result.createdAddress.bytes) : null,
      logs,
      logsBloom: hex(result.receipt.bitvector),
      status,
      type: intToHex(tx.type) as Hex,
    };
  });
};
