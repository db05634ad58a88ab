import type { TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { keccak256 } from "./keccak.js";

const senders = new WeakMap<TypedTransaction, Address>();

/**
 * The tx's sender, as `tx.getSenderAddress()` (the last 20 bytes of keccak256 of the recovered public key), once
 * per tx object: @ethereumjs caches the public key but hashes it again, with @noble/hashes, on every call, and
 * admission, receipts and the RPC each asked for the same tx (the mempool's tx object is the one executed).
 */
export const senderOf = (tx: TypedTransaction): Address => {
  let sender = senders.get(tx);
  if (sender === undefined) {
    sender = new Address(keccak256(tx.getSenderPublicKey()).subarray(12));
    senders.set(tx, sender);
  }
  return sender;
};
