/**
 * Witness of the SMT update chip (update.ts): a pure function from the root before a batch and its key
 * writes — each with the node's proof against the root before that write (node/state SmtProof) — to one
 * SmtOpWitness per state change and the hashes the chip looks up.
 *
 * Every operation is proven as "new = insert-or-update(old, key, value)", whose new path always ends in the
 * key's own leaf:
 *   update      old terminal = the key's leaf, same siblings
 *   insert      old terminal = empty, same siblings; or another key's leaf, pushed down (push-down)
 *   delete      the insert that undoes it, with `del` set: "old" is the tree after the delete, "new" the tree
 *               before, and the chip exposes rootBefore = new root, rootAfter = old root. A delete whose last
 *               sibling is a leaf collapses it upwards (the insert's push-down in reverse).
 * Deleting an absent key or writing the value a key already holds changes nothing; deletes of absent keys
 * are dropped (there is no path to prove), same-value writes are kept (a valid update with equal roots).
 * A check (SmtOperation.check) proves a key's value or absence and keeps the root: the chip's `chk` flag.
 */
import { EMPTY, SMT_MAX_DEPTH, foldPath, hashLeaf, keyBit, pathHashes, type SmtNode } from './hash.js';
import { FR_MODULUS } from '../field/constants.js';
import { SmtFieldRangeError, SmtMissingNodeError, SmtProofMismatchError } from './errors.js';
import type { HashEntry } from './poseidon-table.js';

/** A leaf of a proof (node/state SmtLeaf). */
export interface SmtLeafRef { readonly key: bigint; readonly value: bigint }

/** The node's proof for a key: siblings root-first down to the terminal (node/state SmtProof). */
export interface SmtPathProof { readonly siblings: readonly bigint[]; readonly leaf: SmtLeafRef | null }

export interface SmtOperation {
  readonly key: bigint;
  /** The key's value after the operation; null deletes the key. Ignored by a check. */
  readonly value: bigint | null;
  /** A check: proves the key's current value (or absence) and changes nothing. */
  readonly check?: boolean;
  /** The node's proof for `key` under the root before this operation. */
  readonly proof: SmtPathProof;
}

/** Tree nodes by hash (the node's store); the witness reads the node of one sibling per operation. */
export type SmtNodeSource = (hash: bigint) => SmtNode | undefined;

/** The old path's terminal: empty, the operation key's own leaf, or another key's leaf. */
export type OldTerminal = 'empty' | 'own' | 'other';

export interface SmtPath {
  /** Siblings root-first; their number is the terminal's depth. */
  readonly siblings: readonly bigint[];
  /** Node hashes h_0 (root) … h_n (the terminal). */
  readonly nodes: readonly bigint[];
}

export interface SmtOpWitness {
  /** False for capacity padding (paddingOp): its paths are a dummy's and it passes the root through. */
  readonly enabled: boolean;
  readonly key: bigint;
  readonly del: boolean;
  /** A check: rootAfter = rootBefore, the old path is the statement (its new path is the dummy insert of the key's current value, 0 if absent). */
  readonly check: boolean;
  readonly oldTerminal: OldTerminal;
  /** The other key whose leaf is pushed down or collapsed (oldTerminal 'other'), else 0. */
  readonly otherKey: bigint;
  /** Value of the old terminal leaf (0 when empty). */
  readonly oldValue: bigint;
  /** Value of the key's leaf on the new path. */
  readonly newValue: bigint;
  readonly old: SmtPath;
  readonly new: SmtPath;
  /** The node of the old path's last sibling (null when the old terminal is the root): never empty in a canonical tree. */
  readonly lastSibling: SmtNode | null;
  readonly rootBefore: bigint;
  readonly rootAfter: bigint;
}

export interface SmtWitness {
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly ops: readonly SmtOpWitness[];
  /** Distinct hashes the operations look up. */
  readonly hashes: readonly HashEntry[];
}

