/**
 * `npm run bench:node` — L2 node throughput through JSON-RPC into blocks (issue 5):
 * - simple ETH transfers/s with `--block-time 1` (sendRawTransaction answers at admission, blocks every second)
 *   and with automine (`--block-time 0`: the answer comes once the tx is in a block), sent one request per tx and
 *   as JSON-RPC batches (one HTTP request holds the next tx of each of BATCH senders);
 * - ERC-20 transfers/s: contracts/test/TestToken.sol `transfer(to, 1)` (two SSTOREs + LOG3); account 0 deploys it
 *   and hands every other sender tokens first (untimed).
 * SENDERS accounts (the 20 dev accounts and more of the same mnemonic, funded first, untimed) send concurrently,
 * each its txs in nonce order, after an untimed warm-up of WARMUP transfers per sender; txs are pre-signed (viem)
 * outside the timing. Time runs from the first send to the last receipt. Ours: the node CLI as a child process.
 * Peer: hardhat 2's JSON-RPC server (EDR) as a child process of this script, interval mining 1 s or automine.
 * Both are driven over HTTP by the same keep-alive client (node:http; undici's fetch cost ~1 ms of client CPU per
 * request here, more than the node's work per transfer).
 * Prints `name  ours  peer  ratio` (ratio = ours / peer in txs/s, above 1 means we are faster) and each server
 * process's CPU time per tx (from /proc, all threads), which a loaded machine inflates far less than wall-clock
 * rates (ratio = peer / ours there, above 1 means we use less CPU); the load average is printed per case.
 * Flags: `--quick` (5 txs per sender), `--ours-only` (no peer); BENCH_NODE_ARGS adds Node.js flags (e.g. "--cpu-prof"),
 * BENCH_NODE_FLAGS node CLI flags (e.g. "--unprovable-txs include"), BENCH_PER_SENDER and BENCH_BATCH override the sizes.
 * `--in-process`: ours only, the node in this process called through its RPC method table (no HTTP, no child
 * process): the node's own cost per tx, steady under `node --cpu-prof` and comparable between two checkouts.
 * It prints the process CPU time per tx (node work plus the in-process calls and receipt polling).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { loadavg } from "node:os";
import { encodeDeployData, encodeFunctionData, type Hex, keccak256, parseEther, parseGwei } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { defaultConfig } from "../../node/config.js";
import { devGenesis } from "../../node/execution/genesis.js";
import { createLogger } from "../../node/log.js";
import { L2Node } from "../../node/node.js";
import { methods } from "../../node/rpc/methods.js";
import { spawnNode } from "../../test/node/child.js";
import { type Artifact, compiledArtifact } from "../../test/node/artifacts.js";

const MNEMONIC = "test test test test test test test test test test test junk";
/** Accounts 0–19 hold the dev genesis balance (on both chains); the others are funded by them first. */
const FUNDED = 20;
const SENDERS = 100;
const QUICK = process.argv.includes("--quick");
const IN_PROCESS = process.argv.includes("--in-process");
const OURS_ONLY = IN_PROCESS || process.argv.includes("--ours-only");
/** 20 per sender: 2,000 txs per case, at most 20 waiting per sender (the pool holds 64 per sender). */
const PER_SENDER = Number(process.env.BENCH_PER_SENDER ?? (QUICK ? 5 : 20));
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const WARMUP = 3;

interface Client {
  request(method: string, params: unknown[]): Promise<any>;
  /** One JSON-RPC batch; the results in call order (throws on the first error). */
  batch(calls: { method: string; params: unknown[] }[]): Promise<any[]>;
}

class RpcFailure extends Error {
  constructor(method: string, message: string) {
    super(`${method}: ${message}`);
    this.name = "RpcFailure";
  }
}

const resultOf = (method: string, json: { result?: unknown; error?: { message: string } }): unknown => {
  if (json.error !== undefined) throw new RpcFailure(method, json.error.message);
  return json.result;
};

