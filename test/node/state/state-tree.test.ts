import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poseidon1, poseidon2, poseidon3, poseidon4 } from 'poseidon-lite';
import {
  AccountNotFoundError, EMPTY_CODE_HASH, LevelKv, MemoryKv, ReadOnlyStateError, StateCommitOrderError,
  StateRangeError, StateTree, UnknownStateVersionError, verifyAccountProof, verifyStorageProof,
  type AccountFields, type KvStore, type KvOp, type StateView,
} from '../../../node/state/index.js';

const addr = (i: number) => Uint8Array.from({ length: 20 }, (_, j) => (j === 19 ? i : j === 0 ? 0xa0 : 0));
const A = addr(1), B = addr(2), C = addr(3);
const fields = (nonce: bigint, balance: bigint, codeHash = EMPTY_CODE_HASH): AccountFields => ({ nonce, balance, codeHash });
const hex = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex')}`);

async function rejects(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** A store whose batches can be made to fail, to model a crash during commit. */
class FlakyStore implements KvStore {
  failNext = false;
  constructor(private readonly inner: KvStore) {}
  get(key: Uint8Array) { return this.inner.get(key); }
  async batch(ops: KvOp[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    await this.inner.batch(ops);
  }
  close() { return this.inner.close(); }
}

describe('state/state-tree: accounts and storage over Poseidon SMTs', function () {
  this.timeout(20_000);

  it('starts empty', async () => {
    const state = await StateTree.open(new MemoryKv());
    expect(state.stateRoot()).to.equal(0n);
    expect(state.committedBlock).to.equal(undefined);
    expect(await state.getAccount(A)).to.equal(undefined);
    expect(await state.getStorage(A, 1n)).to.equal(0n);
  });

  it('encodes accounts and storage as documented (pinned with poseidon-lite)', async () => {
    const state = await StateTree.open(new MemoryKv());
    const balance = (5n << 128n) | 7n;
    const codeHash = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    await state.putAccount(A, fields(3n, balance, codeHash));
    const slot = (9n << 128n) | 4n, word = (1n << 255n) | 11n;
    await state.putStorage(A, slot, word);

    const storageRoot = poseidon3([poseidon2([9n, 4n]), poseidon2([1n << 127n, 11n]), 1n]);
    const code = hex(codeHash);
    const value = poseidon4([3n, 5n, 7n, poseidon3([code >> 128n, code & ((1n << 128n) - 1n), storageRoot])]);
    const key = poseidon1([hex(A)]);
    expect((await state.getAccount(A))?.storageRoot).to.equal(storageRoot);
    expect(state.stateRoot()).to.equal(poseidon3([key, value, 1n]));
  });

  it('account and storage round trips; roots change and change back', async () => {
    const state = await StateTree.open(new MemoryKv());
    const r0 = state.stateRoot();
    await state.putAccount(A, fields(1n, 100n));
    const r1 = state.stateRoot();
    expect(r1).to.not.equal(r0);
    expect(await state.getAccount(A)).to.deep.equal({ nonce: 1n, balance: 100n, codeHash: EMPTY_CODE_HASH, storageRoot: 0n });

    await state.putStorage(A, 1n, 42n);
    await state.putStorage(A, 2n ** 256n - 1n, 2n ** 256n - 1n);
    expect(await state.getStorage(A, 1n)).to.equal(42n);
    expect(await state.getStorage(A, 2n ** 256n - 1n)).to.equal(2n ** 256n - 1n);
    expect(await state.getStorage(A, 3n)).to.equal(0n);
    expect(await state.getStorage(B, 1n)).to.equal(0n);
    const withStorage = state.stateRoot();

    await state.putAccount(A, fields(2n, 50n)); // keeps the storage
    expect(await state.getStorage(A, 1n)).to.equal(42n);
    await state.putAccount(A, fields(1n, 100n));
    expect(state.stateRoot()).to.equal(withStorage);

    await state.putStorage(A, 1n, 0n); // zero clears
    await state.putStorage(A, 2n ** 256n - 1n, 0n);
    expect((await state.getAccount(A))?.storageRoot).to.equal(0n);
    expect(state.stateRoot()).to.equal(r1);

    await state.putStorage(A, 5n, 6n);
    await state.deleteAccount(A);
    expect(state.stateRoot()).to.equal(r0);
    await state.putAccount(A, fields(0n, 0n)); // recreated: no storage left
    expect(await state.getStorage(A, 5n)).to.equal(0n);
  });

  it('applyAccounts (a block at once) equals the same changes one by one, and commits and reloads', async () => {
    const kv = new MemoryKv();
    const batched = await StateTree.open(kv);
    const single = await StateTree.open(new MemoryKv());
    for (const state of [batched, single]) {
      await state.putAccount(A, fields(1n, 10n));
      await state.putStorage(A, 1n, 11n);
      await state.putStorage(A, 2n, 12n);
      await state.putAccount(B, fields(2n, 20n));
      await state.putStorage(B, 3n, 13n);
      await state.putAccount(C, fields(3n, 30n));
    }
    await batched.commit(0);
    await batched.applyAccounts([
      [A, { fields: fields(2n, 9n), clearStorage: false, storage: new Map([[1n, 0n], [2n, 22n], [4n, 44n]]) }],
      [B, { fields: fields(2n, 20n), clearStorage: true, storage: new Map([[5n, 55n]]) }],
      [C, { fields: undefined, clearStorage: false, storage: new Map() }],
      [addr(4), { fields: fields(0n, 1n), clearStorage: false, storage: new Map() }],
    ]);
    await single.putAccount(A, fields(2n, 9n));
    await single.putStorage(A, 1n, 0n);
    await single.putStorage(A, 2n, 22n);
    await single.putStorage(A, 4n, 44n);
    await single.deleteAccount(B);
    await single.putAccount(B, fields(2n, 20n));
    await single.putStorage(B, 5n, 55n);
    await single.deleteAccount(C);
    await single.putAccount(addr(4), fields(0n, 1n));
    expect(batched.stateRoot()).to.equal(single.stateRoot());
    await batched.commit(1);
    const reopened = await StateTree.open(kv);
    expect(reopened.stateRoot()).to.equal(single.stateRoot());
    expect(await reopened.getStorage(A, 1n)).to.equal(0n);
    expect(await reopened.getStorage(A, 4n)).to.equal(44n);
    expect(await reopened.getStorage(B, 3n)).to.equal(0n);
    expect(await reopened.getStorage(B, 5n)).to.equal(55n);
    expect(await reopened.getAccount(C)).to.equal(undefined);
    expect(await rejects(reopened.applyAccounts([[A, { fields: fields(-1n, 0n), clearStorage: false, storage: new Map() }]]))).to.be.instanceOf(StateRangeError);
    const view = await reopened.openAt(1);
    expect(await rejects((view as StateTree).applyAccounts([]))).to.be.instanceOf(ReadOnlyStateError);
  });

  it('returned accounts are copies', async () => {
    const state = await StateTree.open(new MemoryKv());
    const codeHash = new Uint8Array(32).fill(7);
    await state.putAccount(A, fields(1n, 1n, codeHash));
    codeHash.fill(0);
    (await state.getAccount(A))!.codeHash.fill(1);
    expect((await state.getAccount(A))!.codeHash).to.deep.equal(new Uint8Array(32).fill(7));
  });

  it('account and storage proofs verify; tampered ones fail', async () => {
    const state = await StateTree.open(new MemoryKv());
    for (let i = 1; i <= 8; i++) await state.putAccount(addr(i), fields(BigInt(i), BigInt(i) * 1000n));
    for (let s = 0n; s < 6n; s++) await state.putStorage(A, s, s * 7n + 1n);
    const root = state.stateRoot();

    const pa = await state.proveAccount(A);
    expect(pa.account).to.deep.equal(await state.getAccount(A));
    expect(verifyAccountProof(root, A, pa.account, pa.proof)).to.equal(true);
    expect(verifyAccountProof(root, A, { ...pa.account!, balance: 1n }, pa.proof)).to.equal(false);
    expect(verifyAccountProof(root, A, undefined, pa.proof)).to.equal(false);

    const absent = addr(200);
    const pn = await state.proveAccount(absent);
    expect(pn.account).to.equal(undefined);
    expect(verifyAccountProof(root, absent, undefined, pn.proof)).to.equal(true);

    const storageRoot = pa.account!.storageRoot;
    const ps = await state.proveStorage(A, 3n);
    expect(ps.value).to.equal(22n);
    expect(verifyStorageProof(storageRoot, 3n, 22n, ps.proof)).to.equal(true);
    expect(verifyStorageProof(storageRoot, 3n, 23n, ps.proof)).to.equal(false);
    expect(verifyStorageProof(storageRoot, 4n, 22n, ps.proof)).to.equal(false);
    const pz = await state.proveStorage(A, 99n);
    expect(pz.value).to.equal(0n);
    expect(verifyStorageProof(storageRoot, 99n, 0n, pz.proof)).to.equal(true);
    const none = await state.proveStorage(absent, 3n);
    expect(verifyStorageProof(0n, 3n, 0n, none.proof)).to.equal(true);
  });

  it('validates inputs and refuses storage writes to missing accounts', async () => {
    const state = await StateTree.open(new MemoryKv());
    expect(await rejects(state.putStorage(A, 1n, 1n))).to.be.instanceOf(AccountNotFoundError);
    expect(await rejects(state.getAccount(new Uint8Array(19)))).to.be.instanceOf(StateRangeError);
    expect(await rejects(state.putAccount(A, fields(1n << 64n, 0n)))).to.be.instanceOf(StateRangeError);
    expect(await rejects(state.putAccount(A, fields(0n, 1n << 256n)))).to.be.instanceOf(StateRangeError);
    expect(await rejects(state.putAccount(A, fields(0n, 0n, new Uint8Array(31))))).to.be.instanceOf(StateRangeError);
    await state.putAccount(A, fields(0n, 0n));
    expect(await rejects(state.putStorage(A, 1n << 256n, 1n))).to.be.instanceOf(StateRangeError);
    expect(await rejects(state.putStorage(A, 1n, -1n))).to.be.instanceOf(StateRangeError);
  });

  describe('versions and persistence', () => {
    it('commit(block) keeps each block readable through openAt; views are read-only', async () => {
      const kv = new MemoryKv();
      const state = await StateTree.open(kv);
      await state.putAccount(A, fields(1n, 10n));
      await state.putStorage(A, 1n, 100n);
      await state.commit(0);
      const root0 = state.stateRoot();
      await state.putAccount(A, fields(2n, 20n));
      await state.putStorage(A, 1n, 200n);
      await state.putAccount(B, fields(0n, 5n));
      await state.commit(1);
      await state.deleteAccount(A);
      await state.commit(5);

      const v0 = await state.openAt(0);
      expect(v0.stateRoot()).to.equal(root0);
      expect((await v0.getAccount(A))?.nonce).to.equal(1n);
      expect(await v0.getStorage(A, 1n)).to.equal(100n);
      expect(await v0.getAccount(B)).to.equal(undefined);
      const v1 = await state.openAt(1);
      expect(await v1.getStorage(A, 1n)).to.equal(200n);
      expect((await v1.getAccount(B))?.balance).to.equal(5n);
      const v5 = await state.openAt(5);
      expect(await v5.getAccount(A)).to.equal(undefined);
      const proof = await v0.proveStorage(A, 1n);
      expect(verifyStorageProof((await v0.getAccount(A))!.storageRoot, 1n, 100n, proof.proof)).to.equal(true);

      expect(await rejects(state.openAt(2))).to.be.instanceOf(UnknownStateVersionError);
      expect(await rejects((v0 as StateTree).putAccount(C, fields(0n, 0n)))).to.be.instanceOf(ReadOnlyStateError);
      expect(await rejects(state.commit(5))).to.be.instanceOf(StateCommitOrderError);
      expect(state.committedBlock).to.equal(5);
    });

    it('uncommitted changes are not persisted (a crash before commit keeps the previous block)', async () => {
      const kv = new MemoryKv();
      const state = await StateTree.open(kv);
      await state.putAccount(A, fields(1n, 10n));
      await state.commit(1);
      const committed = state.stateRoot();
      await state.putAccount(A, fields(9n, 99n));
      await state.putAccount(B, fields(1n, 1n));
      await state.putStorage(A, 3n, 4n);
      expect(state.stateRoot()).to.not.equal(committed);

      const reopened = await StateTree.open(kv); // "after the crash"
      expect(reopened.committedBlock).to.equal(1);
      expect(reopened.stateRoot()).to.equal(committed);
      expect((await reopened.getAccount(A))?.nonce).to.equal(1n);
      expect(await reopened.getAccount(B)).to.equal(undefined);
    });

    it('a failed commit batch writes nothing and can be retried', async () => {
      const kv = new FlakyStore(new MemoryKv());
      const state = await StateTree.open(kv);
      await state.putAccount(A, fields(1n, 10n));
      await state.commit(1);
      await state.putAccount(A, fields(2n, 20n));
      await state.putStorage(A, 1n, 5n);
      const next = state.stateRoot();
      kv.failNext = true;
      expect(await rejects(state.commit(2))).to.be.an('error');
      const reopened = await StateTree.open(kv);
      expect(reopened.committedBlock).to.equal(1);
      expect((await reopened.getAccount(A))?.nonce).to.equal(1n);

      await state.commit(2);
      const again = await StateTree.open(kv);
      expect(again.stateRoot()).to.equal(next);
      expect(await again.getStorage(A, 1n)).to.equal(5n);
    });

    it('commitOps leaves out versions superseded within the block', async () => {
      const setup = async () => {
        const state = await StateTree.open(new MemoryKv());
        for (let i = 1; i <= 6; i++) await state.putAccount(addr(i), fields(0n, BigInt(i)));
        await state.commit(0);
        return state;
      };
      const once = await setup();
      await once.putAccount(A, fields(20n, 20n));
      await once.putStorage(A, 1n, 3n);
      const many = await setup();
      for (let n = 1n; n <= 20n; n++) {
        await many.putAccount(A, fields(n, n));
        await many.putStorage(A, 1n, n);
        await many.putStorage(A, 2n, n);
      }
      await many.putStorage(A, 1n, 3n);
      await many.putStorage(A, 2n, 0n);
      expect(many.stateRoot()).to.equal(once.stateRoot());
      expect(many.commitOps(1).length).to.equal(once.commitOps(1).length);
    });

    it('persists through classic-level: close, reopen, same roots and values', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'state-tree-'));
      try {
        let kv = await LevelKv.open(dir);
        let state = await StateTree.open(kv);
        for (let i = 1; i <= 5; i++) {
          await state.putAccount(addr(i), fields(BigInt(i), 10n ** 18n * BigInt(i)));
          await state.putStorage(addr(i), BigInt(i), BigInt(i) << 200n);
        }
        await state.commit(1);
        const root1 = state.stateRoot();
        await state.putStorage(addr(2), 2n, 0n);
        await state.commit(2);
        const root2 = state.stateRoot();
        await state.putAccount(addr(9), fields(1n, 1n)); // never committed
        await kv.close();

        kv = await LevelKv.open(dir);
        state = await StateTree.open(kv);
        expect(state.committedBlock).to.equal(2);
        expect(state.stateRoot()).to.equal(root2);
        expect(await state.getAccount(addr(9))).to.equal(undefined);
        expect(await state.getStorage(addr(2), 2n)).to.equal(0n);
        expect(await state.getStorage(addr(3), 3n)).to.equal(3n << 200n);
        const v1: StateView = await state.openAt(1);
        expect(v1.stateRoot()).to.equal(root1);
        expect(await v1.getStorage(addr(2), 2n)).to.equal(2n << 200n);
        expect((await v1.getAccount(addr(4)))?.balance).to.equal(4n * 10n ** 18n);
        await kv.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
