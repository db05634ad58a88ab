import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http, parseGwei, type Hex } from "viem";
import { ZK_ROLLUP_ABI } from "../../../node/l1/abi.js";
import { L1Client, L1TransactionError } from "../../../node/l1/client.js";
import { DEFAULT_L1_SERVICE_OPTIONS, L1Service } from "../../../node/l1/service.js";
import { createLogger } from "../../../node/log.js";
import type { L2Node } from "../../../node/node.js";
import { BatchStore } from "../../../node/store/batch-store.js";
import { LevelKv } from "../../../node/store/level-kv.js";
import { DevL1 } from "../../../scripts/devnet-l1.js";
import { devAccount, rpc } from "../helpers.js";
import { deposit, startRollupNode, until } from "./harness.js";

// The L1 client and loop against a real Hardhat network served over HTTP on localhost: batches land on L1 with
// the node's roots and hashes, deposits reach L2 balances in order, an L1 outage is ridden out with backoff, and
// an L2 restart resumes the L1 message scan from the stored cursor.

const sender = devAccount(4);
const transfer = async (node: L2Node, nonce: number, to: Hex): Promise<void> => {
  const raw = await sender.signTransaction({ type: "eip1559", chainId: 31338, nonce, to, value: 11n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
  const res = await rpc(node.url, "eth_sendRawTransaction", [raw]);
  if (res.error !== undefined) throw new Error(res.error.message);
};
const balance = async (node: L2Node, address: Hex): Promise<bigint> => BigInt((await rpc(node.url, "eth_getBalance", [address, "latest"])).result);
const committed = (node: L2Node, index: number) => until(`batch ${index} committed`, async () => {
  const b = await node.batcher.batches.get(index);
  return b?.commitTx !== undefined ? b : undefined;
});

describe("L1 client and service (Hardhat L1 on localhost)", function () {
  this.timeout(90_000);
  let l1: DevL1;
  before(async () => (l1 = await DevL1.start({ port: 0 })));
  after(() => l1.stop());

  it("commits batches with the node's roots and hashes, delivers deposits in order, survives an L1 outage", async function () {
    const { node, service, deployment } = await startRollupNode(l1);
    const reader = createPublicClient({ transport: http(l1.url) });
    const read = <T>(functionName: "getBatch" | "publicInput", index: number) =>
      reader.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName, args: [BigInt(index)] }) as Promise<T>;
    try {
      await transfer(node, 0, "0x00000000000000000000000000000000000000c1");
      const batch = await committed(node, 1);
      expect(batch.status).to.equal("unprovable"); // committed for data availability, never finalized
      const onL1 = await read<Record<string, unknown>>("getBatch", 1);
      expect(onL1).to.include({ batchHash: batch.batchHash, prevStateRoot: batch.prevStateRoot, newStateRoot: batch.newStateRoot, txDataHash: batch.txDataHash, withdrawRoot: batch.withdrawRoot, l1MessagesHash: batch.l1MessagesHash, blockContextHash: batch.blockContextHash });
      const [piHash] = await read<[Hex, bigint, bigint]>("publicInput", 1);
      expect(piHash).to.equal(batch.publicInputHash); // circuits/pi's encoding = the contract's
      const receipt = await reader.getTransactionReceipt({ hash: batch.commitTx! });
      expect(receipt.status).to.equal("success");
      expect(batch.commitGas, "an unprovable batch's commit gas too").to.equal(receipt.gasUsed.toString());

      // two deposits, to two recipients, arrive in queue order and are consumed by the next batches on L1
      const [alice, bob]: Hex[] = ["0x00000000000000000000000000000000000a11ce", "0x0000000000000000000000000000000000000b0b"];
      await deposit(l1.url, deployment.rollup, 5, alice, 10n ** 18n);
      await deposit(l1.url, deployment.rollup, 6, bob, 3n);
      await until("deposits on L2", async () => (await balance(node, bob)) === 3n);
      expect(await balance(node, alice)).to.equal(10n ** 18n);
      const last = await until("both deposits committed", async () => {
        const b = await node.batcher.batches.latest();
        return b !== undefined && b.l1MessageStart + b.numL1Messages === 2 && b.commitTx !== undefined ? b : undefined;
      });
      expect(await reader.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastCommittedBatch" })).to.equal(BigInt(last.index));
      const consumed = await Promise.all(Array.from({ length: last.index - 1 }, (_, i) => node.batcher.batches.get(i + 2)));
      expect(consumed.reduce((n, b) => n + b!.numL1Messages, 0)).to.equal(2);

      // L1 goes away: rounds fail with backoff, the L2 keeps producing; once L1 is back the batch is committed
      await l1.pause();
      await transfer(node, 1, "0x00000000000000000000000000000000000000c2");
      await until("failed L1 rounds", async () => service.failures >= 2);
      const pending = (await node.batcher.batches.latest())!;
      expect(pending.commitTx).to.equal(undefined);
      await l1.resume();
      const recovered = await committed(node, pending.index);
      expect((await read<{ batchHash: Hex }>("getBatch", pending.index)).batchHash).to.equal(recovered.batchHash);
      expect(service.failures).to.equal(0);
    } finally {
      await node.stop();
    }
  });

  it("refuses to start against a rollup whose verifier checks another key than the node's batch circuit", async function () {
    const { node, deployment } = await startRollupNode(l1);
    try {
      // the node as if it proved with a key other than the deployed verifier's (NoBatchCircuitVerifier: digest 0)
      node.proverService!.verifyingKey = () => ({ digest: 0x5eedn }) as never;
      const client = await L1Client.connect({ rpcUrl: l1.url, rollup: deployment.rollup, sequencerKey: deployment.sequencerKey });
      const error = await L1Service.start(node, client, { ...DEFAULT_L1_SERVICE_OPTIONS, fromBlock: deployment.deployBlock }, createLogger("silent")).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(L1TransactionError);
      expect((error as Error).message).to.contain("another verifying key").and.to.contain('"node":"24301"');
    } finally {
      await node.stop();
    }
  });

  it("resumes after an L2 restart: a deposit made while the node was down arrives once", async function () {
    const dir = mkdtempSync(join(tmpdir(), "l1-service-"));
    try {
      const first = await startRollupNode(l1, { dataDir: dir });
      const carol: Hex = "0x00000000000000000000000000000000000ca201";
      await deposit(l1.url, first.deployment.rollup, 7, carol, 5n);
      await until("first deposit", async () => (await balance(first.node, carol)) === 5n);
      const lastCommitted = await until("first deposit committed", async () => {
        const b = await first.node.batcher.batches.latest();
        return b !== undefined && b.numL1Messages === 1 && b.commitTx !== undefined ? b : undefined;
      });
      await first.node.stop();
      // a crash between sending commitBatch and recording it: the record lacks the L1 tx that did land
      const kv = await LevelKv.open(dir);
      await new BatchStore(kv).update({ ...lastCommitted, commitTx: undefined, commitGas: undefined });
      await kv.close();

      await deposit(l1.url, first.deployment.rollup, 7, carol, 6n); // while the L2 node is down
      const second = await startRollupNode(l1, { dataDir: dir, deployment: first.deployment });
      try {
        await until("second deposit", async () => (await balance(second.node, carol)) === 11n);
        const latest = await until("deposits committed", async () => {
          const b = await second.node.batcher.batches.latest();
          return b !== undefined && b.l1MessageStart + b.numL1Messages === 2 && b.commitTx !== undefined ? b : undefined;
        });
        // the lost record was adopted from L1 (same batch hash, the original tx), not committed twice
        const adopted = (await second.node.batcher.batches.get(lastCommitted.index))!;
        expect([adopted.commitTx, adopted.commitGas]).to.deep.equal([lastCommitted.commitTx, lastCommitted.commitGas]);
        expect(Number(adopted.commitGas)).to.be.above(21_000);
        await second.service.round(); // one more round delivers nothing twice
        expect(await balance(second.node, carol)).to.equal(11n);
        expect(latest.l1MessageStart + latest.numL1Messages).to.equal(2);
      } finally {
        await second.node.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
