import { expect } from "chai";
import hre from "hardhat";
import { createPublicClient, createWalletClient, http, type Hex } from "viem";
import { ZK_ROLLUP_ABI } from "../../node/l1/abi.js";
import type { Devnet } from "../../scripts/devnet.js";
import { until } from "../node/l1/harness.js";
import { batchOf, l2Chain, rollupRpc as rpcOf, startTestDevnet } from "./harness.js";
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
  const rollupRpc = (method: string, params: unknown[]) => rpcOf(devnet, method, params);

  /** The first batch after `after` holding `block`, once finalized; an unprovable one fails with its reason and unsupportedOps. */
  const finalized = async (block: bigint, after: number) => {
    let unprovable: number | undefined;
    try {
      return await batchOf(devnet, block, after, (status, i) => {
        if (status === "unprovable") throw new Error(`batch ${(unprovable = i)} unprovable`);
        return status === "finalized";
      }, 45 * 60_000);
    } catch (error) {
      if (unprovable === undefined) throw error;
      const b = await rollupRpc("rollup_getBatch", [`0x${unprovable.toString(16)}`]);
      console.log(`batch ${unprovable} unprovable:`, JSON.stringify({ reason: b?.reason, unsupportedOps: b?.unsupportedOps }));
      throw new Error(`batch ${unprovable} unprovable: ${b?.reason} (unsupportedOps: ${JSON.stringify(b?.unsupportedOps)})`);
    }
  };

  it("router.send(token, to, 5) succeeds, its batch finalizes with the node's state root, the balances read back on L2", async function () {
    const chain = l2Chain(devnet);
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const owner = devAccount(10);
    const wallet = createWalletClient({ chain, account: owner, transport: http(devnet.node.url) });
    const token = await hre.artifacts.readArtifact("TestToken");
    const routerArtifact = await hre.artifacts.readArtifact("TokenRouter");
    const to: Hex = "0x00000000000000000000000000000000000e2c22";

    // a tx the sequencer leaves out (`unprovableTxs: "skip"`: the batch circuit cannot prove it) fails with its reason
    const receipt = async (hash: Hex) => {
      const status = await until(`tx ${hash} included or skipped`, async () => {
        const s = await rollupRpc("rollup_getTransactionStatus", [hash]);
        return s?.status === "included" || s?.status === "skipped" ? s : undefined;
      }, 60_000);
      if (status.status === "skipped") throw new Error(`tx ${hash} skipped by the sequencer: ${status.reason}`);
      const r = await l2.waitForTransactionReceipt({ hash });
      expect(r.status, `tx ${hash}`).to.equal("success");
      return r;
    };

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
    const l1 = createPublicClient({ transport: http(devnet.l1.url) });
    expect(Number(await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastFinalizedBatch" }))).to.be.at.least(sendBatch.index);
    const onL1 = await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [BigInt(sendBatch.index)] });
    expect(onL1.newStateRoot).to.equal(sendBatch.batch.roots.newStateRoot);
    expect(onL1.newStateRoot).to.equal(await rollupRpc("rollup_getStateRoot", [`0x${BigInt(sendBatch.batch.blocks.last).toString(16)}`]));

    const balanceOf = (holder: Hex) => l2.readContract({ address: tokenAddress, abi: token.abi, functionName: "balanceOf", args: [holder] });
    expect([await balanceOf(to), await balanceOf(router), await balanceOf(owner.address)]).to.deep.equal([5n, 295n, 700n]);
  });
});
