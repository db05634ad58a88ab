import { createBlock } from "@ethereumjs/block";
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseGwei, type Hex } from "viem";
import { BATCH_PI_WORD_FIELDS, publicInputHash, unpackBlockSummary } from "../../../circuits/pi/public-input.js";
import { transition, BatchTransitionError, type BatchRecord } from "../../../node/batcher/batch.js";
import { Batcher, DEFAULT_BATCHER_OPTIONS } from "../../../node/batcher/batcher.js";
import { blockContextHashOf, blockSummaryOf, txDataHash, withdrawalLeaf, ZERO_HASH } from "../../../node/batcher/encoding.js";
import { createL2Common } from "../../../node/execution/common.js";
import { createLogger } from "../../../node/log.js";
import { BatchStore } from "../../../node/store/batch-store.js";
import { ChainStore, StoreCorruptError } from "../../../node/store/chain-store.js";
import { MemoryKv } from "../../../node/store/kv.js";
import { depositTransaction, WITHDRAW_ADDRESS } from "../../../node/l1/bridge.js";
import type { L2Node } from "../../../node/node.js";
import { devAccount, rpc, startNode } from "../helpers.js";

// The batcher on a live in-process node: sealing rules, the records it writes (checked field by field against
// the blocks), the unprovable status while no batch circuit exists, rollup_* RPC, and a restart from LevelDB.

