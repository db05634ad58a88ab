import { expect } from "chai";
import { parseGwei } from "viem";
import { devAccount, post, rpc, startNode } from "./helpers.js";
import { until } from "./prover/helpers.js";

describe("sequencer: txs per block", function () {
  this.timeout(60_000);

  it("with maxBlockTxs (the batch circuit's tx slots) spreads txs that arrive together over blocks of at most that many", async () => {
    const node = await startNode({ maxBlockTxs: 1 });
    try {
      const raws = await Promise.all([5, 6, 7].map((i) =>
        devAccount(i).signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: devAccount(1).address, value: 1n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n })));
      // one JSON-RPC batch: the three are in the pool before the next block is built
      const { json } = await post(node.url, JSON.stringify(raws.map((raw, id) => ({ jsonrpc: "2.0", id, method: "eth_sendRawTransaction", params: [raw] }))));
      const hashes = (json as { result: string }[]).map((r) => r.result);
      const blocks = new Set<string>();
      for (const h of hashes) {
        const receipt = await until(`receipt of ${h}`, async () => (await rpc(node.url, "eth_getTransactionReceipt", [h])).result ?? undefined);
        blocks.add(receipt.blockNumber);
      }
      expect(blocks.size).to.equal(3);
      for (const b of blocks) expect((await rpc(node.url, "eth_getBlockByNumber", [b, false])).result.transactions).to.have.length(1);
    } finally {
      await node.stop();
    }
  });
});
