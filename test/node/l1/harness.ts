import { parseAbi, type Hex } from "viem";
import type { BatchProver } from "../../../node/batcher/prover.js";
import { defaultConfig, type NodeConfig } from "../../../node/config.js";
import { devGenesis } from "../../../node/execution/genesis.js";
import { L1Client } from "../../../node/l1/client.js";
import { withBridgeReserve } from "../../../node/l1/bridge.js";
import { L1Service, DEFAULT_L1_SERVICE_OPTIONS } from "../../../node/l1/service.js";
import { createLogger } from "../../../node/log.js";
import { L2Node } from "../../../node/node.js";
import { deployRollup, devL1Account, l1Clients, type DevL1, type RollupDeployment } from "../../../scripts/devnet-l1.js";

/** Polls `check` every 50 ms until it returns a value other than undefined/false; fails after `ms`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An L2 node (one block per tx, one batch per block, unless `config` says otherwise) wired to a freshly deployed
 * rollup on `l1`. It takes every valid tx (`unprovableTxs: "include"`): these tests script unprovable batches.
 */
export async function startRollupNode(l1: DevL1, opts: { dataDir?: string; deployment?: RollupDeployment; prover?: BatchProver; config?: Partial<NodeConfig> } = {}) {
  const log = createLogger("silent");
  const config = { ...defaultConfig(withBridgeReserve(devGenesis())), port: 0, unprovableTxs: "include" as const, dataDir: opts.dataDir, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1000 }, prover: opts.prover, ...opts.config };
  const node = await L2Node.start(config, log);
  const genesis = (await node.batcher.batches.get(0))!;
  const deployment = opts.deployment ?? (await deployRollup(l1.url, config.genesis.chainId, genesis));
  const client = await L1Client.connect({ rpcUrl: l1.url, rollup: deployment.rollup, sequencerKey: deployment.sequencerKey, timeoutMs: 2_000 });
  const service = await L1Service.start(node, client, { ...DEFAULT_L1_SERVICE_OPTIONS, pollMs: 100, minBackoffMs: 50, maxBackoffMs: 400, fromBlock: deployment.deployBlock }, log);
  return { node, client, service, deployment };
}

const DEPOSIT_ABI = parseAbi(["function depositETH(address to) payable returns (uint64)"]);

/** depositETH on L1 from dev account `from`; resolves once mined. */
export async function deposit(l1Url: string, rollup: Hex, from: number, to: Hex, value: bigint): Promise<Hex> {
  const { publicClient, wallet } = await l1Clients(l1Url, devL1Account(from));
  const hash = await wallet.writeContract({ address: rollup, abi: DEPOSIT_ABI, functionName: "depositETH", args: [to], value });
  await publicClient.waitForTransactionReceipt({ hash });
  return hash;
}
