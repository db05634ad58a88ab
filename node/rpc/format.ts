import type { Block } from "@ethereumjs/block";
import { Capability, type TypedTransaction } from "@ethereumjs/tx";
import { type Address, bigIntToHex, bytesToHex, intToHex } from "@ethereumjs/util";
import { effectiveGasPrice, maxFeePerGas, maxPriorityFeePerGas } from "../execution/fees.js";
import { senderOf } from "../execution/sender.js";

/** JSON-RPC shapes of blocks and transactions, as geth returns them. */
export type Json = Record<string, unknown>;

/** Where a mined transaction is; absent for pending ones. */
export interface TxPosition {
  block: Block;
  index: number;
}

export const formatTx = (tx: TypedTransaction, sender: Address, position?: TxPosition): Json => {
  const baseFee = position?.block.header.baseFeePerGas;
  const json: Json = {
    blockHash: position === undefined ? null : bytesToHex(position.block.hash()),
    blockNumber: position === undefined ? null : bigIntToHex(position.block.header.number),
    transactionIndex: position === undefined ? null : intToHex(position.index),
    hash: bytesToHex(tx.hash()),
    type: intToHex(tx.type),
    from: sender.toString(),
    to: tx.to?.toString() ?? null,
    nonce: bigIntToHex(tx.nonce),
    gas: bigIntToHex(tx.gasLimit),
    // Mined: the price paid; pending: the fee cap (geth does the same).
    gasPrice: bigIntToHex(baseFee === undefined ? maxFeePerGas(tx) : effectiveGasPrice(tx, baseFee)),
    value: bigIntToHex(tx.value),
    input: bytesToHex(tx.data),
    v: bigIntToHex(tx.v ?? 0n),
    r: bigIntToHex(tx.r ?? 0n),
    s: bigIntToHex(tx.s ?? 0n),
  };
  if (tx.type !== 0 || tx.supports(Capability.EIP155ReplayProtection)) json.chainId = bigIntToHex(tx.common.chainId());
  if (tx.supports(Capability.EIP2930AccessLists)) {
    const list = (tx as unknown as { accessList: [Uint8Array, Uint8Array[]][] }).accessList;
    json.accessList = list.map(([address, keys]) => ({ address: bytesToHex(address), storageKeys: keys.map((k) => bytesToHex(k)) }));
    json.yParity = bigIntToHex(tx.v ?? 0n);
  }
  if (tx.supports(Capability.EIP1559FeeMarket)) {
    json.maxFeePerGas = bigIntToHex(maxFeePerGas(tx));
    json.maxPriorityFeePerGas = bigIntToHex(maxPriorityFeePerGas(tx));
  }
  return json;
};

export const formatBlock = (block: Block, fullTxs: boolean): Json => {
  const h = block.header;
  const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : bytesToHex(b));
  return {
    number: bigIntToHex(h.number),
    hash: bytesToHex(block.hash()),
    parentHash: bytesToHex(h.parentHash),
    nonce: bytesToHex(h.nonce),
    mixHash: bytesToHex(h.mixHash),
    sha3Uncles: bytesToHex(h.uncleHash),
    logsBloom: bytesToHex(h.logsBloom),
    transactionsRoot: bytesToHex(h.transactionsTrie),
    stateRoot: bytesToHex(h.stateRoot),
    receiptsRoot: bytesToHex(h.receiptTrie),
    miner: h.coinbase.toString(),
    difficulty: bigIntToHex(h.difficulty),
    totalDifficulty: "0x0",
    extraData: bytesToHex(h.extraData),
    size: intToHex(block.serialize().length),
    gasLimit: bigIntToHex(h.gasLimit),
    gasUsed: bigIntToHex(h.gasUsed),
    timestamp: bigIntToHex(h.timestamp),
    baseFeePerGas: h.baseFeePerGas === undefined ? undefined : bigIntToHex(h.baseFeePerGas),
    withdrawalsRoot: hex(h.withdrawalsRoot),
    withdrawals: [],
    blobGasUsed: h.blobGasUsed === undefined ? undefined : bigIntToHex(h.blobGasUsed),
    excessBlobGas: h.excessBlobGas === undefined ? undefined : bigIntToHex(h.excessBlobGas),
    parentBeaconBlockRoot: hex(h.parentBeaconBlockRoot),
    uncles: [],
    transactions: block.transactions.map((tx, index) =>
      fullTxs ? formatTx(tx, senderOf(tx), { block, index }) : bytesToHex(tx.hash()),
    ),
  };
};
