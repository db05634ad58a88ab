import { expect } from "chai";
import { parseGwei, type Hex } from "viem";
import { BATCH_PI_WORD_FIELDS, publicInputHash, unpackBlockSummary } from "../../../circuits/pi/public-input.js";
import type { SuperCircuit } from "../../../circuits/super/index.js";
import { withdrawalsOf, type BatchRecord } from "../../../node/batcher/batch.js";
import type { L2Node } from "../../../node/node.js";
import { batchStateRws, batchWitness } from "../../../circuits/witness/batch.js";
import { smtBindingWitness } from "../../../circuits/witness/smt-binding.js";
import { batchCircuit, batchCircuitRef, batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from "../../../node/prover/batch-circuit.js";
import { CircuitRefusalError, loadCircuit } from "../../../node/prover/circuit.js";
import { fromJson, toJson } from "../../../node/prover/json.js";
import { chainBatchSource } from "../../../node/prover/source.js";
import { foldMessageHashes, l1MessageHash, withdrawalLeaf, withdrawalTree, type L1Message } from "../../../node/batcher/encoding.js";
import { DEV_GAS_LIMIT, devGenesis } from "../../../node/execution/genesis.js";
import { depositTransaction, WITHDRAW_ADDRESS, withBridgeReserve } from "../../../node/l1/bridge.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { until } from "./helpers.js";

// The batch circuit as the node registers it, on batches sealed by a real node. Keys and proofs at k = 14 take
// minutes, so here: what decides whether a batch is proven (check, and the witness made from the node's re-executed
// blocks and state trees) and what every proof is checked against (the instances come from the committed hash).
describe("node/prover batch circuit (check and job input from the node's blocks and state)", function () {
  this.timeout(120_000);
  const args = chainCircuitArgs(31338n, DEV_GAS_LIMIT);
  const circuit = batchCircuit(args);
  let node: L2Node;
  let batch: BatchRecord;

  before(async () => {
    node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
    const raw = await devAccount(3).signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: devAccount(4).address, value: 12_345n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
    await rpc(node.url, "eth_sendRawTransaction", [raw]);
    await until("batch 1 sealed", async () => (await node.batcher.batches.count()) > 1);
    batch = (await node.batcher.batches.get(1))!;
  });
  after(() => node.stop());

  it("workers load the same circuit through its ref (a factory with the chain's constants)", () => {
    const loaded = loadCircuit(batchCircuitRef(args));
    expect(loaded.id).to.equal(circuit.id).and.to.contain("chain-31338");
    expect(loaded.k).to.equal(DEVNET_BATCH_CAPACITY.k);
    expect(() => loadCircuit({ ...batchCircuitRef(args), args: { ...args, withdraw: "0x1" } })).to.throw("its factory refuses the args");
    // every constant of the verifying key is in the id jobs carry: another bridge or withdrawal address is another key
    expect(circuit.id).to.contain(`/bridge-${args.bridge.toLowerCase()}/withdraw-${args.withdraw.toLowerCase()}`);
    const dead: Hex = "0x000000000000000000000000000000000000dead";
    expect(batchCircuit({ ...args, withdraw: dead }).id).to.not.equal(circuit.id);
    expect(batchCircuit({ ...args, bridge: dead }).id).to.not.equal(circuit.id);
  });

  it("takes a 1-transfer batch, a deposit and a withdrawal batch; refuses the genesis batch, more txs than slots, naming why", () => {
    expect(batch.txCount).to.equal(1);
    expect(circuit.check(batch)).to.deep.equal({ provable: true });
    const reason = (patch: Partial<BatchRecord>) => { const v = circuit.check({ ...batch, ...patch }); return v.provable ? "" : v.reason; };
    expect(reason({ index: 0 })).to.contain("genesis");
    expect(reason({ txCount: 4 })).to.equal("");
    expect(reason({ txCount: 5 })).to.contain("5 txs, the batch circuit has 4 tx slot(s)");
    expect(reason({ unsupportedOps: ["SDIV"] })).to.contain("does not cover: SDIV");
    const withdrawal = { to: "0x01" as Hex, amount: "1", nonce: "0" };
    expect(reason({ withdrawals: [withdrawal] })).to.equal("");
    // withdrawals are bounded by the tx slots alone (the circuit's tree has a leaf per slot)
    expect(reason({ txCount: 5, withdrawals: [withdrawal, { ...withdrawal, nonce: "1" }] })).to.equal("it has 5 txs, the batch circuit has 4 tx slot(s)");
    expect(reason({ numL1Messages: 1, l1MessageStart: 0 })).to.equal("");
  });

  it("the job input rebuilds, from JSON, the witness of the node's blocks: its roots and public input are the batch's", async () => {
    const input = await circuit.input(batch, chainBatchSource(node.store, node.executor, node.state));
    const travelled = JSON.parse(JSON.stringify(input)) as typeof input; // as a worker or Redis gets it
    const w = (circuit.circuit(travelled) as SuperCircuit).witness;
    expect(w.usage.txs).to.equal(1);
    expect(`0x${w.state.oldRoot.toString(16).padStart(64, "0")}`).to.equal(batch.prevStateRoot);
    expect(`0x${w.state.newRoot.toString(16).padStart(64, "0")}`).to.equal(batch.newStateRoot);
    expect(Buffer.from(publicInputHash(w.pi, BATCH_PI_WORD_FIELDS)).toString("hex")).to.equal(batch.publicInputHash.slice(2));
    // the instances every proof is checked against are the committed hash's halves
    const pi = BigInt(batch.publicInputHash);
    expect(circuit.instances(travelled)).to.deep.equal([[pi >> 128n, pi & ((1n << 128n) - 1n)]]);
    // the worker's witness is the one made straight from the blocks (batchWitness making its own EVM witness)
    const source = chainBatchSource(node.store, node.executor, node.state);
    const blocks = await source.traces(batch.firstBlock, batch.lastBlock);
    const state = await smtBindingWitness(batchStateRws(blocks), await source.stateAfter(batch.firstBlock - 1));
    const commitments = { withdrawRoot: batch.withdrawRoot, txDataHash: batch.txDataHash, l1MessagesHash: batch.l1MessagesHash, parentBlock: unpackBlockSummary(batch.parentBlockSummary) };
    // its blocks follow the block before the batch (the genesis here), which the public input states
    expect(w.pi.parentBlockSummary).to.deep.equal(unpackBlockSummary((await node.batcher.batches.get(0))!.lastBlockSummary));
    expect(batchWitness(blocks, DEVNET_BATCH_CAPACITY, batchParams(args), commitments, state)).to.deep.equal(w);
  });

  it("job input JSON keeps bigints (signed) and bytes; other objects have no JSON form", () => {
    const value = { a: [1n, -2n, 0n], b: Uint8Array.of(0, 255), c: "x", d: null, e: { f: true } };
    expect(fromJson(JSON.parse(JSON.stringify(toJson(value))))).to.deep.equal(value);
    expect(() => toJson(new Map())).to.throw("a [object Map] has no JSON form");
  });

  it("a batch whose committed public input differs from its blocks', or that its witness overflows, is refused by the worker's circuit (never proven)", async () => {
    const forged = { ...batch, publicInputHash: `0x${"11".repeat(32)}` as Hex };
    const input = await circuit.input(forged, chainBatchSource(node.store, node.executor, node.state));
    const refusal = (input: unknown) => { try { circuit.circuit(JSON.parse(JSON.stringify(input))); } catch (e) { return e; } };
    expect(refusal(input)).to.be.instanceOf(CircuitRefusalError).and.have.property("reason").that.contains("the batch committed 0x1111");
    // a budget the witness exceeds: an SMT binding witness with more operations than the circuit's 16
    const honest = await circuit.input(batch, chainBatchSource(node.store, node.executor, node.state));
    const state = fromJson(honest.state) as { rows: unknown[] };
    const overfull = { ...honest, state: toJson({ ...state, rows: Array.from({ length: 17 }, () => state.rows[0]) }) };
    expect(refusal(overfull)).to.be.instanceOf(CircuitRefusalError).and.have.property("reason").that.contains("cannot hold it: the batch needs 17 smt ops");
  });

  it("a deposit batch's job input carries its L1 senders from the node's message records: the witness's l1MessagesHash is the batch's (the contract's fold)", async () => {
    const bridged = await startNode({ genesis: withBridgeReserve(devGenesis()), batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
    try {
      const message: L1Message = { nonce: 0n, sender: devAccount(5).address.toLowerCase() as Hex, to: devAccount(6).address.toLowerCase() as Hex, value: 10n ** 17n };
      await bridged.batcher.batches.putL1Messages([{ nonce: "0", sender: message.sender, to: message.to, value: `${message.value}`, messageHash: l1MessageHash(message), l1BlockNumber: "1", l1TxHash: `0x${"ab".repeat(32)}` }], 1n);
      await bridged.sendL1MessageTransaction(depositTransaction(message, bridged.common, bridged.head.header.calcNextBaseFee()));
      await until("the deposit's batch sealed", async () => (await bridged.batcher.batches.count()) > 1);
      const deposit = (await bridged.batcher.batches.get(1))!;
      expect(deposit).to.include({ numL1Messages: 1, l1MessageStart: 0 });
      expect(circuit.check(deposit)).to.deep.equal({ provable: true });
      const input = await circuit.input(deposit, chainBatchSource(bridged.store, bridged.executor, bridged.state));
      expect(input.commitments.l1Senders).to.deep.equal([message.sender]);
      const w = (circuit.circuit(JSON.parse(JSON.stringify(input))) as SuperCircuit).witness;
      expect(w.pi.l1MessagesHash).to.equal(deposit.l1MessagesHash).and.to.equal(foldMessageHashes([l1MessageHash(message)]));
      expect(w.usage).to.include({ txs: 1, keccakPerms: 9 });
      // a source without the senders (not the node's) cannot make the job
      const bare = { traces: (a: number, b: number) => chainBatchSource(bridged.store, bridged.executor, bridged.state).traces(a, b), stateAfter: (n: number) => bridged.state.witnessAt(BigInt(n)) };
      const error = await Promise.resolve(circuit.input(deposit, bare)).then(() => undefined, (e: unknown) => e);
      expect(String(error)).to.contain("needs their senders");
    } finally {
      await bridged.stop();
    }
  });

  it("a withdrawal batch's job input gives the batch's withdrawRoot (the node's tree, the contract's encoding) and public input", async () => {
    const raw = await devAccount(3).signTransaction({ type: "eip1559", chainId: 31338, nonce: 1, to: WITHDRAW_ADDRESS.toString() as Hex, value: 777n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });
    await rpc(node.url, "eth_sendRawTransaction", [raw]);
    await until("the withdrawal's batch sealed", async () => (await node.batcher.batches.count()) > 2);
    const withdrawal = (await node.batcher.batches.get(2))!;
    expect(withdrawalsOf(withdrawal)).to.deep.equal([{ to: devAccount(3).address.toLowerCase(), amount: 777n, nonce: 1n }]); // the tx's nonce
    expect(circuit.check(withdrawal)).to.deep.equal({ provable: true });
    const input = await circuit.input(withdrawal, chainBatchSource(node.store, node.executor, node.state));
    const w = (circuit.circuit(JSON.parse(JSON.stringify(input))) as SuperCircuit).witness;
    expect(w.pi.withdrawRoot).to.equal(withdrawal.withdrawRoot).and.to.equal(withdrawalTree(withdrawalsOf(withdrawal).map(withdrawalLeaf)).root);
    expect(w.usage).to.include({ txs: 1, withdrawals: 1, keccakPerms: 8 });
    expect(Buffer.from(publicInputHash(w.pi, BATCH_PI_WORD_FIELDS)).toString("hex")).to.equal(withdrawal.publicInputHash.slice(2));
  });
});
