import { expect } from "chai";
import { encodeFunctionData, parseGwei, type Hex } from "viem";
import type { BlockTrace } from "../../circuits/witness/trace.js";
import type { L2Node } from "../../node/node.js";
import { compiledArtifact } from "./artifacts.js";
import { devAccount, rpc, startNode } from "./helpers.js";

describe("execution step trace", function () {
  let node: L2Node;
  const traces: BlockTrace[] = [];
  before(async () => {
    node = await startNode();
    node.sequencer.onBlockTrace((_block, trace) => traces.push(trace));
  });
  after(() => node.stop());

  it("records opcodes, stack, memory, the storage write, accounts and the log of Counter.increment()", async function () {
    const account = devAccount(0);
    const { abi, bytecode } = await compiledArtifact("Counter");
    const fees = { chainId: 31338, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n, type: "eip1559" as const };
    const deploy = await rpc(node.url, "eth_sendRawTransaction", [await account.signTransaction({ ...fees, nonce: 0, data: bytecode, gas: 500_000n })]);
    const address = (await rpc(node.url, "eth_getTransactionReceipt", [deploy.result])).result.contractAddress as Hex;
    const data = encodeFunctionData({ abi, functionName: "increment" });
    await rpc(node.url, "eth_sendRawTransaction", [await account.signTransaction({ ...fees, nonce: 1, to: address, data, gas: 100_000n })]);

    const trace = traces.at(-1)!;
    expect(trace.txs).to.have.length(1);
    const tx = trace.txs[0]!;
    expect(tx.status).to.equal(1);
    expect(tx.to).to.equal(address.toLowerCase());
    const names = tx.steps.map((s) => s.name);
    for (const op of ["CALLDATALOAD", "SLOAD", "SSTORE", "LOG2", "STOP"]) expect(names, op).to.include(op);
    const writes = tx.storage.filter((s) => s.isWrite);
    expect(writes).to.have.length(1);
    expect(writes[0]).to.deep.include({ address: address.toLowerCase(), slot: 0n, committed: 0n, valuePrev: 0n, value: 1n });
    expect(tx.steps[writes[0]!.step]!.name).to.equal("SSTORE");
    const sload = tx.steps.find((s) => s.name === "SLOAD")!;
    expect(sload.pushes).to.deep.equal([0n]);
    expect(tx.frames).to.have.length(1);
    expect(tx.frames[0]).to.deep.include({ kind: "CALL", depth: 0, success: true });
    expect(tx.logs).to.have.length(1);
    expect(tx.accounts.some((a) => a.isWrite && a.field === "nonce" && a.address === account.address.toLowerCase() && a.value === 2n)).to.equal(true);
    expect(trace.bytecodes.some((b) => b.code.length > 0)).to.equal(true);
    expect(trace.stateRootBefore).to.not.equal(trace.stateRootAfter);
    expect(trace.header.hash).to.equal((await rpc(node.url, "eth_getBlockByNumber", ["latest", false])).result.hash);
    // gas: each step's gasLeft minus its cost is the next step's gasLeft within the frame (no calls here).
    for (let i = 0; i + 1 < tx.steps.length; i++) expect(tx.steps[i]!.gasLeft - tx.steps[i]!.gasCost).to.equal(tx.steps[i + 1]!.gasLeft);
    // memory writes carry the bytes written: the free-memory-pointer MSTORE of solc writes 0x80 at 0x40.
    const mstore = tx.steps.find((s) => s.name === "MSTORE")!;
    expect(mstore.memory[0]).to.deep.include({ isWrite: true, offset: 0x40 });
    expect(mstore.memory[0]!.bytes[31]).to.equal(0x80);
  });

  it("re-executing a stored block (the batch prover's trace) reproduces the sequencer's trace exactly", async function () {
    expect(traces.length).to.be.greaterThan(1);
    for (const trace of traces) {
      const block = (await node.store.blockByNumber(trace.header.number))!;
      const parent = (await node.store.blockByNumber(trace.header.number - 1n))!;
      expect(await node.executor.traceBlock(block, parent)).to.deep.equal(trace);
    }
  });
});
