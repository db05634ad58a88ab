import { expect } from "chai";
import { bytesToHex, concatHex, createPublicClient, encodePacked, http, keccak256, numberToHex, parseEventLogs, parseGwei, type Hex } from "viem";
import { blockContextHash } from "../../../circuits/pi/block-table.js";
import { BATCH_PI_WORD_FIELDS, packBlockSummary, publicInputHash, publicInputInstances, type BatchCircuitPublicInput, type BlockSummary } from "../../../circuits/pi/public-input.js";
import type { Address, Hash } from "../../../circuits/witness/trace.js";
import { ZK_ROLLUP_ABI } from "../../../node/l1/abi.js";
import { DevL1 } from "../../../scripts/devnet-l1.js";
import { devAccount, rpc } from "../helpers.js";
import { startRollupNode, until } from "./harness.js";

// The public input end to end: for a batch the real node sealed (transfers over three blocks: two txs, none,
// one), the node's publicInputHash equals circuits/pi's 264-byte publicInputHash over fields recomputed here
// from what any client sees (eth_getBlockByNumber: block contexts and tx hashes), and equals ZkRollup.publicInput on L1
// after commitBatch; so finalizeBatch hands the verifier exactly the batch circuit's instances [hi, lo].

const CHAIN_ID = 31338n;
const ZERO: Hex = `0x${"00".repeat(32)}`;

interface RpcBlock { number: Hex; hash: Hash; parentHash: Hash; miner: Address; timestamp: Hex; gasLimit: Hex; gasUsed: Hex; baseFeePerGas: Hex; mixHash: Hash; stateRoot: Hex; transactions: Hex[] }

/** The record ZkRollup.sol documents: abi.encodePacked(coinbase, u64 timestamp, u64 number, prevRandao, u64 gasLimit, uint256 baseFee). */
const record = (b: RpcBlock): Hex =>
  encodePacked(["address", "uint64", "uint64", "bytes32", "uint64", "uint256"], [b.miner, BigInt(b.timestamp), BigInt(b.number), b.mixHash, BigInt(b.gasLimit), BigInt(b.baseFeePerGas)]);

/** A block's summary (the public input's parentBlockSummary / lastBlockSummary). */
const summary = (b: RpcBlock): BlockSummary => ({ number: BigInt(b.number), timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas), gasUsed: BigInt(b.gasUsed) });

/** txDataHash as ZkRollup.sol documents it: keccak256 of the batch's tx hashes in order (the blocks' transaction lists). */
const txData = (blocks: readonly RpcBlock[]): Hex => keccak256(concatHex(blocks.flatMap((b) => b.transactions)));

