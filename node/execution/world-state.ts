import type { StateManagerInterface } from "@ethereumjs/common";
import type { Common } from "@ethereumjs/common";
import { MerkleStateManager } from "@ethereumjs/statemanager";
import { type BatchDBOp, type DB, unprefixedHexToBytes, ValueEncoding } from "@ethereumjs/util";
import type { KvOp, KvStore } from "../store/kv.js";

/**
 * The seam between execution and the state tree. Execution only needs an @ethereumjs `StateManagerInterface`
 * to run against, the state root, read-only views at past roots, and the tree's pending writes so that the
 * store can persist them in the same atomic batch as the block. Today this is @ethereumjs's Merkle Patricia
 * state manager over the node's KV store (`MerkleWorldState`); the Poseidon SMT of `node/state` replaces it
 * by implementing this interface.
 */
export interface WorldState {
  /** The state manager blocks are executed against (the head state). */
  readonly stateManager: StateManagerInterface;
  stateRoot(): Promise<Uint8Array>;
  /** Points the head state at a committed root (restart from the store). */
  setStateRoot(root: Uint8Array): Promise<void>;
  /** An independent state manager at a committed root, for RPC reads and eth_call; callers wrap any writes in
   *  checkpoint/revert so nothing reaches the persistent tree. */
  viewAt(root: Uint8Array): Promise<StateManagerInterface>;
  /** Tree writes since the last call, to be persisted with the block that produced them. */
  takeWrites(): KvOp[];
}

/** Namespace of the state-tree nodes in the node's single KV store ("s" + trie key). */
const STATE_PREFIX = 0x73;
const utf8 = new TextEncoder();

/**
 * @ethereumjs trie database over a `KvStore`: writes are buffered (and readable) until `takeWrites` hands them
 * to the store's block batch. Trie nodes are content-addressed, so nodes of a block that never got stored are
 * harmless garbage after a crash.
 */
class BufferedTrieDb implements DB<string, string | Uint8Array> {
  private buffer = new Map<string, Uint8Array | undefined>();

  constructor(private readonly kv: KvStore) {}

  private static key(key: string): Uint8Array {
    const body = utf8.encode(key);
    const out = new Uint8Array(1 + body.length);
    out[0] = STATE_PREFIX;
    out.set(body, 1);
    return out;
  }

  /** Values are kept as bytes whatever encoding the trie uses (string-encoded tries write unprefixed hex). */
  private static encode(value: string | Uint8Array): Uint8Array {
    return typeof value === "string" ? unprefixedHexToBytes(value) : value;
  }

  /** Returns bytes, which the trie's CheckpointDB accepts for either value encoding. */
  async get(key: string): Promise<string | Uint8Array | undefined> {
    return this.buffer.has(key) ? this.buffer.get(key) : await this.kv.get(BufferedTrieDb.key(key));
  }

  async put(key: string, value: string | Uint8Array): Promise<void> {
    this.buffer.set(key, BufferedTrieDb.encode(value));
  }

  async del(key: string): Promise<void> {
    this.buffer.set(key, undefined);
  }

  async batch(ops: BatchDBOp<string, string | Uint8Array>[]): Promise<void> {
    for (const op of ops) this.buffer.set(op.key, op.type === "put" ? BufferedTrieDb.encode(op.value) : undefined);
  }

  shallowCopy(): DB<string, string | Uint8Array> {
    return this;
  }

  async open(): Promise<void> {}

  takeWrites(): KvOp[] {
    const ops: KvOp[] = [];
    for (const [key, value] of this.buffer) {
      ops.push(value === undefined ? { type: "del", key: BufferedTrieDb.key(key) } : { type: "put", key: BufferedTrieDb.key(key), value });
    }
    this.buffer = new Map();
    return ops;
  }
}

/** A MerkleStateManager whose trie (accounts, storage tries and code) lives in the given database. */
class PersistentMerkleStateManager extends MerkleStateManager {
  constructor(common: Common, db: DB<string, string | Uint8Array>) {
    super({ common });
    this._trie.database(db, ValueEncoding.Bytes);
  }
}

export class MerkleWorldState implements WorldState {
  private readonly db: BufferedTrieDb;
  readonly stateManager: MerkleStateManager;

  constructor(kv: KvStore, common: Common) {
    this.db = new BufferedTrieDb(kv);
    this.stateManager = new PersistentMerkleStateManager(common, this.db);
  }

  stateRoot(): Promise<Uint8Array> {
    return this.stateManager.getStateRoot();
  }

  setStateRoot(root: Uint8Array): Promise<void> {
    return this.stateManager.setStateRoot(root);
  }

  async viewAt(root: Uint8Array): Promise<StateManagerInterface> {
    const view = this.stateManager.shallowCopy();
    await view.setStateRoot(root);
    return view;
  }

  takeWrites(): KvOp[] {
    return this.db.takeWrites();
  }
}
