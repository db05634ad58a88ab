import { expect } from "chai";
import type { StateManagerInterface } from "@ethereumjs/common";
import { Account, type Address, bigIntToBytes, bytesToBigInt, createAddressFromBigInt, setLengthLeft } from "@ethereumjs/util";
import { Rng } from "../../../circuits/plonk/examples/rng.js";
import { createL2Common } from "../../../node/execution/common.js";
import { SmtStateManagerError } from "../../../node/execution/smt-state-manager.js";
import { SmtWorldState } from "../../../node/execution/world-state.js";
import { MemoryKv } from "../../../node/state/index.js";
import { referenceState } from "./reference-state.js";

const ADDRESSES = [1n, 2n, 3n, 4n].map((i) => createAddressFromBigInt(0xab00n + i));
const SLOTS = [0n, 1n, 2n ** 255n + 5n].map((s) => setLengthLeft(bigIntToBytes(s), 32));
const CODES = [Uint8Array.of(0x60, 0x00, 0x00), Uint8Array.of(0x5f, 0x5f, 0xf3), new Uint8Array(0)];

/** Everything observable about the addresses and slots above, for comparing two state managers. */
const snapshot = async (sm: StateManagerInterface): Promise<unknown[]> => {
  const out: unknown[] = [];
  for (const address of ADDRESSES) {
    const account = await sm.getAccount(address);
    out.push(account === undefined ? null : [account.nonce, account.balance, Buffer.from(account.codeHash).toString("hex")]);
    out.push(Buffer.from(await sm.getCode(address)).toString("hex"));
    for (const slot of SLOTS) out.push(bytesToBigInt(await sm.getStorage(address, slot)));
  }
  return out;
};

/**
 * One random state-manager operation applied to both managers (writes only where the reference allows them).
 * As in block building, one checkpoint stays open under the random ones (the block's own).
 */
const randomOp = async (rng: Rng, managers: StateManagerInterface[], depth: { open: number }): Promise<string> => {
  const address = ADDRESSES[rng.int(ADDRESSES.length)]!;
  const exists = (await managers[0]!.getAccount(address)) !== undefined;
  const choice = rng.int(10);
  const each = (f: (sm: StateManagerInterface) => Promise<void>) => Promise.all(managers.map(f));
  if (choice === 0) {
    await each((sm) => sm.checkpoint());
    depth.open++;
    return "checkpoint";
  }
  if (choice === 1 && depth.open > 1) {
    await each((sm) => sm.commit());
    depth.open--;
    return "commit";
  }
  if (choice === 2 && depth.open > 1) {
    await each((sm) => sm.revert());
    depth.open--;
    return "revert";
  }
  if (choice === 3) {
    // As the EVM does: the account it read (storage root included), or a new one, with fields changed.
    const nonce = BigInt(rng.int(5)), balance = BigInt(rng.int(3)) * 10n ** 18n;
    await each(async (sm) => {
      const account = (await sm.getAccount(address)) ?? new Account();
      account.nonce = nonce;
      account.balance = balance;
      await sm.putAccount(address, account);
    });
    return "putAccount";
  }
  if (choice === 4) {
    await each((sm) => sm.deleteAccount(address));
    return "deleteAccount";
  }
  if (choice === 5) {
    const code = CODES[rng.int(CODES.length)]!;
    await each((sm) => sm.putCode(address, code));
    return "putCode";
  }
  if (choice === 6) {
    await each((sm) => sm.clearStorage(address));
    return "clearStorage";
  }
  if (choice === 7) {
    const balance = rng.bits(64);
    await each((sm) => sm.modifyAccountFields(address, { balance }));
    return "modifyAccountFields";
  }
  if (!exists) return "skip";
  const slot = SLOTS[rng.int(SLOTS.length)]!;
  const value = rng.int(3) === 0 ? new Uint8Array(0) : bigIntToBytes(rng.bits(256) | 1n);
  await each((sm) => sm.putStorage(address, slot, value));
  return "putStorage";
};

