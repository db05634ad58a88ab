/**
 * `npm run bench:node` — L2 node throughput through JSON-RPC into blocks (issue 5):
 * - simple ETH transfers/s with `--block-time 1` (sendRawTransaction answers at admission, blocks every second)
 *   and with automine (`--block-time 0`: the answer comes once the tx is in a block);
 * - ERC-20 transfers/s: contracts/test/TestToken.sol `transfer(to, 1)` (two SSTOREs + LOG3); account 0 deploys it
 *   and hands every other sender tokens first (untimed).
 * Txs are pre-signed (viem) outside the timing; 20 dev accounts send concurrently, each in nonce order. Time runs
 * from the first send to the last receipt. Ours: the node CLI as a child process (HTTP). Peer: hardhat's
 * in-process network (EIP-1193 provider, no HTTP: this favours the peer) with automine, or interval mining 1 s.
 * Prints `name  ours  peer  ratio` (ratio = ours / peer in txs/s, above 1 means we are faster).
 * Flags: `--quick` (10 txs per sender), `--ours-only` (no peer); BENCH_NODE_ARGS adds node flags (e.g. "--cpu-prof").
 * `--in-process`: ours only, the node in this process called through its RPC method table (no HTTP, no child
 * process): the node's own cost per tx, steady under `node --cpu-prof` and comparable between two checkouts.
 * It also prints the process CPU time per tx (all threads; node work plus the in-process calls and receipt
 * polling), which a loaded machine inflates far less than wall-clock rates: 10^6 / (us/tx) is the rate one
 * core sustains.
 */
import { encodeDeployData, encodeFunctionData, type Hex, keccak256, parseGwei } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { defaultConfig } from "../../node/config.js";
import { devGenesis } from "../../node/execution/genesis.js";
import { createLogger } from "../../node/log.js";
import { L2Node } from "../../node/node.js";
import { methods } from "../../node/rpc/methods.js";
import { spawnNode } from "../../test/node/child.js";
import { type Artifact, compiledArtifact } from "../../test/node/artifacts.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const SENDERS = 20;
/** `--quick`: 10 txs per sender (a smoke run); `--ours-only`: skip the peer (e.g. under `--cpu-prof`). */
const QUICK = process.argv.includes("--quick");
const IN_PROCESS = process.argv.includes("--in-process");
const OURS_ONLY = IN_PROCESS || process.argv.includes("--ours-only");
const PER_SENDER = Number(process.env.BENCH_PER_SENDER ?? (QUICK ? 10 : 50));
type Request = (method: string, params: unknown[]) => Promise<any>;

const RECIPIENT = "0x000000000000000000000000000000000000be00" as Hex;
const accounts = Array.from({ length: SENDERS }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));

/** Pre-signs PER_SENDER txs per account from `firstNonce` (transfers, or calls of `to` with `data`). */
const sign = async (chainId: number, firstNonce: number[], call?: { to: Hex; data: Hex }): Promise<Hex[][]> =>
  Promise.all(
    accounts.map(async (account, i) => {
      const out: Hex[] = [];
      for (let k = 0; k < PER_SENDER; k++) {
        out.push(
          await account.signTransaction({
            type: "eip1559", chainId, nonce: firstNonce[i]! + k, maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1"),
            ...(call === undefined ? { to: `0x${(0xbe00 + i).toString(16).padStart(40, "0")}` as Hex, value: 1n, gas: 21000n } : { to: call.to, data: call.data, gas: 100_000n }),
          }),
        );
      }
      return out;
    }),
  );

/** CPU time of this process so far, in microseconds (user + system, all threads). */
const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Sends every sender's txs in nonce order (senders concurrently); once all are mined: txs/s and CPU us per tx. */
const run = async (request: Request, txs: Hex[][]): Promise<{ rate: number; cpu: number }> => {
  const start = performance.now();
  const cpuStart = cpuMicros();
  await Promise.all(txs.map(async (list) => { for (const raw of list) { const hash = await request("eth_sendRawTransaction", [raw]); if (hash !== keccak256(raw)) throw new Error(`bad hash ${hash}`); } }));
  for (const list of txs) {
    const hash = keccak256(list[list.length - 1]!);
    while ((await request("eth_getTransactionReceipt", [hash])) === null) await new Promise((r) => setTimeout(r, 20));
  }
  const count = txs.length * txs[0]!.length;
  return { rate: count / ((performance.now() - start) / 1000), cpu: (cpuMicros() - cpuStart) / count };
};

const nonces = async (request: Request): Promise<number[]> => Promise.all(accounts.map(async (a) => Number(await request("eth_getTransactionCount", [a.address, "latest"]))));

const receiptOf = async (request: Request, hash: Hex): Promise<any> => {
  let receipt: any = null;
  while ((receipt = await request("eth_getTransactionReceipt", [hash])) === null) await new Promise((r) => setTimeout(r, 20));
  return receipt;
};

