import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { parseGwei, type Abi, type Hex } from "viem";
import type { BatchRecord } from "../../../node/batcher/batch.js";
import type { BatchProver } from "../../../node/batcher/prover.js";
import { ZK_ROLLUP_ABI } from "../../../node/l1/abi.js";
import type { L2Node } from "../../../node/node.js";
import { DevL1, devL1Account, l1Clients, OWNER_INDEX, type RollupDeployment } from "../../../scripts/devnet-l1.js";
import { devAccount, rpc } from "../helpers.js";
import { startRollupNode, until } from "./harness.js";

// The owner's revertBatch on a real Hardhat L1, and what the node makes of it (node/l1/service.ts header): a
// reverted batch goes back to pending, its proof dropped, and is committed and proved again with the same hash
// (the L2 chain does not reorg), then finalized; a reverted unprovable batch stays unprovable, is not committed
// again, and commits halt before it, as rollup_getBatch and the status page say. Prover and verifier are doubles.

const PROOF = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
const DIGEST = 0x5eedn;

const transfer = async (node: L2Node, nonce: number): Promise<void> => {
  const raw = await devAccount(7).signTransaction({ type: "eip1559", chainId: 31338, nonce, to: devAccount(8).address, value: 5n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
  const res = await rpc(node.url, "eth_sendRawTransaction", [raw]);
  if (res.error !== undefined) throw new Error(res.error.message);
};

const recordWhere = (node: L2Node, index: number, what: string, holds: (b: BatchRecord) => boolean) =>
  until(`batch ${index} ${what}`, async () => {
    const b = await node.batcher.batches.get(index);
    return b !== undefined && holds(b) ? b : undefined;
  });

describe("L1 batch reverts by the owner (Hardhat L1, prover and verifier doubles)", function () {
  this.timeout(90_000);
  let l1: DevL1;
  before(async () => (l1 = await DevL1.start({ port: 0 })));
  after(() => l1.stop());

  const owner = async (deployment: RollupDeployment) => {
    const { publicClient, wallet } = await l1Clients(l1.url, devL1Account(OWNER_INDEX));
    const write = async (address: Hex, abi: Abi, functionName: string, args: readonly unknown[]) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract({ address, abi, functionName, args }) });
      expect(receipt.status, functionName).to.equal("success");
      return receipt.transactionHash;
    };
    const rollupAbi = (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi;
    const read = (functionName: "lastCommittedBatch" | "lastFinalizedBatch") => publicClient.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName });
    return { publicClient, wallet, write, read, revertBatch: (index: number) => write(deployment.rollup, rollupAbi, "revertBatch", [BigInt(index)]) };
  };

  it("commits a reverted batch again (same hash, proof made again) and finalizes it", async () => {
    const proved: number[] = [];
    const prover: BatchProver = { check: () => ({ provable: true }), prove: async (b) => (proved.push(b.index), PROOF) };
    const { node, service, deployment } = await startRollupNode(l1, { prover });
    try {
      const l1Owner = await owner(deployment);
      const mockArtifact = await hre.artifacts.readArtifact("MockVerifier");
      const deployTx = await l1Owner.wallet.deployContract({ abi: mockArtifact.abi as Abi, bytecode: mockArtifact.bytecode as Hex, args: [DIGEST, false] });
      const mock = (await l1Owner.publicClient.waitForTransactionReceipt({ hash: deployTx })).contractAddress!;
      await l1Owner.write(deployment.rollup, (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi, "setVerifier", [mock, DIGEST]);

      await transfer(node, 0);
      const first = await recordWhere(node, 1, "proved", (b) => b.status === "proved"); // the verifier says no: not finalized
      expect(await node.batcher.batches.proof(1)).to.deep.equal(PROOF);

      const revertTx = await l1Owner.revertBatch(1);
      expect(await l1Owner.read("lastCommittedBatch")).to.equal(0n);
      const again = await recordWhere(node, 1, "committed and proved again", (b) => b.revertTx === revertTx && b.commitTx !== undefined && b.status === "proved");
      expect(again.commitTx).not.to.equal(first.commitTx);
      expect(proved, "proved twice: the old proof was dropped").to.deep.equal([1, 1]);
      // the same batch: no L2 reorg
      const { revertTx: _r, commitTx: _c, commitGas: _g, provingSeconds: _s, ...same } = again;
      const { commitTx: _c0, commitGas: _g0, provingSeconds: _s0, ...before } = first;
      expect(same).to.deep.equal(before);
      const onL1 = await l1Owner.publicClient.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [1n] });
      expect(onL1.batchHash).to.equal(first.batchHash);

      await l1Owner.write(mock, mockArtifact.abi as Abi, "setResult", [true]);
      const finalized = await recordWhere(node, 1, "finalized", (b) => b.status === "finalized");
      expect(finalized.revertTx).to.equal(revertTx);
      expect(await l1Owner.read("lastFinalizedBatch")).to.equal(1n);
      expect((await rpc(node.url, "rollup_getBatch", ["0x1"])).result.l1).to.include({ revertTx, commitTx: again.commitTx, finalizeTx: finalized.finalizeTx });

      // the L1 scan read again from the deployment (a crash before the cursor moved): the old revert changes nothing
      await node.batcher.batches.putL1Messages([], deployment.deployBlock - 1n);
      await until("the scan caught up", async () => ((await node.batcher.batches.l1Cursor()) ?? 0n) >= (await l1Owner.publicClient.getBlockNumber()));
      expect(await node.batcher.batches.get(1)).to.deep.equal(finalized);
      expect(service.failures).to.equal(0);
    } finally {
      await node.stop();
    }
  });

  it("keeps a reverted unprovable batch unprovable and halts commits before it, until a node whose prover covers it restarts", async () => {
    const reason = "outside the test circuit";
    const prover: BatchProver = { check: (b) => (b.index === 1 ? { provable: false, reason } : { provable: true }), prove: async () => PROOF };
    const dir = mkdtempSync(join(tmpdir(), "l1-revert-"));
    const { node, service, deployment } = await startRollupNode(l1, { prover, dataDir: dir });
    try {
      const l1Owner = await owner(deployment);
      await transfer(node, 0);
      const stuck = await recordWhere(node, 1, "committed", (b) => b.commitTx !== undefined);
      expect(stuck.status).to.equal("unprovable");
      await transfer(node, 1);
      await recordWhere(node, 2, "proved", (b) => b.status === "proved");

      const revertTx = await l1Owner.revertBatch(1); // reverts batches 2 and 1
      const one = await recordWhere(node, 1, "marked reverted", (b) => b.revertTx === revertTx);
      expect(one).to.deep.include({ status: "unprovable", reason });
      expect(one.commitTx).to.equal(undefined);
      const two = await recordWhere(node, 2, "marked reverted", (b) => b.revertTx === revertTx);
      expect(two.status).to.equal("pending");
      const metrics = await (await fetch(`${node.url}/metrics`)).text();
      expect(metrics.split("\n")).to.include("zkevm_l1_batches_reverted_total 2");
      expect(await node.batcher.batches.proof(2)).to.equal(undefined);

      await transfer(node, 2); // batch 3, sealed but not committed either
      await recordWhere(node, 3, "sealed", () => true);
      const failures = service.failures;
      await new Promise((r) => setTimeout(r, 1_000)); // ~10 rounds
      expect(service.failures, "halting is not a failure").to.equal(failures);
      expect(await l1Owner.read("lastCommittedBatch")).to.equal(0n);
      expect((await node.batcher.batches.get(1))!.commitTx).to.equal(undefined);
      expect((await node.batcher.batches.get(3))!.status).to.equal("pending");

      const served = (await rpc(node.url, "rollup_getBatch", ["0x1"])).result;
      expect(served).to.deep.include({ status: "unprovable", reason });
      expect(served.l1).to.deep.equal({ commitTx: null, finalizeTx: null, revertTx });
      const page = await (await fetch(`${node.url}/status`)).text();
      expect(page).to.include("not committed again, so later batches wait (commits halt here)");
      await node.stop();

      // the operator restarts the node with a prover that covers batch 1: it is committed and proved, then the rest
      const upgraded: BatchProver = { check: () => ({ provable: true }), prove: async () => PROOF };
      const second = await startRollupNode(l1, { prover: upgraded, dataDir: dir, deployment });
      try {
        const again = await recordWhere(second.node, 1, "committed and proved", (b) => b.status === "proved");
        expect(again).to.deep.include({ revertTx, batchHash: one.batchHash });
        expect(again.reason).to.equal(undefined);
        await recordWhere(second.node, 3, "committed", (b) => b.commitTx !== undefined);
        expect(await l1Owner.read("lastCommittedBatch")).to.equal(3n);
      } finally {
        await second.node.stop();
      }
    } finally {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
