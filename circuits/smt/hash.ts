/**
 * The hashing spec of the state's sparse Merkle tree (circomlib's SMT over BN254 Fr), as pure functions
 * shared by the circuit, its witness builder and — once it imports them from here — the node (node/state):
 *   branch = Poseidon([left, right])      (t = 3)
 *   leaf   = Poseidon([key, value, 1])    (t = 4)
 *   empty  = 0
 * The path of a key goes from the root down by its bits, least significant first: bit d picks the child at
 * depth d (1 = right). A leaf sits at the depth of the shortest prefix of its key no other key shares.
 */
import { poseidon } from '../poseidon/index.js';

export const EMPTY = 0n;

/** Keys are Fr elements (< 2^254), so two distinct keys part by depth 253 and no leaf lies deeper than 254. */
export const SMT_MAX_DEPTH = 254;

export type SmtNode =
  | { readonly kind: 'branch'; readonly left: bigint; readonly right: bigint }
  | { readonly kind: 'leaf'; readonly key: bigint; readonly value: bigint };

export const hashBranch = (left: bigint, right: bigint): bigint => poseidon([left, right]);
export const hashLeaf = (key: bigint, value: bigint): bigint => poseidon([key, value, 1n]);

export function nodeHash(node: SmtNode): bigint {
  return node.kind === 'branch' ? hashBranch(node.left, node.right) : hashLeaf(node.key, node.value);
}

/** Bit d of a key: the child taken at depth d (1 = right). */
export const keyBit = (key: bigint, depth: number): boolean => ((key >> BigInt(depth)) & 1n) === 1n;

/** The branch at `depth` on the path of `key`, with `onPath` on the key's side and `sibling` on the other. */
export const hashStep = (key: bigint, depth: number, onPath: bigint, sibling: bigint): bigint =>
  keyBit(key, depth) ? hashBranch(sibling, onPath) : hashBranch(onPath, sibling);

/** The node hashes h_0 (the root) … h_n (= `bottom`) on the path of `key` down to depth n = siblings.length. */
export function pathHashes(key: bigint, bottom: bigint, siblings: readonly bigint[]): bigint[] {
  const h = new Array<bigint>(siblings.length + 1);
  h[siblings.length] = bottom;
  for (let d = siblings.length - 1; d >= 0; d--) h[d] = hashStep(key, d, h[d + 1], siblings[d]);
  return h;
}

/** The root reached by hashing `bottom` (the node at depth siblings.length) up the path of `key`. */
export const foldPath = (key: bigint, bottom: bigint, siblings: readonly bigint[]): bigint => pathHashes(key, bottom, siblings)[0];
