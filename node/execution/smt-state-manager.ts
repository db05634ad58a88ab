import type { AccountFields as EthAccountFields, StateManagerInterface } from "@ethereumjs/common";
import { OriginalStorageCache } from "@ethereumjs/statemanager";
import { Account, type Address, bigIntToUnpaddedBytes, bytesToBigInt, bytesToUnprefixedHex, KECCAK256_NULL, KECCAK256_RLP } from "@ethereumjs/util";
import { encode32 } from "../../circuits/field/prime-field.js";
import type { Account as SmtAccount, AccountChange, StateTree, StateView } from "../state/index.js";
import { keccak256 } from "./keccak.js";

/** A state-manager call the SMT-backed state cannot serve (wrong root, write to a read-only view, bad key). */
export class SmtStateManagerError extends Error {
  constructor(readonly operation: string, detail: string) {
    super(`SMT state manager: ${operation}: ${detail}`);
    this.name = "SmtStateManagerError";
  }
}

/** An account as this layer keeps it: node/state's fields; entries are immutable (replaced, never mutated). */
type AccountEntry = SmtAccount;

/** A block's storage writes to one account; `cleared`: nothing below (the committed storage) shows through. */
interface StorageDiff {
  cleared: boolean;
  readonly slots: Map<bigint, bigint>;
}

/** Bounds the read caches (they only hold what the committed state already has). */
const CACHE_LIMIT = 1 << 16;

const setBounded = <K, V>(map: Map<K, V>, key: K, value: V): void => {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, value);
};

/**
 * @ethereumjs's `StateManagerInterface` over node/state's Poseidon SMT: the EVM runs against an in-memory
 * overlay of the block's changes (accounts, storage slots, code) with a checkpoint journal; reads that miss it
 * go to the committed state (`source`) through read caches. Nothing is hashed per transaction: `getStateRoot`
 * (called once per block by the block builder) applies the whole overlay to the writable `StateTree` and
 * returns its root, so the block header carries the SMT root. Without a `sink` (RPC views, eth_call) the
 * manager is read-only at the source's root: writes live in the overlay until reverted.
 *
 * Like @ethereumjs's cached MPT manager, an account's `storageRoot` reflects the committed storage (or empty
 * after a clear), not slots written in the same block; EVM rules only compare it with the empty root (EIP-7610).
 */
export class SmtStateManager implements StateManagerInterface {
  readonly originalStorageCache: OriginalStorageCache;
  /** The block's changes by unprefixed address hex; null = the account is absent. */
  private readonly accounts = new Map<string, AccountEntry | null>();
  private readonly storage = new Map<string, StorageDiff>();
  private readonly codes = new Map<string, Uint8Array>();
  private readonly addresses = new Map<string, Uint8Array>();
  /** Undo actions per open checkpoint, innermost last. */
  private readonly journal: (() => void)[][] = [];
  private readonly cleanAccounts = new Map<string, AccountEntry | null>();
  private readonly cleanStorage = new Map<string, Map<bigint, bigint>>();
  private readonly cleanCode = new Map<string, Uint8Array>();
  /** The sink's root once the overlay is applied to it; undefined after any change to the overlay. */
  private appliedRoot: Uint8Array | undefined;

  constructor(
    private readonly source: StateView,
    private readonly sink?: StateTree,
  ) {
    this.originalStorageCache = new OriginalStorageCache(this.getStorage.bind(this));
  }

  async getAccount(address: Address): Promise<Account | undefined> {
    const entry = await this.entry(address);
    if (entry === null) return undefined;
    const storageRoot = entry.storageRoot === 0n ? KECCAK256_RLP : encode32(entry.storageRoot);
    return new Account(entry.nonce, entry.balance, storageRoot, entry.codeHash.slice());
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    if (account === undefined) return this.deleteAccount(address);
    const previous = await this.entry(address);
    this.setEntry(address, { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash.slice(), storageRoot: previous?.storageRoot ?? 0n });
  }

  async deleteAccount(address: Address): Promise<void> {
    this.setEntry(address, null);
    this.replaceStorage(address);
  }

  async modifyAccountFields(address: Address, fields: EthAccountFields): Promise<void> {
    const account = (await this.getAccount(address)) ?? new Account();
    account.nonce = fields.nonce ?? account.nonce;
    account.balance = fields.balance ?? account.balance;
    account.codeHash = fields.codeHash ?? account.codeHash;
    await this.putAccount(address, account);
  }

