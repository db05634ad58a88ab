import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseGwei } from "viem";
import type { BatchRecord } from "../../node/batcher/batch.js";
import { BatchStore } from "../../node/store/batch-store.js";
import { StoreCorruptError } from "../../node/store/chain-store.js";
import { LevelKv } from "../../node/store/level-kv.js";
import { devAccount, rpc, startNode } from "./helpers.js";

describe("node restart from the LevelDB store", function () {
  const dir = mkdtempSync(join(tmpdir(), "l2-node-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps blocks, receipts and balances, and continues the chain", async function () {
    const account = devAccount(2);
    const to = "0x00000000000000000000000000000000000000b0";
    const send = async (url: string, nonce: number) =>
      (await rpc(url, "eth_sendRawTransaction", [await account.signTransaction({ type: "eip1559", chainId: 31338, nonce, to, value: 7n, gas: 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n })])).result as string;

    const first = await startNode({ dataDir: dir });
    const hash = await send(first.url, 0);
    const receipt = (await rpc(first.url, "eth_getTransactionReceipt", [hash])).result;
    const block = (await rpc(first.url, "eth_getBlockByNumber", ["latest", true])).result;
    const balance = (await rpc(first.url, "eth_getBalance", [account.address, "latest"])).result;
    await first.stop();

    const second = await startNode({ dataDir: dir });
    try {
      expect((await rpc(second.url, "eth_blockNumber")).result).to.equal("0x1");
      expect((await rpc(second.url, "eth_getTransactionReceipt", [hash])).result).to.deep.equal(receipt);
      expect((await rpc(second.url, "eth_getBlockByNumber", ["0x1", true])).result).to.deep.equal(block);
      expect((await rpc(second.url, "eth_getBalance", [account.address, "latest"])).result).to.equal(balance);
      expect((await rpc(second.url, "eth_getBalance", [to, "latest"])).result).to.equal("0x7");
      expect((await rpc(second.url, "eth_getTransactionCount", [account.address, "latest"])).result).to.equal("0x1");
      await send(second.url, 1);
      expect((await rpc(second.url, "eth_getBalance", [to, "latest"])).result).to.equal("0xe");
      expect((await rpc(second.url, "eth_getBalance", [to, "0x1"])).result).to.equal("0x7");
    } finally {
      await second.stop();
    }
  });

  // A start that fails after opening the store must close it (and the prover service): LevelDB holds a lock on
  // the directory for as long as it is open, so a leaked handle makes the next open of the same directory fail.
  describe("a failed start closes what it opened", () => {
    const failedStart = async (...args: Parameters<typeof startNode>): Promise<Error & { code?: string }> => {
      try {
        await startNode(...args);
      } catch (error) {
        return error as Error;
      }
      throw new Error("the node started");
    };

    it("batch records it refuses (an older node's): the error is the store's, and the directory opens again", async () => {
      const data = mkdtempSync(join(tmpdir(), "l2-refused-"));
      try {
        await (await startNode({ dataDir: data })).stop();
        // batch 0 as a node from before blockContextHash wrote it: batcher.init refuses such a store
        const kv = await LevelKv.open(data);
        const old: Partial<BatchRecord> = { ...(await new BatchStore(kv).get(0))! };
        delete old.blockContextHash;
        await new BatchStore(kv).update(old as BatchRecord);
        await kv.close();

        const error = await failedStart({ dataDir: data });
        expect(error).to.be.instanceOf(StoreCorruptError);
        expect(error.message).to.match(/the batch store predates the block summaries/);
        await (await LevelKv.open(data)).close();
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    });

    it("an RPC port already taken: the started node is stopped, and a start on a free port then works", async () => {
      const data = mkdtempSync(join(tmpdir(), "l2-port-"));
      const holder = await startNode();
      try {
        const error = await failedStart({ dataDir: data, port: Number(new URL(holder.url).port) });
        expect(error.code).to.equal("EADDRINUSE");
        const node = await startNode({ dataDir: data });
        expect((await rpc(node.url, "eth_blockNumber")).result).to.equal("0x0");
        await node.stop();
      } finally {
        await holder.stop();
        rmSync(data, { recursive: true, force: true });
      }
    });
  });
});
