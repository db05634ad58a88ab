import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { createVM, runBlock } from "@ethereumjs/vm";
import { concatHex, getContractAddress, type Hex, numberToHex, parseGwei } from "viem";
import { writeGenesisState } from "../../../node/execution/executor.js";
import { devGenesis, type Genesis } from "../../../node/execution/genesis.js";
import type { L2Node } from "../../../node/node.js";
import { decodeStateProof, encodeStateProof, verifyStateProof, type StateProof } from "../../../node/state/index.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { referenceState } from "./reference-state.js";

/** Store: SSTORE(calldata[0:32] = slot, calldata[32:64] = value); its constructor sets slot 1 to 7. */
const STORE_RUNTIME = "0x6020356000355500";
const STORE_INIT = concatHex(["0x6007600155" /* sstore(1, 7) */, "0x6008601160003960086000f3" /* return runtime */, STORE_RUNTIME as Hex]);
/** Factory: CREATE(callvalue) of a child whose init code is SELFDESTRUCT(caller): created and destroyed in one tx (EIP-6780). */
const FACTORY_INIT = concatHex(["0x600e600c600039600e6000f3", "0x6133ff6000526002601e34f05000"]);
const word = (x: bigint): Hex => numberToHex(x, { size: 32 });

const EMPTY = "0x00000000000000000000000000000000000000e0" as Hex; // exists at genesis, empty: EIP-161 removes it when touched
const PRESET = "0x00000000000000000000000000000000000000c0" as Hex; // a Store at genesis with slot 3 = 5
const FRESH = "0x00000000000000000000000000000000000000f0" as Hex;

const genesis = (): Genesis => {
  const dev = devGenesis();
  const at = (a: Hex) => createAddressFromString(a);
  return {
    ...dev,
    alloc: [
      ...dev.alloc,
      { address: at(EMPTY), balance: 0n, nonce: 0n, code: new Uint8Array(), storage: [] },
      { address: at(PRESET), balance: 1n, nonce: 1n, code: hexToBytes(STORE_RUNTIME as Hex), storage: [[3n, 5n]] },
    ],
  };
};

/**
 * Replays the node's stored blocks on @ethereumjs's VM and MPT state (checking each block's tx and receipt tries,
 * bloom and gas); returns the SMT root of that state per block.
 */
const referenceRoots = async (node: L2Node, g: Genesis): Promise<bigint[]> => {
  const reference = referenceState(node.common);
  const vm = await createVM({ common: node.common, stateManager: reference.stateManager, setHardfork: false });
  await writeGenesisState(vm.stateManager, g);
  const roots = [await reference.smtRoot()];
  for (let n = 1n; n <= node.head.header.number; n++) {
    const block = (await node.store.blockByNumber(n))!;
    const result = await runBlock(vm, { block, generate: true, skipBlockValidation: true, skipHeaderValidation: true, skipHardForkValidation: true });
    // The node seals blocks itself (block-assembly.ts): everything but the state root must be as @ethereumjs has it.
    await block.validateData(false, false);
    expect([result.receiptsRoot, result.logsBloom, result.gasUsed], `block ${n}`).to.deep.equal([block.header.receiptTrie, block.header.logsBloom, block.header.gasUsed]);
    roots.push(await reference.smtRoot());
  }
  return roots;
};

const headerRoots = async (url: string): Promise<bigint[]> => {
  const head = Number((await rpc(url, "eth_blockNumber")).result);
  const roots: bigint[] = [];
  for (let n = 0; n <= head; n++) roots.push(BigInt((await rpc(url, "eth_getBlockByNumber", [numberToHex(n), false])).result.stateRoot));
  return roots;
};

const proof = async (url: string, address: Hex, slots: bigint[], block: string | Hex = "latest"): Promise<StateProof> => {
  const answer = await rpc(url, "rollup_getProof", [address, slots.map(word), block]);
  expect(answer.error, JSON.stringify(answer.error)).to.equal(undefined);
  return decodeStateProof(answer.result);
};

