import { expect } from "chai";
import { deployedOnL2, expectFinalizedOnL1, finalizedBatchOf, provingDevnetSuite, successReceipt } from "./harness.js";

// A contract that calls the MODEXP precompile (0x05) on the devnet: viem deploys ModExpLog
// (contracts/test/ModExpLog.sol) on L2 and computes a Fermat check (2^(p − 1) mod p for the prime p = 65521) and
// 3^65537 mod a 254-bit odd modulus, 32-byte operands each. The batch's EVM circuit looks each call up in the MODEXP
// table, which the batch circuit's MODEXP chip proves on the EVM's arithmetic table (test/circuits/evm/modexp.test.ts);
// the batch is proven by the node's worker pool with a real proof and finalized on L1. SLOW
// (`SLOW=1 npx mocha … test/e2e/modexp.test.ts`).
provingDevnetSuite("e2e: MODEXP (0x05) called by a contract on L2, its batch proven and finalized on L1 (SLOW)", (devnet) => {
  it("power() records base^exponent mod modulus as the precompile gives it; the batch finalizes with the node's state root", async function () {
    const { l2, wallet, address, abi } = await deployedOnL2(devnet(), 14, "ModExpLog");
    const power = (b: bigint, e: bigint, m: bigint) => wallet.writeContract({ address, abi, functionName: "power", args: [b, e, m] });
    const read = (name: "last" | "computed") => l2.readContract({ address, abi, functionName: name });

    const p = 65521n;
    await successReceipt(devnet(), l2, await power(2n, p - 1n, p));
    expect(await read("last")).to.equal(1n);
    const m = (1n << 253n) + 0x1234567n;
    const last = await successReceipt(devnet(), l2, await power(3n, 65537n, m));
    let expected = 1n;
    for (let i = 0n; i < 65537n; i++) expected = (expected * 3n) % m;
    expect(await read("last")).to.equal(expected);

    const batch = await finalizedBatchOf(devnet(), last.blockNumber, 0, 45 * 60_000);
    expect(batch.batch.unsupportedOps).to.deep.equal([]);
    await expectFinalizedOnL1(devnet(), batch);
    expect(await read("computed")).to.equal(2n);
  });
});
