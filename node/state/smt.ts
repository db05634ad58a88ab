/**
 * A Poseidon sparse Merkle tree with circomlib's layout (smt-node.ts, smt-proof.ts): a leaf sits at the
 * shortest prefix of its key's bits that no other key shares, so the root depends only on the set of
 * (key, value) pairs — not on the order of updates — and deleting a key restores the previous root exactly
 * (a leaf left alone under a branch moves up, as in circomlib's delete).
 *
 * Nodes are read from a `KvStore` and new ones are staged in memory; `stagedWrites` hands over those
 * the current root still reaches, for the owner to persist in its atomic commit batch.
 */
import { MissingStateRecordError, StateRangeError } from './errors.js';
import type { KvStore, KvOp } from '../store/kv.js';
import { nodeRecordKey } from './layout.js';
import { decodeNode, EMPTY, encodeNode, nodeHash, type SmtNode } from './smt-node.js';
import { isFieldElement, keyBit, type SmtLeaf, type SmtProof } from './smt-proof.js';

/** Bound of each store's cache of decoded nodes (cleared when full). */
const NODE_CACHE_LIMIT = 1 << 17;
/**
 * Decoded nodes read from each store. Records are content-addressed and never deleted, so an entry never goes
 * stale; only nodes read back from the store are kept (never staged ones, which a failed block discards).
 */
const nodeCaches = new WeakMap<object, Map<bigint, SmtNode>>();

export class SparseMerkleTree {
  private readonly staged = new Map<bigint, SmtNode>();

  constructor(private readonly kv: Pick<KvStore, 'get'>, private rootHash: bigint = EMPTY) {}

  get root(): bigint {
    return this.rootHash;
  }

  async get(key: bigint): Promise<bigint | undefined> {
    const { leaf } = await this.walk(checkField('key', key));
    return leaf !== null && leaf.key === key ? leaf.value : undefined;
  }

  /** Inclusion proof if the key is present, non-inclusion proof otherwise. */
  async prove(key: bigint): Promise<SmtProof> {
    const { siblings, leaf } = await this.walk(checkField('key', key));
    return { siblings, leaf };
  }

  /** Inserts or updates; returns the previous value (undefined if the key was absent). */
  async put(key: bigint, value: bigint): Promise<bigint | undefined> {
    const { siblings, leaf, leafHash } = await this.walk(checkField('key', key));
    checkField('value', value);
    const old = leaf !== null && leaf.key === key ? leaf.value : undefined;
    if (old === value) return old;
    let h = this.stage({ kind: 'leaf', key, value });
    const depth = siblings.length;
    if (leaf !== null && old === undefined) {
      // Another key's leaf holds this subtree: push it down until the two paths part.
      let d = depth;
      while (keyBit(key, d) === keyBit(leaf.key, d)) d++;
      h = this.stageBranch(key, d, h, leafHash);
      for (d--; d >= depth; d--) h = this.stageBranch(key, d, h, EMPTY);
    }
    this.rootHash = this.climb(key, depth, h, siblings);
    return old;
  }

  /** Removes the key; returns its value (undefined, and no change, if it was absent). */
  async delete(key: bigint): Promise<bigint | undefined> {
    const { siblings, leaf } = await this.walk(checkField('key', key));
    if (leaf === null || leaf.key !== key) return undefined;
    let depth = siblings.length;
    let h = EMPTY;
    const last = siblings[depth - 1];
    if (depth > 0 && last !== EMPTY && (await this.node(last)).kind === 'leaf') {
      // The sibling leaf is left alone: it replaces the branch and rises past empty siblings.
      h = last;
      for (depth--; depth > 0 && siblings[depth - 1] === EMPTY; depth--);
    }
    this.rootHash = this.climb(key, depth, h, siblings);
    return leaf.value;
  }

  /**
   * Applies many puts (a value) and deletes (undefined) at once. The root equals applying them one by one (the
   * layout depends only on the final set of pairs), but each node on the union of the keys' paths is hashed
   * once: a block's updates share their upper branches, which one-by-one updates would hash again per key.
   */
  async update(changes: ReadonlyMap<bigint, bigint | undefined>): Promise<void> {
    const list: Change[] = [];
    for (const [key, value] of changes) list.push([checkField('key', key), value === undefined ? undefined : checkField('value', value)]);
    this.rootHash = (await this.rebuild(this.rootHash, 0, list)).hash;
  }

  /** The subtree at `depth` with hash `h` after `changes` (all of whose keys lead through it). */
  private async rebuild(h: bigint, depth: number, changes: readonly Change[]): Promise<Subtree> {
    if (changes.length === 0) return { hash: h };
    if (h === EMPTY) return this.build(depth, changes.filter(isPut));
    const node = await this.node(h);
    if (node.kind === 'leaf') {
      const entries = changes.filter(isPut);
      if (!changes.some(([key]) => key === node.key)) entries.push([node.key, node.value]);
      const same = entries.length === 1 && entries[0][0] === node.key && entries[0][1] === node.value;
      return same ? { hash: h, leaf: true } : this.build(depth, entries);
    }
    const [left, right] = split(changes, depth);
    const l = await this.rebuild(node.left, depth + 1, left);
    const r = await this.rebuild(node.right, depth + 1, right);
    return l.hash === node.left && r.hash === node.right ? { hash: h, leaf: false } : this.join(l, r);
  }

