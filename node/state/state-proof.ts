/**
 * Proofs of accounts and storage slots (for rollup_getProof and the SMT circuit's witnesses), and their pure
 * verifiers. A storage proof is against the account's storageRoot, which the account proof commits to.
 */
import { accountKey, accountValue, storageKey, storageValue, type Account } from './encoding.js';
import { verifyProof, type SmtProof } from './smt-proof.js';

export interface AccountProof {
  readonly address: Uint8Array;
  /** The account's SMT key, P(address). */
  readonly key: bigint;
  /** The account, undefined if absent (then `proof` is a non-inclusion proof). */
  readonly account: Account | undefined;
  readonly proof: SmtProof;
}

export interface StorageProof {
  readonly slot: bigint;
  /** The slot's SMT key, P(hi(slot), lo(slot)). */
  readonly key: bigint;
  /** The word; 0 means absent (then `proof` is a non-inclusion proof). */
  readonly value: bigint;
  readonly proof: SmtProof;
}

/** Whether `proof` shows `account` (undefined: absence) at `address` under `stateRoot`. */
export function verifyAccountProof(stateRoot: bigint, address: Uint8Array, account: Account | undefined, proof: SmtProof): boolean {
  return verifyProof(stateRoot, accountKey(address), account === undefined ? undefined : accountValue(account), proof);
}

/** Whether `proof` shows the word `value` (0: absence) at `slot` under an account's `storageRoot`. */
export function verifyStorageProof(storageRoot: bigint, slot: bigint, value: bigint, proof: SmtProof): boolean {
  return verifyProof(storageRoot, storageKey(slot), value === 0n ? undefined : storageValue(value), proof);
}
