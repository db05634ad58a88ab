import { expect } from "chai";
import hre from "hardhat";

// Checks the Solidity toolchain end to end: offline compile with the pinned solc (soljson.js),
// deploy on the in-process Hardhat network through hardhat-viem, one write and one read.
describe("contracts toolchain", function () {
  this.timeout(120_000);

  before(async function () {
    await hre.run("compile", { quiet: true });
  });

  it("compiles with the pinned solc from node_modules", async function () {
    const artifact = await hre.artifacts.readArtifact("Counter");
    expect(artifact.bytecode).to.match(/^0x[0-9a-f]+$/);
    const buildInfo = await hre.artifacts.getBuildInfo("contracts/test/Counter.sol:Counter");
    const solcVersion = (require("solc/package.json") as { version: string }).version;
    expect(buildInfo?.solcVersion).to.equal(solcVersion);
    expect(buildInfo?.input.settings.evmVersion).to.equal("cancun");
  });

  it("deploys Counter and does a write and a read", async function () {
    const counter = await hre.viem.deployContract("Counter");
    expect(await counter.read.count()).to.equal(0n);

    const publicClient = await hre.viem.getPublicClient();
    const hash = await counter.write.increment();
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    expect(await counter.read.count()).to.equal(1n);

    await counter.write.add([41n]);
    expect(await counter.read.count()).to.equal(42n);

    // Without generated artifact types the event args are untyped, hence the narrowing cast.
    const events = await counter.getEvents.Incremented();
    const last = events.at(-1)?.args as { newCount?: bigint } | undefined;
    expect(last?.newCount).to.equal(42n);
  });
});
