/**
 * Membership and non-membership proofs of the sparse Merkle tree, with circomlib's SMTVerifier semantics.
 * The path of a key goes from the root down by its bits, least significant first (bit d chooses the child
 * at depth d; 1 = right). A proof lists the siblings along that path, root first, down to the terminal:
 *  - inclusion: the key's own leaf (`leaf.key === key`);
 *  - non-inclusion: another key's leaf, whose path shares the first `siblings.length` bits (circomlib's
 *    oldKey/oldValue with isOld0 = 0), or `leaf: null` for an empty subtree (isOld0 = 1).
 * To feed circomlib's fixed-depth circuits, pad `siblings` with zeros to nLevels.
 */
import { FR_MODULUS } from '../../circuits/field/constants.js';
import { EMPTY, foldPath, hashLeaf, keyBit, SMT_MAX_DEPTH } from '../../circuits/smt/hash.js';

export interface SmtLeaf {
  readonly key: bigint;
  readonly value: bigint;
}

export interface SmtProof {
  readonly siblings: readonly bigint[];
  readonly leaf: SmtLeaf | null;
}

export { SMT_MAX_DEPTH, keyBit };

export const isFieldElement = (x: bigint): boolean => x >= 0n && x < FR_MODULUS;

/**
 * Whether `proof` shows that under `root` the key holds `value` (or, for `value === undefined`, that the key
 * is absent). Pure; returns false (never throws) for malformed or tampered proofs.
 */
export function verifyProof(root: bigint, key: bigint, value: bigint | undefined, proof: SmtProof): boolean {
  const { siblings, leaf } = proof;
  if (siblings.length > SMT_MAX_DEPTH || !isFieldElement(root) || !isFieldElement(key)) return false;
  if (value !== undefined && !isFieldElement(value)) return false;
  if (!siblings.every(isFieldElement)) return false;
  if (leaf !== null) {
    if (!isFieldElement(leaf.key) || !isFieldElement(leaf.value)) return false;
    const pathMask = (1n << BigInt(siblings.length)) - 1n;
    if (((leaf.key ^ key) & pathMask) !== 0n) return false;
  }
  if (value === undefined ? leaf !== null && leaf.key === key : leaf === null || leaf.key !== key || leaf.value !== value) {
    return false;
  }
  return foldPath(key, leaf === null ? EMPTY : hashLeaf(leaf.key, leaf.value), siblings) === root;
}