describe("execution/smt-state-manager: @ethereumjs state manager over the Poseidon SMT", function () {
  this.timeout(60_000);
  const common = createL2Common(31338n);

  for (const seed of [1, 2, 3]) {
    it(`random account/storage/code ops with nested checkpoints match @ethereumjs's MPT manager (seed ${seed})`, async () => {
      const rng = new Rng(seed);
      const kv = new MemoryKv();
      const world = await SmtWorldState.open(kv);
      const reference = referenceState(common);
      const managers = [reference.stateManager, world.stateManager];
      const depth = { open: 1 };
      await Promise.all(managers.map((sm) => sm.checkpoint()));
      let block = 0n;
      for (let step = 0; step < 150; step++) {
        const op = await randomOp(rng, managers, depth);
        const [theirs, ours] = await Promise.all(managers.map(snapshot));
        expect(ours, `seed ${seed}, step ${step} (${op})`).to.deep.equal(theirs);
        if (step % 37 === 36) {
          // Root with checkpoints open (as the block builder asks for it), then close them all and commit.
          await world.stateRoot();
          while (depth.open > 1) {
            const keep = rng.int(2) === 0;
            await Promise.all(managers.map((sm) => (keep ? sm.commit() : sm.revert())));
            depth.open--;
          }
          await Promise.all(managers.map((sm) => sm.commit()));
          expect(bytesToBigInt(await world.stateRoot()), `root at step ${step}`).to.equal(await reference.smtRoot());
          await kv.batch(await world.commitOps(block));
          world.committed(block++);
          expect(await snapshot(world.stateManager)).to.deep.equal(await snapshot(reference.stateManager));
          await Promise.all(managers.map((sm) => sm.checkpoint()));
        }
      }
    });
  }

  it("commits through the KV store; views read each committed block; discard drops a failed block", async () => {
    const kv = new MemoryKv();
    const world = await SmtWorldState.open(kv);
    const [a] = ADDRESSES as [Address];
    const sm = world.stateManager;
    await sm.checkpoint();
    await sm.putAccount(a, new Account(1n, 5n));
    await sm.putCode(a, CODES[0]!);
    await sm.putStorage(a, SLOTS[1]!, Uint8Array.of(9));
    await sm.commit();
    await kv.batch(await world.commitOps(0n));
    world.committed(0n);
    const root0 = await world.stateRoot();

    await sm.putStorage(a, SLOTS[1]!, new Uint8Array(0));
    await sm.modifyAccountFields(a, { balance: 6n });
    const root1 = await world.stateRoot();
    await kv.batch(await world.commitOps(1n));
    world.committed(1n);

    await sm.deleteAccount(a);
    expect(await world.stateRoot()).to.not.deep.equal(root1);
    world.discard();
    expect(await world.stateRoot()).to.deep.equal(root1);

    const reopened = await SmtWorldState.open(kv);
    expect(reopened.committedBlock).to.equal(1n);
    expect(await reopened.stateRoot()).to.deep.equal(root1);
    const v0 = await reopened.viewAt(0n);
    expect(await v0.getStateRoot()).to.deep.equal(root0);
    expect(bytesToBigInt(await v0.getStorage(a, SLOTS[1]!))).to.equal(9n);
    expect(await v0.getCode(a)).to.deep.equal(CODES[0]);
    const v1 = await reopened.viewAt(1n);
    expect((await v1.getAccount(a))?.balance).to.equal(6n);
    expect(bytesToBigInt(await v1.getStorage(a, SLOTS[1]!))).to.equal(0n);

    // Read views of a block are shared (immutable); each block keeps its own, and state managers stay separate.
    expect(await reopened.stateAt(1n)).to.equal(await reopened.stateAt(1n));
    expect((await reopened.stateAt(0n)).stateRoot()).to.equal(bytesToBigInt(root0));
    expect((await reopened.stateAt(1n)).stateRoot()).to.equal(bytesToBigInt(root1));
    expect(await reopened.viewAt(1n)).to.not.equal(v1);

    // A view takes writes in checkpoints (eth_call) but has no root of its own to move.
    await v1.checkpoint();
    await v1.putStorage(a, SLOTS[2]!, Uint8Array.of(1));
    expect(await v1.getStateRoot().catch((e: unknown) => e)).to.be.instanceOf(SmtStateManagerError);
    await v1.revert();
    expect(await v1.getStateRoot()).to.deep.equal(root1);
    expect(await v1.setStateRoot(root0).catch((e: unknown) => e)).to.be.instanceOf(SmtStateManagerError);
    expect(await sm.putStorage(ADDRESSES[3]!, SLOTS[0]!, Uint8Array.of(1)).catch((e: unknown) => e)).to.be.instanceOf(SmtStateManagerError);
    expect(await sm.commit().catch((e: unknown) => e)).to.be.instanceOf(SmtStateManagerError);
  });
});
