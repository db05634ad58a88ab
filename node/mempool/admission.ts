import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createTxFromRLP, TransactionType, type TypedTransaction } from "@ethereumjs/tx";
import { type Address, bytesToBigInt } from "@ethereumjs/util";
import { maxFeePerGas } from "../execution/fees.js";
import { TxRejectedError } from "./errors.js";

/** Limits a transaction must respect, and the chain it must belong to. */
export interface AdmissionRules {
  common: Common;
  /** Largest accepted signed transaction, in bytes (geth: 128 KiB). */
  maxTxBytes: number;
  blockGasLimit: bigint;
  /** Base fee of the next block: the fee cap must reach it. */
  nextBaseFee: bigint;
}

/** Account state the stateful checks need. */
export interface SenderState {
  nonce: bigint;
  balance: bigint;
}

export interface DecodedTx {
  tx: TypedTransaction;
  sender: Address;
}

const SUPPORTED_TYPES = new Set<number>([TransactionType.Legacy, TransactionType.AccessListEIP2930, TransactionType.FeeMarketEIP1559]);

/** Chain id a signed transaction commits to, read before full decoding; undefined for pre-EIP-155 legacy txs. */
const peekChainId = (raw: Uint8Array): bigint | undefined => {
  const typed = raw[0]! <= 0x7f;
  const fields = RLP.decode(typed ? raw.subarray(1) : raw);
  if (!Array.isArray(fields)) throw new Error("expected an RLP list");
  if (typed) return bytesToBigInt(fields[0] as Uint8Array);
  const v = bytesToBigInt(fields[6] as Uint8Array);
  return v >= 35n ? (v - 35n) / 2n : undefined;
};

/**
 * Stateless admission: size, RLP, type, chain id, signature, block gas limit, intrinsic gas and fee cap versus
 * the next base fee. Returns the decoded tx and its recovered sender.
 */
export const decodeAndCheck = (raw: Uint8Array, rules: AdmissionRules): DecodedTx => {
  if (raw.length > rules.maxTxBytes) {
    throw new TxRejectedError("oversized", `oversized data: transaction size ${raw.length}, limit ${rules.maxTxBytes}`, { size: raw.length });
  }
  if (raw.length === 0) throw new TxRejectedError("invalid-rlp", "invalid transaction: empty input");
  if (raw[0]! <= 0x7f && !SUPPORTED_TYPES.has(raw[0]!)) {
    throw new TxRejectedError("unsupported-type", `transaction type not supported: ${raw[0]} (accepted: 0 legacy, 1 EIP-2930, 2 EIP-1559)`);
  }
  let chainId: bigint | undefined;
  try {
    chainId = peekChainId(raw);
  } catch (error) {
    throw new TxRejectedError("invalid-rlp", `invalid transaction: rlp decoding failed: ${(error as Error).message}`);
  }
  const expected = rules.common.chainId();
  if (chainId !== undefined && chainId !== expected) {
    throw new TxRejectedError("wrong-chain-id", `invalid chain id: have ${chainId}, want ${expected}`, { chainId, expected });
  }
  let tx: TypedTransaction;
  try {
    tx = createTxFromRLP(raw, { common: rules.common });
  } catch (error) {
    throw new TxRejectedError("invalid-rlp", `invalid transaction: ${(error as Error).message.split(" (")[0]}`);
  }
  let sender: Address;
  try {
    if (!tx.isSigned()) throw new Error("the transaction is not signed");
    if (!tx.verifySignature()) throw new Error("signature does not verify");
    sender = tx.getSenderAddress();
  } catch (error) {
    throw new TxRejectedError("invalid-signature", `invalid sender: ${(error as Error).message}`);
  }
  if (tx.gasLimit > rules.blockGasLimit) {
    throw new TxRejectedError("gas-limit-exceeded", `exceeds block gas limit: gas ${tx.gasLimit}, block gas limit ${rules.blockGasLimit}`);
  }
  const intrinsic = tx.getIntrinsicGas();
  if (tx.gasLimit < intrinsic) {
    throw new TxRejectedError("intrinsic-gas-too-low", `intrinsic gas too low: gas ${tx.gasLimit}, minimum needed ${intrinsic}`);
  }
  const feeCap = maxFeePerGas(tx);
  if (feeCap < rules.nextBaseFee) {
    throw new TxRejectedError(
      "fee-cap-too-low",
      `max fee per gas less than block base fee: address ${sender.toString()}, maxFeePerGas: ${feeCap}, baseFee: ${rules.nextBaseFee}`,
    );
  }
  return { tx, sender };
};

/** Stateful admission against the sender's account: nonce not already used, balance covers gas × fee cap + value. */
export const checkAgainstState = ({ tx, sender }: DecodedTx, account: SenderState): void => {
  if (tx.nonce < account.nonce) {
    throw new TxRejectedError("nonce-too-low", `nonce too low: next nonce ${account.nonce}, tx nonce ${tx.nonce}`, { sender: sender.toString() });
  }
  const cost = tx.gasLimit * maxFeePerGas(tx) + tx.value;
  if (account.balance < cost) {
    throw new TxRejectedError(
      "insufficient-funds",
      `insufficient funds for gas * price + value: address ${sender.toString()} have ${account.balance} want ${cost}`,
    );
  }
};
