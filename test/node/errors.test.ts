import { expect } from "chai";
import { parseGwei, type Hex } from "viem";
import { NO_BATCH_CIRCUIT } from "../../node/batcher/prover.js";
import { DEFAULT_PROVING } from "../../node/config.js";
import { WITHDRAW_ADDRESS } from "../../node/l1/bridge.js";
import type { L2Node } from "../../node/node.js";
import { devAccount, post, rpc, startNode } from "./helpers.js";

describe("node JSON-RPC errors", function () {
  let node: L2Node;
  const account = devAccount(1);
  const to = "0x0000000000000000000000000000000000000abc" as Hex;
  const sign = (fields: { nonce: number; chainId?: number; value?: bigint; gas?: bigint }) =>
    account.signTransaction({ type: "eip1559", chainId: fields.chainId ?? 31338, nonce: fields.nonce, to, value: fields.value ?? 1n, gas: fields.gas ?? 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") });

  before(async () => {
    node = await startNode();
  });
  after(() => node.stop());

  it("rejects nonce too low, insufficient funds, wrong chain id, bad RLP and low intrinsic gas with -32000", async function () {
    expect((await rpc(node.url, "eth_sendRawTransaction", [await sign({ nonce: 0 })])).result).to.match(/^0x[0-9a-f]{64}$/);
    const cases: [Hex, RegExp][] = [
      [await sign({ nonce: 0 }), /^already known$/],
      [await sign({ nonce: 0, value: 2n }), /^nonce too low: next nonce 1, tx nonce 0$/],
      [await sign({ nonce: 1, value: 10n ** 30n }), /^insufficient funds for gas \* price \+ value: /],
      [await sign({ nonce: 1, chainId: 1 }), /^invalid chain id: have 1, want 31338$/],
      ["0xdeadbeef", /^invalid transaction: rlp decoding failed/],
      ["0x02c0", /^invalid transaction: /],
      [await sign({ nonce: 1, gas: 20000n }), /^intrinsic gas too low: gas 20000, minimum needed 21000$/],
      [await sign({ nonce: 1, gas: 40_000_000n }), /^exceeds block gas limit/],
    ];
    for (const [raw, message] of cases) {
      const { error } = await rpc(node.url, "eth_sendRawTransaction", [raw]);
      expect(error?.code, raw).to.equal(-32000);
      expect(error?.message).to.match(message);
    }
  });

  it("a node proving with the batch circuit admits a withdrawal (the circuit proves the withdraw root)", async function () {
    // the batch circuit flag with a prover double: the admission rule, not keygen
    const proving = await startNode({ proving: { ...DEFAULT_PROVING, batchCircuit: true }, prover: NO_BATCH_CIRCUIT });
    try {
      const fees = { type: "eip1559" as const, chainId: 31338, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n };
      const withdrawal = await devAccount(6).signTransaction({ ...fees, nonce: 0, to: WITHDRAW_ADDRESS.toString() as Hex, value: 1n });
      expect((await rpc(proving.url, "eth_sendRawTransaction", [withdrawal])).result).to.match(/^0x[0-9a-f]{64}$/);
    } finally {
      await proving.stop();
    }
  });

  it("answers unknown methods, invalid params, malformed JSON and batches with standard codes", async function () {
    expect((await rpc(node.url, "eth_foo")).error).to.deep.equal({ code: -32601, message: "the method eth_foo does not exist/is not available" });
    const bad = await rpc(node.url, "eth_getBalance", ["0x12", "latest"]);
    expect(bad.error.code).to.equal(-32602);
    expect(bad.error.message).to.equal('invalid params: address must be a 20-byte hex address, got "0x12"');
    expect((await rpc(node.url, "eth_blockNumber", [1])).error.code).to.equal(-32602);
    const parse = await post(node.url, "{bad json");
    expect(parse.json).to.deep.include({ jsonrpc: "2.0", id: null });
    expect(parse.json.error.code).to.equal(-32700);
    expect((await post(node.url, "[]")).json.error.code).to.equal(-32600);
    expect((await post(node.url, '{"id":1,"method":"eth_chainId"}')).json.error.code).to.equal(-32600);
    const batch = await post(
      node.url,
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
        { jsonrpc: "2.0", id: "two", method: "nope" },
        { jsonrpc: "2.0", method: "eth_chainId" }, // notification: no response
        5,
      ]),
    );
    expect(batch.json).to.have.length(3);
    expect(batch.json[0]).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x7a6a" });
    expect(batch.json[1].id).to.equal("two");
    expect(batch.json[1].error.code).to.equal(-32601);
    expect(batch.json[2].error.code).to.equal(-32600);
    const big = await post(node.url, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: ["x".repeat(6 * 1024 * 1024)] }));
    expect(big.status).to.equal(413);
    expect(big.json.error.code).to.equal(-32600);
  });

  it("returns code 3 with the revert data for a reverting eth_call", async function () {
    // Initcode that reverts with Error("no"): PUSH the ABI encoding into memory and REVERT.
    const reason = "08c379a0" + "20".padStart(64, "0") + "2".padStart(64, "0") + "6e6f".padEnd(64, "0");
    const initcode = `0x7f${reason.slice(0, 64)}600052` + `7f${reason.slice(64, 128)}602052` + `7f${reason.slice(128, 192)}604052` + `60${(reason.length / 2).toString(16)}6000fd`;
    // The three words start at offset 0 with the selector, so the data is exactly `reason` (100 bytes).
    const { error } = await rpc(node.url, "eth_call", [{ data: initcode }, "latest"]);
    expect(error.code).to.equal(3);
    expect(error.message).to.equal("execution reverted: no");
    expect(error.data).to.equal(`0x${reason.slice(0, 200)}`);
  });
});