const leafHashOf = (leaf: SmtLeafRef | null) => (leaf === null ? EMPTY : hashLeaf(leaf.key, leaf.value));

export function smtWitness(oldRoot: bigint, operations: readonly SmtOperation[], nodeOf: SmtNodeSource): SmtWitness {
  const ops: SmtOpWitness[] = [];
  let root = oldRoot;
  operations.forEach((op, i) => {
    checkFields(i, op);
    const w = op.check === true ? checkWitness(i, op.key, op.proof, root, nodeOf)
      : op.value === null ? deleteWitness(i, op.key, op.proof, root, nodeOf) : insertWitness(i, op.key, op.value, op.proof, root, nodeOf);
    if (w === undefined) return;
    ops.push(w);
    root = w.rootAfter;
  });
  return chainWitness(oldRoot, ops);
}

/** The witness of a chain of operation witnesses, with their distinct hashes. */
export function chainWitness(oldRoot: bigint, ops: readonly SmtOpWitness[]): SmtWitness {
  const hashes = new Map<string, HashEntry>();
  for (const h of ops.flatMap(opHashes)) hashes.set(`${h.width}:${h.inputs.join(',')}`, h);
  return { oldRoot, newRoot: ops.length === 0 ? oldRoot : ops[ops.length - 1].rootAfter, ops, hashes: [...hashes.values()] };
}

/** The hashes an operation looks up: both paths' branches, the terminal leaves, the old path's last sibling. */
export function opHashes(w: SmtOpWitness): HashEntry[] {
  const out: HashEntry[] = [];
  for (const path of [w.old, w.new]) {
    path.siblings.forEach((s, d) => out.push({ width: 3, inputs: keyBit(w.key, d) ? [s, path.nodes[d + 1]] : [path.nodes[d + 1], s] }));
  }
  if (w.oldTerminal !== 'empty') out.push({ width: 4, inputs: [w.oldTerminal === 'own' ? w.key : w.otherKey, w.oldValue, 1n] });
  out.push({ width: 4, inputs: [w.key, w.newValue, 1n] });
  const s = w.lastSibling;
  if (s !== null) out.push(s.kind === 'branch' ? { width: 3, inputs: [s.left, s.right] } : { width: 4, inputs: [s.key, s.value, 1n] });
  return out;
}

function checkFields(op: number, { key, value, proof }: SmtOperation): void {
  const fields: Array<[string, bigint]> = [['key', key], ...proof.siblings.map((x, d): [string, bigint] => [`sibling ${d}`, x])];
  if (value !== null) fields.push(['value', value]);
  if (proof.leaf !== null) fields.push(['proof leaf key', proof.leaf.key], ['proof leaf value', proof.leaf.value]);
  for (const [field, x] of fields) if (x < 0n || x >= FR_MODULUS) throw new SmtFieldRangeError(op, field, x);
}

/** Checks the proof's shape and that it leads to `root`. */
function checkProof(op: number, key: bigint, proof: SmtPathProof, root: bigint): void {
  const { siblings, leaf } = proof;
  if (siblings.length > SMT_MAX_DEPTH) throw new SmtProofMismatchError(op, key, `${siblings.length} siblings, at most ${SMT_MAX_DEPTH}`);
  if (leaf !== null) {
    const mask = (1n << BigInt(siblings.length)) - 1n;
    if (((leaf.key ^ key) & mask) !== 0n) throw new SmtProofMismatchError(op, key, `the terminal leaf's key does not share the path's first ${siblings.length} bits`);
  }
  const proven = foldPath(key, leafHashOf(leaf), siblings);
  if (proven !== root) throw new SmtProofMismatchError(op, key, `the proof leads to root 0x${proven.toString(16)}, the tree's root is 0x${root.toString(16)}`);
}

function lastSibling(op: number, siblings: readonly bigint[], nodeOf: SmtNodeSource): SmtNode | null {
  if (siblings.length === 0) return null;
  const h = siblings[siblings.length - 1];
  const node = nodeOf(h);
  if (node === undefined) throw new SmtMissingNodeError(op, h);
  return node;
}

