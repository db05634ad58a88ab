/**
 * Where the state tree lives in the node's key-value store. Every key starts with the namespace byte 'z'
 * (node/store uses other single-byte prefixes), then a kind byte:
 *
 *   'z' 'n' hash(32)       → SMT node (see smt-node.ts), content-addressed by its Poseidon hash
 *   'z' 'a' hash(32)       → account preimage (see encoding.ts), addressed by the account leaf value
 *   'z' 'w' hash(32)       → storage word preimage (32 bytes), addressed by the storage leaf value
 *   'z' 'c' keccak(32)     → contract code, addressed by its keccak256 (the account's codeHash)
 *   'z' 'r' u64(block)     → state root (32 bytes) after that block
 *   'z' 'h'                → number (u64) of the last committed block
 *
 * Content-addressed records are never deleted, so every committed root stays readable. Hashes and roots are
 * 32-byte big-endian field elements; u64 is big-endian.
 */
import { encode32 } from '../../circuits/field/prime-field.js';
import { CorruptStateRecordError } from './errors.js';

const NAMESPACE = 0x7a; // 'z'
const KIND = { node: 0x6e, account: 0x61, word: 0x77, code: 0x63, root: 0x72, head: 0x68 } as const;

function key(kind: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + body.length);
  out[0] = NAMESPACE;
  out[1] = kind;
  out.set(body, 2);
  return out;
}

export const nodeRecordKey = (hash: bigint) => key(KIND.node, encode32(hash));
export const accountRecordKey = (hash: bigint) => key(KIND.account, encode32(hash));
export const wordRecordKey = (hash: bigint) => key(KIND.word, encode32(hash));
export const codeRecordKey = (codeHash: Uint8Array) => key(KIND.code, codeHash);
export const rootRecordKey = (blockNumber: number) => key(KIND.root, encodeU64(BigInt(blockNumber)));
export const HEAD_RECORD_KEY = key(KIND.head, new Uint8Array(0));

export function encodeU64(x: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, x);
  return out;
}

export function readU64(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
}

/** The big-endian integer of bytes[offset, offset + 32). */
export function readWord(bytes: Uint8Array, offset: number): bigint {
  let x = 0n;
  for (let i = offset; i < offset + 32; i += 8) x = (x << 64n) | readU64(bytes, i);
  return x;
}

/** Throws unless a record has the expected length. */
export function expectLength(kind: string, bytes: Uint8Array, length: number): void {
  if (bytes.length !== length) throw new CorruptStateRecordError(kind, `${bytes.length} bytes, expected ${length}`);
}
