import { expect } from "chai";
import { keccak256, parseSignature, toHex, type Hex } from "viem";
import { deployedOnL2, expectFinalizedOnL1, finalizedBatchOf, provingDevnetSuite, successReceipt } from "./harness.js";
import { devAccount } from "../node/helpers.js";

// A contract that calls the ecrecover precompile (0x01) on the devnet: viem deploys SignatureLog
// (contracts/test/SignatureLog.sol) on L2 and submits a valid signature (the signer recorded) and an invalid one
// (v = 30: 0 recorded). The batch's EVM circuit looks each recovery up in the signature table, which the batch
// circuit proves with the txs' senders (test/circuits/evm/ecrecover.test.ts); the batch is proven by the node's
// worker pool with a real proof and finalized on L1. SLOW (`SLOW=1 npx mocha … test/e2e/ecrecover.test.ts`).
provingDevnetSuite("e2e: ecrecover (0x01) called by a contract on L2, its batch proven and finalized on L1 (SLOW)", (devnet) => {
  it("check() records the signer of a valid signature and 0 for an invalid one; the batch finalizes with the node's state root", async function () {
    const { l2, wallet, address, abi } = await deployedOnL2(devnet(), 12, "SignatureLog");

    const signer = devAccount(13);
    const hash = keccak256(toHex("a message signed on L2"));
    const { r, s, v } = parseSignature(await signer.sign({ hash }));
    const other = keccak256(toHex("another message"));
    const check = (h: Hex, vv: number) => wallet.writeContract({ address, abi, functionName: "check", args: [h, vv, r, s] });
    await successReceipt(devnet(), l2, await check(hash, Number(v)));
    const last = await successReceipt(devnet(), l2, await check(other, 30));
    expect(await l2.readContract({ address, abi, functionName: "signerOf", args: [hash] })).to.equal(signer.address);
    expect(await l2.readContract({ address, abi, functionName: "signerOf", args: [other] })).to.equal(`0x${"00".repeat(20)}`);

    const batch = await finalizedBatchOf(devnet(), last.blockNumber, 0, 45 * 60_000);
    expect(batch.batch.unsupportedOps).to.deep.equal([]);
    await expectFinalizedOnL1(devnet(), batch);
    expect(await l2.readContract({ address, abi, functionName: "checked" })).to.equal(2n);
  });
});
