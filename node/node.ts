import type { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { bytesToHex, equalsBytes } from "@ethereumjs/util";
import type { Logger } from "pino";
import { Batcher } from "./batcher/batcher.js";
import { ProvingLoop } from "./batcher/proving.js";
import type { NodeConfig } from "./config.js";
import { createL2Common } from "./execution/common.js";
import { Executor } from "./execution/executor.js";
import { SmtWorldState, type WorldState } from "./execution/world-state.js";
import { checkAgainstState, decodeAndCheck } from "./mempool/admission.js";
import { TxRejectedError } from "./mempool/errors.js";
import { Mempool } from "./mempool/pool.js";
import { type RpcServer, startRpcServer } from "./rpc/server.js";
import { openProofQueue, ProverService } from "./prover/index.js";
import { NodeMetrics } from "./status/metrics.js";
import { statusPage } from "./status/page.js";
import { Sequencer } from "./sequencer/sequencer.js";
import { BatchStore } from "./store/batch-store.js";
import { ChainStore, StoreCorruptError } from "./store/chain-store.js";
import type { KvStore } from "./store/kv.js";
import { MemoryKv } from "./store/kv.js";
import { LevelKv } from "./store/level-kv.js";
import { isBridgeSender } from "./l1/bridge.js";
import { batchCapacityCheck, batchCircuitRef, batchParams, chainCircuitArgs, DEVNET_BATCH_CAPACITY } from "./prover/batch-circuit.js";
import { batchCircuitJudge } from "./sequencer/provability.js";
import { chainBatchSource } from "./prover/source.js";

/** Block selector used by the RPC layer: a tag, a number or a hash. */
export type BlockSelector = { tag: "latest" | "pending" | "earliest" | "safe" | "finalized" } | { number: bigint } | { hash: Uint8Array };

/**
 * One running L2 node: store, state, executor, mempool, sequencer and the JSON-RPC server, wired together.
 * `start` resumes from the store when it holds a chain (state included) and writes the genesis otherwise.
 */
export class L2Node {
  private rpc: RpcServer | undefined;
  /** Services attached after start (the L1 client): stopped, newest first, before the node itself. */
  private readonly services: { stop(): Promise<void> }[] = [];

  private constructor(
    readonly config: NodeConfig,
    readonly common: Common,
    private readonly kv: KvStore,
    readonly store: ChainStore,
    readonly state: WorldState,
    readonly executor: Executor,
    readonly mempool: Mempool,
    readonly sequencer: Sequencer,
    readonly batcher: Batcher,
    readonly proving: ProvingLoop,
    /** The prover service (undefined only when config.prover replaces it). */
    readonly proverService: ProverService | undefined,
    readonly metrics: NodeMetrics,
    readonly log: Logger,
  ) {}

  static async start(config: NodeConfig, log: Logger): Promise<L2Node> {
    const common = createL2Common(config.genesis.chainId);
    const kv = config.dataDir === undefined ? new MemoryKv() : await LevelKv.open(config.dataDir);
    const store = new ChainStore(kv, common);
    const state = await SmtWorldState.open(kv);
    const executor = await Executor.create(common, state, (n) => store.blockHashByNumber(n));
    let head: Block;
    const headNumber = await store.headNumber();
    if (headNumber === undefined) {
      head = await executor.genesisBlock(config.genesis);
      await store.putBlock(head, [], await state.commitOps(0n));
      state.committed(0n);
      log.info({ chainId: Number(config.genesis.chainId), hash: bytesToHex(head.hash()) }, "genesis written");
    } else {
      const stored = await store.blockByNumber(headNumber);
      if (stored === undefined) throw new Error(`store head ${headNumber} has no block`);
      head = stored;
      if (state.committedBlock !== headNumber || !equalsBytes(await state.stateRoot(), head.header.stateRoot)) {
        throw new StoreCorruptError("the state tree does not match the head block", { head: headNumber, stateBlock: state.committedBlock });
      }
      log.info({ number: Number(headNumber), hash: bytesToHex(head.hash()) }, "resumed from the store");
    }
    const mempool = new Mempool(config.pool);
    const coinbase = config.coinbase ?? config.genesis.coinbase;
    // skipping judges against the batch circuit this chain's batches are proven with, whether this node proves them
    // (its worker pool, a queue) or not (--no-prove)
    const circuitParams = batchParams(chainCircuitArgs(config.genesis.chainId, config.genesis.gasLimit));
    const judge = config.unprovableTxs === "skip" ? batchCircuitJudge(DEVNET_BATCH_CAPACITY, circuitParams) : undefined;
    // proving, a block holds one tx: the batcher then fills a batch's tx slots with whole blocks as far as the
    // circuit's budgets allow (batchCapacityCheck), and a tx the circuit cannot take spoils only its own batch
    const maxTxs = config.maxBlockTxs ?? (config.proving.batchCircuit ? 1 : undefined);
    const sequencer = new Sequencer(head, executor, state, store, mempool, { blockTime: config.blockTime, coinbase, maxTxs, judge, skipEmptyBlocks: config.proving.batchCircuit }, log);
    // The prover service runs over the node's store, resuming the jobs a restart interrupted. With the batch
    // circuit registered it proves the batches that circuit covers from their re-executed blocks and the state
    // before them; without it (or outside it) a batch is committed and recorded unprovable with the reason.
    let proverService: ProverService | undefined;
    if (config.prover === undefined) {
      const circuits = [
        ...(config.proving.batchCircuit ? [batchCircuitRef(chainCircuitArgs(config.genesis.chainId, config.genesis.gasLimit))] : []),
        ...(config.proving.testCircuits ?? []),
      ];
      try {
        const queue = await openProofQueue({ queue: config.proving.queue, queueName: config.proving.queueName, workers: config.proving.workers }, log);
        proverService = await ProverService.start({ kv, circuits, queue, maxAttempts: config.proving.maxAttempts, log, source: chainBatchSource(store, executor, state) });
      } catch (error) {
        await kv.close();
        throw error;
      }
    }
    const prover = config.prover ?? proverService!;
    // A failed start (refused batch records, a port in use, …) closes what it opened, or LevelDB's lock and the
    // prover's threads or Redis connections would outlive it and a retry on the same data directory would fail.
    let node: L2Node | undefined;
    try {
      const batches = new BatchStore(kv);
      const fits = config.proving.batchCircuit ? batchCapacityCheck(DEVNET_BATCH_CAPACITY, circuitParams, chainBatchSource(store, executor, state)) : undefined;
      const batcher = new Batcher(store, batches, config.genesis.chainId, prover, config.batcher, () => sequencer.head.header.number, log, fits);
      const metrics = new NodeMetrics({ headNumber: () => sequencer.head.header.number, mempoolSize: () => mempool.size, batches, proverStats: async () => proverService?.stats() });
      const proving = new ProvingLoop(batches, prover, log, (_index, seconds) => metrics.provingSeconds.observe(seconds), config.proving.retry);
      await proving.recover();
      const genesisBlock = await store.blockByNumber(0n);
      if (genesisBlock === undefined) throw new Error("the store has no genesis block");
      await batcher.init(genesisBlock);
      void proving.wake(); // batches a restart left committed (their persisted jobs resumed above)
      sequencer.onBlock((block, outcome) => void batcher.onBlock(block, outcome));
      sequencer.onBlock((block) => {
        metrics.blocks.inc();
        metrics.txs.inc(block.transactions.length);
      });
      node = new L2Node(config, common, kv, store, state, executor, mempool, sequencer, batcher, proving, proverService, metrics, log);
      sequencer.start();
      batcher.start();
      node.rpc = await startRpcServer(node, log);
      return node;
    } catch (error) {
      try {
        if (node !== undefined) await node.stop();
        else {
          await proverService?.close();
          await kv.close();
        }
      } catch (cleanup) {
        log.error({ err: cleanup }, "cleanup after a failed start failed");
      }
      throw error;
    }
  }

  /** Base URL of the JSON-RPC server. */
  get url(): string {
    if (this.rpc === undefined) throw new Error("the RPC server is not running");
    return this.rpc.url;
  }

  get head(): Block {
    return this.sequencer.head;
  }

  async blockBy(selector: BlockSelector): Promise<Block | undefined> {
    if ("hash" in selector) return this.store.blockByHash(selector.hash);
    if ("number" in selector) return selector.number === this.head.header.number ? this.head : this.store.blockByNumber(selector.number);
    return selector.tag === "earliest" ? this.store.blockByNumber(0n) : this.head;
  }

  /**
   * Admits a signed transaction into the mempool (all checks, typed `TxRejectedError` on refusal) and returns
   * its hash. With automine it resolves once the transaction is in a block, as hardhat does, unless it waits
   * behind a nonce gap.
   */
  async sendRawTransaction(raw: Uint8Array): Promise<string> {
    return this.admit(raw, false);
  }

  /** Admits a bridge transaction delivering an L1 message (node/l1/bridge.ts); the public path refuses them. */
  async sendL1MessageTransaction(raw: Uint8Array): Promise<string> {
    return this.admit(raw, true);
  }

  /** The operator's HTML status page (node/status/page.ts), served at GET /status. */
  statusPage(): Promise<string> {
    return statusPage(this);
  }

  /** Starts stopping `service` with the node (the L1 client attaches this way once the node runs). */
  attach(service: { stop(): Promise<void> }): void {
    this.services.push(service);
  }

  private async admit(raw: Uint8Array, fromBridge: boolean): Promise<string> {
    const head = this.head;
    const decoded = decodeAndCheck(raw, {
      common: this.common,
      maxTxBytes: this.config.maxTxBytes,
      blockGasLimit: head.header.gasLimit,
      nextBaseFee: head.header.calcNextBaseFee(),
    });
    const hash = bytesToHex(decoded.tx.hash());
    if (isBridgeSender(decoded.sender) !== fromBridge) {
      throw new TxRejectedError("invalid-signature", fromBridge ? "not signed by the L2 bridge key" : "invalid sender: the L2 bridge account only sends L1 deposits", { hash });
    }
    if ((await this.store.txLocation(decoded.tx.hash())) !== undefined) throw new TxRejectedError("already-known", "already known", { hash });
    const account = await (await this.state.viewAt(head.header.number)).getAccount(decoded.sender);
    const stateNonce = account?.nonce ?? 0n;
    checkAgainstState(decoded, { nonce: stateNonce, balance: account?.balance ?? 0n });
    this.mempool.add(decoded);
    if (this.log.isLevelEnabled("debug")) this.log.debug({ hash, sender: decoded.sender.toString(), nonce: Number(decoded.tx.nonce) }, "transaction admitted");
    const executable = decoded.tx.nonce < this.mempool.pendingNonce(decoded.sender.toString(), stateNonce);
    const included = this.sequencer.automine && executable ? this.sequencer.waitForInclusion(hash) : undefined;
    this.sequencer.notify();
    await included;
    return hash;
  }

  /** Graceful shutdown: stop accepting requests, finish the block in progress, close the database. */
  async stop(): Promise<void> {
    await this.rpc?.close();
    for (const service of this.services.reverse()) await service.stop();
    await this.sequencer.stop();
    await this.batcher.stop();
    await this.proving.stop();
    await this.kv.close();
    this.log.info("node stopped");
  }
}
