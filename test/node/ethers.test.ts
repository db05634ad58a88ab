import { expect } from "chai";
import { ContractFactory, JsonRpcProvider, Wallet, parseEther, type Contract } from "ethers";
import { toHex } from "viem";
import type { L2Node } from "../../node/node.js";
import { compiledArtifact } from "./artifacts.js";
import { devAccount, startNode } from "./helpers.js";

describe("node with ethers v6", function () {
  let node: L2Node;
  let provider: JsonRpcProvider;
  let wallet: Wallet;

  before(async () => {
    node = await startNode();
    // cacheTimeout -1: ethers otherwise reuses a "pending" nonce answer for 250 ms across back-to-back sends.
    provider = new JsonRpcProvider(node.url, 31338, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
    wallet = new Wallet(toHex(devAccount(3).getHdKey().privateKey!), provider);
  });
  after(async () => {
    provider.destroy();
    await node.stop();
  });

  it("sends a transfer and reads balance and nonce", async function () {
    const to = Wallet.createRandom().address;
    const tx = await wallet.sendTransaction({ to, value: parseEther("1.5") });
    const receipt = await tx.wait();
    expect(receipt?.status).to.equal(1);
    expect(receipt?.gasUsed).to.equal(21000n);
    expect(await provider.getBalance(to)).to.equal(parseEther("1.5"));
    expect(await provider.getTransactionCount(wallet.address)).to.equal(1);
  });

  it("deploys Counter and calls it", async function () {
    const { abi, bytecode } = await compiledArtifact("Counter");
    const counter = (await new ContractFactory(abi as never, bytecode, wallet).deploy()) as Contract;
    await counter.waitForDeployment();
    expect(await counter.getFunction("count")()).to.equal(0n);
    const tx = await counter.getFunction("add")(41n);
    const receipt = await tx.wait();
    expect(receipt.status).to.equal(1);
    expect(receipt.logs).to.have.length(1);
    expect(await counter.getFunction("count")()).to.equal(41n);
  });

  it("surfaces admission errors as ethers error codes", async function () {
    const nonce = await provider.getTransactionCount(wallet.address);
    const low = await wallet.signTransaction({ to: wallet.address, value: 1n, nonce: nonce - 1, gasLimit: 21000n, chainId: 31338n, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n, type: 2 });
    const error = await provider.broadcastTransaction(low).then(
      () => undefined,
      (e: { code: string }) => e,
    );
    expect(error?.code).to.equal("NONCE_EXPIRED");
  });
});
