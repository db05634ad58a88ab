import { expect } from "chai";
import hre from "hardhat";
import { createPublicClient, createWalletClient, defineChain, http, type Hex } from "viem";
import { ZK_ROLLUP_ABI } from "../../node/l1/abi.js";
import { createLogger } from "../../node/log.js";
import { startDevnet, type Devnet } from "../../scripts/devnet.js";
import { devAccount } from "../node/helpers.js";
import { until } from "../node/l1/harness.js";

// Issue #9's e2e and #10's deploy: `npm run devnet` as it starts by default (batch circuit registered, its verifier
// generated from the node's key behind ZkRollup); viem deploys an ERC-20 (contracts/test/TestToken.sol, solc) on L2
// and transfers tokens; both batches are proven by the node's worker pool with real proofs and finalized on L1.
// SLOW: keygen, the verifier's compilation and two k = 14 proofs take many minutes on 2 cores
// (`SLOW=1 npx mocha … test/e2e/erc20.test.ts`).
const slow = process.env.SLOW ? describe : describe.skip;

slow("e2e: an ERC-20 deployed and transferred on L2, both batches proven and finalized on L1 (SLOW)", function () {
  this.timeout(60 * 60_000);
  let devnet: Devnet;
  before(async function () {
    devnet = await startDevnet(
      { port: 0, l1Port: 0, host: "127.0.0.1", blockTime: 0, batchBlocks: 1, batchSeconds: 0, dataDir: "", inMemory: true, logLevel: "silent", prove: true },
      createLogger("silent"),
    );
  });
  after(() => devnet?.stop());

  const rollupRpc = async (method: string, params: unknown[]): Promise<any> => {
    const res = await fetch(devnet.node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    return ((await res.json()) as { result: unknown }).result;
  };
  /** The first batch after `after` that holds L2 block `block`, once finalized on L1 (an unprovable one fails the test). */
  const finalizedBatchOf = (block: bigint, after: number) => until(`the batch of L2 block ${block} finalized on L1`, async () => {
    for (let i = after + 1; ; i++) {
      const b = await rollupRpc("rollup_getBatch", [`0x${i.toString(16)}`]);
      if (b === undefined || b === null) return undefined;
      if (BigInt(b.blocks.last) < block) continue;
      if (b.status === "unprovable") throw new Error(`batch ${i} unprovable: ${b.reason}`);
      return b.status === "finalized" ? { index: i, batch: b } : undefined;
    }
  }, 45 * 60_000);

  it("the deploy's and the transfer's batches finalize; the token balances read back on L2", async function () {
    const chain = defineChain({ id: 31338, name: "L2", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [devnet.node.url] } } });
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const owner = devAccount(10);
    const wallet = createWalletClient({ chain, account: owner, transport: http(devnet.node.url) });
    const { abi, bytecode } = await hre.artifacts.readArtifact("TestToken");
    const to: Hex = "0x00000000000000000000000000000000000e2c21";

    const deployed = await l2.waitForTransactionReceipt({ hash: await wallet.deployContract({ abi, bytecode: bytecode as Hex, args: [1000n] }) });
    expect(deployed.status).to.equal("success");
    const token = deployed.contractAddress!;
    const sent = await l2.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: token, abi, functionName: "transfer", args: [to, 250n] }) });
    expect(sent.status).to.equal("success");

    const deployBatch = await finalizedBatchOf(deployed.blockNumber, 0);
    const transferBatch = await finalizedBatchOf(sent.blockNumber, deployBatch.index);
    expect(transferBatch.index).to.be.greaterThan(deployBatch.index);
    for (const { batch } of [deployBatch, transferBatch]) expect(batch.l1.finalizeTx).to.match(/^0x[0-9a-f]{64}$/);

    // L1 finalized the transfer's batch with the node's state root after it
    const l1 = createPublicClient({ transport: http(devnet.l1.url) });
    expect(Number(await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastFinalizedBatch" }))).to.be.at.least(transferBatch.index);
    const onL1 = await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [BigInt(transferBatch.index)] });
    expect(onL1.newStateRoot).to.equal(transferBatch.batch.roots.newStateRoot);
    expect(onL1.newStateRoot).to.equal(await rollupRpc("rollup_getStateRoot", [`0x${BigInt(transferBatch.batch.blocks.last).toString(16)}`]));

    const balanceOf = (holder: Hex) => l2.readContract({ address: token, abi, functionName: "balanceOf", args: [holder] });
    expect([await balanceOf(owner.address), await balanceOf(to)]).to.deep.equal([750n, 250n]);
  });
});
