/**
 * A pre-state in memory behind the binding witness's StateTreeAccess: a StateTree committed with the accounts
 * (code, storage) over a MemoryKv, read through node/state's StateTreeWitness exactly as the node's prover reads
 * its store (the StateTree itself stays at the pre-state, for the node-side post-state root to compare with).
 */
import { addressBytes, MemoryKv, StateTree, StateTreeWitness } from '../../../node/state/index.js';
import { EMPTY_CODE_HASH } from '../../../node/state/encoding.js';

export { addressBytes };

export interface PreAccount { readonly address: bigint; readonly nonce?: bigint; readonly balance?: bigint; readonly code?: Uint8Array; readonly storage?: ReadonlyArray<readonly [bigint, bigint]> }

export class TreeState extends StateTreeWitness {
  private constructor(kv: MemoryKv, readonly state: StateTree) {
    super(kv, state);
  }

  static async create(accounts: readonly PreAccount[]): Promise<TreeState> {
    const kv = new MemoryKv();
    const state = await StateTree.open(kv);
    for (const a of accounts) {
      const codeHash = a.code === undefined ? EMPTY_CODE_HASH : state.putCode(a.code);
      await state.putAccount(addressBytes(a.address), { nonce: a.nonce ?? 0n, balance: a.balance ?? 0n, codeHash });
      for (const [slot, value] of a.storage ?? []) await state.putStorage(addressBytes(a.address), slot, value);
    }
    await state.commit(0);
    return new TreeState(kv, state);
  }
}