describe("batch public input: node = circuits/pi over JSON-RPC blocks = ZkRollup.publicInput", function () {
  this.timeout(90_000);
  let l1: DevL1;
  before(async () => (l1 = await DevL1.start({ port: 0 })));
  after(() => l1.stop());

  it("agrees for a batch of transfers over three blocks (2 txs, 0, 1), the block contexts included", async function () {
    // blocks only when the test says (the timer never fires); a batch every three blocks
    const { node, deployment } = await startRollupNode(l1, { config: { blockTime: 3_600, batcher: { maxBlocks: 3, maxAgeMs: 0, maxTxs: 1_000 } } });
    try {
      const sender = devAccount(6);
      const signedTxs: Hex[] = [];
      const send = async (nonce: number, to: Hex) => {
        const signed = await sender.signTransaction({ type: "eip1559", chainId: Number(CHAIN_ID), nonce, to, value: 1_000n + BigInt(nonce), gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
        const res = await rpc(node.url, "eth_sendRawTransaction", [signed]);
        expect(res.error, JSON.stringify(res.error)).to.equal(undefined);
        expect(res.result).to.equal(keccak256(signed));
        signedTxs.push(signed);
      };
      await send(0, "0x00000000000000000000000000000000000000d1");
      await send(1, "0x00000000000000000000000000000000000000d2");
      await node.sequencer.produce();
      await node.sequencer.produce();
      await send(2, "0x00000000000000000000000000000000000000d3");
      await node.sequencer.produce();
      const batch = await until("batch 1 committed", async () => {
        const b = await node.batcher.batches.get(1);
        return b?.commitTx !== undefined ? b : undefined;
      });
      expect(batch).to.include({ firstBlock: 1, lastBlock: 3, txCount: 3, numL1Messages: 0, withdrawRoot: ZERO });

      const blocks: RpcBlock[] = await Promise.all([0, 1, 2, 3].map(async (n) => (await rpc(node.url, "eth_getBlockByNumber", [numberToHex(n), false])).result));
      const batchBlocks = blocks.slice(1);
      expect(batchBlocks.map((b) => b.transactions.length)).to.deep.equal([2, 0, 1]);
      // the listed tx hashes are the signed bytes' (what the batch circuit's tx table proves), in sending order
      expect(batchBlocks.flatMap((b) => b.transactions)).to.deep.equal(signedTxs.map((t) => keccak256(t)));
      expect(new Set(batchBlocks.map((b) => b.timestamp)).size).to.equal(3); // distinct contexts, so order matters

      // blockContextHash: one record per tx, tx order; the same through circuits/pi's own record encoding
      const ctx = keccak256(concatHex(batchBlocks.flatMap((b) => b.transactions.map(() => record(b)))));
      const viaCircuit = blockContextHash(batchBlocks.map((b) => ({
        txCount: b.transactions.length,
        header: {
          number: BigInt(b.number), hash: b.hash, parentHash: b.parentHash, coinbase: b.miner, timestamp: BigInt(b.timestamp), gasLimit: BigInt(b.gasLimit),
          gasUsed: BigInt(b.gasUsed), baseFeePerGas: BigInt(b.baseFeePerGas), prevRandao: b.mixHash, chainId: CHAIN_ID, rlp: new Uint8Array(), // rlp: not in the record
        },
      })));
      expect(viaCircuit).to.equal(ctx);
      expect(batch.blockContextHash).to.equal(ctx);

      const pi: BatchCircuitPublicInput = {
        chainId: CHAIN_ID, prevStateRoot: blocks[0].stateRoot, newStateRoot: blocks[3].stateRoot, withdrawRoot: ZERO,
        txDataHash: txData(batchBlocks), l1MessagesHash: ZERO, blockContextHash: ctx,
        parentBlockSummary: summary(blocks[0]), lastBlockSummary: summary(blocks[3]),
      };
      expect(batch).to.include({ parentBlockSummary: packBlockSummary(pi.parentBlockSummary), lastBlockSummary: packBlockSummary(pi.lastBlockSummary) });
      expect(batch.txDataHash).to.equal(pi.txDataHash);
      const expected = bytesToHex(publicInputHash(pi, BATCH_PI_WORD_FIELDS));
      expect(batch.publicInputHash).to.equal(expected);

      // on L1: the stored field, the event, and the public input finalizeBatch passes to the verifier
      const reader = createPublicClient({ transport: http(l1.url) });
      const read = <T>(functionName: "getBatch" | "publicInput") => reader.readContract({ address: deployment.rollup, abi: ZK_ROLLUP_ABI, functionName, args: [1n] }) as Promise<T>;
      expect(await read<{ blockContextHash: Hex; lastBlock: Hex }>("getBatch")).to.include({ blockContextHash: ctx, lastBlock: packBlockSummary(pi.lastBlockSummary) });
      const [event] = parseEventLogs({ abi: ZK_ROLLUP_ABI, eventName: "BatchCommitted", logs: (await reader.getTransactionReceipt({ hash: batch.commitTx! })).logs });
      expect(event.args).to.include({ batchHash: batch.batchHash, blockContextHash: ctx });
      const [onL1, hi, lo] = await read<[Hex, bigint, bigint]>("publicInput");
      expect(onL1).to.equal(expected);
      expect([hi, lo]).to.deep.equal(publicInputInstances(pi, BATCH_PI_WORD_FIELDS));
    } finally {
      await node.stop();
    }
  });
});
