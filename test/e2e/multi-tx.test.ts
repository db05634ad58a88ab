import { expect } from "chai";
import { createPublicClient, createWalletClient, http, parseEther, type Hex } from "viem";
import { ZK_ROLLUP_ABI } from "../../node/l1/abi.js";
import { DEVNET_BATCH_CAPACITY } from "../../node/prover/batch-circuit.js";
import type { Devnet } from "../../scripts/devnet.js";
import { finalizedBatchOf, l2Chain, startTestDevnet } from "./harness.js";
import { devAccount } from "../node/helpers.js";

// Four transfers from four senders in four blocks (a proving node makes a block per tx), sealed by the batcher into
// one batch of the circuit's four tx slots, proven by the node's worker and finalized on L1 by one verification.
// SLOW: keygen, the verifier's compilation and a k = 14 proof take minutes (`SLOW=1 npx mocha … test/e2e/multi-tx.test.ts`).
const slow = process.env.SLOW ? describe : describe.skip;

slow("e2e: four L2 transfers in one batch, proven and finalized on L1 by one verification (SLOW)", function () {
  this.timeout(40 * 60_000);
  let devnet: Devnet;
  before(async () => {
    devnet = await startTestDevnet(true, DEVNET_BATCH_CAPACITY.txs);
  });
  after(() => devnet?.stop());

  it("the batch holds blocks 1–4 and their four txs; it is finalized and the payees' balances read back", async () => {
    const chain = l2Chain(devnet);
    const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
    const payees = [1, 2, 3, 4].map((i): Hex => `0x00000000000000000000000000000000000e2e4${i}`);
    const receipts = [];
    for (const [i, to] of payees.entries()) {
      const wallet = createWalletClient({ chain, account: devAccount(4 + i), transport: http(devnet.node.url) });
      receipts.push(await l2.waitForTransactionReceipt({ hash: await wallet.sendTransaction({ to, value: parseEther("0.01") * BigInt(i + 1) }) }));
    }
    expect(receipts.map((r) => r.blockNumber)).to.deep.equal([1n, 2n, 3n, 4n]);
    const { index, batch } = await finalizedBatchOf(devnet, 4n, 0, 35 * 60_000);
    expect(index).to.equal(1);
    expect([BigInt(batch.blocks.first), BigInt(batch.blocks.last), Number(batch.txCount)]).to.deep.equal([1n, 4n, 4]);
    const l1 = createPublicClient({ transport: http(devnet.l1.url) });
    expect(await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastFinalizedBatch" })).to.equal(1n);
    for (const [i, to] of payees.entries()) expect(await l2.getBalance({ address: to })).to.equal(parseEther("0.01") * BigInt(i + 1));
  });
});
