/**
 * A node SMT (node/state, in memory) that records each write as an SmtOperation with the node's proof taken
 * just before it, and keeps every node it ever staged, so the circuit's witness builder can read siblings.
 */
import { MemoryKv, SparseMerkleTree } from '../../../node/state/index.js';
import { decodeNode } from '../../../node/state/smt-node.js';
import { nodeHash, type SmtNode, type SmtOperation } from '../../../circuits/smt/index.js';

export class RecordingTree {
  readonly tree = new SparseMerkleTree(new MemoryKv());
  readonly ops: SmtOperation[] = [];
  /** Roots after each recorded operation. */
  readonly roots: bigint[] = [];
  private readonly nodes = new Map<bigint, SmtNode>();
  private recordFrom = 0n;

  get root(): bigint { return this.tree.root; }

  /** Writes without recording (the state before the batch). */
  async seed(entries: ReadonlyArray<readonly [bigint, bigint]>): Promise<this> {
    for (const [k, v] of entries) await this.tree.put(k, v);
    this.collect();
    this.recordFrom = this.tree.root;
    return this;
  }

  /** The root the recorded operations start from. */
  get startRoot(): bigint { return this.recordFrom; }

  async put(key: bigint, value: bigint): Promise<void> {
    this.ops.push({ key, value, proof: await this.tree.prove(key) });
    await this.tree.put(key, value);
    this.record();
  }

  async delete(key: bigint): Promise<void> {
    this.ops.push({ key, value: null, proof: await this.tree.prove(key) });
    await this.tree.delete(key);
    this.record();
  }

  readonly nodeOf = (hash: bigint): SmtNode | undefined => this.nodes.get(hash);

  private record(): void {
    this.collect();
    this.roots.push(this.tree.root);
  }

  private collect(): void {
    for (const op of this.tree.stagedWrites().ops) {
      if (op.type === 'put') {
        const node = decodeNode(op.value);
        this.nodes.set(nodeHash(node), node);
      }
    }
  }
}