describe("L2 state root = Poseidon SMT root, differential vs @ethereumjs state; rollup_getProof", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "l2-smt-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const g = genesis();
  const account = devAccount(0);
  const fees = { type: "eip1559" as const, chainId: 31338, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n };
  let nonce = 0;
  /** Signs and sends from dev account 0; returns the receipt (automine). */
  const send = async (url: string, tx: { to?: Hex; data?: Hex; value?: bigint; gas: bigint }) => {
    const raw = await account.signTransaction({ ...fees, nonce: nonce++, ...tx });
    const hash = (await rpc(url, "eth_sendRawTransaction", [raw])).result as Hex;
    const receipt = (await rpc(url, "eth_getTransactionReceipt", [hash])).result;
    expect(receipt.status, `tx ${nonce - 1}`).to.equal("0x1");
    return receipt;
  };

  it("matches an SMT built from the replayed @ethereumjs state after every block, and after a restart", async () => {
    let node = await startNode({ dataDir: dir, genesis: g });
    let store: Hex, factory: Hex;
    try {
      const url = node.url;
      await send(url, { to: FRESH, value: 10n ** 18n, gas: 21000n });
      store = (await send(url, { data: STORE_INIT, gas: 200_000n })).contractAddress;
      await send(url, { to: store, data: concatHex([word(5n), word(0xdeadn)]), gas: 100_000n });
      await send(url, { to: store, data: concatHex([word((1n << 255n) + 1n), word(1n)]), gas: 100_000n });
      await send(url, { to: store, data: concatHex([word(1n), word(0n)]), gas: 100_000n }); // back to zero
      await send(url, { to: PRESET, data: concatHex([word(3n), word(0n)]), gas: 100_000n }); // genesis slot emptied
      await send(url, { to: EMPTY, value: 0n, gas: 21000n }); // touched empty account: deleted
      factory = (await send(url, { data: FACTORY_INIT, gas: 200_000n })).contractAddress;
      await send(url, { to: factory, value: 5n, gas: 200_000n });
      // Several senders in one block.
      await Promise.all([1, 2, 3].map(async (i) => rpc(url, "eth_sendRawTransaction", [
        await devAccount(i).signTransaction({ ...fees, nonce: 0, to: FRESH, value: BigInt(i), gas: 21000n }),
      ])));

      const ours = await headerRoots(url);
      expect(ours.length).to.be.greaterThan(9);
      expect(ours).to.deep.equal(await referenceRoots(node, g));
      expect(BigInt((await rpc(url, "rollup_getStateRoot", ["latest"])).result)).to.equal(ours.at(-1));
      expect((await proof(url, EMPTY, [])).account.account).to.equal(undefined);
      expect((await proof(url, PRESET, [3n])).storage[0]!.value).to.equal(0n);
      expect((await proof(url, factory, [])).account.account?.balance).to.equal(5n); // the child's refund
    } finally {
      await node.stop();
    }

    node = await startNode({ dataDir: dir, genesis: g });
    try {
      const before = await headerRoots(node.url);
      await send(node.url, { to: store, data: concatHex([word(9n), word(9n)]), gas: 100_000n });
      const after = await headerRoots(node.url);
      expect(after.slice(0, before.length)).to.deep.equal(before);
      expect(after).to.deep.equal(await referenceRoots(node, g));
    } finally {
      await node.stop();
    }
  });

  it("serves account and storage proofs that verify, at the head and at past blocks; tampered ones fail", async () => {
    const node = await startNode({ dataDir: dir, genesis: g });
    try {
      const url = node.url;
      const deployed = (await proof(url, FRESH, [])).account.account!;
      expect(deployed.balance).to.equal(10n ** 18n + 6n);
      const store = getContractAddress({ from: account.address, nonce: 1n });
      const head = await proof(url, store, [1n, 5n, (1n << 255n) + 1n, 9n, 77n]);
      expect(head.stateRoot).to.equal(BigInt((await rpc(url, "rollup_getStateRoot", [])).result));
      expect(head.storage.map((s) => s.value)).to.deep.equal([0n, 0xdeadn, 1n, 9n, 0n]);
      expect(verifyStateProof(head)).to.equal(true);

      // Right after the deploy (block 2), slot 1 still held the constructor's 7.
      const past = await proof(url, store, [1n, 5n], "0x2");
      expect(past.stateRoot).to.equal(BigInt((await rpc(url, "eth_getBlockByNumber", ["0x2", false])).result.stateRoot));
      expect(past.storage.map((s) => s.value)).to.deep.equal([7n, 0n]);
      expect(verifyStateProof(past)).to.equal(true);
      const absent = await proof(url, EMPTY, [0n]);
      expect(absent.account.account).to.equal(undefined);
      expect(verifyStateProof(absent)).to.equal(true);

      const tamper = (f: (p: StateProof) => void): boolean => {
        const copy = decodeStateProof(JSON.parse(JSON.stringify(encodeStateProof(head))));
        f(copy);
        return verifyStateProof(copy);
      };
      expect(tamper(() => undefined)).to.equal(true);
      expect(tamper((p) => (p.account.account!.balance += 1n))).to.equal(false);
      expect(tamper((p) => (p.account.account!.nonce += 1n))).to.equal(false);
      expect(tamper((p) => (p.account.account!.storageRoot += 1n))).to.equal(false);
      expect(tamper((p) => ((p.account.proof.siblings as bigint[])[0]! ^= 1n))).to.equal(false);
      expect(tamper((p) => (p.storage[1] = { ...p.storage[1]!, value: 0xbeefn }))).to.equal(false);
      expect(tamper((p) => (p.storage[0] = { ...p.storage[0]!, value: 7n }))).to.equal(false); // a zeroed slot's old value
      expect(tamper((p) => (p.stateRoot = past.stateRoot))).to.equal(false);
      expect(tamper((p) => (p.account = { ...p.account, account: undefined }))).to.equal(false);
      const fake = decodeStateProof(encodeStateProof(absent));
      fake.account = { ...fake.account, account: { nonce: 0n, balance: 0n, codeHash: deployed.codeHash, storageRoot: 0n } };
      expect(verifyStateProof(fake)).to.equal(false);

      for (const bad of [[store, "0x1"], [store, ["0xzz"]], ["0x12", []], [store, [], "0xffff"]]) {
        const answer = await rpc(url, "rollup_getProof", bad);
        expect(answer.error?.code, JSON.stringify(bad)).to.be.oneOf([-32602, -32000]);
      }
    } finally {
      await node.stop();
    }
  });
});
