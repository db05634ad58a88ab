import type { Common, StateManagerInterface } from "@ethereumjs/common";
import { MerkleStateManager } from "@ethereumjs/statemanager";
import { type Address, bytesToBigInt, bytesToHex } from "@ethereumjs/util";
import { MemoryKv, StateTree } from "../../../node/state/index.js";

/**
 * @ethereumjs's own MPT state manager as the reference for our SMT-backed state, wrapped so that every address
 * and storage slot it is asked about is remembered (an MPT hashes its keys, so it cannot list them itself).
 */
export interface ReferenceState {
  stateManager: StateManagerInterface;
  /** What the reference's full state is as Poseidon SMT root, built from scratch from a dump. */
  smtRoot(): Promise<bigint>;
}

export const referenceState = (common: Common): ReferenceState => {
  const inner = new MerkleStateManager({ common });
  const addresses = new Map<string, Address>();
  const slots = new Map<string, Map<string, Uint8Array>>();
  const seen = (address: Address, slot?: Uint8Array): void => {
    const id = address.toString();
    addresses.set(id, address);
    if (slot === undefined) return;
    const known = slots.get(id) ?? new Map<string, Uint8Array>();
    known.set(bytesToHex(slot), slot);
    slots.set(id, known);
  };
  const stateManager = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const [address, slot] = args;
        const isAddress = typeof address === "object" && address !== null && "bytes" in address;
        if (typeof prop === "string" && /Account|Code|Storage/.test(prop) && isAddress) {
          seen(address as Address, /Storage$/.test(prop) && slot instanceof Uint8Array ? slot : undefined);
        }
        // @ethereumjs keeps a deleted account's storage trie cached, so its old storage reappears if the account
        // is recreated before the next revert; wiping the storage first gives the intended (geth's) semantics.
        if (prop === "deleteAccount") return target.clearStorage(address as Address).then(() => target.deleteAccount(address as Address));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const smtRoot = async (): Promise<bigint> => {
    const tree = await StateTree.open(new MemoryKv());
    for (const [id, address] of addresses) {
      const account = await inner.getAccount(address);
      if (account === undefined) continue;
      await tree.putAccount(address.bytes, { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash });
      for (const slot of slots.get(id)?.values() ?? []) {
        const word = bytesToBigInt(await inner.getStorage(address, slot));
        if (word !== 0n) await tree.putStorage(address.bytes, bytesToBigInt(slot), word);
      }
    }
    return tree.stateRoot();
  };
  return { stateManager, smtRoot };
};
