import { expect } from "chai";
import { parseGwei, toHex, type Hex } from "viem";
import { DEFAULT_PROVING } from "../../../node/config.js";
import { NO_BATCH_CIRCUIT } from "../../../node/batcher/prover.js";
import type { L2Node } from "../../../node/node.js";
import { batchCapacityCheck, batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from "../../../node/prover/batch-circuit.js";
import { chainBatchSource } from "../../../node/prover/source.js";
import { DEV_GAS_LIMIT } from "../../../node/execution/genesis.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { until } from "../prover/helpers.js";

// The batcher seals by the batch circuit's capacity model (node/prover batchCapacityCheck): a node that proves with
// the batch circuit makes a block per tx and fills a batch's four tx slots with whole blocks while their witness fits
// every budget; a block the circuit does not cover is batched alone. The prover here proves nothing (the ranges are
// what is checked; test/e2e proves real batches).

const FEES = { type: "eip1559", chainId: 31338, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n } as const;
const TO: Hex = "0x00000000000000000000000000000000000005c2";
/** 14 × 136 bytes: its signed bytes and signing payload take ~15 keccak permutations each, so two such txs overflow the 59. */
const HEAVY_DATA = toHex(new Uint8Array(14 * 136).fill(7));
/** Init code: PUSH0 BLOCKHASH POP STOP (BLOCKHASH of block 0, inside its window: not proven yet). */
const BLOCKHASH_INIT: Hex = "0x5f405000";

describe("batcher: batches sealed by the batch circuit's capacity (tx slots and budgets)", function () {
  this.timeout(180_000);
  let node: L2Node;
  before(async () => {
    node = await startNode({
      proving: { ...DEFAULT_PROVING, batchCircuit: true },
      prover: NO_BATCH_CIRCUIT,
      maxBlockTxs: 1,
      batcher: { maxBlocks: 10, maxAgeMs: 0, maxTxs: DEVNET_BATCH_CAPACITY.txs },
    });
  });
  after(() => node.stop());

  const send = async (raw: Hex) => {
    const head = Number((await rpc(node.url, "eth_blockNumber")).result);
    const res = await rpc(node.url, "eth_sendRawTransaction", [raw]);
    if (res.error !== undefined) throw new Error(res.error.message);
    await until("its block", async () => Number((await rpc(node.url, "eth_blockNumber")).result) > head);
  };

  it("two keccak-heavy txs do not share a batch; an uncovered block is batched alone; plain transfers share one", async () => {
    await send(await devAccount(3).signTransaction({ ...FEES, nonce: 0, to: TO, value: 1n, gas: 100_000n, data: HEAVY_DATA }));
    await send(await devAccount(4).signTransaction({ ...FEES, nonce: 0, to: TO, value: 1n, gas: 100_000n, data: HEAVY_DATA }));
    await send(await devAccount(5).signTransaction({ ...FEES, nonce: 0, data: BLOCKHASH_INIT, gas: 100_000n }));
    for (const [i, account] of [6, 7, 8].entries()) await send(await devAccount(account).signTransaction({ ...FEES, nonce: 0, to: TO, value: BigInt(i + 1), gas: 21_000n }));
    await node.batcher.sealNow();
    const batches = [];
    for (let i = 1; i < (await node.batcher.batches.count()); i++) batches.push(await node.batcher.batches.get(i));
    expect(batches.map((b) => [b!.firstBlock, b!.lastBlock])).to.deep.equal([[1, 1], [2, 2], [3, 3], [4, 6]]);
    expect(batches[2]!.unsupportedOps).to.deep.equal(["BLOCKHASH of one of the 256 blocks before (past block hashes are not bound yet)"]);
    // the check itself: each heavy tx fits alone, the two together do not; the three transfers fit, as do four slots' worth
    const fits = batchCapacityCheck(DEVNET_BATCH_CAPACITY, batchParams(chainCircuitArgs(31338n, DEV_GAS_LIMIT)), chainBatchSource(node.store, node.executor, node.state));
    expect([await fits(1n, 1n), await fits(2n, 2n), await fits(1n, 2n), await fits(4n, 6n)]).to.deep.equal([true, true, false, true]);
  });

  it("a batch holds at most the circuit's four tx slots", async () => {
    const first = (await node.batcher.batches.latest())!.lastBlock + 1;
    for (const account of [9, 10, 11, 12, 13]) await send(await devAccount(account).signTransaction({ ...FEES, nonce: 0, to: TO, value: 1n, gas: 21_000n }));
    await node.batcher.sealNow();
    const count = await node.batcher.batches.count();
    const [a, b] = [await node.batcher.batches.get(count - 2), await node.batcher.batches.get(count - 1)];
    expect([[a!.firstBlock, a!.lastBlock, a!.txCount], [b!.firstBlock, b!.lastBlock, b!.txCount]]).to.deep.equal([[first, first + 3, 4], [first + 4, first + 4, 1]]);
  });
});
