/**
 * Nodes of the sparse Merkle tree, with circomlib's SMT conventions (circomlibjs smt.js, smt_hashes_poseidon):
 *   branch = Poseidon([left, right])        (hash0)
 *   leaf   = Poseidon([key, value, 1])      (hash1)
 *   empty  = 0
 * Stored record: a tag byte (0 branch, 1 leaf) then the two 32-byte big-endian elements.
 */
import { encode32 } from '../../circuits/field/prime-field.js';
import { poseidon } from '../../circuits/poseidon/index.js';
import { CorruptStateRecordError } from './errors.js';
import { expectLength, readWord } from './layout.js';

export type SmtNode =
  | { readonly kind: 'branch'; readonly left: bigint; readonly right: bigint }
  | { readonly kind: 'leaf'; readonly key: bigint; readonly value: bigint };

export const EMPTY = 0n;

export const hashBranch = (left: bigint, right: bigint): bigint => poseidon([left, right]);
export const hashLeaf = (key: bigint, value: bigint): bigint => poseidon([key, value, 1n]);

export function nodeHash(node: SmtNode): bigint {
  return node.kind === 'branch' ? hashBranch(node.left, node.right) : hashLeaf(node.key, node.value);
}

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
