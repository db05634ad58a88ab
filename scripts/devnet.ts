/**
 * One-command devnet: an L1 (Hardhat network in this process, JSON-RPC on :8545), the rollup contracts deployed on
 * it (ZkRollup behind the batch circuit's verifier, generated from the key the node makes at start and compiled
 * offline), and the L2 node (JSON-RPC on :8547, automine) wired to it: deposits on L1 arrive on L2, blocks are
 * sealed into batches, committed to L1, proven by the node's prover service (embedded pool, or --queue redis://…
 * for `npm run prover` processes) and finalized on L1. Batches outside the circuit (more txs than its slots,
 * opcodes without gadgets) are `unprovable` with the reason; deposits and withdrawals are proven. --no-prove skips
 * the keys and deploys a verifier that accepts nothing. Ctrl-C / SIGTERM stops everything.
 */
import type { Logger } from "pino";
import { configFromOptions, integer, main, nodeCommand, stopOnSignals, type NodeCliOptions } from "../node/cli.js";
import { DEV_ACCOUNTS } from "../node/execution/genesis.js";
import { BRIDGE_ADDRESS, WITHDRAW_ADDRESS, withBridgeReserve } from "../node/l1/bridge.js";
import { L1Client } from "../node/l1/client.js";
import { DEFAULT_L1_SERVICE_OPTIONS, L1Service } from "../node/l1/service.js";
import { createLogger } from "../node/log.js";
import { L2Node } from "../node/node.js";
import { batchVerifierFile, compileVerifier, deployVerifier, type DeployContract } from "../circuits/solidity/index.js";
import { batchCircuitRef, batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from "../node/prover/batch-circuit.js";
import { deployRollup, DevL1, devL1Account, privateKeyOf, type DeployedVerifier, type RollupDeployment } from "./devnet-l1.js";

export interface DevnetOptions extends NodeCliOptions {
  l1Port: number;
  /** Seal a batch every this many L2 blocks … */
  batchBlocks: number;
  /** … or once its oldest block is this many seconds old. */
  batchSeconds: number;
}

export interface Devnet {
  l1: DevL1;
  node: L2Node;
  deployment: RollupDeployment;
  service: L1Service;
  stop(): Promise<void>;
}

/** Starts L1, deploys the rollup for the L2 genesis, starts the L2 node and its L1 service. */
export async function startDevnet(opts: DevnetOptions, log: Logger): Promise<Devnet> {
  const l1 = await DevL1.start({ host: opts.host, port: opts.l1Port });
  try {
    const base = configFromOptions({ ...opts, persist: false, inMemory: true });
    const config = { ...base, genesis: withBridgeReserve(base.genesis), batcher: { ...base.batcher, maxBlocks: opts.batchBlocks, maxAgeMs: opts.batchSeconds * 1000 } };
    const node = await L2Node.start(config, log);
    try {
      const genesis = (await node.batcher.batches.get(0))!;
      const deployment = await deployRollup(l1.url, config.genesis.chainId, genesis, config.proving.batchCircuit ? batchVerifier(node, log) : undefined);
      const client = await L1Client.connect({ rpcUrl: l1.url, rollup: deployment.rollup, sequencerKey: deployment.sequencerKey });
      const service = await L1Service.start(node, client, { ...DEFAULT_L1_SERVICE_OPTIONS, fromBlock: deployment.deployBlock }, log);
      return { l1, node, deployment, service, stop: async () => (await node.stop(), await l1.stop()) };
    } catch (error) {
      await node.stop();
      throw error;
    }
  } catch (error) {
    await l1.stop();
    throw error;
  }
}

/**
 * The batch circuit's verifier, generated from the verifying key the node made at start (so the chain and the node
 * can never disagree on the key), compiled with the pinned solcjs and deployed as its stage contracts.
 */
function batchVerifier(node: L2Node, log: Logger): (deploy: DeployContract) => Promise<DeployedVerifier> {
  const args = chainCircuitArgs(node.config.genesis.chainId, node.config.genesis.gasLimit);
  const vk = node.proverService?.verifyingKey(batchCircuitRef(args).id);
  if (vk === undefined) throw new Error("the node registered no batch circuit, so there is no verifying key to make the verifier from");
  const generated = batchVerifierFile(vk, DEVNET_BATCH_CAPACITY, batchParams(args));
  log.info({ contracts: generated.units.length }, "compiling the batch verifier (solcjs)");
  const compiled = compileVerifier(generated);
  return async (deploy) => ({ address: await deployVerifier(generated, compiled, deploy), vkDigest: vk.digest });
}

/** Where the devnet's proofs are made. */
const proverLine = (node: L2Node): string => {
  const { queue, queueName, workers } = node.config.proving;
  return queue === undefined
    ? `embedded worker-thread pool (${workers} thread(s)); --queue redis://… to prove on prover processes`
    : `BullMQ queue "${queueName}" on ${queue}: start provers with npm run prover -- --queue ${queue} --queue-name ${queueName}`;
};

/** What the devnet prints once it is up. */
export function banner(devnet: Devnet, opts: DevnetOptions): string {
  const { l1, node, deployment } = devnet;
  const keys = [0, 1, 2].map((i) => `    #${i} ${DEV_ACCOUNTS[i]}  key ${privateKeyOf(devL1Account(i))}`);
  return [
    "",
    "zkevm-ts devnet",
    `  L1 (Hardhat)   ${l1.url}   chainId 31337`,
    `  L2 (zkevm-ts)  ${node.url}   chainId ${node.config.genesis.chainId}   in memory`,
    `  L1 contracts   ZkRollup ${deployment.rollup}`,
    node.config.proving.batchCircuit
      ? `                 verifier ${deployment.verifier} (BatchVerifier generated from the node's key; INSECURE dev SRS)`
      : `                 verifier ${deployment.verifier} (NoBatchCircuitVerifier, --no-prove: accepts no proof)`,
    `  L1 roles       owner ${deployment.owner} (#18), sequencer ${deployment.sequencer} (#19)`,
    `  prover         ${proverLine(node)}`,
    node.config.proving.batchCircuit
      ? `  batches        every ${opts.batchBlocks} L2 blocks or ${opts.batchSeconds} s (≤ ${DEVNET_BATCH_CAPACITY.txs} txs), committed, proven (minutes each), finalized on L1`
      : `  batches        every ${opts.batchBlocks} L2 blocks or ${opts.batchSeconds} s, committed to L1; "unprovable" (--no-prove): never finalized`,
    node.config.unprovableTxs === "skip"
      ? `  unprovable txs skipped by the sequencer (--unprovable-txs skip; rollup_getTransactionStatus gives the reason)`
      : `  unprovable txs included like any valid tx: their batch is "unprovable" with the reason, never finalized (--unprovable-txs skip leaves them out)`,
    `  deposits       ZkRollup.depositETH(to) on L1 → ETH minted to \`to\` on L2 (from the bridge ${BRIDGE_ADDRESS.toString()})`,
    `  withdrawals    send ETH on L2 to ${WITHDRAW_ADDRESS.toString()} → in the batch's withdraw root (claimable once finalized)`,
    `  status page    ${node.url}/status (head, batches with reasons, prover workers, queue depth; Prometheus at /metrics)`,
    `  inspect        rollup_batchCount, rollup_getBatch(index), rollup_getBatchProof(index) on the L2 URL`,
    "",
    '  funded on L1 and L2 (10,000 ETH each): the 20 accounts of the "test test … junk" mnemonic (public keys: dev only), e.g.',
    ...keys,
    "",
  ].join("\n");
}

export const devnetCommand = () =>
  nodeCommand("devnet", "zkEVM devnet: Hardhat L1 + rollup contracts + L2 node with batcher and L1 client, in one process", { dataDir: ".data/devnet/l2", inMemory: true })
    .option("--l1-port <port>", "L1 JSON-RPC port (Hardhat network)", integer("--l1-port", 0), 8545)
    .option("--batch-blocks <n>", "seal a batch every n L2 blocks", integer("--batch-blocks", 1), 10)
    .option("--batch-seconds <s>", "seal a batch once its oldest block is s seconds old (0 = by block count only)", integer("--batch-seconds", 0), 5);

if (require.main === module) {
  main(
    devnetCommand().action(async (opts: DevnetOptions & { persist?: boolean }) => {
      if (opts.persist === true) throw new Error("--persist is not supported by the devnet: its L1 lives in memory, so the L2 must too");
      const log = createLogger(opts.logLevel as "info");
      const devnet = await startDevnet(opts, log);
      stopOnSignals(() => devnet.stop(), log);
      console.log(banner(devnet, opts));
    }),
  );
}

