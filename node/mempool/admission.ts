import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import {
  create1559FeeMarketTxFromBytesArray,
  createAccessList2930TxFromBytesArray,
  createLegacyTxFromBytesArray,
  TransactionType,
  type TxValuesArray,
  type TypedTransaction,
} from "@ethereumjs/tx";
import { type Address, bytesToBigInt } from "@ethereumjs/util";
import { maxFeePerGas } from "../execution/fees.js";
import { senderOf } from "../execution/sender.js";
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

/** A decoded RLP list, checked field by field by the constructor of its type. */
type Fields = unknown[];

/** The RLP fields of a signed transaction (after the type byte of a typed one), decoded once for all checks. */
const decodeFields = (raw: Uint8Array): Fields => {
  const fields = RLP.decode(raw[0]! <= 0x7f ? raw.subarray(1) : raw);
  if (!Array.isArray(fields)) throw new Error("expected an RLP list");
  return fields;
};

/** Chain id the fields commit to, read before the tx is built; undefined for pre-EIP-155 legacy txs. */
const chainIdOf = (type: number | undefined, fields: Fields): bigint | undefined => {
  if (type !== undefined) return bytesToBigInt(fields[0] as Uint8Array);
  const v = bytesToBigInt(fields[6] as Uint8Array);
  return v >= 35n ? (v - 35n) / 2n : undefined;
};

/** The tx of a supported type from its decoded fields (what createTxFromRLP does after its own RLP decode). */
const txFromFields = (type: number | undefined, fields: Fields, common: Common): TypedTransaction => {
  if (type === TransactionType.FeeMarketEIP1559) return create1559FeeMarketTxFromBytesArray(fields as TxValuesArray[2], { common });
  if (type === TransactionType.AccessListEIP2930) return createAccessList2930TxFromBytesArray(fields as TxValuesArray[1], { common });
  // A 0x00 type byte is not a legacy tx (those have no type byte): refused as createTxFromRLP refuses it.
  if (type !== undefined) throw new Error(`TypedTransaction with ID ${type} unknown`);
  return createLegacyTxFromBytesArray(fields as TxValuesArray[0], { common });
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
  const type = raw[0]! <= 0x7f ? raw[0]! : undefined;
  let fields: Fields;
  let chainId: bigint | undefined;
  try {
    fields = decodeFields(raw);
    chainId = chainIdOf(type, fields);
  } catch (error) {
    throw new TxRejectedError("invalid-rlp", `invalid transaction: rlp decoding failed: ${(error as Error).message}`);
  }
  const expected = rules.common.chainId();
  if (chainId !== undefined && chainId !== expected) {
    throw new TxRejectedError("wrong-chain-id", `invalid chain id: have ${chainId}, want ${expected}`, { chainId, expected });
  }
  let tx: TypedTransaction;
  try {
    tx = txFromFields(type, fields, rules.common);
  } catch (error) {
    throw new TxRejectedError("invalid-rlp", `invalid transaction: ${(error as Error).message.split(" (")[0]}`);
  }
  let sender: Address;
  try {
    if (!tx.isSigned()) throw new Error("the transaction is not signed");
    if (!tx.verifySignature()) throw new Error("signature does not verify");
    sender = senderOf(tx);
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