/** Insert or update `key` to `value`, given the key's proof under `root`. */
function insertWitness(op: number, key: bigint, value: bigint, proof: SmtPathProof, root: bigint, nodeOf: SmtNodeSource): SmtOpWitness {
  checkProof(op, key, proof, root);
  const { siblings, leaf } = proof;
  const oldTerminal: OldTerminal = leaf === null ? 'empty' : leaf.key === key ? 'own' : 'other';
  let newSiblings = siblings;
  if (oldTerminal === 'other') {
    // push the other leaf down to the first depth where the two keys part
    let d = siblings.length;
    while (keyBit(key, d) === keyBit(leaf!.key, d)) d++;
    newSiblings = [...siblings, ...new Array<bigint>(d - siblings.length).fill(EMPTY), leafHashOf(leaf)];
  }
  const oldNodes = pathHashes(key, leafHashOf(leaf), siblings);
  const newNodes = pathHashes(key, hashLeaf(key, value), newSiblings);
  return {
    enabled: true, key, del: false, check: false, oldTerminal,
    otherKey: oldTerminal === 'other' ? leaf!.key : 0n,
    oldValue: leaf?.value ?? 0n,
    newValue: value,
    old: { siblings, nodes: oldNodes },
    new: { siblings: newSiblings, nodes: newNodes },
    lastSibling: lastSibling(op, siblings, nodeOf),
    rootBefore: oldNodes[0],
    rootAfter: newNodes[0],
  };
}

/**
 * Delete `key`, given its proof under `root`: the path after the delete (empty where the leaf was, or the
 * lone sibling leaf risen past empty siblings), proven as the insert that restores `root`. Undefined for an
 * absent key (nothing changes).
 */
function deleteWitness(op: number, key: bigint, proof: SmtPathProof, root: bigint, nodeOf: SmtNodeSource): SmtOpWitness | undefined {
  checkProof(op, key, proof, root);
  const { siblings, leaf } = proof;
  if (leaf === null || leaf.key !== key) return undefined;
  let after: SmtPathProof = { siblings, leaf: null };
  const n = siblings.length;
  const last = n > 0 && siblings[n - 1] !== EMPTY ? lastSibling(op, siblings, nodeOf) : null;
  if (last !== null && last.kind === 'leaf') {
    let m = n - 1;
    while (m > 0 && siblings[m - 1] === EMPTY) m--;
    after = { siblings: siblings.slice(0, m), leaf: { key: last.key, value: last.value } };
  }
  const afterRoot = foldPath(key, leafHashOf(after.leaf), after.siblings);
  const insert = insertWitness(op, key, leaf.value, after, afterRoot, nodeOf);
  if (insert.rootAfter !== root) {
    throw new SmtProofMismatchError(op, key, 're-inserting the deleted key does not restore the root: the tree is not in canonical form');
  }
  return { ...insert, del: true, rootBefore: root, rootAfter: afterRoot };
}

/** A check of `key` under `root`: the insert of its current value (0 if absent) with the root left as it is. */
function checkWitness(op: number, key: bigint, proof: SmtPathProof, root: bigint, nodeOf: SmtNodeSource): SmtOpWitness {
  const current = proof.leaf !== null && proof.leaf.key === key ? proof.leaf.value : 0n;
  return { ...insertWitness(op, key, current, proof, root, nodeOf), check: true, rootAfter: root };
}

/**
 * A disabled operation for capacity padding after a chain ending at `root`: the insert of (0, 0) into the
 * empty tree (valid whatever the state), passing `root` through.
 */
export function paddingOp(root: bigint): SmtOpWitness {
  return { ...insertWitness(0, 0n, 0n, { siblings: [], leaf: null }, EMPTY, () => undefined), enabled: false, rootBefore: root, rootAfter: root };
}
