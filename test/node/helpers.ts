import { defaultConfig, type NodeConfig } from "../../node/config.js";
import { devGenesis } from "../../node/execution/genesis.js";
import { createLogger } from "../../node/log.js";
import { L2Node } from "../../node/node.js";

/** Private keys of dev accounts 0–2 of the hardhat test mnemonic (public test keys). */
export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9ba804c8b3a43",
] as const;

/** Starts an in-process node on a free port (in memory unless `dataDir` is given), logs silenced. */
export const startNode = (overrides: Partial<NodeConfig> = {}): Promise<L2Node> =>
  L2Node.start({ ...defaultConfig(devGenesis()), port: 0, ...overrides }, createLogger("silent"));

/** Posts a raw body to the node and returns the HTTP status and parsed JSON (or text). */
export const post = async (url: string, body: string): Promise<{ status: number; json: any }> => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
};

export const rpc = async (url: string, method: string, params: unknown[] = []): Promise<any> =>
  (await post(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))).json;
