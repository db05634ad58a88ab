import { expect } from "chai";
import { createPublicClient, createWalletClient, http, parseEther, type Hex } from "viem";
import { ZK_ROLLUP_ABI } from "../../node/l1/abi.js";
import type { Devnet } from "../../scripts/devnet.js";
import { l2Chain, rollupRpc as rpcOf, startTestDevnet } from "./harness.js";
import { devAccount } from "../node/helpers.js";
import { deposit, until } from "../node/l1/harness.js";
import { findAll, parseHtml, textOf } from "../node/status/html.js";

// The devnet as `npm run devnet` starts it (in process, on free ports): an ETH transfer sent with viem on L2 is
// sealed into a batch that lands on L1 and is reported unprovable (never finalized) through rollup_getBatch and on the
// status page, and a deposit made on L1 arrives on L2.

describe("e2e: devnet (L1 + rollup contracts + L2 node)", function () {
  this.timeout(120_000);
  let devnet: Devnet;
  before(async function () {
    devnet = await startTestDevnet(false);
  });
  after(() => devnet?.stop());
  const rollupRpc = (method: string, params: unknown[]) => rpcOf(devnet, method, params);

  it("an L2 transfer is committed on L1 in a batch reported unprovable, not finalized", async function () {
    const chain = l2Chain(devnet);
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const wallet = createWalletClient({ chain, account: devAccount(8), transport: http(devnet.node.url) });
    const to: Hex = "0x00000000000000000000000000000000000e2e01";
    const hash = await wallet.sendTransaction({ to, value: parseEther("0.5") });
    const receipt = await l2.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    expect(await l2.getBalance({ address: to })).to.equal(parseEther("0.5"));

    const batch = await until("the transfer's batch committed on L1", async () => {
      const b = await rollupRpc("rollup_getBatch", ["0x1"]);
      return b?.l1.commitTx !== null ? b : undefined;
    });
    expect(BigInt(batch.blocks.first)).to.equal(receipt.blockNumber);
    expect(batch.status).to.equal("unprovable");
    expect(batch.reason).to.match(/no batch circuit registered/);
    expect(batch.l1.finalizeTx).to.equal(null);
    expect(await rollupRpc("rollup_getBatchProof", ["0x1"])).to.equal(null);

    const l1 = createPublicClient({ transport: http(devnet.l1.url) });
    const read = (functionName: "lastCommittedBatch" | "lastFinalizedBatch") => l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName });
    expect(await read("lastCommittedBatch") >= 1n).to.equal(true);
    expect(await read("lastFinalizedBatch")).to.equal(0n);
    const onL1 = await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [1n] });
    expect(onL1).to.include({ batchHash: batch.hashes.batchHash, newStateRoot: batch.roots.newStateRoot, txDataHash: batch.hashes.txDataHash });
    expect((await l1.getTransactionReceipt({ hash: batch.l1.commitTx })).status).to.equal("success");

    // what the operator sees: the batch on the status page, unprovable with the reason, its commit transaction
    const page = parseHtml(await (await fetch(`${devnet.node.url}/status`)).text());
    const row = findAll(page, (e) => e.tag === "tr" && e.attrs["data-batch"] === "1")[0];
    expect(row.attrs["data-status"]).to.equal("unprovable");
    expect(textOf(row)).to.include(batch.reason).and.to.include(`commit ${batch.l1.commitTx.slice(0, 10)}`);
  });

  it("a deposit on L1 arrives on L2", async function () {
    const to: Hex = "0x00000000000000000000000000000000000e2e02";
    const l1Tx = await deposit(devnet.l1.url, devnet.deployment.rollup, 9, to, parseEther("1.25"));
    expect(l1Tx).to.match(/^0x[0-9a-f]{64}$/);
    const l2 = createPublicClient({ transport: http(devnet.node.url) });
    await until("the deposit on L2", async () => (await l2.getBalance({ address: to })) === parseEther("1.25"));
  });
});