  async putCode(address: Address, code: Uint8Array): Promise<void> {
    const codeHash = keccak256(code);
    this.appliedRoot = undefined;
    if (code.length > 0) this.codes.set(bytesToUnprefixedHex(codeHash), code.slice());
    await this.modifyAccountFields(address, { codeHash });
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const entry = await this.entry(address);
    if (entry === null) return new Uint8Array(0);
    const id = bytesToUnprefixedHex(entry.codeHash);
    const code = this.codes.get(id) ?? this.cleanCode.get(id);
    if (code !== undefined) return code;
    const stored = await this.source.getCode(entry.codeHash);
    setBounded(this.cleanCode, id, stored);
    return stored;
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.getCode(address)).length;
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    return bigIntToUnpaddedBytes(await this.word(address, slotOf("getStorage", key)));
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const slot = slotOf("putStorage", key);
    if (value.length > 32) throw new SmtStateManagerError("putStorage", `value of ${value.length} bytes, expected at most 32`);
    if ((await this.entry(address)) === null) throw new SmtStateManagerError("putStorage", `account ${address.toString()} does not exist`);
    const diff = this.storageDiff(address);
    this.appliedRoot = undefined;
    const had = diff.slots.has(slot);
    const previous = diff.slots.get(slot);
    this.record(() => (had ? diff.slots.set(slot, previous!) : diff.slots.delete(slot)));
    diff.slots.set(slot, bytesToBigInt(value));
  }

  /** Wipes the storage; creates the (empty) account if absent, as @ethereumjs's MPT manager does. */
  async clearStorage(address: Address): Promise<void> {
    const entry = await this.entry(address);
    this.setEntry(address, { ...(entry ?? { nonce: 0n, balance: 0n, codeHash: KECCAK256_NULL }), storageRoot: 0n });
    this.replaceStorage(address);
  }

  async checkpoint(): Promise<void> {
    this.journal.push([]);
  }

  async commit(): Promise<void> {
    const top = this.popCheckpoint("commit");
    const below = this.journal.at(-1);
    if (below !== undefined) for (const undo of top) below.push(undo);
  }

  async revert(): Promise<void> {
    const top = this.popCheckpoint("revert");
    this.appliedRoot = undefined;
    for (let i = top.length - 1; i >= 0; i--) top[i]!();
  }

  /**
   * The SMT root of the state including the overlay: applies the whole overlay to the sink (rolled back to its
   * committed root first, so reverted writes leave no trace), once per change of the overlay.
   */
  async getStateRoot(): Promise<Uint8Array> {
    if (this.appliedRoot !== undefined) return this.appliedRoot;
    if (this.sink === undefined) {
      const written = this.accounts.size > 0 || [...this.storage.values()].some((diff) => diff.cleared || diff.slots.size > 0);
      if (written) throw new SmtStateManagerError("getStateRoot", "a read-only view has uncommitted writes");
      return encode32(this.source.stateRoot());
    }
    this.sink.discardChanges();
    for (const code of this.codes.values()) this.sink.putCode(code);
    const changes: [Uint8Array, AccountChange][] = [];
    for (const [id, address] of this.addresses) {
      changes.push([address, {
        fields: (this.accounts.has(id) ? this.accounts.get(id)! : await this.clean(id, address)) ?? undefined,
        clearStorage: this.storage.get(id)?.cleared ?? false,
        storage: this.storage.get(id)?.slots ?? new Map(),
      }]);
    }
    await this.sink.applyAccounts(changes);
    this.appliedRoot = encode32(this.sink.stateRoot());
    return this.appliedRoot;
  }

  async setStateRoot(root: Uint8Array): Promise<void> {
    if (!(await this.hasStateRoot(root))) {
      throw new SmtStateManagerError("setStateRoot", "this manager serves one root; open a view of the block instead (WorldState.viewAt)");
    }
  }

  async hasStateRoot(root: Uint8Array): Promise<boolean> {
    return bytesToBigInt(root) === this.source.stateRoot();
  }

  /**
   * The sink committed what `getStateRoot` applied: the overlay becomes part of the committed state (read
   * caches keep its values). Call with no checkpoint open.
   */
  promote(): void {
    if (this.journal.length > 0) throw new SmtStateManagerError("promote", `${this.journal.length} checkpoint(s) still open`);
    for (const [id, entry] of this.accounts) setBounded(this.cleanAccounts, id, entry);
    for (const [id, diff] of this.storage) {
      const slots = diff.cleared ? new Map<bigint, bigint>() : (this.cleanStorage.get(id) ?? new Map<bigint, bigint>());
      for (const [slot, word] of diff.slots) slots.set(slot, word);
      setBounded(this.cleanStorage, id, slots);
    }
    for (const [id, code] of this.codes) setBounded(this.cleanCode, id, code);
    this.dropOverlay();
  }

  /** Forgets the block in progress (overlay, journal) and the caches; the sink is rolled back by its owner. */
  discard(): void {
    this.dropOverlay();
    this.journal.length = 0;
    this.clearCaches();
  }

  /** Forgets what was read from the committed state (the overlay stays). */
  clearCaches(): void {
    this.cleanAccounts.clear();
    this.cleanStorage.clear();
    this.cleanCode.clear();
  }

  /** A read-only manager over the same committed state, without this one's overlay. */
  shallowCopy(): SmtStateManager {
    return new SmtStateManager(this.source);
  }

  private dropOverlay(): void {
    this.appliedRoot = undefined;
    this.accounts.clear();
    this.storage.clear();
    this.codes.clear();
    this.addresses.clear();
  }

  private popCheckpoint(operation: string): (() => void)[] {
    const top = this.journal.pop();
    if (top === undefined) throw new SmtStateManagerError(operation, "no checkpoint is open");
    return top;
  }

  private record(undo: () => void): void {
    this.journal.at(-1)?.push(undo);
  }

  private async entry(address: Address): Promise<AccountEntry | null> {
    const id = bytesToUnprefixedHex(address.bytes);
    const entry = this.accounts.get(id);
    return entry !== undefined ? entry : this.clean(id, address.bytes);
  }

  private async clean(id: string, address: Uint8Array): Promise<AccountEntry | null> {
    const cached = this.cleanAccounts.get(id);
    if (cached !== undefined) return cached;
    const account = (await this.source.getAccount(address)) ?? null;
    setBounded(this.cleanAccounts, id, account);
    return account;
  }

  private setEntry(address: Address, entry: AccountEntry | null): void {
    const id = bytesToUnprefixedHex(address.bytes);
    const had = this.accounts.has(id);
    const previous = this.accounts.get(id);
    this.record(() => (had ? this.accounts.set(id, previous!) : this.accounts.delete(id)));
    this.appliedRoot = undefined;
    this.accounts.set(id, entry);
    this.addresses.set(id, address.bytes);
  }

  private storageDiff(address: Address): StorageDiff {
    const id = bytesToUnprefixedHex(address.bytes);
    let diff = this.storage.get(id);
    if (diff === undefined) {
      diff = { cleared: false, slots: new Map() };
      this.storage.set(id, diff);
      this.addresses.set(id, address.bytes);
    }
    return diff;
  }

  private replaceStorage(address: Address): void {
    const id = bytesToUnprefixedHex(address.bytes);
    const previous = this.storage.get(id);
    this.record(() => (previous === undefined ? this.storage.delete(id) : this.storage.set(id, previous)));
    this.appliedRoot = undefined;
    this.storage.set(id, { cleared: true, slots: new Map() });
    this.addresses.set(id, address.bytes);
  }

  private async word(address: Address, slot: bigint): Promise<bigint> {
    const id = bytesToUnprefixedHex(address.bytes);
    const diff = this.storage.get(id);
    const written = diff?.slots.get(slot);
    if (written !== undefined) return written;
    if (diff?.cleared === true) return 0n;
    let slots = this.cleanStorage.get(id);
    const cached = slots?.get(slot);
    if (cached !== undefined) return cached;
    const word = await this.source.getStorage(address.bytes, slot);
    if (slots === undefined) {
      slots = new Map();
      setBounded(this.cleanStorage, id, slots);
    }
    slots.set(slot, word);
    return word;
  }
}

const slotOf = (operation: string, key: Uint8Array): bigint => {
  if (key.length !== 32) throw new SmtStateManagerError(operation, `storage key of ${key.length} bytes, expected 32`);
  return bytesToBigInt(key);
};
