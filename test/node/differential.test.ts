import { expect } from "chai";
import hre from "hardhat";
import { encodeFunctionData, parseGwei, type Hex } from "viem";
import { devGenesis } from "../../node/execution/genesis.js";
import type { L2Node } from "../../node/node.js";
import { compiledArtifact } from "./artifacts.js";
import { devAccount, rpc, startNode } from "./helpers.js";

/** The same signed transactions on our node and on hardhat's in-process network give the same receipts. */
describe("differential: node vs hardhat network", function () {
  this.timeout(60_000);
  let node: L2Node;
  const hardhat = (method: string, params: unknown[] = []): Promise<any> => hre.network.provider.request({ method, params });

  before(async () => {
    const chainId = BigInt(await hardhat("eth_chainId"));
    node = await startNode({ genesis: devGenesis(chainId) });
  });
  after(() => node.stop());

  it("transfer, deploy and increment: status, gasUsed, logs and balances match", async function () {
    const account = devAccount(7);
    const chainId = Number(BigInt(await hardhat("eth_chainId")));
    const nonce0 = Number(BigInt(await hardhat("eth_getTransactionCount", [account.address, "latest"])));
    const fees = { chainId, type: "eip1559" as const, maxFeePerGas: parseGwei("20"), maxPriorityFeePerGas: parseGwei("1") };
    const { abi, bytecode } = await compiledArtifact("Counter");
    const recipient = "0x00000000000000000000000000000000000000d1" as Hex;
    const txs = [
      { ...fees, nonce: nonce0, to: recipient, value: 12345n, gas: 21000n },
      { ...fees, nonce: nonce0 + 1, data: bytecode, gas: 600_000n },
    ];
    const receipts: [any, any][] = [];
    // Both chains start this account at nonce 0 (no other test uses dev account 7 on hardhat's network).
    expect(nonce0).to.equal(0);
    for (const tx of txs) {
      const raw = await account.signTransaction(tx);
      receipts.push(await Promise.all([send(raw, (m, p) => hardhat(m, p)), send(raw, async (m, p) => (await rpc(node.url, m, p)).result)]));
    }
    const address = receipts[1]![0].contractAddress as Hex;
    expect(receipts[1]![1].contractAddress).to.equal(address);
    const raw = await account.signTransaction({ ...fees, nonce: nonce0 + 2, to: address, data: encodeFunctionData({ abi, functionName: "increment" }), gas: 100_000n });
    receipts.push(await Promise.all([send(raw, (m, p) => hardhat(m, p)), send(raw, async (m, p) => (await rpc(node.url, m, p)).result)]));

    for (const [theirs, ours] of receipts) {
      expect(ours.status).to.equal(theirs.status);
      expect(ours.gasUsed).to.equal(theirs.gasUsed);
      expect(ours.logs.map((l: any) => [l.address, l.topics, l.data])).to.deep.equal(theirs.logs.map((l: any) => [l.address, l.topics, l.data]));
    }
    expect(receipts[2]![1].logs).to.have.length(1);
    const balance = async (call: (m: string, p: unknown[]) => Promise<any>) => BigInt(await call("eth_getBalance", [recipient, "latest"]));
    expect(await balance(async (m, p) => (await rpc(node.url, m, p)).result)).to.equal(await balance((m, p) => hardhat(m, p)));
  });
});

/** Sends a raw tx through `call` (eth_sendRawTransaction) and returns its receipt (both chains automine). */
const send = async (raw: Hex, call: (method: string, params: unknown[]) => Promise<any>): Promise<any> => {
  const hash = await call("eth_sendRawTransaction", [raw]);
  return call("eth_getTransactionReceipt", [hash]);
};
