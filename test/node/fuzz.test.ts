import { expect } from "chai";
import { type Hex, parseGwei } from "viem";
import { type ChildNode, seeded, spawnNode } from "./child.js";
import { devAccount, post, rpc } from "./helpers.js";

/**
 * Malformed-input fuzz (issue 5, reliability): 500 seeded malformed JSON-RPC requests against the node running
 * as a child process. Each must get a JSON-RPC error object with a standard code (-32700 parse, -32600 invalid
 * request, -32601 method not found, -32602 invalid params, -32000…-32099 server/tx errors) — never -32603
 * (an internal error is a bug), never a hang or a non-JSON answer — and the node must keep serving.
 */
describe("node malformed-input fuzz (500 seeded requests)", function () {
  this.timeout(60_000);
  const SEED = 0xf022;
  const COUNT = 500;
  let node: ChildNode;
  before(async () => {
    node = await spawnNode(["--in-memory", "--block-time", "0", "--log-level", "info"]);
  });
  after(() => node?.kill9());

  const standard = (code: unknown): boolean =>
    typeof code === "number" && ([-32700, -32600, -32601, -32602].includes(code) || (code <= -32000 && code >= -32099));

  it("answers every malformed request with a standard JSON-RPC error and stays up", async function () {
    const random = seeded(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const int = (n: number): number => Math.floor(random() * n);
    const hexBytes = (n: number): Hex => `0x${Array.from({ length: n }, () => int(256).toString(16).padStart(2, "0")).join("")}`;
    const account = devAccount(7);
    const good = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: "0x00000000000000000000000000000000000000f0", value: 1n, gas: 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") });
    const wrongChain = await account.signTransaction({ type: "eip1559", chainId: 1, nonce: 0, to: "0x00000000000000000000000000000000000000f0", value: 1n, gas: 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") });
    const legacyWrongChain = await account.signTransaction({ type: "legacy", chainId: 5, nonce: 0, to: "0x00000000000000000000000000000000000000f0", value: 1n, gas: 21000n, gasPrice: parseGwei("3") });
    const hugeValue = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce: 3, to: "0x00000000000000000000000000000000000000f0", value: 2n ** 255n, gas: 21000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") });
    const hugeFee = await account.signTransaction({ type: "eip1559", chainId: 31338, nonce: 3, to: "0x00000000000000000000000000000000000000f0", value: 1n, gas: 21000n, maxFeePerGas: 2n ** 200n, maxPriorityFeePerGas: 2n ** 200n });
    /** Flips one byte of a signed tx (signature or body): decoding, chain id or signature recovery must fail. */
    const corrupt = (raw: Hex): Hex => {
      const bytes = Buffer.from(raw.slice(2), "hex");
      const at = bytes.length - 1 - int(70);
      bytes[at] = (bytes[at]! + 1 + int(255)) & 0xff;
      return `0x${bytes.toString("hex")}`;
    };
    /** Values no method takes as its first argument (not a tag, address, hash, quantity, tx bytes or object). */
    const weird: unknown[] = [true, false, -1, 1.5, 1e308, 0, "", "-0x1", "0x-1", "0xzz", "0x0123", "0x" + "f".repeat(80), [1, 2], ["latest"], "\u0000", "x".repeat(300), "LATEST"];
    /** Anything, for the arguments after an invalid first one. */
    const anything: unknown[] = [...weird, null, "latest", "0x0", {}, { a: 1 }, []];
    const methodsWithParams = ["eth_getBalance", "eth_getTransactionCount", "eth_getCode", "eth_getStorageAt", "eth_call", "eth_estimateGas", "eth_sendRawTransaction", "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getLogs", "eth_feeHistory"];
    const request = (method: string, params: unknown, id: unknown = 1 + int(1000)): string => JSON.stringify({ jsonrpc: "2.0", id, method, params });
    const addr = "0x00000000000000000000000000000000000000f0";

    type Case = { kind: string; body: string | (() => Promise<string>); batch?: ("good" | "bad" | "notification")[] };
    const generators: (() => Case)[] = [
      () => ({ kind: "bad JSON", body: pick(["{", "}", "{bad json", '{"jsonrpc":"2.0",', "[1,", "nul", "\u0000\u0001", '{"a":1}}', "'single'", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId",}']) }),
      () => ({ kind: "wrong jsonrpc version", body: JSON.stringify({ jsonrpc: pick(["1.0", "2", 2, null, undefined, "3.0"]), id: 1, method: "eth_chainId", params: [] }) }),
      () => ({ kind: "not a request object", body: JSON.stringify(pick([1, "str", null, true, 3.14])) }),
      () => ({ kind: "bad method field", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: pick([1, null, [], {}, true]) }) }),
      () => ({ kind: "bad id", body: JSON.stringify({ jsonrpc: "2.0", id: pick([{}, [], true, [1]]), method: "eth_chainId" }) }),
      () => ({ kind: "unknown method", body: request(pick(["eth_foo", "debug_traceTransaction", "", "constructor", "__proto__", "toString", "hasOwnProperty", "eth_sendTransaction ", "ETH_CHAINID", "x".repeat(500)]), []) }),
      () => ({ kind: "params not an array", body: request(pick(methodsWithParams), pick([{}, "0x1", 5, true, { address: addr }])) }),
      () => ({ kind: "missing params", body: request(pick(methodsWithParams), []) }),
      () => ({ kind: "extra params", body: request(pick(["eth_chainId", "eth_blockNumber", "net_version", "eth_gasPrice"]), [pick(anything)]) }),
      () => ({ kind: "too many params", body: request(pick(methodsWithParams), Array.from({ length: 4 + int(4) }, () => pick(anything))) }),
      () => ({ kind: "wrong-typed params", body: request(pick(methodsWithParams), [pick(weird), ...Array.from({ length: int(3) }, () => pick(anything))]) }),
      () => ({ kind: "huge/negative numbers", body: request(pick(["eth_getBlockByNumber", "eth_getBalance", "eth_feeHistory", "eth_getStorageAt"]), pick([["0x" + "f".repeat(70), false], [addr, "0x" + "f".repeat(70)], ["-0x1", false], [addr, "-0x5"], ["0x1", "0x" + "1".repeat(100), []], [2 ** 60, "latest", []], [1.5, "latest"], [0.5, "latest", [50]], [-1, "latest"], [addr, "0x" + "f".repeat(200), "latest"], [1e300, "latest"]])) }),
      () => ({ kind: "bad call object", body: request(pick(["eth_call", "eth_estimateGas"]), [pick([{ to: "0x12" }, { value: "-0x1" }, { value: "0x" + "f".repeat(100), from: addr, to: addr }, { gas: "0x" + "f".repeat(40), to: addr }, { data: "0x1", to: addr }, { data: "0x00", input: "0x01" }, { from: addr, to: addr, gasPrice: "0x1" + "0".repeat(64) }, { to: addr, gas: "0x1" + "0".repeat(16) }]), pick(["latest", "0x" + "f".repeat(20), { blockHash: "0x12" }, { blockNumber: "-1" }])]) }),
      () => ({ kind: "bad getLogs filter", body: request("eth_getLogs", [pick([{ fromBlock: "0x" + "f".repeat(70) }, { fromBlock: "0x5", toBlock: "0x1" }, { address: "0x12" }, { topics: [["0x12"]] }, { topics: "x" }, { blockHash: "0x00", fromBlock: "0x1" }, { fromBlock: "-0x1" }, { topics: [null, [1]] }, { address: [1] }, null, 7])]) }),
      () => ({ kind: "invalid RLP", body: request("eth_sendRawTransaction", [pick(["0x", "0xc0", "0x02", "0x02c0", "0x01c0", "0x03c0", "0x04c0", "0xf8", "0xdeadbeef", "0x02" + "ff".repeat(10), "0xc3010203", "0x80", "0x7f", hexBytes(1 + int(200)), "0xzz", "0x123"])]) }),
      () => ({ kind: "bad signature", body: request("eth_sendRawTransaction", [corrupt(good)]) }),
      () => ({ kind: "wrong chainId", body: request("eth_sendRawTransaction", [pick([wrongChain, legacyWrongChain])]) }),
      () => ({ kind: "huge value/fee tx", body: request("eth_sendRawTransaction", [pick([hugeValue, hugeFee])]) }),
      () => ({ kind: "oversized tx", body: request("eth_sendRawTransaction", ["0x02" + "00".repeat(130 * 1024)]) }),
      () => ({ kind: "oversized body", body: request("eth_chainId", ["x".repeat(5 * 1024 * 1024 + 16)]) }),
      () => ({ kind: "empty batch", body: "[]" }),
      () => ({ kind: "too large batch", body: JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" }))) }),
      () => {
        const shape = Array.from({ length: 1 + int(6) }, () => pick(["good", "bad", "bad", "notification"] as const));
        if (!shape.includes("bad")) shape.push("bad");
        const items = shape.map((s, i) =>
          s === "good" ? { jsonrpc: "2.0", id: i, method: pick(["eth_chainId", "eth_blockNumber", "net_version"]), params: [] }
          : s === "notification" ? { jsonrpc: "2.0", method: "eth_chainId" }
          : pick<unknown>([{ jsonrpc: "1.0", id: i, method: "eth_chainId" }, { jsonrpc: "2.0", id: i, method: "nope" }, { jsonrpc: "2.0", id: i, method: "eth_getBalance", params: ["0x1"] }, { jsonrpc: "2.0", id: i, method: "eth_sendRawTransaction", params: ["0xc0"] }, { jsonrpc: "2.0", id: i }]),
        );
        return { kind: "mixed batch", body: JSON.stringify(items), batch: shape };
      },
    ];

    const failures: string[] = [];
    const kinds = new Map<string, number>();
    const checkError = (response: any, label: string): void => {
      if (typeof response !== "object" || response === null || response.jsonrpc !== "2.0" || !("id" in response) || typeof response.error !== "object" || response.error === null) {
        failures.push(`${label}: not a JSON-RPC error response: ${JSON.stringify(response)?.slice(0, 300)}`);
        return;
      }
      if (!standard(response.error.code) || typeof response.error.message !== "string" || response.error.message === "") {
        failures.push(`${label}: non-standard error ${JSON.stringify(response.error).slice(0, 300)}`);
      }
    };
    for (let i = 0; i < COUNT; i++) {
      const { kind, body, batch } = pick(generators)();
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const text = typeof body === "string" ? body : await body();
      const label = `#${i} ${kind} ${text.slice(0, 120)}`;
      let answer: { status: number; json: any };
      try {
        answer = await post(node.url, text);
      } catch (error) {
        failures.push(`${label}: no JSON answer: ${(error as Error).message}`);
        if (!node.alive()) break;
        continue;
      }
      if (batch !== undefined) {
        const expected = batch.filter((s) => s !== "notification");
        if (!Array.isArray(answer.json) || answer.json.length !== expected.length) {
          failures.push(`${label}: batch answer ${JSON.stringify(answer.json)?.slice(0, 300)}`);
          continue;
        }
        expected.forEach((s, j) => {
          if (s === "good" && answer.json[j]?.result === undefined) failures.push(`${label}: good item ${j} failed: ${JSON.stringify(answer.json[j])}`);
          if (s === "bad") checkError(answer.json[j], `${label} item ${j}`);
        });
      } else checkError(answer.json, label);
      if (i % 50 === 49) expect((await rpc(node.url, "eth_chainId")).result, `after ${label}`).to.equal("0x7a6a");
    }
    expect(failures, failures.join("\n")).to.deep.equal([]);
    expect(kinds.size, "every generator ran").to.equal(generators.length);

    // Still up and still working: a good transaction is mined, the process never exited.
    const hash = (await rpc(node.url, "eth_sendRawTransaction", [good])).result;
    expect((await rpc(node.url, "eth_getTransactionReceipt", [hash])).result.status).to.equal("0x1");
    expect(node.alive(), node.output().slice(-2000)).to.equal(true);
  });
});
