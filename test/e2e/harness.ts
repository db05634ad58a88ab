/** What the e2e tests share: the devnet as `npm run devnet` starts it (in process, free ports), its rollup_ RPC and batches. */
import { defineChain } from "viem";
import { createLogger } from "../../node/log.js";
import { startDevnet, type Devnet } from "../../scripts/devnet.js";
import { until } from "../node/l1/harness.js";

/**
 * The devnet with automine and `batchBlocks` blocks (default one) per batch; `prove`: the batch circuit registered and
 * its verifier behind ZkRollup.
 */
export const startTestDevnet = (prove: boolean, batchBlocks = 1): Promise<Devnet> =>
  startDevnet(
    { port: 0, l1Port: 0, host: "127.0.0.1", blockTime: 0, batchBlocks, batchSeconds: 0, dataDir: "", inMemory: true, logLevel: "silent", prove, unprovableTxs: "skip" },
    createLogger("silent"),
  );

/** The L2 chain for viem clients. */
export const l2Chain = (devnet: Devnet) =>
  defineChain({ id: 31338, name: "L2", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [devnet.node.url] } } });

/** One JSON-RPC call to the L2 node; its result (undefined on an error). */
export async function rollupRpc(devnet: Devnet, method: string, params: unknown[]): Promise<any> {
  const res = await fetch(devnet.node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return ((await res.json()) as { result: unknown }).result;
}

/**
 * The first batch after `after` that holds L2 block `block`, once `done` says its status is final (undefined: wait);
 * `done` may throw to fail the test on a status it must not reach.
 */
export const batchOf = (devnet: Devnet, block: bigint, after: number, done: (status: string, i: number, reason?: string) => boolean, ms: number) =>
  until(`the batch of L2 block ${block} settled`, async () => {
    for (let i = after + 1; ; i++) {
      const b = await rollupRpc(devnet, "rollup_getBatch", [`0x${i.toString(16)}`]);
      if (b === undefined || b === null) return undefined;
      if (BigInt(b.blocks.last) < block) continue;
      return done(b.status, i, b.reason) ? { index: i, batch: b } : undefined;
    }
  }, ms);

/** `batchOf` waiting for finalization; an unprovable batch fails the test. */
export const finalizedBatchOf = (devnet: Devnet, block: bigint, after: number, ms: number) =>
  batchOf(devnet, block, after, (status, i, reason) => {
    if (status === "unprovable") throw new Error(`batch ${i} unprovable: ${reason}`);
    return status === "finalized";
  }, ms);
