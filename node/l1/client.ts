/**
 * A typed viem client for ZkRollup on L1: reads, the sequencer's two writes (commitBatch, finalizeBatch) and the
 * L1 message log. HTTP with no transport-level retries: the L1 service owns retrying (with backoff), so an L1
 * outage surfaces as one error per attempt instead of a stall.
 */
import {
  bytesToHex,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  parseEventLogs,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Chain,
  type Account,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { BatchRecord } from "../batcher/batch.js";
import type { L1MessageRecord } from "../store/batch-store.js";
import { ZK_ROLLUP_ABI } from "./abi.js";

export interface L1ClientConfig {
  /** HTTP JSON-RPC URL of the L1 node. */
  rpcUrl: string;
  /** ZkRollup's address on L1. */
  rollup: Hex;
  /** Private key of the account ZkRollup knows as its sequencer. */
  sequencerKey: Hex;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** An L1 transaction that was mined but reverted, or whose effect differs from what the node expected. */
/** EIP-7825 (Osaka): no transaction may have a gas limit above 2^24. */
export const TX_GAS_CAP = 1n << 24n;

export class L1TransactionError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, unknown>,
  ) {
    super(`${message} (${JSON.stringify(context, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))})`);
    this.name = "L1TransactionError";
  }
}

/** What ZkRollup stores per batch (getBatch). */
export interface L1Batch {
  batchHash: Hex;
  newStateRoot: Hex;
  l1MessagesHash: Hex;
  l1MessageStart: bigint;
  numL1Messages: bigint;
}

/** The owner's revertBatch removed this batch from L1 (one BatchReverted event). */
export interface L1BatchRevert {
  index: number;
  batchHash: Hex;
  l1TxHash: Hex;
  l1BlockNumber: bigint;
}

/** A mined L1 transaction and the gas it used (what the operator pays per batch). */
export interface L1Tx {
  hash: Hex;
  gasUsed: bigint;
}

export class L1Client {
  private constructor(
    readonly config: L1ClientConfig,
    private readonly publicClient: PublicClient<Transport, Chain>,
    private readonly wallet: WalletClient<Transport, Chain, Account>,
  ) {}

