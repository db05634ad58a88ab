/**
 * Ethereum accounts and storage over Poseidon SMTs (encodings in encoding.ts), persisted per block.
 *
 * Writes change the in-memory tree at once (stateRoot() is always current); the new nodes and preimages
 * stay staged until `commit(blockNumber)` writes them, with the block's root and the new head, in one atomic
 * batch. A crash before the batch leaves the previous block's state intact. Callers that persist a block in
 * their own batch take `commitOps(blockNumber)`, add them to it, and call `markCommitted(blockNumber)` after.
 * Committed roots stay readable through `openAt(blockNumber)`. Contract code is kept by its keccak hash (the
 * account's codeHash), so any committed version can serve its code.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encode32 } from '../../circuits/field/prime-field.js';
import {
  AccountNotFoundError, MissingStateRecordError, ReadOnlyStateError, StateCommitOrderError, StateRangeError,
  UnknownStateVersionError,
} from './errors.js';
import {
  accountKey, accountValue, addressHex, checkAccountFields, checkWord, decodeAccount, decodeWord, EMPTY_CODE_HASH,
  encodeAccount, storageKey, storageValue, type Account, type AccountFields,
} from './encoding.js';
import type { KvStore, KvOp } from '../store/kv.js';
import {
  accountRecordKey, codeRecordKey, encodeU64, expectLength, HEAD_RECORD_KEY, readU64, readWord, rootRecordKey,
  wordRecordKey,
} from './layout.js';
import { initStatePoseidon } from './poseidon.js';
import { SparseMerkleTree } from './smt.js';
import { StateTreeWitness } from './tree-access.js';
import { EMPTY } from './smt-node.js';
import type { AccountProof, StorageProof } from './state-proof.js';

/** Reads of one state root. */
export interface StateView {
  stateRoot(): bigint;
  getAccount(address: Uint8Array): Promise<Account | undefined>;
  /** The word at the slot; 0 if unset or the account does not exist. */
  getStorage(address: Uint8Array, slot: bigint): Promise<bigint>;
  proveAccount(address: Uint8Array): Promise<AccountProof>;
  /** Proof of the slot under the account's storage root (the empty root 0 if the account does not exist). */
  proveStorage(address: Uint8Array, slot: bigint): Promise<StorageProof>;
  /** The code whose keccak256 is `codeHash` (empty for EMPTY_CODE_HASH). */
  getCode(codeHash: Uint8Array): Promise<Uint8Array>;
}

/**
 * Everything a block did to one account: its new fields (undefined: the account is deleted, storage and all),
 * whether its storage was wiped first (contract creation, EIP-6780 self-destruct), and the slots it wrote
 * (0 clears a slot).
 */
export interface AccountChange {
  fields: AccountFields | undefined;
  clearStorage: boolean;
  storage: ReadonlyMap<bigint, bigint>;
}

export class StateTree implements StateView {
  private accounts: SparseMerkleTree;
  /** Root of the last committed block (what `discardChanges` returns to). */
  private committedRoot: bigint;
  /** Storage trees opened since the last commit, by account key. */
  private readonly storageTrees = new Map<bigint, SparseMerkleTree>();
  /** Preimages made since the last commit: account leaf value → account record, storage leaf value → word. */
  private readonly stagedAccounts = new Map<bigint, Uint8Array>();
  private readonly stagedWords = new Map<bigint, bigint>();
  /** Code stored since the last commit, by the hex of its hash. */
  private readonly stagedCode = new Map<string, Uint8Array>();

  private constructor(
    private readonly kv: KvStore,
    root: bigint,
    private head: number | undefined,
    private readonly writable: boolean,
  ) {
    this.accounts = new SparseMerkleTree(kv, root);
    this.committedRoot = root;
  }

  /** The state as of the last committed block (empty if nothing was committed). */
  static async open(kv: KvStore): Promise<StateTree> {
    await initStatePoseidon();
    const raw = await kv.get(HEAD_RECORD_KEY);
    if (raw === undefined) return new StateTree(kv, EMPTY, undefined, true);
    expectLength('head', raw, 8);
    const head = Number(readU64(raw, 0));
    return new StateTree(kv, await readRoot(kv, head, head), head, true);
  }

  /** A read-only view of the state committed for `blockNumber`. */
  async openAt(blockNumber: number): Promise<StateView> {
    return new StateTree(this.kv, await readRoot(this.kv, blockNumber, this.head), blockNumber, false);
  }

  /** The trees committed for `blockNumber` as the batch witness reads them (node/state/tree-access.ts). */
  async witnessAt(blockNumber: number): Promise<StateTreeWitness> {
    return new StateTreeWitness(this.kv, await this.openAt(blockNumber));
  }

  /** The last committed block number (undefined before the first commit). */
  get committedBlock(): number | undefined {
    return this.head;
  }

  stateRoot(): bigint {
    return this.accounts.root;
  }

