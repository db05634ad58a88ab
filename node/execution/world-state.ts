import type { StateManagerInterface } from "@ethereumjs/common";
import { StateTree, type StateView } from "../state/index.js";
import type { KvOp, KvStore } from "../store/kv.js";
import type { StateTreeAccess } from "../../circuits/witness/smt-binding.js";
import { SmtStateManager } from "./smt-state-manager.js";

/**
 * The seam between execution and the state tree. Execution needs an @ethereumjs `StateManagerInterface` to run
 * blocks against (the head), read-only managers at past blocks (RPC reads, eth_call), the root of the head
 * state, and the tree's pending writes so that the store persists them in the same atomic batch as the block.
 *
 * The L2 state is node/state's Poseidon SMT (type 2: EVM-equivalent execution, a different state tree). The
 * root `stateRoot()` returns — and the block builder puts into the header's `stateRoot` field, so the block hash
 * commits to it — is the SMT root, encoded as 32 big-endian bytes. Versions are addressed by block number:
 * every committed block's state stays readable (records are content-addressed and never deleted).
 */
export interface WorldState {
  /** The state manager blocks are executed against (the head state plus the block in progress). */
  readonly stateManager: StateManagerInterface;
  /** SMT root of the head state including uncommitted changes: what the next commit records. */
  stateRoot(): Promise<Uint8Array>;
  /** The last committed block number (undefined on an empty store). */
  readonly committedBlock: bigint | undefined;
  /** node/state's view of the state committed for block `number` (reads and proofs). */
  stateAt(number: bigint): Promise<StateView>;
  /** An independent state manager over the state committed for block `number`; its writes stay in memory. */
  viewAt(number: bigint): Promise<StateManagerInterface>;
  /** The state trees after block `number` as the batch witness reads them (writes staged, never persisted). */
  witnessAt(number: bigint): Promise<StateTreeAccess>;
  /** The batch that persists the head state as block `number`; call `committed` once it is written. */
  commitOps(number: bigint): Promise<KvOp[]>;
  committed(number: bigint): void;
  /** Drops everything since the last commit (a block whose production failed). */
  discard(): void;
}

/** The head state: an `SmtStateManager` writing into a `StateTree` over the node's KV store. */
export class SmtWorldState implements WorldState {
  readonly stateManager: SmtStateManager;
  /** The read-only view of the last block asked for (views are immutable): every admission reads the head's. */
  private lastView: { number: bigint; view: StateView } | undefined;

  private constructor(private readonly tree: StateTree) {
    this.stateManager = new SmtStateManager(tree, tree);
  }

  /** Opens the state as of the last committed block (empty if none). */
  static async open(kv: KvStore): Promise<SmtWorldState> {
    return new SmtWorldState(await StateTree.open(kv));
  }

  get committedBlock(): bigint | undefined {
    const head = this.tree.committedBlock;
    return head === undefined ? undefined : BigInt(head);
  }

  stateRoot(): Promise<Uint8Array> {
    return this.stateManager.getStateRoot();
  }

  async stateAt(number: bigint): Promise<StateView> {
    if (this.lastView?.number === number) return this.lastView.view;
    const view = await this.tree.openAt(Number(number));
    this.lastView = { number, view };
    return view;
  }

  async viewAt(number: bigint): Promise<StateManagerInterface> {
    return new SmtStateManager(await this.stateAt(number));
  }

  witnessAt(number: bigint): Promise<StateTreeAccess> {
    return this.tree.witnessAt(Number(number));
  }

  async commitOps(number: bigint): Promise<KvOp[]> {
    await this.stateManager.getStateRoot(); // applies the overlay unless the block builder's call already did
    return this.tree.commitOps(Number(number));
  }

  committed(number: bigint): void {
    this.tree.markCommitted(Number(number));
    this.stateManager.promote();
  }

  discard(): void {
    this.tree.discardChanges();
    this.stateManager.discard();
  }
}
