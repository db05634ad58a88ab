/**
 * The state trees of node/state behind the binding witness's StateTreeAccess: a StateTree committed with a
 * pre-state (accounts, code, storage) in memory; the witness's writes go to SparseMerkleTrees over the same
 * store (the StateTree itself stays at the pre-state, for the node-side post-state root to compare with).
 */
import { MemoryKv, SparseMerkleTree, StateTree, type KvOp, type KvStore } from '../../../node/state/index.js';
import { decodeNode } from '../../../node/state/smt-node.js';
import { nodeRecordKey } from '../../../node/state/layout.js';
import { EMPTY_CODE_HASH } from '../../../node/state/encoding.js';
import { nodeHash, type AccountState, type SmtNode, type SmtPathProof } from '../../../circuits/smt/index.js';
import type { StateTreeAccess, TreeRef } from '../../../circuits/witness/smt-binding.js';

export interface PreAccount { readonly address: bigint; readonly nonce?: bigint; readonly balance?: bigint; readonly code?: Uint8Array; readonly storage?: ReadonlyArray<readonly [bigint, bigint]> }

export const addressBytes = (a: bigint): Uint8Array => Uint8Array.from({ length: 20 }, (_, i) => Number((a >> BigInt(8 * (19 - i))) & 0xffn));
const word = (b: Uint8Array): bigint => b.reduce((x, y) => (x << 8n) | BigInt(y), 0n);
const NODE_PREFIX = nodeRecordKey(0n).slice(0, 2);

/** A store that also keeps every SMT node it is given, decoded, for the witness's synchronous node reads. */
class IndexedKv implements KvStore {
  readonly nodes = new Map<bigint, SmtNode>();
  private readonly kv = new MemoryKv();
  get(key: Uint8Array) { return this.kv.get(key); }
  async batch(ops: KvOp[]) {
    for (const op of ops) if (op.type === 'put' && op.key[0] === NODE_PREFIX[0] && op.key[1] === NODE_PREFIX[1]) this.index(decodeNode(op.value));
    await this.kv.batch(ops);
  }
  close() { return this.kv.close(); }
  index(node: SmtNode) { this.nodes.set(nodeHash(node), node); }
}

export class TreeState implements StateTreeAccess {
  private readonly trees = new Map<string, SparseMerkleTree>();
  private constructor(private readonly kv: IndexedKv, readonly state: StateTree, readonly oldRoot: bigint) {}

  static async create(accounts: readonly PreAccount[]): Promise<TreeState> {
    const kv = new IndexedKv();
    const state = await StateTree.open(kv);
    for (const a of accounts) {
      const codeHash = a.code === undefined ? EMPTY_CODE_HASH : state.putCode(a.code);
      await state.putAccount(addressBytes(a.address), { nonce: a.nonce ?? 0n, balance: a.balance ?? 0n, codeHash });
      for (const [slot, value] of a.storage ?? []) await state.putStorage(addressBytes(a.address), slot, value);
    }
    await state.commit(0);
    return new TreeState(kv, state, state.stateRoot());
  }

  async account(address: bigint): Promise<AccountState | null> {
    const a = await this.state.getAccount(addressBytes(address));
    return a === undefined ? null : { nonce: a.nonce, balance: a.balance, codeHash: word(a.codeHash), storageRoot: a.storageRoot };
  }

  private async tree(ref: TreeRef): Promise<SparseMerkleTree> {
    const id = ref === 'accounts' ? 'accounts' : ref.storageOf.toString(16);
    let t = this.trees.get(id);
    if (t === undefined) {
      const root = ref === 'accounts' ? this.oldRoot : (await this.account(ref.storageOf))?.storageRoot ?? 0n;
      this.trees.set(id, (t = new SparseMerkleTree(this.kv, root)));
    }
    return t;
  }

  async prove(ref: TreeRef, key: bigint): Promise<SmtPathProof> { return (await this.tree(ref)).prove(key); }

  async write(ref: TreeRef, key: bigint, value: bigint | null): Promise<void> {
    const t = await this.tree(ref);
    if (value === null) await t.delete(key);
    else await t.put(key, value);
    for (const op of t.stagedWrites().ops) if (op.type === 'put') this.kv.index(decodeNode(op.value));
  }

  readonly nodeOf = (hash: bigint): SmtNode | undefined => this.kv.nodes.get(hash);
}
