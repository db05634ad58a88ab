/**
 * The devnet's L1: a Hardhat network in this process behind Hardhat's own JSON-RPC server (what `hardhat node`
 * runs), and the deployment of the rollup contracts on it (compiled offline with the pinned solcjs). Used by
 * `npm run devnet` and by the L1 and e2e tests.
 */
import hre from "hardhat";
import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { EthereumProvider, JsonRpcServer } from "hardhat/types";
import { bytesToHex, createPublicClient, createWalletClient, http, type Abi, type Hex } from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import type { DeployContract } from "../circuits/solidity/index.js";

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** L1 roles: dev accounts 18 (owner, deployer) and 19 (sequencer), away from the accounts users play with. */
export const OWNER_INDEX = 18;
export const SEQUENCER_INDEX = 19;

export const devL1Account = (index: number): HDAccount => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
export const privateKeyOf = (account: HDAccount): Hex => bytesToHex(account.getHdKey().privateKey!);

/** A Hardhat network served over HTTP; `restart` closes and reopens the server on the same port (chain kept). */
export class DevL1 {
  private constructor(
    private server: JsonRpcServer,
    readonly provider: EthereumProvider,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(opts: { host?: string; port?: number } = {}): Promise<DevL1> {
    const host = opts.host ?? "127.0.0.1";
    const provider = await createProvider(hre.config, "hardhat", hre.artifacts);
    const server = await DevL1.listen(host, opts.port ?? 8545, provider);
    return new DevL1(server.server, provider, host, server.port);
  }

  private static async listen(hostname: string, port: number, provider: EthereumProvider): Promise<{ server: JsonRpcServer; port: number }> {
    const server = (await hre.run(TASK_NODE_CREATE_SERVER, { hostname, port, provider })) as JsonRpcServer;
    return { server, port: (await server.listen()).port };
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Stops serving (the chain stays in memory) until `resume`: an L1 outage as clients see it. */
  async pause(): Promise<void> {
    await this.server.close();
  }

  async resume(): Promise<void> {
    this.server = (await DevL1.listen(this.host, this.port, this.provider)).server;
  }

  async stop(): Promise<void> {
    await this.server.close();
  }
}

/** A public client and a wallet for `account` on the L1 at `url` (one chain-id round trip). */
export async function l1Clients(url: string, account: HDAccount) {
  const transport = http(url, { retryCount: 0 });
  const publicClient = createPublicClient({ transport, pollingInterval: 50 });
  const chain = { id: await publicClient.getChainId(), name: "L1", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [url] } } };
  return { publicClient, wallet: createWalletClient({ account, chain, transport }) };
}

export interface RollupDeployment {
  rollup: Hex;
  verifier: Hex;
  /** L1 block of the rollup's deployment: where the L1 message scan starts. */
  deployBlock: bigint;
  owner: Hex;
  sequencer: Hex;
  sequencerKey: Hex;
}

/** A verifier already deployed on the L1, and the digest of the verifying key it checks proofs against. */
export interface DeployedVerifier {
  address: Hex;
  vkDigest: bigint;
}

/**
 * Compiles (cached after the first run) and deploys ZkRollup for the L2 chain `l2ChainId` whose genesis batch (the
 * node's batch 0) is `genesis` (its state root and its block's summary), behind `verifier` (the batch circuit's), or behind a NoBatchCircuitVerifier, which accepts
 * no proof, when there is none.
 */
export async function deployRollup(l1Url: string, l2ChainId: bigint, genesis: { newStateRoot: Hex; lastBlockSummary: Hex }, withVerifier?: (deploy: DeployContract) => Promise<DeployedVerifier>): Promise<RollupDeployment> {
  await hre.run("compile", { quiet: true });
  const owner = devL1Account(OWNER_INDEX);
  const sequencer = devL1Account(SEQUENCER_INDEX);
  const { publicClient, wallet } = await l1Clients(l1Url, owner);
  const deployCode = async (name: string, code: { abi: unknown[]; bytecode: Hex }, args: readonly unknown[]): Promise<{ address: Hex; block: bigint }> => {
    const hash = await wallet.deployContract({ abi: code.abi as Abi, bytecode: code.bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || receipt.contractAddress == null) throw new Error(`deploying ${name} failed (tx ${hash})`);
    return { address: receipt.contractAddress, block: receipt.blockNumber };
  };
  const deploy = async (name: string, args: readonly unknown[]) => {
    const artifact = await hre.artifacts.readArtifact(name);
    return deployCode(name, { abi: artifact.abi as unknown[], bytecode: artifact.bytecode as Hex }, args);
  };
  const verifier = withVerifier === undefined
    ? { ...(await deploy("NoBatchCircuitVerifier", [])), vkDigest: 0n }
    : await withVerifier(async (name, code, args) => (await deployCode(name, code, args)).address);
  const rollup = await deploy("ZkRollup", [owner.address, sequencer.address, verifier.address, verifier.vkDigest, l2ChainId, genesis.newStateRoot, genesis.lastBlockSummary]);
  return { rollup: rollup.address, verifier: verifier.address, deployBlock: rollup.block, owner: owner.address, sequencer: sequencer.address, sequencerKey: privateKeyOf(sequencer) };
}