  /** The canonical subtree at `depth` holding exactly `entries`: empty, a single leaf, or a branch. */
  private build(depth: number, entries: readonly Change[]): Subtree {
    if (entries.length === 0) return { hash: EMPTY, leaf: false };
    if (entries.length === 1) return { hash: this.stage({ kind: 'leaf', key: entries[0][0], value: entries[0][1]! }), leaf: true };
    const [left, right] = split(entries, depth);
    return { hash: this.stage({ kind: 'branch', left: this.build(depth + 1, left).hash, right: this.build(depth + 1, right).hash }), leaf: false };
  }

  /** A branch over two updated subtrees, or what replaces it: nothing, or a leaf left alone (it rises). */
  private async join(left: Subtree, right: Subtree): Promise<Subtree> {
    if (left.hash === EMPTY && right.hash === EMPTY) return { hash: EMPTY, leaf: false };
    if (left.hash === EMPTY && (await this.isLeaf(right))) return right;
    if (right.hash === EMPTY && (await this.isLeaf(left))) return left;
    return { hash: this.stage({ kind: 'branch', left: left.hash, right: right.hash }), leaf: false };
  }

  private async isLeaf(subtree: Subtree): Promise<boolean> {
    return subtree.leaf ?? (subtree.hash !== EMPTY && (await this.node(subtree.hash)).kind === 'leaf');
  }

  /**
   * Put-operations for the staged nodes that the current root reaches (nodes superseded by later updates are
   * dropped), and the leaves among them (their values may reference preimages the owner must persist too).
   * Does not clear the staging: call `discardStaged` once the batch is written.
   */
  stagedWrites(): { ops: KvOp[]; leaves: SmtLeaf[] } {
    const ops: KvOp[] = [];
    const leaves: SmtLeaf[] = [];
    const seen = new Set<bigint>();
    const stack = [this.rootHash];
    while (stack.length > 0) {
      const h = stack.pop()!;
      const node = this.staged.get(h);
      if (node === undefined || seen.has(h)) continue; // empty, already stored, or visited
      seen.add(h);
      ops.push({ type: 'put', key: nodeRecordKey(h), value: encodeNode(node) });
      if (node.kind === 'leaf') leaves.push({ key: node.key, value: node.value });
      else stack.push(node.left, node.right);
    }
    return { ops, leaves };
  }

  discardStaged(): void {
    this.staged.clear();
  }

  /** The siblings along the key's path and the leaf where it ends (null: an empty subtree), with its hash. */
  private async walk(key: bigint): Promise<{ siblings: bigint[]; leaf: SmtLeaf | null; leafHash: bigint }> {
    const siblings: bigint[] = [];
    for (let h = this.rootHash, depth = 0; h !== EMPTY; depth++) {
      const node = await this.node(h);
      if (node.kind === 'leaf') return { siblings, leaf: { key: node.key, value: node.value }, leafHash: h };
      const right = keyBit(key, depth);
      siblings.push(right ? node.left : node.right);
      h = right ? node.right : node.left;
    }
    return { siblings, leaf: null, leafHash: EMPTY };
  }

  /** Hashes `h`, sitting at `depth` on the key's path, up to the root with the path's upper siblings. */
  private climb(key: bigint, depth: number, h: bigint, siblings: readonly bigint[]): bigint {
    for (let d = depth - 1; d >= 0; d--) h = this.stageBranch(key, d, h, siblings[d]);
    return h;
  }

  /** The branch at `depth` with `onPath` on the key's side and `sibling` on the other. */
  private stageBranch(key: bigint, depth: number, onPath: bigint, sibling: bigint): bigint {
    return keyBit(key, depth)
      ? this.stage({ kind: 'branch', left: sibling, right: onPath })
      : this.stage({ kind: 'branch', left: onPath, right: sibling });
  }

  private stage(node: SmtNode): bigint {
    const h = nodeHash(node);
    this.staged.set(h, node);
    return h;
  }

  private async node(hash: bigint): Promise<SmtNode> {
    const staged = this.staged.get(hash);
    if (staged !== undefined) return staged;
    let cache = nodeCaches.get(this.kv);
    const cached = cache?.get(hash);
    if (cached !== undefined) return cached;
    const bytes = await this.kv.get(nodeRecordKey(hash));
    if (bytes === undefined) throw new MissingStateRecordError('node', hash);
    const node = decodeNode(bytes);
    if (cache === undefined) nodeCaches.set(this.kv, (cache = new Map()));
    if (cache.size >= NODE_CACHE_LIMIT) cache.clear();
    cache.set(hash, node);
    return node;
  }
}

/** A key and its new value (undefined: delete). */
type Change = readonly [key: bigint, value: bigint | undefined];
/** A subtree's hash and, when known without a read, whether it is a single leaf. */
interface Subtree { readonly hash: bigint; readonly leaf?: boolean }

const isPut = (change: Change): boolean => change[1] !== undefined;

/** The changes going left and right at `depth`. */
function split(changes: readonly Change[], depth: number): [Change[], Change[]] {
  const left: Change[] = [], right: Change[] = [];
  for (const change of changes) (keyBit(change[0], depth) ? right : left).push(change);
  return [left, right];
}

function checkField(field: string, x: bigint): bigint {
  if (!isFieldElement(x)) throw new StateRangeError(field, x, 'SMT keys and values must be BN254 Fr elements in [0, r)');
  return x;
}