  async getAccount(address: Uint8Array): Promise<Account | undefined> {
    const value = await this.accounts.get(accountKey(address));
    return value === undefined ? undefined : this.loadAccount(value);
  }

  /** Creates or overwrites an account; its storage (root) is kept. */
  async putAccount(address: Uint8Array, fields: AccountFields): Promise<void> {
    this.assertWritable('putAccount');
    checkAccountFields(fields);
    const key = accountKey(address);
    const old = await this.accounts.get(key);
    const storageRoot = old === undefined ? EMPTY : (await this.loadAccount(old)).storageRoot;
    await this.writeAccount(key, { nonce: fields.nonce, balance: fields.balance, codeHash: fields.codeHash, storageRoot });
  }

  /** Removes an account and its storage; no change if it does not exist. */
  async deleteAccount(address: Uint8Array): Promise<void> {
    this.assertWritable('deleteAccount');
    const key = accountKey(address);
    await this.accounts.delete(key);
    this.storageTrees.delete(key);
  }

  async getStorage(address: Uint8Array, slot: bigint): Promise<bigint> {
    const skey = storageKey(slot);
    const account = await this.getAccount(address);
    if (account === undefined) return 0n;
    const value = await this.storageTree(accountKey(address), account.storageRoot).get(skey);
    return value === undefined ? 0n : this.loadWord(value);
  }

  /** Sets a slot of an existing account; 0 clears it. */
  async putStorage(address: Uint8Array, slot: bigint, word: bigint): Promise<void> {
    this.assertWritable('putStorage');
    const skey = storageKey(slot);
    checkWord('storage value', word);
    const key = accountKey(address);
    const current = await this.accounts.get(key);
    if (current === undefined) throw new AccountNotFoundError(addressHex(address));
    const account = await this.loadAccount(current);
    const tree = this.storageTree(key, account.storageRoot);
    await this.writeSlot(tree, skey, word);
    if (tree.root !== account.storageRoot) await this.writeAccount(key, { ...account, storageRoot: tree.root });
  }

  /**
   * Applies a block's changes: each account's storage in one batched SMT update, then every account leaf in
   * one batched update of the account tree (a block's accounts share their upper branches: hashed once).
   */
  async applyAccounts(changes: Iterable<readonly [address: Uint8Array, change: AccountChange]>): Promise<void> {
    this.assertWritable('applyAccounts');
    const leaves = new Map<bigint, bigint | undefined>();
    for (const [address, change] of changes) {
      const key = accountKey(address);
      if (change.fields === undefined) {
        leaves.set(key, undefined);
        this.storageTrees.delete(key);
        continue;
      }
      checkAccountFields(change.fields);
      const old = await this.accounts.get(key);
      const storageRoot = change.clearStorage || old === undefined ? EMPTY : (await this.loadAccount(old)).storageRoot;
      const tree = this.storageTree(key, storageRoot);
      const slots = new Map<bigint, bigint | undefined>();
      for (const [slot, word] of change.storage) slots.set(storageKey(slot), this.slotLeaf(word));
      if (slots.size > 0) await tree.update(slots);
      const { nonce, balance, codeHash } = change.fields;
      leaves.set(key, this.accountLeaf({ nonce, balance, codeHash, storageRoot: tree.root }));
    }
    await this.accounts.update(leaves);
  }

  /** Stores contract code (kept by hash, committed with the block); returns its keccak256. */
  putCode(code: Uint8Array): Uint8Array {
    this.assertWritable('putCode');
    const hash = keccak_256(code);
    if (code.length > 0) this.stagedCode.set(codeId(hash), code.slice());
    return hash;
  }

  async getCode(codeHash: Uint8Array): Promise<Uint8Array> {
    const id = codeId(codeHash);
    if (id === codeId(EMPTY_CODE_HASH)) return new Uint8Array(0);
    const code = this.stagedCode.get(id) ?? (await this.kv.get(codeRecordKey(codeHash)));
    if (code === undefined) throw new MissingStateRecordError('code', BigInt(`0x${id}`));
    return code;
  }

  /** Drops every uncommitted change: the state is the last committed block's again. */
  discardChanges(): void {
    this.assertWritable('discardChanges');
    this.accounts = new SparseMerkleTree(this.kv, this.committedRoot);
    this.clearStaging();
  }

  async proveAccount(address: Uint8Array): Promise<AccountProof> {
    const key = accountKey(address);
    const proof = await this.accounts.prove(key);
    const account = proof.leaf?.key === key ? await this.loadAccount(proof.leaf.value) : undefined;
    return { address: address.slice(), key, account, proof };
  }

  async proveStorage(address: Uint8Array, slot: bigint): Promise<StorageProof> {
    const key = storageKey(slot);
    const account = await this.getAccount(address);
    const proof = await this.storageTree(accountKey(address), account?.storageRoot ?? EMPTY).prove(key);
    const value = proof.leaf?.key === key ? await this.loadWord(proof.leaf.value) : 0n;
    return { slot, key, value, proof };
  }

