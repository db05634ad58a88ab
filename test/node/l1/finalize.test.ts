import { expect } from "chai";
import hre from "hardhat";
import { numberToHex, parseGwei, type Abi, type Hex } from "viem";
import type { BatchProver } from "../../../node/batcher/prover.js";
import { ZK_ROLLUP_ABI } from "../../../node/l1/abi.js";
import { WITHDRAW_ADDRESS } from "../../../node/l1/bridge.js";
import { DevL1, devL1Account, l1Clients, OWNER_INDEX } from "../../../scripts/devnet-l1.js";
import { devAccount, rpc } from "../helpers.js";
import { deposit, startRollupNode, until } from "./harness.js";

// The proving → finalize plumbing, with test doubles on both ends because no batch circuit exists yet: a prover
// double that returns fixed bytes, and contracts/test/MockVerifier behind ZkRollup.setVerifier, which accepts
// only when told to and only for the instances it expects. What is checked is the node's part: a committed batch
// goes proving → proved with its proof stored, finalizeBatch carries that proof and the batch's public input
// [hi, lo], a rejected proof is retried (not marked finalized), an accepted one marks the batch finalized with the
// L1 gas of its commit and finalize recorded (record, rollup_getBatch, /metrics), and the batch's withdrawal is
// then claimed on L1 with the Merkle proof from rollup_getWithdrawalProof (once only).

const PROOF = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
const proverDouble: BatchProver = { check: () => ({ provable: true }), prove: async () => PROOF };
const DIGEST = 0x5eedn;

describe("L1 finalization of proved batches (prover and verifier doubles)", function () {
  this.timeout(90_000);
  let l1: DevL1;
  before(async () => (l1 = await DevL1.start({ port: 0 })));
  after(() => l1.stop());

  it("finalizes a proved batch only once the verifier accepts its public input", async function () {
    const { node, service, deployment } = await startRollupNode(l1, { prover: proverDouble });
    try {
      const { publicClient, wallet } = await l1Clients(l1.url, devL1Account(OWNER_INDEX));
      const mockAbi = (await hre.artifacts.readArtifact("MockVerifier")).abi as Abi;
      const deployTx = await wallet.deployContract({ abi: mockAbi, bytecode: (await hre.artifacts.readArtifact("MockVerifier")).bytecode as Hex, args: [DIGEST, false] });
      const mock = (await publicClient.waitForTransactionReceipt({ hash: deployTx })).contractAddress!;
      const write = async (address: Hex, abi: Abi, functionName: string, args: readonly unknown[]) =>
        publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract({ address, abi, functionName, args }) });
      await write(deployment.rollup, (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi, "setVerifier", [mock, DIGEST]);

      // batch 1: a withdrawal of 1000 wei on L2 by dev account 10
      const raw = await devAccount(10).signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: WITHDRAW_ADDRESS.toString() as Hex, value: 1000n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
      expect((await rpc(node.url, "eth_sendRawTransaction", [raw])).error).to.equal(undefined);
      const proved = await until("batch 1 proved", async () => {
        const b = await node.batcher.batches.get(1);
        return b?.status === "proved" ? b : undefined;
      });
      expect(proved.commitTx).to.match(/^0x[0-9a-f]{64}$/);
      expect((await rpc(node.url, "rollup_getBatchProof", ["0x1"])).result).to.equal("0xdeadbeef");

      // the verifier says no: finalizeBatch reverts (InvalidProof), the service backs off, the batch stays proved
      const failuresBefore = service.failures;
      await until("a failed finalize round", async () => service.failures > failuresBefore);
      expect((await node.batcher.batches.get(1))!.status).to.equal("proved");

      // accept exactly this batch's [hi, lo]: finalization goes through
      const pi = BigInt(proved.publicInputHash);
      await write(mock, mockAbi, "expectInstances", [[pi >> 128n, pi & ((1n << 128n) - 1n)]]);
      await write(mock, mockAbi, "setResult", [true]);
      const finalized = await until("batch 1 finalized", async () => {
        const b = await node.batcher.batches.get(1);
        return b?.status === "finalized" ? b : undefined;
      });
      expect(finalized.finalizeTx).to.match(/^0x[0-9a-f]{64}$/);
      expect(await publicClient.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastFinalizedBatch" })).to.equal(1n);
      expect((await rpc(node.url, "rollup_getBatch", ["0x1"])).result.l1.finalizeTx).to.equal(finalized.finalizeTx);

      // the gas both transactions used: on the record as L1's receipts say, over rollup_getBatch and in /metrics
      const gasOnL1 = async (hash: Hex) => (await publicClient.getTransactionReceipt({ hash })).gasUsed;
      const [commitGas, finalizeGas] = [await gasOnL1(finalized.commitTx!), await gasOnL1(finalized.finalizeTx!)];
      expect(commitGas > 21_000n && finalizeGas > 21_000n).to.equal(true);
      expect([finalized.commitGas, finalized.finalizeGas]).to.deep.equal([commitGas.toString(), finalizeGas.toString()]);
      const served = (await rpc(node.url, "rollup_getBatch", ["0x1"])).result;
      expect(served.l1).to.deep.equal({ commitTx: finalized.commitTx, finalizeTx: finalized.finalizeTx, commitGas: numberToHex(commitGas), finalizeGas: numberToHex(finalizeGas) });
      expect(served.hashes.blockContextHash).to.equal(finalized.blockContextHash).and.not.to.equal(`0x${"00".repeat(32)}`);
      const metrics = await (await fetch(`${node.url}/metrics`)).text();
      const series = (name: string) => metrics.split("\n").find((l) => l.startsWith(`${name} `))?.split(" ")[1];
      expect([series('zkevm_l1_tx_gas_used_count{kind="commit"}'), series('zkevm_l1_tx_gas_used_sum{kind="commit"}')]).to.deep.equal(["1", commitGas.toString()]);
      expect([series('zkevm_l1_tx_gas_used_count{kind="finalize"}'), series('zkevm_l1_tx_gas_used_sum{kind="finalize"}')]).to.deep.equal(["1", finalizeGas.toString()]);

      // the withdrawal is claimable on L1 with the proof rollup_getWithdrawalProof serves, once
      await deposit(l1.url, deployment.rollup, 11, devAccount(11).address, 10n ** 18n); // ETH for ZkRollup to pay out
      const claim = (await rpc(node.url, "rollup_getWithdrawalProof", ["0x1", "0x0"])).result;
      expect(claim).to.deep.include({ finalized: true, withdrawRoot: finalized.withdrawRoot, withdrawal: { to: devAccount(10).address.toLowerCase(), amount: "0x3e8", nonce: "0x0" } });
      const rollupAbi = (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi;
      const args = [1n, { to: claim.withdrawal.to, amount: 1000n, nonce: 0n }, claim.proof] as const;
      const before = await publicClient.getBalance({ address: devAccount(10).address });
      expect((await write(deployment.rollup, rollupAbi, "claimWithdrawal", args)).status).to.equal("success");
      expect(await publicClient.getBalance({ address: devAccount(10).address })).to.equal(before + 1000n);
      let again: unknown;
      await wallet.writeContract({ address: deployment.rollup, abi: rollupAbi, functionName: "claimWithdrawal", args }).catch((e: unknown) => (again = e));
      expect(String(again)).to.match(/AlreadyClaimed/);
      expect((await rpc(node.url, "rollup_getWithdrawalProof", ["0x1", "0x1"])).error.message).to.equal("batch 1 holds withdrawals of nonce 0, not one of nonce 1");
    } finally {
      await node.stop();
    }
  });
});
