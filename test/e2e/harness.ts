/** What the e2e tests share: the devnet as `npm run devnet` starts it (in process, free ports), its rollup_ RPC and batches. */
import hre from "hardhat";
import { createPublicClient, createWalletClient, defineChain, http, type Hex, type PublicClient, type TransactionReceipt } from "viem";
import { ZK_ROLLUP_ABI } from "../../node/l1/abi.js";
import { createLogger } from "../../node/log.js";
import { startDevnet, type Devnet } from "../../scripts/devnet.js";
import { until } from "../node/l1/harness.js";
import { devAccount } from "../node/helpers.js";

/**
 * The devnet with automine and `batchBlocks` blocks (default one) per batch; `prove`: the batch circuit registered and
 * its verifier behind ZkRollup.
 */
export const startTestDevnet = (prove: boolean, batchBlocks = 1): Promise<Devnet> =>
  startDevnet(
    { port: 0, l1Port: 0, host: "127.0.0.1", blockTime: 0, batchBlocks, batchSeconds: 0, dataDir: "", inMemory: true, logLevel: "silent", prove, unprovableTxs: "skip" },
    createLogger("silent"),
  );

/**
 * A SLOW suite (run with SLOW=1, else skipped) over one proving devnet, started before its tests and stopped after:
 * `body` declares the tests, reading the devnet through `devnet()`.
 */
export function provingDevnetSuite(title: string, body: (devnet: () => Devnet) => void): void {
  (process.env.SLOW ? describe : describe.skip)(title, function () {
    this.timeout(60 * 60_000);
    let devnet: Devnet | undefined;
    before(async () => { devnet = await startTestDevnet(true); });
    after(() => devnet?.stop());
    body(() => devnet!);
  });
}

/** The L2 chain for viem clients. */
export const l2Chain = (devnet: Devnet) =>
  defineChain({ id: 31338, name: "L2", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [devnet.node.url] } } });

/**
 * The test contract `name` (contracts/test) deployed on L2 by dev account `account`: viem's L2 client, the deployer's
 * wallet, the contract's address and ABI.
 */
export async function deployedOnL2(devnet: Devnet, account: number, name: string) {
  const chain = l2Chain(devnet);
  const l2 = createPublicClient({ chain, transport: http(devnet.node.url), pollingInterval: 50 });
  const wallet = createWalletClient({ chain, account: devAccount(account), transport: http(devnet.node.url) });
  const { abi, bytecode } = await hre.artifacts.readArtifact(name);
  const deployed = await successReceipt(devnet, l2, await wallet.deployContract({ abi, bytecode: bytecode as Hex }));
  return { l2, wallet, address: deployed.contractAddress!, abi };
}

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

/** `batchOf` waiting for finalization; an unprovable batch fails the test with its reason and the ops it lacks. */
export async function finalizedBatchOf(devnet: Devnet, block: bigint, after: number, ms: number) {
  let unprovable: number | undefined;
  try {
    return await batchOf(devnet, block, after, (status, i) => {
      if (status === "unprovable") throw new Error(`batch ${(unprovable = i)} unprovable`);
      return status === "finalized";
    }, ms);
  } catch (error) {
    if (unprovable === undefined) throw error;
    const b = await rollupRpc(devnet, "rollup_getBatch", [`0x${unprovable.toString(16)}`]);
    throw new Error(`batch ${unprovable} unprovable: ${b?.reason} (unsupportedOps: ${JSON.stringify(b?.unsupportedOps)})`);
  }
}

/**
 * The receipt of L2 tx `hash`, which must succeed; a tx the sequencer leaves out (`unprovableTxs: "skip"`: the batch
 * circuit cannot prove it) fails the test with its reason.
 */
export async function successReceipt(devnet: Devnet, l2: PublicClient, hash: Hex): Promise<TransactionReceipt> {
  const status = await until(`tx ${hash} included or skipped`, async () => {
    const s = await rollupRpc(devnet, "rollup_getTransactionStatus", [hash]);
    return s?.status === "included" || s?.status === "skipped" ? s : undefined;
  }, 60_000);
  if (status.status === "skipped") throw new Error(`tx ${hash} skipped by the sequencer: ${status.reason}`);
  const receipt = await l2.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`tx ${hash} reverted`);
  return receipt;
}

/** L1 finalized batch `index` with `batch`'s new state root, which is the node's after its last block. */
export async function expectFinalizedOnL1(devnet: Devnet, { index, batch }: { index: number; batch: any }): Promise<void> {
  const l1 = createPublicClient({ transport: http(devnet.l1.url) });
  const last = Number(await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "lastFinalizedBatch" }));
  if (last < index) throw new Error(`L1's last finalized batch is ${last}, not ${index} or later`);
  const onL1 = await l1.readContract({ address: devnet.deployment.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [BigInt(index)] });
  const node = await rollupRpc(devnet, "rollup_getStateRoot", [`0x${BigInt(batch.blocks.last).toString(16)}`]);
  if (onL1.newStateRoot !== batch.roots.newStateRoot || onL1.newStateRoot !== node) throw new Error(`batch ${index}: L1's state root ${onL1.newStateRoot}, the batch's ${batch.roots.newStateRoot}, the node's ${node}`);
}