  /** Connects (one eth_chainId round trip) and builds the clients for that chain. */
  static async connect(config: L1ClientConfig): Promise<L1Client> {
    const transport = http(config.rpcUrl, { retryCount: 0, timeout: config.timeoutMs ?? 10_000 });
    const probe = createPublicClient({ transport });
    const chain = defineChain({
      id: await probe.getChainId(),
      name: "L1",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [config.rpcUrl] } },
    });
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 });
    const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(config.sequencerKey) });
    return new L1Client(config, publicClient, wallet);
  }

  get chainId(): number {
    return this.publicClient.chain.id;
  }

  blockNumber(): Promise<bigint> {
    return this.publicClient.getBlockNumber({ cacheTime: 0 });
  }

  private read<T>(functionName: "lastCommittedBatch" | "lastFinalizedBatch" | "chainId" | "vkDigest"): Promise<T> {
    return this.publicClient.readContract({ address: this.config.rollup, abi: ZK_ROLLUP_ABI, functionName }) as Promise<T>;
  }

  lastCommittedBatch(): Promise<bigint> {
    return this.read("lastCommittedBatch");
  }

  lastFinalizedBatch(): Promise<bigint> {
    return this.read("lastFinalizedBatch");
  }

  l2ChainId(): Promise<bigint> {
    return this.read("chainId");
  }

  /** The digest of the verifying key ZkRollup's verifier checks proofs against. */
  vkDigest(): Promise<bigint> {
    return this.read("vkDigest");
  }

  async getBatch(index: number): Promise<L1Batch> {
    return this.publicClient.readContract({ address: this.config.rollup, abi: ZK_ROLLUP_ABI, functionName: "getBatch", args: [BigInt(index)] });
  }

  /** Sends commitBatch, waits for it to be mined, and checks the emitted batch hash equals the node's. */
  async commitBatch(batch: BatchRecord): Promise<L1Tx> {
    const hash = await this.wallet.writeContract({
      address: this.config.rollup,
      abi: ZK_ROLLUP_ABI,
      functionName: "commitBatch",
      args: [
        {
          batchIndex: BigInt(batch.index),
          parentBatchHash: batch.parentBatchHash,
          prevStateRoot: batch.prevStateRoot,
          newStateRoot: batch.newStateRoot,
          txDataHash: batch.txDataHash,
          blockContextHash: batch.blockContextHash,
          withdrawRoot: batch.withdrawRoot,
          numL1Messages: BigInt(batch.numL1Messages),
          lastBlock: batch.lastBlockSummary,
        },
      ],
    });
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new L1TransactionError("commitBatch reverted", { batch: batch.index, tx: hash });
    const [event] = parseEventLogs({ abi: ZK_ROLLUP_ABI, eventName: "BatchCommitted", logs: receipt.logs });
    if (event?.args.batchHash !== batch.batchHash) {
      throw new L1TransactionError("L1 computed another batch hash than the node", { batch: batch.index, node: batch.batchHash, l1: event?.args.batchHash, tx: hash });
    }
    return { hash, gasUsed: receipt.gasUsed };
  }

  /** The transaction that committed batch `index` (from its BatchCommitted event), if any, with its gas. */
  async commitTxOf(index: number, fromBlock: bigint): Promise<L1Tx | undefined> {
    const logs = await this.publicClient.getContractEvents({
      address: this.config.rollup,
      abi: ZK_ROLLUP_ABI,
      eventName: "BatchCommitted",
      args: { batchIndex: BigInt(index) },
      fromBlock,
    });
    const hash = logs.at(-1)?.transactionHash;
    if (hash === undefined || hash === null) return undefined;
    return { hash, gasUsed: (await this.publicClient.getTransactionReceipt({ hash })).gasUsed };
  }

  /**
   * Sent with the EIP-7825 transaction gas cap as its limit (what is not used is not paid): verifying a batch proof
   * takes ~13M gas, and an L1 whose block gas limit is above the cap (Hardhat's 60M) answers eth_estimateGas with an
   * error once its search tries a limit over the cap. A call at the cap first refuses a proof the verifier rejects
   * without spending gas.
   */
  async finalizeBatch(index: number, proof: Uint8Array): Promise<L1Tx> {
    const request = { address: this.config.rollup, abi: ZK_ROLLUP_ABI, functionName: "finalizeBatch", args: [BigInt(index), bytesToHex(proof)], gas: TX_GAS_CAP } as const;
    await this.publicClient.simulateContract({ ...request, account: this.wallet.account });
    const hash = await this.wallet.writeContract(request);
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new L1TransactionError("finalizeBatch reverted", { batch: index, tx: hash });
    return { hash, gasUsed: receipt.gasUsed };
  }

  /** Batches reverted on L1 in blocks fromBlock…toBlock, in log order (one revertBatch lists the newest first). */
  async batchReverts(fromBlock: bigint, toBlock: bigint): Promise<L1BatchRevert[]> {
    const logs = await this.publicClient.getContractEvents({ address: this.config.rollup, abi: ZK_ROLLUP_ABI, eventName: "BatchReverted", fromBlock, toBlock });
    return logs.map((log) => ({ index: Number(log.args.batchIndex!), batchHash: log.args.batchHash!, l1TxHash: log.transactionHash, l1BlockNumber: log.blockNumber }));
  }

  /** L1 messages queued in blocks fromBlock…toBlock, in queue order. */
  async l1Messages(fromBlock: bigint, toBlock: bigint): Promise<L1MessageRecord[]> {
    const logs = await this.publicClient.getContractEvents({ address: this.config.rollup, abi: ZK_ROLLUP_ABI, eventName: "L1MessageQueued", fromBlock, toBlock });
    return logs.map((log) => ({
      nonce: log.args.nonce!.toString(),
      sender: log.args.sender!,
      to: log.args.to!,
      value: log.args.value!.toString(),
      messageHash: log.args.messageHash!,
      l1BlockNumber: log.blockNumber.toString(),
      l1TxHash: log.transactionHash,
    }));
  }
}