/** Deploys TestToken from account 0 and gives every other sender 10^6 tokens (sent back to back); returns its address. */
const deployToken = async (request: Request, chainId: number, token: Artifact): Promise<Hex> => {
  const nonce = Number(await request("eth_getTransactionCount", [accounts[0]!.address, "latest"]));
  const fees = { type: "eip1559" as const, chainId, maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1") };
  const deploy = await accounts[0]!.signTransaction({ ...fees, nonce, data: encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] }), gas: 1_500_000n });
  const address = (await receiptOf(request, await request("eth_sendRawTransaction", [deploy]))).contractAddress as Hex;
  const signed = await Promise.all(accounts.slice(1).map((a, i) =>
    accounts[0]!.signTransaction({ ...fees, nonce: nonce + 1 + i, to: address, data: encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [a.address, 10n ** 6n] }), gas: 100_000n })));
  // in nonce order: an automining peer (hardhat) refuses a nonce gap instead of queueing it
  const hashes: Hex[] = [];
  for (const raw of signed) hashes.push(await request("eth_sendRawTransaction", [raw]));
  for (const hash of hashes) if ((await receiptOf(request, hash)).status !== "0x1") throw new Error("token distribution failed");
  return address;
};

/** One scenario: ETH transfers, then ERC-20 transfers; returns txs/s of each. */
const scenario = async (request: Request, chainId: number): Promise<Record<"transfers" | "calls", { rate: number; cpu: number }>> => {
  const transfers = await run(request, await sign(chainId, await nonces(request)));
  const token = await compiledArtifact("TestToken");
  const to = await deployToken(request, chainId, token);
  const calls = await run(request, await sign(chainId, await nonces(request), { to, data: encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [RECIPIENT, 1n] }) }));
  return { transfers, calls };
};

/** Ours without HTTP: an in-memory node in this process, requests dispatched to its RPC method table. */
const inProcess = async (blockTime: number) => {
  const node = await L2Node.start({ ...defaultConfig(devGenesis()), port: 0, blockTime }, createLogger("silent"));
  try {
    const table = methods(node);
    return await scenario((method, params) => table[method]!(params), Number(node.common.chainId()));
  } finally {
    await node.stop();
  }
};

const ours = async (blockTime: number) => {
  if (IN_PROCESS) return inProcess(blockTime);
  const node = await spawnNode(["--in-memory", "--block-time", String(blockTime), "--log-level", "info"], 30_000, (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== ""));
  try {
    let id = 0;
    const request: Request = async (method, params) => {
      const res = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
      const json = (await res.json()) as { result?: unknown; error?: { message: string } };
      if (json.error !== undefined) throw new Error(`${method}: ${json.error.message}`);
      return json.result;
    };
    return await scenario(request, 31338);
  } finally {
    await node.terminate();
  }
};

const peer = async (blockTime: number) => {
  const hre = require("hardhat") as typeof import("hardhat");
  const provider = hre.network.provider;
  await provider.request({ method: "hardhat_reset", params: [] });
  if (blockTime > 0) {
    await provider.request({ method: "evm_setAutomine", params: [false] });
    await provider.request({ method: "evm_setIntervalMining", params: [blockTime * 1000] });
  }
  const request: Request = (method, params) => provider.request({ method, params });
  const chainId = Number(await request("eth_chainId", []));
  try {
    return await scenario(request, chainId);
  } finally {
    await provider.request({ method: "evm_setIntervalMining", params: [0] });
    await provider.request({ method: "evm_setAutomine", params: [true] });
  }
};

const main = async (): Promise<void> => {
  const total = SENDERS * PER_SENDER;
  console.log(`# ${total} txs per case (${SENDERS} senders × ${PER_SENDER}), txs/s into blocks; ratio = ours / peer (hardhat in-process)${IN_PROCESS ? "; ours in-process (no HTTP)" : ""}`);
  console.log(["name", "ours", "peer", "ratio"].join("  "));
  for (const blockTime of [1, 0]) {
    const mode = blockTime === 0 ? "automine" : `block-time ${blockTime}s`;
    const a = await ours(blockTime);
    const none = { rate: NaN, cpu: NaN };
    const b = OURS_ONLY ? { transfers: none, calls: none } : await peer(blockTime);
    const line = (name: string, x: number, y: number) => console.log(`${name} (${mode})  ${x.toFixed(0)}  ${y.toFixed(0)}  ${(x / y).toFixed(2)}`);
    line("eth-transfer tx/s", a.transfers.rate, b.transfers.rate);
    line("erc20-transfer tx/s", a.calls.rate, b.calls.rate);
    if (IN_PROCESS) {
      line("eth-transfer cpu us/tx", a.transfers.cpu, NaN);
      line("erc20-transfer cpu us/tx", a.calls.cpu, NaN);
    }
  }
  process.exit(0);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
