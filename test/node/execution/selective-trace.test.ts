import { createTxFromRLP, type TypedTransaction } from "@ethereumjs/tx";
import { createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { unsupportedOps } from "../../../circuits/evm/coverage.js";
import { getContractAddress, type Hex, parseGwei } from "viem";
import type { BuiltBlock } from "../../../node/execution/executor.js";
import { coverageOf } from "../../../node/execution/trace-builder.js";
import type { L2Node } from "../../../node/node.js";
import { receiptRecords } from "../../../node/sequencer/receipts.js";
import { devAccount, rpc, startNode } from "../helpers.js";

// The sequencer traces only txs that run EVM code (Executor.needsTrace). A block built so must be the block that
// tracing every tx builds (hash: state root, tx and receipt tries, bloom, gas), with the same receipts, and its
// coverage must be what the batch prover finds in the full traces it makes again (Executor.traceBlock).

const fees = { type: "eip1559" as const, chainId: 31338, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n };
const deployer = devAccount(6);
/**
 * Runtime: PUSH0 BLOCKHASH POP STOP (10 bytes, zero-padded) — BLOCKHASH of block 0, inside the window the EVM circuit does not prove yet,
 * deployed by its init code (PUSH10 the runtime, MSTORE, RETURN its 10 bytes).
 */
const CALLER_INIT = "0x695f405000000000000000600052600a6016f3" as Hex;
/** Runtime PUSH1 0 PUSH1 0 REVERT, deployed the same way. */
const REVERTER_INIT = "0x6460006000fd6000526005601bf3" as Hex;
const created = (nonce: number): Hex => getContractAddress({ from: deployer.address, nonce: BigInt(nonce) });

/** Signed txs of one block: plain transfers around every kind of tx that runs code or that coverage judges. */
const blockTxs = async (): Promise<Hex[]> => {
  const plain = (i: number, nonce: number) =>
    devAccount(i).signTransaction({ ...fees, nonce, to: `0x${(0xbe00 + i).toString(16).padStart(40, "0")}`, value: 7n, gas: 21_000n });
  return [
    await plain(1, 0),
    await deployer.signTransaction({ ...fees, nonce: 0, data: CALLER_INIT, gas: 200_000n }),
    await plain(2, 0),
    // a call of the contract deployed earlier in this same block
    await deployer.signTransaction({ ...fees, nonce: 1, to: created(0), gas: 100_000n }),
    await deployer.signTransaction({ ...fees, nonce: 2, data: REVERTER_INIT, gas: 200_000n }),
    await deployer.signTransaction({ ...fees, nonce: 3, to: created(2), value: 1n, gas: 100_000n }), // fails, sending value
    await devAccount(7).signTransaction({ ...fees, nonce: 0, to: "0x0000000000000000000000000000000000000008", data: "0x", gas: 100_000n }), // the pairing precompile (a tx to it: not built)
    await devAccount(8).signTransaction({ ...fees, nonce: 0, to: "0x00000000000000000000000000000000000000a1", value: 1n, gas: 30_000n, accessList: [{ address: "0x00000000000000000000000000000000000000a2", storageKeys: [] }] }),
    await plain(1, 1),
  ];
};

/** Builds the block of `raws` on `node`'s head and stores it (as the sequencer does, without the mempool). */
const build = async (node: L2Node, raws: Hex[], traceAll: boolean): Promise<BuiltBlock> => {
  const txs: TypedTransaction[] = raws.map((raw) => createTxFromRLP(hexToBytes(raw), { common: node.common }));
  const built = await node.executor.buildBlock(node.head, txs, { timestamp: node.head.header.timestamp + 5n, coinbase: createAddressFromString("0x00000000000000000000000000000000000000c0") }, { traceAll });
  await node.store.putBlock(built.block, receiptRecords(built.block, built.included), await node.state.commitOps(built.block.header.number));
  node.state.committed(built.block.header.number);
  return built;
};

describe("selective tracing at sequencing", function () {
  this.timeout(120_000);
  let selective: L2Node;
  let full: L2Node;
  before(async () => {
    [selective, full] = await Promise.all([startNode({ blockTime: 3600 }), startNode({ blockTime: 3600 })]);
  });
  after(() => Promise.all([selective.stop(), full.stop()]));

  it("builds the same block, receipts and coverage as tracing every tx; the prover's traces give the same coverage", async function () {
    const raws = await blockTxs();
    const a = await build(selective, raws, false);
    const b = await build(full, raws, true);
    expect(a.rejected.map((r) => r.error.message)).to.deep.equal([]);
    expect(a.included).to.have.length(raws.length);
    // only the plain transfers (one with an access list: the circuits prove it, no trace needed) ran untraced; the full build traced all
    expect(a.included.map((i) => i.trace === undefined)).to.deep.equal([true, false, true, false, false, false, false, true, true]);
    expect(b.included.every((i) => i.trace !== undefined)).to.equal(true);
    expect(a.trace).to.equal(undefined);

    expect(Buffer.from(a.block.hash()).toString("hex")).to.equal(Buffer.from(b.block.hash()).toString("hex"));
    expect(a.block.header.stateRoot).to.deep.equal(b.block.header.stateRoot);
    expect(await selective.store.receipts(a.block.hash())).to.deep.equal(await full.store.receipts(b.block.hash()));
    expect((await selective.store.receipts(a.block.hash()))!.map((r) => r.status)).to.deep.equal(["0x1", "0x1", "0x1", "0x1", "0x1", "0x0", "0x1", "0x1", "0x1"]);

    // the premise of skipping a tx's trace, checked against today's coverage rules: the full trace of every tx
    // that ran untraced has nothing the EVM circuit refuses
    a.included.forEach(({ trace }, i) => {
      if (trace === undefined) expect(unsupportedOps(b.trace!.txs[i]!), `tx ${i}`).to.deep.equal([]);
    });
    // the gaps this block does have are found (the reasons' explanations in parentheses change as circuits grow)
    expect(a.unsupported.map((reason) => reason.split(" (")[0])).to.include.members(["BLOCKHASH of one of the 256 blocks before", "a tx to precompile 0x0000000000000000000000000000000000000008"]);
    expect(a.unsupported).to.deep.equal(b.unsupported);
    expect(b.unsupported).to.deep.equal(coverageOf(b.trace!.txs));
    const proverTrace = await selective.executor.traceBlock(a.block, (await selective.store.blockByNumber(0n))!);
    expect(coverageOf(proverTrace.txs)).to.deep.equal(a.unsupported);
    expect(proverTrace).to.deep.equal(b.trace);
  });

  it("a batch sealed from the sequencer's coverage is unprovable for the reasons the prover's traces give", async function () {
    const node = await startNode({ blockTime: 0, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
    try {
      const deploy = await deployer.signTransaction({ ...fees, nonce: 0, data: CALLER_INIT, gas: 200_000n });
      await rpc(node.url, "eth_sendRawTransaction", [deploy]);
      // a call of code that exists (traced because its callee has code), then a plain transfer (untraced)
      await rpc(node.url, "eth_sendRawTransaction", [await deployer.signTransaction({ ...fees, nonce: 1, to: created(0), gas: 100_000n })]);
      await rpc(node.url, "eth_sendRawTransaction", [await devAccount(9).signTransaction({ ...fees, nonce: 0, to: deployer.address, value: 1n, gas: 21_000n })]);
      await node.batcher.sealDue();
      for (const index of [1, 2, 3]) {
        const batch = (await node.batcher.batches.get(index))!;
        const block = (await node.store.blockByNumber(BigInt(batch.firstBlock)))!;
        const parent = (await node.store.blockByNumber(block.header.number - 1n))!;
        const proverSees = coverageOf((await node.executor.traceBlock(block, parent)).txs);
        expect(batch.unsupportedOps, `batch ${index}`).to.deep.equal(proverSees);
        expect(batch.status).to.equal("unprovable");
        expect(batch.reason).to.match(proverSees.length === 0 ? /every step it executes has an EVM-circuit gadget$/ : /the EVM circuit does not cover: /);
        if (proverSees.length > 0) expect(batch.reason!.endsWith(`the EVM circuit does not cover: ${proverSees.join(", ")}`)).to.equal(true);
      }
      expect(((await node.batcher.batches.get(2))!.unsupportedOps ?? []).some((r) => r.startsWith("BLOCKHASH of one of the 256 blocks before"))).to.equal(true);
      expect((await node.batcher.batches.get(3))!.unsupportedOps).to.deep.equal([]);
    } finally {
      await node.stop();
    }
  });
});
