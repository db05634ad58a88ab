/**
 * The node's state trees as the batch witness reads them (circuits/witness/smt-binding.ts `StateTreeAccess`): the
 * account tree of one committed state root and its accounts' storage trees, over the node's store. The witness's
 * writes are staged in memory and never persisted (the node's own block commits already hold the post-state);
 * every node a proof or a write touches is decoded into a map, because the binding witness reads the last
 * sibling of a path synchronously.
 */
import type { AccountState, SmtNode, SmtPathProof } from '../../circuits/smt/index.js';
import type { StateTreeAccess, TreeRef } from '../../circuits/witness/smt-binding.js';
import type { KvStore } from '../store/kv.js';
import { MissingStateRecordError } from './errors.js';
import { nodeRecordKey } from './layout.js';
import { SparseMerkleTree } from './smt.js';
import { decodeNode, EMPTY, nodeHash } from './smt-node.js';
import type { StateView } from './state-tree.js';

/** A 160-bit address as the state tree's 20 key bytes. */
export const addressBytes = (a: bigint): Uint8Array => Uint8Array.from({ length: 20 }, (_, i) => Number((a >> BigInt(8 * (19 - i))) & 0xffn));
const word = (b: Uint8Array): bigint => b.reduce((x, y) => (x << 8n) | BigInt(y), 0n);

export class StateTreeWitness implements StateTreeAccess {
  private readonly trees = new Map<string, SparseMerkleTree>();
  private readonly nodes = new Map<bigint, SmtNode>();
  readonly oldRoot: bigint;

  /** `view`: the committed state the batch starts from (StateTree.openAt of the block before the batch). */
  constructor(
    private readonly kv: Pick<KvStore, 'get'>,
    private readonly view: StateView,
  ) {
    this.oldRoot = view.stateRoot();
  }

  async account(address: bigint): Promise<AccountState | null> {
    const a = await this.view.getAccount(addressBytes(address));
    return a === undefined ? null : { nonce: a.nonce, balance: a.balance, codeHash: word(a.codeHash), storageRoot: a.storageRoot };
  }

  private async tree(ref: TreeRef): Promise<SparseMerkleTree> {
    const id = ref === 'accounts' ? 'accounts' : ref.storageOf.toString(16);
    let t = this.trees.get(id);
    if (t === undefined) {
      const root = ref === 'accounts' ? this.oldRoot : ((await this.account(ref.storageOf))?.storageRoot ?? EMPTY);
      this.trees.set(id, (t = new SparseMerkleTree(this.kv, root)));
    }
    return t;
  }

  async prove(ref: TreeRef, key: bigint): Promise<SmtPathProof> {
    const proof = await (await this.tree(ref)).prove(key);
    for (const sibling of proof.siblings) if (sibling !== EMPTY && !this.nodes.has(sibling)) await this.load(sibling);
    return proof;
  }

  async write(ref: TreeRef, key: bigint, value: bigint | null): Promise<void> {
    const t = await this.tree(ref);
    if (value === null) await t.delete(key);
    else await t.put(key, value);
    for (const op of t.stagedWrites().ops) if (op.type === 'put') this.index(decodeNode(op.value));
  }

  readonly nodeOf = (hash: bigint): SmtNode | undefined => this.nodes.get(hash);

  private async load(hash: bigint): Promise<void> {
    const raw = await this.kv.get(nodeRecordKey(hash));
    if (raw === undefined) throw new MissingStateRecordError('node', hash);
    this.index(decodeNode(raw));
  }

  private index(node: SmtNode): void {
    this.nodes.set(nodeHash(node), node);
  }
}
