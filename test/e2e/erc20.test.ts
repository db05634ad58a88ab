import { expect } from "chai";
import hre from "hardhat";
import { createPublicClient, createWalletClient, http, type Hex } from "viem";
import type { Devnet } from "../../scripts/devnet.js";
import { expectFinalizedOnL1, finalizedBatchOf, l2Chain, startTestDevnet } from "./harness.js";
import { devAccount } from "../node/helpers.js";

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
    devnet = await startTestDevnet(true);
  });
  after(() => devnet?.stop());
  const finalized = (block: bigint, after: number) => finalizedBatchOf(devnet, block, after, 45 * 60_000);

  it("the deploy's and the transfer's batches finalize; the token balances read back on L2", async function () {
    const chain = l2Chain(devnet);
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

    const deployBatch = await finalized(deployed.blockNumber, 0);
    const transferBatch = await finalized(sent.blockNumber, deployBatch.index);
    expect(transferBatch.index).to.be.greaterThan(deployBatch.index);
    for (const { batch } of [deployBatch, transferBatch]) expect(batch.l1.finalizeTx).to.match(/^0x[0-9a-f]{64}$/);

    // L1 finalized the transfer's batch with the node's state root after it
    await expectFinalizedOnL1(devnet, transferBatch);

    const balanceOf = (holder: Hex) => l2.readContract({ address: token, abi, functionName: "balanceOf", args: [holder] });
    expect([await balanceOf(owner.address), await balanceOf(to)]).to.deep.equal([750n, 250n]);
  });
});
