/**
 * The JSON shape of state proofs (rollup_getProof), like eth_getProof's but over the Poseidon SMTs: the account
 * leaf's preimage and the siblings of its path (root first), then one proof per storage slot against the
 * account's storage root. Field elements and words are 0x hex quantities; addresses and hashes are 0x bytes.
 * `decodeStateProof` is strict, so a client can feed what it received straight to `verifyStateProof`.
 */
import type { Account } from './encoding.js';
import { StateProofFormatError } from './errors.js';
import type { SmtProof } from './smt-proof.js';
import { verifyAccountProof, verifyStorageProof, type AccountProof, type StorageProof } from './state-proof.js';

export type Hex = `0x${string}`;

export interface SmtProofJson {
  siblings: Hex[];
  leaf: { key: Hex; value: Hex } | null;
}

export interface StateProofJson {
  blockNumber: Hex;
  stateRoot: Hex;
  address: Hex;
  /** P(address), the account's SMT key. */
  key: Hex;
  /** Null when the account does not exist (then `accountProof` proves its absence). */
  account: { nonce: Hex; balance: Hex; codeHash: Hex; storageRoot: Hex } | null;
  accountProof: SmtProofJson;
  storageProof: { slot: Hex; key: Hex; value: Hex; proof: SmtProofJson }[];
}

/** A decoded state proof: an account proof and storage proofs under one state root. */
export interface StateProof {
  blockNumber: bigint;
  stateRoot: bigint;
  account: AccountProof;
  storage: StorageProof[];
}

/** Whether the account proof holds under `stateRoot` and every storage proof under the proven storage root. */
export function verifyStateProof(proof: StateProof): boolean {
  const { account } = proof;
  if (!verifyAccountProof(proof.stateRoot, account.address, account.account, account.proof)) return false;
  const storageRoot = account.account?.storageRoot ?? 0n;
  return proof.storage.every((s) => verifyStorageProof(storageRoot, s.slot, s.value, s.proof));
}

const quantity = (x: bigint): Hex => `0x${x.toString(16)}`;
const bytes = (b: Uint8Array): Hex => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`;

const smtProofJson = (proof: SmtProof): SmtProofJson => ({
  siblings: proof.siblings.map(quantity),
  leaf: proof.leaf === null ? null : { key: quantity(proof.leaf.key), value: quantity(proof.leaf.value) },
});

export function encodeStateProof(proof: StateProof): StateProofJson {
  const { account } = proof;
  const a = account.account;
  return {
    blockNumber: quantity(proof.blockNumber),
    stateRoot: quantity(proof.stateRoot),
    address: bytes(account.address),
    key: quantity(account.key),
    account: a === undefined ? null : { nonce: quantity(a.nonce), balance: quantity(a.balance), codeHash: bytes(a.codeHash), storageRoot: quantity(a.storageRoot) },
    accountProof: smtProofJson(account.proof),
    storageProof: proof.storage.map((s) => ({ slot: quantity(s.slot), key: quantity(s.key), value: quantity(s.value), proof: smtProofJson(s.proof) })),
  };
}

const readQuantity = (value: unknown, field: string): bigint => {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new StateProofFormatError(field, value, 'a 0x hex quantity of at most 256 bits');
  return BigInt(value);
};

const readBytes = (value: unknown, field: string, length: number): Uint8Array => {
  if (typeof value !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${2 * length}}$`).test(value)) {
    throw new StateProofFormatError(field, value, `0x and ${length} hex bytes`);
  }
  return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
};

const readObject = (value: unknown, field: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StateProofFormatError(field, value, 'an object');
  return value as Record<string, unknown>;
};

const readArray = (value: unknown, field: string): unknown[] => {
  if (!Array.isArray(value)) throw new StateProofFormatError(field, value, 'an array');
  return value;
};

const readSmtProof = (value: unknown, field: string): SmtProof => {
  const json = readObject(value, field);
  const siblings = readArray(json.siblings, `${field}.siblings`).map((s, i) => readQuantity(s, `${field}.siblings[${i}]`));
  if (json.leaf === null) return { siblings, leaf: null };
  const leaf = readObject(json.leaf, `${field}.leaf`);
  return { siblings, leaf: { key: readQuantity(leaf.key, `${field}.leaf.key`), value: readQuantity(leaf.value, `${field}.leaf.value`) } };
};

const readAccount = (value: unknown): Account | undefined => {
  if (value === null) return undefined;
  const json = readObject(value, 'account');
  return {
    nonce: readQuantity(json.nonce, 'account.nonce'),
    balance: readQuantity(json.balance, 'account.balance'),
    codeHash: readBytes(json.codeHash, 'account.codeHash', 32),
    storageRoot: readQuantity(json.storageRoot, 'account.storageRoot'),
  };
};

export function decodeStateProof(value: unknown): StateProof {
  const json = readObject(value, 'proof');
  return {
    blockNumber: readQuantity(json.blockNumber, 'blockNumber'),
    stateRoot: readQuantity(json.stateRoot, 'stateRoot'),
    account: {
      address: readBytes(json.address, 'address', 20),
      key: readQuantity(json.key, 'key'),
      account: readAccount(json.account),
      proof: readSmtProof(json.accountProof, 'accountProof'),
    },
    storage: readArray(json.storageProof, 'storageProof').map((s, i) => {
      const entry = readObject(s, `storageProof[${i}]`);
      return {
        slot: readQuantity(entry.slot, `storageProof[${i}].slot`),
        key: readQuantity(entry.key, `storageProof[${i}].key`),
        value: readQuantity(entry.value, `storageProof[${i}].value`),
        proof: readSmtProof(entry.proof, `storageProof[${i}].proof`),
      };
    }),
  };
}
