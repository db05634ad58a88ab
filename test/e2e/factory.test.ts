import { expect } from "chai";
import hre from "hardhat";
import { createPublicClient, createWalletClient, decodeEventLog, http, type Hex } from "viem";
import type { Devnet } from "../../scripts/devnet.js";
import { expectFinalizedOnL1, finalizedBatchOf, l2Chain, startTestDevnet, successReceipt } from "./harness.js";
import { devAccount } from "../node/helpers.js";

// Contracts deployed by a contract on the devnet: viem deploys ChildFactory (contracts/test/ChildFactory.sol) on L2,
// and deploy(salt, 42) with 7 wei makes a Child by CREATE2 — its constructor stores, an immutable, the value moved —
// and calls it (the nested creation the EVM circuit proves: test/circuits/evm/factory.test.ts). That batch is proven by
// the node's worker pool with a real proof and finalized on L1. SLOW: keygen, the verifier's compilation and k = 14
// proofs take many minutes on 2 cores (`SLOW=1 npx mocha … test/e2e/factory.test.ts`).
const slow = process.env.SLOW ? describe : describe.skip;

slow("e2e: a contract deployed by a contract (CREATE2) on L2, its batch proven and finalized on L1 (SLOW)", function () {
  this.timeout(60 * 60_000);
  let devnet: Devnet;
  before(async function () {
    devnet = await startTestDevnet(true);
  });
  after(() => devnet?.stop());

  it("factory.deploy(salt, 42) makes the child at the address predict() gives, its batch finalizes with the node's state root", async function () {
    const chain = l2Chain(devnet);
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const wallet = createWalletClient({ chain, account: devAccount(11), transport: http(devnet.node.url) });
    const [factory, child] = await Promise.all(["ChildFactory", "Child"].map((n) => hre.artifacts.readArtifact(n)));
    const salt = `0x${"5a17".padStart(64, "0")}` as Hex;

    const deployed = await successReceipt(devnet, l2, await wallet.deployContract({ abi: factory!.abi, bytecode: factory!.bytecode as Hex }));
    const address = deployed.contractAddress!;
    const made = await successReceipt(devnet, l2, await wallet.writeContract({ address, abi: factory!.abi, functionName: "deploy", args: [salt, 42n], value: 7n }));
    const event = decodeEventLog({ abi: factory!.abi, ...made.logs[0]! }) as unknown as { args: { child: Hex } };
    const predicted = await l2.readContract({ address, abi: factory!.abi, functionName: "predict", args: [salt, 42n] }) as Hex;
    expect(event.args.child.toLowerCase()).to.equal(predicted.toLowerCase());

    const batch = await finalizedBatchOf(devnet, made.blockNumber, 0, 45 * 60_000);
    expect(batch.batch.unsupportedOps).to.deep.equal([]);
    await expectFinalizedOnL1(devnet, batch);

    // the child's constructor stored 42, deploy() bumped it; it holds the 7 wei
    expect(await l2.readContract({ address: predicted, abi: child!.abi, functionName: "value" })).to.equal(43n);
    expect(await l2.getBalance({ address: predicted })).to.equal(7n);
  });
});