const account = devAccount(3);
const send = async (node: L2Node, nonce: number, to: Hex = "0x00000000000000000000000000000000000000b1", value = 5n, from = account): Promise<string> => {
  const raw = await from.signTransaction({ type: "eip1559", chainId: 31338, nonce, to, value, gas: 30_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
  const res = await rpc(node.url, "eth_sendRawTransaction", [raw]);
  expect(res.error, JSON.stringify(res.error)).to.equal(undefined);
  return res.result as string;
};
const rules = (maxBlocks: number, maxTxs = 1_000) => ({ batcher: { maxBlocks, maxAgeMs: 0, maxTxs } });

describe("batcher", function () {
  this.timeout(60_000);

  it("seals every maxBlocks blocks into chained, unprovable batches with the blocks' data", async function () {
    const node = await startNode(rules(2));
    try {
      for (let i = 0; i < 3; i++) await send(node, i);
      await node.batcher.sealDue();
      const batches = node.batcher.batches;
      expect(await batches.count()).to.equal(2); // genesis + blocks 1–2; block 3 waits for a second block
      const [genesis, first] = [(await batches.get(0))!, (await batches.get(1))!];
      expect(genesis.status).to.equal("finalized");
      expect(genesis.newStateRoot).to.equal(bytes((await node.store.blockByNumber(0n))!.header.stateRoot));
      expect(first).to.include({ index: 1, firstBlock: 1, lastBlock: 2, txCount: 2, status: "unprovable", parentBatchHash: genesis.batchHash });
      expect(first.reason).to.match(/no batch circuit registered \(the node runs with --no-prove\)/);
      expect(first.reason).to.match(/every step it executes has an EVM-circuit gadget$/); // plain transfers run no opcode
      expect(first.unsupportedOps).to.deep.equal([]);
      expect(first.prevStateRoot).to.equal(genesis.newStateRoot);
      expect(first.newStateRoot).to.equal(bytes((await node.store.blockByNumber(2n))!.header.stateRoot));
      const blocks = await Promise.all([1n, 2n].map(async (n) => (await node.store.blockByNumber(n))!));
      expect(first.txDataHash).to.equal(txDataHash(blocks.map((b) => ({ txs: b.transactions.map((t) => t.serialize()) }))));
      expect(first).to.include({ numL1Messages: 0, l1MessagesHash: ZERO_HASH, withdrawRoot: ZERO_HASH });
      // the block contexts of its txs (one per block here), and the batch circuit's 200-byte public input
      expect(genesis.blockContextHash).to.equal(ZERO_HASH);
      expect(first.blockContextHash).to.equal(blockContextHashOf(blocks));
      // and the summaries of the block before the batch (the genesis) and of its last, chained from batch to batch
      expect(genesis.lastBlockSummary).to.equal(blockSummaryOf((await node.store.blockByNumber(0n))!));
      expect(first).to.include({ parentBlockSummary: genesis.lastBlockSummary, lastBlockSummary: blockSummaryOf(blocks[1]!) });
      const summaries = { parentBlockSummary: unpackBlockSummary(first.parentBlockSummary), lastBlockSummary: unpackBlockSummary(first.lastBlockSummary) };
      expect(summaries.lastBlockSummary).to.include({ number: 2n, gasUsed: blocks[1]!.header.gasUsed });
      expect(first.publicInputHash).to.equal(bytes(publicInputHash({ chainId: 31338n, ...first, ...summaries }, BATCH_PI_WORD_FIELDS)));

      const second = (await node.batcher.sealNow())!;
      expect(second).to.include({ index: 2, firstBlock: 3, lastBlock: 3, parentBatchHash: first.batchHash, prevStateRoot: first.newStateRoot });
      expect(await node.batcher.sealNow()).to.equal(undefined); // nothing left to seal
    } finally {
      await node.stop();
    }
  });

  it("names the opcodes the EVM circuit does not cover in the unprovable reason", async function () {
    const node = await startNode(rules(1));
    try {
      // a contract creation (covered) whose init code runs BLOCKHASH of block 0 (PUSH0 BLOCKHASH STOP): inside the window,
      // which the EVM circuit does not prove yet
      const raw = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, data: "0x5f4000", gas: 100_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
      expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
      await node.batcher.sealDue();
      const batch = (await node.batcher.batches.get(1))!;
      expect((batch.unsupportedOps ?? []).some((r) => r.startsWith("BLOCKHASH of one of the 256 blocks before"))).to.equal(true);
      expect(batch.reason).to.match(/the EVM circuit does not cover: .*BLOCKHASH/);
    } finally {
      await node.stop();
    }
  });

  it("keeps a batch within the transaction capacity", async function () {
    const node = await startNode(rules(10, 2));
    try {
      for (let i = 0; i < 3; i++) await send(node, i);
      await node.batcher.sealDue(); // block 3 would overflow blocks 1–2: they are sealed without waiting for 10
      expect(await node.batcher.batches.get(1)).to.include({ firstBlock: 1, lastBlock: 2, txCount: 2 });
      expect((await node.batcher.sealNow())!).to.include({ firstBlock: 3, lastBlock: 3, txCount: 1 });
    } finally {
      await node.stop();
    }
  });

  it("keeps a batch within the withdrawal capacity (the circuit's tree), counting only real withdrawals", async function () {
    const node = await startNode({ batcher: { maxBlocks: 10, maxAgeMs: 0, maxTxs: 1_000, maxWithdrawals: 1 } });
    try {
      const withdraw = WITHDRAW_ADDRESS.toString() as Hex;
      await send(node, 0, withdraw, 1n);
      await send(node, 1, withdraw, 0n); // no value: no withdrawal
      await send(node, 2);
      await send(node, 3, withdraw, 2n);
      await node.batcher.sealDue(); // block 4 would be the second withdrawal: blocks 1–3 are sealed without waiting for 10
      expect(await node.batcher.batches.get(1)).to.include({ firstBlock: 1, lastBlock: 3, txCount: 3 });
      expect((await node.batcher.batches.get(1))!.withdrawals).to.have.length(1);
      expect((await node.batcher.sealNow())!).to.include({ firstBlock: 4, lastBlock: 4 });
    } finally {
      await node.stop();
    }
  });

  it("records an ETH transfer to the withdraw address as a withdrawal to the sender, its leaf nonce the tx's", async function () {
    const node = await startNode(rules(10));
    try {
      await send(node, 0, WITHDRAW_ADDRESS.toString() as Hex, 1234n);
      await send(node, 1); // no withdrawal: the next one's leaf nonce is its tx's (2), not its withdrawal index (1)
      await send(node, 2, WITHDRAW_ADDRESS.toString() as Hex, 99n);
      const batch = (await node.batcher.sealNow())!;
      const expected = [
        { to: account.address, amount: 1234n, nonce: 0n },
        { to: account.address, amount: 99n, nonce: 2n },
      ];
      expect(batch.withdrawals).to.deep.equal(expected.map((w) => ({ to: w.to.toLowerCase(), amount: `${w.amount}`, nonce: `${w.nonce}` })));
      // two leaves: the root is their commutative node hash (the encoding itself is checked against the contract)
      const [a, b] = expected.map(withdrawalLeaf);
      expect(batch.withdrawRoot).to.not.equal(ZERO_HASH);
      expect([a, b]).to.not.include(batch.withdrawRoot);
      // rollup_getWithdrawalProof names a withdrawal by its leaf nonce, the tx's
      const claim = (await rpc(node.url, "rollup_getWithdrawalProof", [`0x${batch.index.toString(16)}`, "0x2"])).result;
      expect(claim).to.deep.include({ finalized: false, withdrawal: { to: account.address.toLowerCase(), amount: "0x63", nonce: "0x2" }, proof: [a] });
      expect((await rpc(node.url, "rollup_getWithdrawalProof", [`0x${batch.index.toString(16)}`, "0x1"])).error.message).to.equal(`batch ${batch.index} holds withdrawals of nonce 0, 2, not one of nonce 1`);
      await send(node, 3, WITHDRAW_ADDRESS.toString() as Hex, 7n);
      const next = (await node.batcher.sealNow())!;
      expect(next.withdrawRoot).to.equal(withdrawalLeaf({ to: account.address, amount: 7n, nonce: 3n }));
    } finally {
      await node.stop();
    }
  });

  it("rollup_getWithdrawalProof tells two senders' withdrawals of one nonce apart by the withdrawing account", async function () {
    const node = await startNode(rules(10));
    try {
      const other = devAccount(4);
      await send(node, 0, WITHDRAW_ADDRESS.toString() as Hex, 11n);
      await send(node, 0, WITHDRAW_ADDRESS.toString() as Hex, 22n, other);
      const batch = (await node.batcher.sealNow())!;
      const index = `0x${batch.index.toString(16)}`;
      const leaves = [{ to: account.address, amount: 11n, nonce: 0n }, { to: other.address, amount: 22n, nonce: 0n }].map(withdrawalLeaf);
      // the nonce alone is ambiguous: refused, naming both recipients
      const ambiguous = (await rpc(node.url, "rollup_getWithdrawalProof", [index, "0x0"])).error;
      expect(ambiguous.code).to.equal(-32602);
      expect(ambiguous.message).to.include("2 withdrawals of nonce 0").and.include(other.address.toLowerCase());
      const claim = (await rpc(node.url, "rollup_getWithdrawalProof", [index, "0x0", other.address])).result;
      expect(claim).to.deep.include({ withdrawal: { to: other.address.toLowerCase(), amount: "0x16", nonce: "0x0" }, proof: [leaves[0]] });
      const missing = (await rpc(node.url, "rollup_getWithdrawalProof", [index, "0x0", devAccount(5).address])).error;
      expect(missing.message).to.equal(`batch ${batch.index} holds withdrawals of nonce 0, 0, not one of nonce 0 to ${devAccount(5).address.toLowerCase()}`);
    } finally {
      await node.stop();
    }
  });

  it("refuses bridge-signed transactions on the public RPC", async function () {
    const node = await startNode(rules(10));
    try {
      const raw = depositTransaction({ nonce: 0n, sender: account.address, to: account.address, value: 1n }, node.common, node.head.header.calcNextBaseFee());
      const res = await rpc(node.url, "eth_sendRawTransaction", [bytes(raw)]);
      expect(res.error?.message).to.match(/bridge account only sends L1 deposits/);
    } finally {
      await node.stop();
    }
  });

  it("serves batches over rollup_* with -32602 for bad params and an error for unknown batches", async function () {
    const node = await startNode(rules(1));
    try {
      await send(node, 0);
      await node.batcher.sealDue();
      expect((await rpc(node.url, "rollup_batchCount")).result).to.equal("0x2");
      const batch = (await rpc(node.url, "rollup_getBatch", ["0x1"])).result;
      const stored = (await node.batcher.batches.get(1))!;
      expect(batch).to.deep.include({ index: "0x1", status: "unprovable", reason: stored.reason, blocks: { first: "0x1", last: "0x1" }, txCount: "0x1" });
      expect(batch.hashes.batchHash).to.equal(stored.batchHash);
      expect(batch.l1).to.deep.equal({ commitTx: null, finalizeTx: null });
      expect(batch.provingRounds).to.deep.equal({ failed: "0x0", lastError: null });
      const pi = BigInt(stored.publicInputHash);
      expect(batch.publicInput).to.deep.equal([`0x${(pi >> 128n).toString(16)}`, `0x${(pi & ((1n << 128n) - 1n)).toString(16)}`]);
      expect((await rpc(node.url, "rollup_getBatch", [1])).result).to.deep.equal(batch);
      expect((await rpc(node.url, "rollup_getBatchProof", ["0x1"])).result).to.equal(null);
      for (const bad of [["abc"], [-1], [1.5], [], ["0x1", "0x2"]]) expect((await rpc(node.url, "rollup_getBatch", bad)).error?.code, JSON.stringify(bad)).to.equal(-32602);
      const unknown = (await rpc(node.url, "rollup_getBatch", ["0x9"])).error;
      expect(unknown.code).to.equal(-32000);
      expect(unknown.message).to.match(/unknown batch 9: 2 batch/);
    } finally {
      await node.stop();
    }
  });

  it("resumes after a restart from the LevelDB store without re-batching blocks", async function () {
    const dir = mkdtempSync(join(tmpdir(), "batcher-"));
    try {
      const first = await startNode({ dataDir: dir, ...rules(1) });
      await send(first, 0);
      await first.batcher.sealDue();
      const sealed = await first.batcher.batches.get(1);
      await first.stop();
      const second = await startNode({ dataDir: dir, ...rules(1) });
      try {
        expect(await second.batcher.batches.get(1)).to.deep.equal(sealed);
        await second.batcher.sealNow(); // block 1 (pre-restart) is already batched: nothing to seal
        expect(await second.batcher.batches.count()).to.equal(2);
        await send(second, 1);
        await second.batcher.sealDue();
        expect(await second.batcher.batches.count()).to.equal(3);
        expect(await second.batcher.batches.get(2)).to.include({ firstBlock: 2, lastBlock: 2, parentBatchHash: sealed!.batchHash });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says so when a batch spans blocks whose traces were lost in a restart", async function () {
    const dir = mkdtempSync(join(tmpdir(), "batcher-"));
    try {
      const first = await startNode({ dataDir: dir, ...rules(5) });
      await send(first, 0);
      await first.stop(); // block 1 unbatched; its trace lived only in memory
      const second = await startNode({ dataDir: dir, ...rules(5) });
      try {
        const batch = (await second.batcher.sealNow())!;
        expect(batch).to.include({ firstBlock: 1, lastBlock: 1, status: "unprovable" });
        expect(batch.unsupportedOps).to.equal(undefined);
        expect(batch.reason).to.match(/traces were not kept across a node restart/);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a store whose batch records predate blockContextHash or the block summaries", async function () {
    const common = createL2Common(31338n);
    const kv = new MemoryKv();
    const batches = new BatchStore(kv);
    const batcher = new Batcher(new ChainStore(kv, common), batches, 31338n, { check: () => ({ provable: true }), prove: async () => new Uint8Array() }, DEFAULT_BATCHER_OPTIONS, () => 0n, createLogger("silent"));
    const genesis = createBlock({ header: { number: 0n, stateRoot: new Uint8Array(32).fill(7) } }, { common, setHardfork: false });
    await batcher.init(genesis);
    const current = (await batches.get(0))!;
    await batcher.init(genesis); // a current store: nothing to do
    for (const field of ["blockContextHash", "lastBlockSummary"] as const) {
      const old: Partial<BatchRecord> = { ...current };
      delete old[field]; // as an older node wrote it
      await batches.update(old as BatchRecord);
      let error: unknown;
      await batcher.init(genesis).catch((e: unknown) => (error = e));
      expect(error, field).to.be.instanceOf(StoreCorruptError);
      expect(String(error)).to.match(/predates the block summaries .*fresh data directory and a new ZkRollup deployment \(\{"batch":0\}\)/);
    }
  });

  it("enforces the status lifecycle", function () {
    const batch = { index: 4, status: "pending" } as BatchRecord;
    const proved = transition(transition(transition(batch, "committed", { commitTx: "0x01" }), "proving"), "proved");
    expect(transition(proved, "finalized")).to.include({ status: "finalized", commitTx: "0x01" });
    expect(() => transition({ ...batch, status: "unprovable" }, "finalized")).to.throw(BatchTransitionError, "batch 4: cannot go from unprovable to finalized");
    expect(() => transition(batch, "proved")).to.throw(BatchTransitionError, "allowed from pending: committed, unprovable");
  });
});

const bytes = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString("hex")}`;
