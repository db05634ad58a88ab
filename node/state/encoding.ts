/**
 * How Ethereum state maps onto the Poseidon SMTs. circuits/smt must reproduce this exactly.
 *
 * Notation: P(...) is circomlib's Poseidon over BN254 Fr with that many inputs (circuits/poseidon, computed by
 * poseidon.ts);
 * for a 256-bit word w, hi(w) = w >> 128 and lo(w) = w mod 2^128 (each < 2^128, hence an Fr element).
 * Byte strings are read big-endian.
 *
 * Account tree — one SMT (smt-node.ts conventions) whose root is the state root:
 *   key   = P(address)                                   address: the 20 bytes as a 160-bit integer
 *   value = P(nonce, hi(balance), lo(balance), P(hi(codeHash), lo(codeHash), storageRoot))
 *           nonce < 2^64; balance < 2^256; codeHash = keccak256(code) as a 256-bit word
 *           (keccak256("") for accounts without code); storageRoot = root of the account's storage tree.
 *   An absent account has no leaf. An existing empty account (nonce 0, balance 0, no code, no storage) has one.
 *
 * Storage tree — one SMT per account, same conventions:
 *   key   = P(hi(slot), lo(slot))
 *   value = P(hi(word), lo(word))
 *   A zero word is absent (no leaf), so an account without storage has storageRoot 0.
 *
 * The leaf values are hashes; their preimages are kept as records (layout.ts): an account as
 * nonce u64 | balance (32) | codeHash (32) | storageRoot (32), a storage word as its 32 bytes.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encode32 } from '../../circuits/field/prime-field.js';
import { StateRangeError } from './errors.js';
import { encodeU64, expectLength, readU64, readWord } from './layout.js';
import { statePoseidon as poseidon } from './poseidon.js';

export interface Account {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the code (32 bytes). */
  codeHash: Uint8Array;
  /** Root of the account's storage tree (0 when it has no storage); maintained by StateTree. */
  storageRoot: bigint;
}

/** What a caller sets on an account; the storage root follows from its storage writes. */
export type AccountFields = Omit<Account, 'storageRoot'>;

export const EMPTY_CODE_HASH: Uint8Array = keccak_256(new Uint8Array(0));

const MASK_128 = (1n << 128n) - 1n;
const WORD_LIMIT = 1n << 256n;
const NONCE_LIMIT = 1n << 64n;

const hi = (w: bigint) => w >> 128n;
const lo = (w: bigint) => w & MASK_128;

function bytesToBigInt(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}

export function addressHex(address: Uint8Array): string {
  return `0x${Buffer.from(address.buffer, address.byteOffset, address.byteLength).toString('hex')}`;
}

export function checkAddress(address: Uint8Array): Uint8Array {
  if (address.length !== 20) throw new StateRangeError('address', address.length, 'an address is 20 bytes');
  return address;
}

/** Throws unless 0 ≤ w < 2^256. */
export function checkWord(field: string, w: bigint): bigint {
  if (w < 0n || w >= WORD_LIMIT) throw new StateRangeError(field, w, 'must be a 256-bit unsigned word');
  return w;
}

export function checkAccountFields(fields: AccountFields): void {
  if (fields.nonce < 0n || fields.nonce >= NONCE_LIMIT) throw new StateRangeError('nonce', fields.nonce, 'must be in [0, 2^64)');
  checkWord('balance', fields.balance);
  if (fields.codeHash.length !== 32) throw new StateRangeError('codeHash length', fields.codeHash.length, 'must be 32 bytes');
}

/** Memo of account keys: the same few addresses are hashed on every block and admission (Poseidon is slow). */
const accountKeys = new Map<string, bigint>();
/** Bound of each memo below (cleared when full). */
const MEMO_SIZE = 1 << 16;

/** SMT key of an account: P(address). */
export function accountKey(address: Uint8Array): bigint {
  const id = addressHex(checkAddress(address));
  let key = accountKeys.get(id);
  if (key === undefined) {
    if (accountKeys.size >= MEMO_SIZE) accountKeys.clear();
    key = poseidon([bytesToBigInt(address)]);
    accountKeys.set(id, key);
  }
  return key;
}

/** Memo of P(hi(codeHash), lo(codeHash), storageRoot): a block changes balances and nonces far more often. */
const codeAndStorageHashes = new Map<string, bigint>();

function codeAndStorage(codeHash: Uint8Array, storageRoot: bigint): bigint {
  const id = `${addressHex(codeHash)}:${storageRoot.toString(16)}`;
  let h = codeAndStorageHashes.get(id);
  if (h === undefined) {
    if (codeAndStorageHashes.size >= MEMO_SIZE) codeAndStorageHashes.clear();
    const code = bytesToBigInt(codeHash);
    h = poseidon([hi(code), lo(code), storageRoot]);
    codeAndStorageHashes.set(id, h);
  }
  return h;
}

/** SMT leaf value of an account. */
export function accountValue(account: Account): bigint {
  return poseidon([account.nonce, hi(account.balance), lo(account.balance), codeAndStorage(account.codeHash, account.storageRoot)]);
}

/** SMT key of a storage slot: P(hi(slot), lo(slot)). */
export function storageKey(slot: bigint): bigint {
  checkWord('slot', slot);
  return poseidon([hi(slot), lo(slot)]);
}

/** SMT leaf value of a nonzero storage word: P(hi(word), lo(word)). */
export function storageValue(word: bigint): bigint {
  checkWord('storage value', word);
  return poseidon([hi(word), lo(word)]);
}

const ACCOUNT_RECORD_BYTES = 8 + 32 + 32 + 32;

export function encodeAccount(account: Account): Uint8Array {
  const out = new Uint8Array(ACCOUNT_RECORD_BYTES);
  out.set(encodeU64(account.nonce), 0);
  out.set(encode32(account.balance), 8);
  out.set(account.codeHash, 40);
  out.set(encode32(account.storageRoot), 72);
  return out;
}

export function decodeAccount(bytes: Uint8Array): Account {
  expectLength('account', bytes, ACCOUNT_RECORD_BYTES);
  return {
    nonce: readU64(bytes, 0),
    balance: readWord(bytes, 8),
    codeHash: bytes.slice(40, 72),
    storageRoot: readWord(bytes, 72),
  };
}

export function decodeWord(bytes: Uint8Array): bigint {
  expectLength('storage word', bytes, 32);
  return readWord(bytes, 0);
}
