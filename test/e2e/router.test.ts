import { expect } from "chai";
import hre from "hardhat";
import { createPublicClient, createWalletClient, http, type Hex } from "viem";
import type { Devnet } from "../../scripts/devnet.js";
import { expectFinalizedOnL1, finalizedBatchOf, l2Chain, startTestDevnet, successReceipt } from "./harness.js";
import { devAccount } from "../node/helpers.js";

// Nested call frames on the devnet: viem deploys an ERC-20 (contracts/test/TestToken.sol) and a router
// (contracts/test/TokenRouter.sol) on L2, funds the router with 300 tokens, and router.send(token, to, 5) CALLs
// token.transfer and STATICCALLs token.balanceOf — the frames the EVM circuit proves (test/circuits/evm/router.test.ts).
// The router call's batch is proven by the node's worker pool with a real proof and finalized on L1.
// SLOW: keygen, the verifier's compilation and four k = 14 proofs take many minutes on 2 cores
// (`SLOW=1 npx mocha … test/e2e/router.test.ts`).
const slow = process.env.SLOW ? describe : describe.skip;

slow("e2e: an ERC-20 transfer through a router on L2 (CALL + STATICCALL), its batch proven and finalized on L1 (SLOW)", function () {
  this.timeout(60 * 60_000);
  let devnet: Devnet;
  before(async function () {
    devnet = await startTestDevnet(true);
  });
  after(() => devnet?.stop());
  const finalized = (block: bigint, after: number) => finalizedBatchOf(devnet, block, after, 45 * 60_000);

  it("router.send(token, to, 5) succeeds, its batch finalizes with the node's state root, the balances read back on L2", async function () {
    const chain = l2Chain(devnet);
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const owner = devAccount(10);
    const wallet = createWalletClient({ chain, account: owner, transport: http(devnet.node.url) });
    const token = await hre.artifacts.readArtifact("TestToken");
    const routerArtifact = await hre.artifacts.readArtifact("TokenRouter");
    const to: Hex = "0x00000000000000000000000000000000000e2c22";

    const receipt = (hash: Hex) => successReceipt(devnet, l2, hash);

    const tokenDeploy = await receipt(await wallet.deployContract({ abi: token.abi, bytecode: token.bytecode as Hex, args: [1000n] }));
    const tokenAddress = tokenDeploy.contractAddress!;
    const routerDeploy = await receipt(await wallet.deployContract({ abi: routerArtifact.abi, bytecode: routerArtifact.bytecode as Hex }));
    const router = routerDeploy.contractAddress!;
    await receipt(await wallet.writeContract({ address: tokenAddress, abi: token.abi, functionName: "transfer", args: [router, 300n] }));
    const sent = await receipt(await wallet.writeContract({ address: router, abi: routerArtifact.abi, functionName: "send", args: [tokenAddress, to, 5n] }));

    const sendBatch = await finalized(sent.blockNumber, 0);
    expect(sendBatch.batch.l1.finalizeTx).to.match(/^0x[0-9a-f]{64}$/);
    expect(sendBatch.batch.unsupportedOps).to.deep.equal([]);

    // L1 finalized the router call's batch with the node's state root after it
    await expectFinalizedOnL1(devnet, sendBatch);

    const balanceOf = (holder: Hex) => l2.readContract({ address: tokenAddress, abi: token.abi, functionName: "balanceOf", args: [holder] });
    expect([await balanceOf(to), await balanceOf(router), await balanceOf(owner.address)]).to.deep.equal([5n, 295n, 700n]);
  });
});
