import { expect } from "chai";
import { createPublicClient, createWalletClient, defineChain, http, parseEther, parseGwei, type Hex } from "viem";
import { DEV_ACCOUNTS } from "../../node/execution/genesis.js";
import type { L2Node } from "../../node/node.js";
import { compiledArtifact } from "./artifacts.js";
import { devAccount, startNode } from "./helpers.js";

describe("node with viem", function () {
  let node: L2Node;
  let publicClient: ReturnType<typeof createPublicClient>;
  let wallet: ReturnType<typeof createWalletClient>;
  const account = devAccount(0);
  const recipient = DEV_ACCOUNTS[5] as Hex;

  before(async function () {
    node = await startNode();
    const chain = defineChain({ id: 31338, name: "l2", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [node.url] } } });
    publicClient = createPublicClient({ chain, transport: http(node.url), pollingInterval: 50 });
    wallet = createWalletClient({ chain, account, transport: http(node.url) });
  });
  after(() => node.stop());

  it("reports chain id, block number and dev balances", async function () {
    expect(await publicClient.getChainId()).to.equal(31338);
    expect(await publicClient.getBlockNumber()).to.equal(0n);
    for (const a of DEV_ACCOUNTS.slice(0, 3)) expect(await publicClient.getBalance({ address: a as Hex })).to.equal(parseEther("10000"));
  });

  it("sends a legacy and an EIP-1559 transfer and returns receipts", async function () {
    const before = await publicClient.getBalance({ address: recipient });
    const legacy = await wallet.sendTransaction({ account, chain: wallet.chain, to: recipient, value: 1000n, type: "legacy", gasPrice: parseGwei("2") });
    const r1 = await publicClient.waitForTransactionReceipt({ hash: legacy });
    expect(r1.status).to.equal("success");
    expect(r1.gasUsed).to.equal(21000n);
    expect(r1.type).to.equal("legacy");
    const eip1559 = await wallet.sendTransaction({ account, chain: wallet.chain, to: recipient, value: 2000n });
    const r2 = await publicClient.waitForTransactionReceipt({ hash: eip1559 });
    expect(r2.status).to.equal("success");
    expect(r2.type).to.equal("eip1559");
    expect(await publicClient.getBalance({ address: recipient })).to.equal(before + 3000n);
    expect(await publicClient.getTransactionCount({ address: account.address })).to.equal(2);
    const tx = await publicClient.getTransaction({ hash: eip1559 });
    expect(tx.from.toLowerCase()).to.equal(account.address.toLowerCase());
    const block = await publicClient.getBlock({ blockNumber: r2.blockNumber, includeTransactions: true });
    expect(block.transactions[0]!.hash).to.equal(eip1559);
    expect(block.hash).to.equal(r2.blockHash);
  });

  it("deploys Counter, calls and increments it, reads the logs and estimates gas", async function () {
    const { abi, bytecode } = await compiledArtifact("Counter");
    const deployHash = await wallet.deployContract({ account, chain: wallet.chain, abi, bytecode });
    const deployed = await publicClient.waitForTransactionReceipt({ hash: deployHash });
    expect(deployed.status).to.equal("success");
    const address = deployed.contractAddress!;
    expect(await publicClient.getCode({ address })).to.match(/^0x60/);
    expect(await publicClient.readContract({ address, abi, functionName: "count" })).to.equal(0n);
    const gas = await publicClient.estimateContractGas({ address, abi, functionName: "increment", account });
    const inc = await wallet.writeContract({ account, chain: wallet.chain, address, abi, functionName: "increment" });
    const r = await publicClient.waitForTransactionReceipt({ hash: inc });
    expect(r.status).to.equal("success");
    expect(gas >= r.gasUsed).to.equal(true);
    expect(await publicClient.readContract({ address, abi, functionName: "count" })).to.equal(1n);
    const logs = await publicClient.getContractEvents({ address, abi, eventName: "Incremented", fromBlock: 0n });
    expect(logs).to.have.length(1);
    expect((logs[0]!.args as { newCount: bigint }).newCount).to.equal(1n);
    expect(await publicClient.getStorageAt({ address, slot: "0x0" })).to.equal(`0x${"0".repeat(63)}1`);
  });
});
