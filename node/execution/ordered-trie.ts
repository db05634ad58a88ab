import { RLP, type NestedUint8Array } from "@ethereumjs/rlp";
import { KECCAK256_RLP } from "@ethereumjs/util";
import { keccak256 } from "./keccak.js";

/**
 * Root of the Merkle Patricia trie mapping RLP(i) → values[i]: a block's transactionsRoot and receiptsRoot.
 * Built in one pass, each node hashed once, where inserting into @ethereumjs's trie re-hashes the path of every
 * key (most of the time of sealing a 1,000-tx block). Node encodings follow the Yellow Paper (appendix D):
 * leaf [HP(path, 1), value], extension [HP(path, 0), child], branch [16 children, value]; a child whose RLP is
 * shorter than 32 bytes is embedded, any other is referenced by its keccak256.
 */
export const orderedTrieRoot = (values: readonly Uint8Array[]): Uint8Array => {
  if (values.length === 0) return KECCAK256_RLP;
  const entries = values.map((value, i) => ({ path: nibbles(RLP.encode(i)), value }));
  entries.sort((a, b) => compare(a.path, b.path));
  return keccak256(RLP.encode(node(entries, 0, entries.length, 0)));
};

interface Entry {
  path: number[];
  value: Uint8Array;
}

const nibbles = (key: Uint8Array): number[] => {
  const out: number[] = [];
  for (const byte of key) out.push(byte >> 4, byte & 15);
  return out;
};

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** Hex-prefix encoding of a nibble path with the leaf flag. */
const hexPrefix = (path: number[], leaf: boolean): Uint8Array => {
  const odd = path.length % 2;
  const out = new Uint8Array(1 + (path.length >> 1));
  out[0] = ((leaf ? 2 : 0) + odd) << 4 | (odd === 1 ? path[0]! : 0);
  for (let i = odd, j = 1; i < path.length; i += 2, j++) out[j] = (path[i]! << 4) | path[i + 1]!;
  return out;
};

/** How a parent refers to a child node: the node itself if its RLP is under 32 bytes, else its hash. */
const reference = (child: NestedUint8Array): Uint8Array | NestedUint8Array => {
  const encoded = RLP.encode(child);
  return encoded.length < 32 ? child : keccak256(encoded);
};

/** The node holding sorted entries [from, to), all sharing their first `depth` nibbles. */
const node = (entries: Entry[], from: number, to: number, depth: number): NestedUint8Array => {
  const first = entries[from]!;
  if (to - from === 1) return [hexPrefix(first.path.slice(depth), true), first.value];
  // Sorted: the prefix all entries share is the one the first and the last share.
  const last = entries[to - 1]!;
  let shared = depth;
  while (shared < first.path.length && shared < last.path.length && first.path[shared] === last.path[shared]) shared++;
  if (shared > depth) return [hexPrefix(first.path.slice(depth, shared), false), reference(node(entries, from, to, shared))];
  const branch: (Uint8Array | NestedUint8Array)[] = Array.from({ length: 17 }, () => new Uint8Array(0));
  let i = from;
  if (first.path.length === depth) branch[16] = entries[i++]!.value; // a key that ends here
  while (i < to) {
    const nibble = entries[i]!.path[depth]!;
    let j = i;
    while (j < to && entries[j]!.path[depth] === nibble) j++;
    branch[nibble] = reference(node(entries, i, j, depth + 1));
    i = j;
  }
  return branch as NestedUint8Array;
};