/** JSON-RPC over HTTP/1.1 with keep-alive connections (one per request in flight). */
const httpClient = (url: string): Client => {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
  let id = 0;
  const post = (payload: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: hostname, port, path: "/", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            try {
              resolve(JSON.parse(text));
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: not JSON: ${text.slice(0, 200)}`));
            }
          });
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle (hardhat's: after 5 s) fails on reuse before the request
        // is read: send it again on a new socket, as the Node.js docs advise.
        if (req.reusedSocket && error.code === "ECONNRESET") post(payload).then(resolve, reject);
        else reject(error);
      });
      req.end(payload);
    });
  return {
    request: async (method, params) => resultOf(method, await post(JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }))),
    batch: async (calls) => {
      const answers = (await post(JSON.stringify(calls.map(({ method, params }) => ({ jsonrpc: "2.0", id: ++id, method, params }))))) as { id: number }[];
      if (!Array.isArray(answers)) return [resultOf(calls[0]!.method, answers)];
      answers.sort((a, b) => a.id - b.id);
      return answers.map((answer, i) => resultOf(calls[i]!.method, answer as never));
    },
  };
};

const accounts = Array.from({ length: SENDERS }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
const fees = (chainId: number) => ({ type: "eip1559" as const, chainId, maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1") });

/** Pre-signs `count` txs per account from `firstNonce` (transfers, or calls of `to` with `data`). */
const sign = async (chainId: number, firstNonce: number[], call?: { to: Hex; data: Hex }, count = PER_SENDER): Promise<Hex[][]> =>
  Promise.all(
    accounts.map(async (account, i) => {
      const out: Hex[] = [];
      for (let k = 0; k < count; k++) {
        out.push(
          await account.signTransaction({
            ...fees(chainId), nonce: firstNonce[i]! + k,
            ...(call === undefined ? { to: `0x${(0xbe00 + i).toString(16).padStart(40, "0")}` as Hex, value: 1n, gas: 21000n } : { to: call.to, data: call.data, gas: 100_000n }),
          }),
        );
      }
      return out;
    }),
  );

/** CPU time of this process so far, in microseconds (user + system, all threads). */
const selfCpu = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** CPU time of another process so far, in microseconds (utime + stime of /proc/<pid>/stat, all threads). */
const processCpu = (pid: number): number => {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are space-separated.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};

interface Rate {
  rate: number;
  /** CPU µs per tx of the process serving the requests. */
  cpu: number;
  load: number;
}

const receiptOf = async (client: Client, hash: Hex): Promise<any> => {
  let receipt: any = null;
  while ((receipt = await client.request("eth_getTransactionReceipt", [hash])) === null) await new Promise((r) => setTimeout(r, 20));
  return receipt;
};

/**
 * Sends every sender's txs in nonce order, senders concurrently. One request per tx, or (`batch` > 1) one JSON-RPC
 * batch per round of a group of `batch` senders, each sender's next tx (a batch never holds two txs of one sender:
 * hardhat serves a batch's requests concurrently and, automining, refuses a nonce gap). Once all are mined: txs/s
 * and the server's CPU µs per tx (`cpu` reads its CPU time).
 */
const run = async (client: Client, cpu: () => number, txs: Hex[][], batch = 1): Promise<Rate> => {
  const start = performance.now();
  const cpuStart = cpu();
  const send = async (raws: Hex[]): Promise<void> => {
    const hashes = raws.length === 1 ? [await client.request("eth_sendRawTransaction", raws)] : await client.batch(raws.map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] })));
    hashes.forEach((hash, k) => {
      if (hash !== keccak256(raws[k]!)) throw new Error(`bad hash ${String(hash)}`);
    });
  };
  const groups: Hex[][][] = [];
  for (let i = 0; i < txs.length; i += batch) groups.push(txs.slice(i, i + batch));
  await Promise.all(groups.map(async (group) => {
    for (let k = 0; k < group[0]!.length; k++) await send(group.map((list) => list[k]!));
  }));
  for (const list of txs) await receiptOf(client, keccak256(list[list.length - 1]!));
  const count = txs.length * txs[0]!.length;
  return { rate: count / ((performance.now() - start) / 1000), cpu: (cpu() - cpuStart) / count, load: loadavg()[0]! };
};

const nonces = async (client: Client): Promise<number[]> => Promise.all(accounts.map(async (a) => Number(await client.request("eth_getTransactionCount", [a.address, "latest"]))));

/** Most txs a sender has waiting at a time while setting up (the node's pool holds 64 per sender). */
const SETUP_WINDOW = 50;

/**
 * Sends each sender's txs in nonce order (senders concurrently; an automining hardhat refuses a nonce gap), at most
 * SETUP_WINDOW waiting at a time, and waits until all are mined.
 */
const sendAndWait = async (client: Client, bySender: Hex[][], what: string): Promise<void> => {
  await Promise.all(bySender.map(async (list) => {
    for (let i = 0; i < list.length; i += SETUP_WINDOW) {
      const hashes: Hex[] = [];
      for (const raw of list.slice(i, i + SETUP_WINDOW)) hashes.push(await client.request("eth_sendRawTransaction", [raw]));
      for (const hash of hashes) if ((await receiptOf(client, hash)).status !== "0x1") throw new Error(`${what} failed`);
    }
  }));
};

/** Gives accounts FUNDED… 10 ETH each from the dev accounts (account i funds i + 20, i + 40, …). */
const fundSenders = async (client: Client, chainId: number): Promise<void> => {
  const start = await nonces(client);
  const bySender = await Promise.all(accounts.slice(0, FUNDED).map(async (funder, i) => {
    const out: Hex[] = [];
    for (let to = i + FUNDED, k = 0; to < SENDERS; to += FUNDED, k++) {
      out.push(await funder.signTransaction({ ...fees(chainId), nonce: start[i]! + k, to: accounts[to]!.address, value: parseEther("10"), gas: 21000n }));
    }
    return out;
  }));
  await sendAndWait(client, bySender, "funding");
};

/** Deploys TestToken from account 0 and gives every other sender 10^6 tokens; returns its address. */
const deployToken = async (client: Client, chainId: number, token: Artifact): Promise<Hex> => {
  const nonce = Number(await client.request("eth_getTransactionCount", [accounts[0]!.address, "latest"]));
  const deploy = await accounts[0]!.signTransaction({ ...fees(chainId), nonce, data: encodeDeployData({ abi: token.abi, bytecode: token.bytecode, args: [10n ** 24n] }), gas: 1_500_000n });
  const address = (await receiptOf(client, await client.request("eth_sendRawTransaction", [deploy]))).contractAddress as Hex;
  const signed = await Promise.all(accounts.slice(1).map((a, i) =>
    accounts[0]!.signTransaction({ ...fees(chainId), nonce: nonce + 1 + i, to: address, data: encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [a.address, 10n ** 6n] }), gas: 100_000n })));
  await sendAndWait(client, [signed], "token distribution");
  return address;
};

type Scenario = Record<"transfers" | "batched" | "calls", Rate>;

/** One chain: fund the senders, then ETH transfers (one per request, then batched), then ERC-20 transfers. */
const scenario = async (client: Client, cpu: () => number): Promise<Scenario> => {
  const chainId = Number(await client.request("eth_chainId", []));
  await fundSenders(client, chainId);
  // Untimed warm-up (JIT, lazily built caches): a few transfers per sender, as the timed runs send them.
  await run(client, cpu, await sign(chainId, await nonces(client), undefined, WARMUP));
  const transfers = await run(client, cpu, await sign(chainId, await nonces(client)));
  const batched = await run(client, cpu, await sign(chainId, await nonces(client)), BATCH);
  const token = await compiledArtifact("TestToken");
  const to = await deployToken(client, chainId, token);
  const calls = await run(client, cpu, await sign(chainId, await nonces(client), { to, data: encodeFunctionData({ abi: token.abi, functionName: "transfer", args: [accounts[0]!.address, 1n] }) }));
  return { transfers, batched, calls };
};

/** Ours without HTTP: an in-memory node in this process, requests dispatched to its RPC method table. */
const inProcess = async (blockTime: number): Promise<Scenario> => {
  const node = await L2Node.start({ ...defaultConfig(devGenesis()), port: 0, blockTime }, createLogger("silent"));
  try {
    const table = methods(node);
    const request = (method: string, params: unknown[]): Promise<any> => table[method]!(params);
    return await scenario({ request, batch: (calls) => Promise.all(calls.map((c) => request(c.method, c.params))) }, selfCpu);
  } finally {
    await node.stop();
  }
};

const ours = async (blockTime: number): Promise<Scenario> => {
  if (IN_PROCESS) return inProcess(blockTime);
  // the child compiles the node with tsx first: on a loaded machine that alone took over 30 s
  const flags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((a) => a !== "");
  const node = await spawnNode(["--in-memory", "--block-time", String(blockTime), "--log-level", "info", ...flags], 180_000, (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== ""));
  try {
    return await scenario(httpClient(node.url), () => processCpu(node.process.pid!));
  } finally {
    await node.terminate();
  }
};

const SERVE_HARDHAT = "--serve-hardhat";

/** Child-process mode: hardhat's network behind its own JSON-RPC HTTP server (what `hardhat node` runs, without its per-request console log). */
const serveHardhat = async (): Promise<void> => {
  const hre = require("hardhat") as typeof import("hardhat");
  const { JsonRpcServer } = require("hardhat/internal/hardhat-network/jsonrpc/server") as typeof import("hardhat/internal/hardhat-network/jsonrpc/server");
  const server = new JsonRpcServer({ hostname: "127.0.0.1", port: 0, provider: hre.network.provider });
  const { port } = await server.listen();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
};

const peer = async (blockTime: number): Promise<Scenario> => {
  const child: ChildProcess = spawn(process.execPath, ["--require", "tsx/cjs", __filename, SERVE_HARDHAT], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /\{"url":"([^"]+)"\}/.exec(out);
        if (match !== null) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`the hardhat peer exited (${code}) before listening`)));
    });
    const client = httpClient(url);
    if (blockTime > 0) {
      await client.request("evm_setAutomine", [false]);
      await client.request("evm_setIntervalMining", [blockTime * 1000]);
    }
    return await scenario(client, () => processCpu(child.pid!));
  } finally {
    child.kill();
  }
};

const main = async (): Promise<void> => {
  const total = SENDERS * PER_SENDER;
  console.log(`# ${total} txs per case (${SENDERS} senders × ${PER_SENDER}; batched: ${BATCH} senders' txs per HTTP request), txs/s into blocks;` +
    ` ratio = ours / peer (hardhat ${IN_PROCESS ? "—; ours in-process (no HTTP)" : "JSON-RPC server, child process"}); load = 1-min load average after the case`);
  console.log(["name", "ours", "peer", "ratio", "load(ours/peer)"].join("  "));
  for (const blockTime of [1, 0]) {
    const mode = blockTime === 0 ? "automine" : `block-time ${blockTime}s`;
    const a = await ours(blockTime);
    const none = { rate: NaN, cpu: NaN, load: NaN };
    const b = OURS_ONLY ? { transfers: none, batched: none, calls: none } : await peer(blockTime);
    const line = (name: string, x: number, y: number, ratio: number, loads: string) => console.log(`${name} (${mode})  ${x.toFixed(0)}  ${y.toFixed(0)}  ${ratio.toFixed(2)}  ${loads}`);
    const cases: [string, keyof Scenario][] = [["eth-transfer", "transfers"], [`eth-transfer batch ${BATCH}`, "batched"], ["erc20-transfer", "calls"]];
    for (const [name, key] of cases) {
      const loads = `${a[key].load.toFixed(1)}/${b[key].load.toFixed(1)}`;
      line(`${name} tx/s`, a[key].rate, b[key].rate, a[key].rate / b[key].rate, loads);
      line(`${name} server cpu us/tx`, a[key].cpu, b[key].cpu, b[key].cpu / a[key].cpu, loads);
    }
  }
  process.exit(0);
};

if (process.argv.includes(SERVE_HARDHAT)) {
  serveHardhat().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
