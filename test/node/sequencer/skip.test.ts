import { expect } from "chai";
import pino from "pino";
import { parseGwei, type Hex } from "viem";
import { batchUsageWithoutTrees } from "../../../circuits/witness/batch.js";
import type { BlockTrace } from "../../../circuits/witness/trace.js";
import { defaultConfig, type NodeConfig } from "../../../node/config.js";
import { DEV_GAS_LIMIT, devGenesis } from "../../../node/execution/genesis.js";
import { L2Node } from "../../../node/node.js";
import { batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from "../../../node/prover/batch-circuit.js";
import { createTxFromRLP } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { depositTransaction, withBridgeReserve } from "../../../node/l1/bridge.js";
import { judgedTx } from "../../../node/sequencer/provability.js";
import { devAccount, rpc } from "../helpers.js";

// `--unprovable-txs skip` (the default is include): a tx the batch circuit cannot prove even alone is left out of
// its block (rolled back), dropped from the mempool and recorded with the reason; the sender's later nonces wait
// behind the gap. The unsupported construct is BLOCKHASH of block 0, inside its window (circuits/evm/coverage.ts), run by a creation's
// init code; the capacity case is calldata whose keccak permutations (signed bytes and signing payload) overflow the
// devnet circuit's 59. Blocks are produced by hand (a block time no timer reaches) so that all the txs meet in one.

const FEES = { type: "eip1559", chainId: 31338, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n } as const;
const TO: Hex = "0x00000000000000000000000000000000000005c1";
/** Init code: PUSH0 BLOCKHASH POP STOP (a creation that deploys nothing). */
const BLOCKHASH_INIT: Hex = "0x5f405000";

const transfer = (account: number, nonce: number, data?: Hex) =>
  devAccount(account).signTransaction({ ...FEES, nonce, to: TO, value: 1n, gas: data === undefined ? 21_000n : 200_000n, data });
const creation = (account: number, nonce: number, data: Hex) => devAccount(account).signTransaction({ ...FEES, nonce, data, gas: 100_000n });

/** A node producing blocks only when told, with its warn-level log lines. */
const start = async (config: Partial<NodeConfig> = {}) => {
  const lines: string[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
  const node = await L2Node.start({ ...defaultConfig(devGenesis()), port: 0, blockTime: 3600, unprovableTxs: "skip", ...config }, log);
  const send = async (raw: Hex): Promise<Hex> => {
    const res = await rpc(node.url, "eth_sendRawTransaction", [raw]);
    if (res.error !== undefined) throw new Error(res.error.message);
    return res.result;
  };
  const call = async (method: string, params: unknown[]) => (await rpc(node.url, method, params)).result;
  const produce = async () => (await node.sequencer.produce())!;
  return { node, lines, send, call, produce };
};

describe("sequencer: txs the batch circuit cannot prove are skipped (--unprovable-txs skip)", function () {
  this.timeout(120_000);

  it("leaves out a tx with BLOCKHASH: the block holds the transfers around it, its status names why, the sender's next nonce waits", async () => {
    const { node, lines, send, call, produce } = await start();
    const replay = await start({ unprovableTxs: "include" });
    try {
      const first = await transfer(1, 0);
      const unsupported = await creation(2, 0, BLOCKHASH_INIT);
      const behind = await transfer(2, 1);
      const later = await transfer(3, 0);
      const hashes = [];
      for (const raw of [first, unsupported, behind, later]) hashes.push(await send(raw));
      const [firstHash, skippedHash, behindHash, laterHash] = hashes;
      const block = await produce();
      expect(block.transactions.map((tx) => `0x${Buffer.from(tx.hash()).toString("hex")}`)).to.deep.equal([firstHash, laterHash]);

      const status = await call("rollup_getTransactionStatus", [skippedHash]);
      expect(status).to.deep.equal({ status: "skipped", reason: "the EVM circuit does not cover: BLOCKHASH of one of the 256 blocks before (past block hashes are not bound yet)", blockNumber: "0x1" });
      expect(await call("eth_getTransactionByHash", [skippedHash])).to.equal(null);
      expect(await call("eth_getTransactionReceipt", [skippedHash])).to.equal(null);
      expect(await call("rollup_getTransactionStatus", [firstHash])).to.deep.equal({ status: "included", blockNumber: "0x1" });
      expect(await call("rollup_getTransactionStatus", [`0x${"ab".repeat(32)}`])).to.deep.equal({ status: "unknown" });
      const skipLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg.startsWith("transaction skipped"));
      expect(skipLines).to.have.length(1);
      expect(skipLines[0]).to.include({ tx: skippedHash, nonce: 0, block: 1, reason: status.reason });

      // the state is a replay of the block without it: the creation's nonce, gas and fee rolled back
      for (const raw of [first, later]) await replay.send(raw);
      expect((await replay.produce()).header.stateRoot).to.deep.equal(block.header.stateRoot);
      expect(await call("eth_getTransactionCount", [devAccount(2).address, "latest"])).to.equal("0x0");

      // the nonce gap: nonce 1 waits in the pool (pending, not in the next block) until nonce 0 is sent again
      expect(await call("rollup_getTransactionStatus", [behindHash])).to.deep.equal({ status: "pending" });
      expect(await call("eth_getTransactionCount", [devAccount(2).address, "pending"])).to.equal("0x0");
      expect((await produce()).transactions).to.have.length(0);
      const resent = await send(await transfer(2, 0));
      expect((await produce()).transactions.map((tx) => `0x${Buffer.from(tx.hash()).toString("hex")}`)).to.deep.equal([resent, behindHash]);
      expect(await call("rollup_getTransactionStatus", [behindHash])).to.deep.equal({ status: "included", blockNumber: "0x3" });
    } finally {
      await node.stop();
      await replay.node.stop();
    }
  });

  it("--unprovable-txs include keeps today's behaviour: the BLOCKHASH creation and the nonce after it are in the block", async () => {
    const { node, send, call, produce } = await start({ unprovableTxs: "include" });
    try {
      const hashes = [];
      for (const raw of [await transfer(1, 0), await creation(2, 0, BLOCKHASH_INIT), await transfer(2, 1)]) hashes.push(await send(raw));
      expect((await produce()).transactions).to.have.length(3);
      expect(await call("rollup_getTransactionStatus", [hashes[1]])).to.deep.equal({ status: "included", blockNumber: "0x1" });
      expect((await call("eth_getTransactionReceipt", [hashes[1]])).status).to.equal("0x1");
    } finally {
      await node.stop();
    }
  });

  it("leaves out a tx whose keccak permutations alone exceed the devnet circuit's (calldata of 4,000 bytes); 3,000 bytes fit", async () => {
    const { node, send, call, produce } = await start();
    try {
      const big = await send(await transfer(4, 0, `0x${"5a".repeat(4000)}`));
      const fits = await send(await transfer(5, 0, `0x${"5a".repeat(3000)}`));
      const block = await produce();
      expect(block.transactions.map((tx) => `0x${Buffer.from(tx.hash()).toString("hex")}`)).to.deep.equal([fits]);
      const status = await call("rollup_getTransactionStatus", [big]);
      // its signed bytes and signing payload take 31 and 30 permutations, its key, block context, tx data and public input 5
      expect(status).to.deep.equal({ status: "skipped", reason: "alone it exceeds the batch circuit's capacity: the batch needs 66 keccakPerms, the circuit has 59", blockNumber: "0x1" });
    } finally {
      await node.stop();
    }
  });

  it("leaves out a creation calling SHA-256 (0x02): the EVM circuit proves it only with SHA-256 blocks, which the devnet circuit has none of", async () => {
    const { node, send, call, produce } = await start();
    try {
      // init code: STATICCALL(gas, 0x02, 0, 0, 0, 0) POP STOP
      const sha = await send(await creation(6, 0, "0x5f5f5f5f60025afa5000"));
      const block = await produce();
      expect(block.transactions).to.have.length(0);
      const status = await call("rollup_getTransactionStatus", [sha]);
      expect(status).to.deep.equal({ status: "skipped", reason: "alone it exceeds the batch circuit's capacity: the batch needs 1 sha256Blocks, the circuit has 0", blockNumber: "0x1" });
    } finally {
      await node.stop();
    }
  });

  it("a call without data of an account without code, which the sequencer does not trace, fits the devnet circuit (legacy and EIP-1559)", async () => {
    const { node, send, produce } = await start({ unprovableTxs: "include" });
    const traces: BlockTrace[] = [];
    node.sequencer.onBlockTrace((_block, trace) => traces.push(trace));
    try {
      await send(await transfer(6, 0));
      await send(await devAccount(7).signTransaction({ type: "legacy", chainId: 31338, nonce: 0, to: TO, value: 1n, gas: 21_000n, gasPrice: parseGwei("3") }));
      await produce();
      const [trace] = traces;
      expect(trace.txs).to.have.length(2);
      for (const tx of trace.txs) {
        const usage = batchUsageWithoutTrees([{ ...trace, txs: [tx] }], DEVNET_BATCH_CAPACITY, batchParams(chainCircuitArgs(31338n, DEV_GAS_LIMIT)));
        expect(usage.keccakPerms).to.be.at.most(DEVNET_BATCH_CAPACITY.keccakPerms);
      }
    } finally {
      await node.stop();
    }
  });

  it("never judges an L1 deposit: with a judge refusing everything, the deposit is in the block and the user's tx skipped", async () => {
    const { node } = await start({ unprovableTxs: "include", genesis: withBridgeReserve(devGenesis()) });
    try {
      const nextBaseFee = node.head.header.calcNextBaseFee();
      const deposit = createTxFromRLP(depositTransaction({ nonce: 0n, sender: TO, to: TO, value: 5n }, node.common, nextBaseFee), { common: node.common });
      // with calldata: judged txs without it (calls of accounts without code) are not traced, so not judged
      const user = createTxFromRLP(hexToBytes(await transfer(1, 0, "0x01")), { common: node.common });
      const built = await node.executor.buildBlock(node.head, [deposit, user], { timestamp: node.head.header.timestamp + 1n, coinbase: createAddressFromString(TO) }, { judge: () => "refused", judged: judgedTx });
      node.state.discard();
      expect(built.included.map(({ tx }) => tx)).to.deep.equal([deposit]);
      expect(built.skipped).to.deep.equal([{ tx: user, reason: "refused" }]);
    } finally {
      await node.stop();
    }
  });
});
