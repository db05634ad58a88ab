/**
 * Stored nodes of the sparse Merkle tree. The hashing follows the circuits' spec, circuits/smt/hash.ts
 * (circomlib's SMT conventions: branch = P(left, right), leaf = P(key, value, 1), empty = 0), computed with the
 * state's faster Poseidon (poseidon.ts); tests check both give the same hashes.
 * Stored record: a tag byte (0 branch, 1 leaf) then the two 32-byte big-endian elements.
 */
import { encode32 } from '../../circuits/field/prime-field.js';
import type { SmtNode } from '../../circuits/smt/hash.js';
import { CorruptStateRecordError } from './errors.js';
import { expectLength, readWord } from './layout.js';
import { statePoseidon } from './poseidon.js';

export { EMPTY, type SmtNode } from '../../circuits/smt/hash.js';

export const hashBranch = (left: bigint, right: bigint): bigint => statePoseidon([left, right]);
export const hashLeaf = (key: bigint, value: bigint): bigint => statePoseidon([key, value, 1n]);

export const nodeHash = (node: SmtNode): bigint =>
  node.kind === 'branch' ? hashBranch(node.left, node.right) : hashLeaf(node.key, node.value);

const RECORD_BYTES = 65;
const TAG = { branch: 0, leaf: 1 } as const;

export function encodeNode(node: SmtNode): Uint8Array {
  const out = new Uint8Array(RECORD_BYTES);
  out[0] = TAG[node.kind];
  out.set(encode32(node.kind === 'branch' ? node.left : node.key), 1);
  out.set(encode32(node.kind === 'branch' ? node.right : node.value), 33);
  return out;
}

export function decodeNode(bytes: Uint8Array): SmtNode {
  expectLength('SMT node', bytes, RECORD_BYTES);
  const a = readWord(bytes, 1), b = readWord(bytes, 33);
  switch (bytes[0]) {
    case TAG.branch: return { kind: 'branch', left: a, right: b };
    case TAG.leaf: return { kind: 'leaf', key: a, value: b };
    default: throw new CorruptStateRecordError('SMT node', `unknown tag ${bytes[0]}`);
  }
}
