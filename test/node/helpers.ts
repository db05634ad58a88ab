import { mnemonicToAccount } from "viem/accounts";
import { defaultConfig, type NodeConfig } from "../../node/config.js";
import { devGenesis } from "../../node/execution/genesis.js";
import { createLogger } from "../../node/log.js";
import { L2Node } from "../../node/node.js";

export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

/** Dev account `index` of the hardhat test mnemonic, as a viem local account (signs offline). */
export const devAccount = (index: number) => mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index });

/**
 * Starts an in-process node on a free port (in memory unless `dataDir` is given), logs silenced. It takes every
 * valid tx (`unprovableTxs: "include"`): these tests exercise the EVM and the RPC, calls and precompiles included;
 * the default, skipping what the batch circuit cannot prove, is test/node/sequencer/skip.test.ts's.
 */
export const startNode = (overrides: Partial<NodeConfig> = {}): Promise<L2Node> =>
  L2Node.start({ ...defaultConfig(devGenesis()), port: 0, unprovableTxs: "include", ...overrides }, createLogger("silent"));

/** Posts a raw body to the node and returns the HTTP status and parsed JSON (or text). */
export const post = async (url: string, body: string): Promise<{ status: number; json: any }> => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
};

export const rpc = async (url: string, method: string, params: unknown[] = []): Promise<any> =>
  (await post(url, JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))).json;
