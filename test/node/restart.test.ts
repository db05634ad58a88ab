import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseGwei } from "viem";
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
});