  /**
   * The batch that commits the current state as block `blockNumber`: the new nodes and preimages the state
   * still reaches (intermediate versions within the block are left out), the block's root and the new head.
   * Nothing changes until `markCommitted`; make no writes in between.
   */
  commitOps(blockNumber: number): KvOp[] {
    this.assertWritable('commit');
    if (!Number.isSafeInteger(blockNumber) || blockNumber < 0) {
      throw new StateRangeError('blockNumber', blockNumber, 'must be a non-negative safe integer');
    }
    if (this.head !== undefined && blockNumber <= this.head) throw new StateCommitOrderError(blockNumber, this.head);
    const { ops, leaves } = this.accounts.stagedWrites();
    for (const leaf of leaves) {
      const record = this.stagedAccounts.get(leaf.value);
      if (record === undefined) continue; // an account already stored
      ops.push({ type: 'put', key: accountRecordKey(leaf.value), value: record });
      const storage = this.storageTrees.get(leaf.key);
      if (storage === undefined || storage.root !== decodeAccount(record).storageRoot) continue;
      const written = storage.stagedWrites();
      ops.push(...written.ops);
      for (const slot of written.leaves) {
        const word = this.stagedWords.get(slot.value);
        if (word !== undefined) ops.push({ type: 'put', key: wordRecordKey(slot.value), value: encode32(word) });
      }
    }
    for (const code of this.stagedCode.values()) ops.push({ type: 'put', key: codeRecordKey(keccak_256(code)), value: code });
    ops.push({ type: 'put', key: rootRecordKey(blockNumber), value: encode32(this.accounts.root) });
    ops.push({ type: 'put', key: HEAD_RECORD_KEY, value: encodeU64(BigInt(blockNumber)) });
    return ops;
  }

  /** Records that the batch of `commitOps(blockNumber)` was written: drops the staging. */
  markCommitted(blockNumber: number): void {
    this.clearStaging();
    this.committedRoot = this.accounts.root;
    this.head = blockNumber;
  }

  private clearStaging(): void {
    this.accounts.discardStaged();
    this.storageTrees.clear();
    this.stagedAccounts.clear();
    this.stagedWords.clear();
    this.stagedCode.clear();
  }

  /** Writes the state as block `blockNumber` in one atomic batch. */
  async commit(blockNumber: number): Promise<void> {
    await this.kv.batch(this.commitOps(blockNumber));
    this.markCommitted(blockNumber);
  }

  private async writeSlot(tree: SparseMerkleTree, skey: bigint, word: bigint): Promise<void> {
    const value = this.slotLeaf(word);
    if (value === undefined) await tree.delete(skey);
    else await tree.put(skey, value);
  }

  /** The storage leaf value of a word (its preimage staged), or undefined for 0 (no leaf). */
  private slotLeaf(word: bigint): bigint | undefined {
    if (checkWord('storage value', word) === 0n) return undefined;
    const value = storageValue(word);
    this.stagedWords.set(value, word);
    return value;
  }

  /** The account leaf value (its preimage staged). */
  private accountLeaf(account: Account): bigint {
    const value = accountValue(account);
    this.stagedAccounts.set(value, encodeAccount(account));
    return value;
  }

  private async writeAccount(key: bigint, account: Account): Promise<void> {
    await this.accounts.put(key, this.accountLeaf(account));
  }

  private storageTree(key: bigint, root: bigint): SparseMerkleTree {
    const cached = this.storageTrees.get(key);
    if (cached !== undefined && cached.root === root) return cached;
    const tree = new SparseMerkleTree(this.kv, root);
    if (this.writable) this.storageTrees.set(key, tree);
    return tree;
  }

  private async loadAccount(value: bigint): Promise<Account> {
    const record = this.stagedAccounts.get(value) ?? (await this.kv.get(accountRecordKey(value)));
    if (record === undefined) throw new MissingStateRecordError('account', value);
    return decodeAccount(record);
  }

  private async loadWord(value: bigint): Promise<bigint> {
    const staged = this.stagedWords.get(value);
    if (staged !== undefined) return staged;
    const record = await this.kv.get(wordRecordKey(value));
    if (record === undefined) throw new MissingStateRecordError('word', value);
    return decodeWord(record);
  }

  private assertWritable(operation: string): void {
    if (!this.writable) throw new ReadOnlyStateError(operation, this.accounts.root);
  }
}

const codeId = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');

async function readRoot(kv: KvStore, blockNumber: number, head: number | undefined): Promise<bigint> {
  const raw = await kv.get(rootRecordKey(blockNumber));
  if (raw === undefined) throw new UnknownStateVersionError(blockNumber, head);
  expectLength('state root', raw, 32);
  return readWord(raw, 0);
}
