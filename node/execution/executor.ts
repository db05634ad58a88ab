import { type Block, createBlock, type HeaderData } from "@ethereumjs/block";
import type { Common, StateManagerInterface } from "@ethereumjs/common";
import type { EVMMockBlockchainInterface, EVMResult } from "@ethereumjs/evm";
import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { type Address, bigIntToBytes, bytesToUnprefixedHex, createZeroAddress, setLengthLeft } from "@ethereumjs/util";
import { createVM, runTx, type RunTxResult, type VM } from "@ethereumjs/vm";
import type { BlockTrace, BytecodeTrace } from "../../circuits/witness/trace.js";
import { assembleBlock } from "./block-assembly.js";
import type { Genesis } from "./genesis.js";
import { buildBlockTrace, coverageOf, type TracedTx, txTraces } from "./trace-builder.js";
import { senderOf } from "./sender.js";
import { ExecutionTracer, isPrecompile, type TxExecutionTrace } from "./tracer.js";
import type { WorldState } from "./world-state.js";

/** Looks up the hash of a block by number (for BLOCKHASH); undefined when unknown. */
export type BlockHashLookup = (number: bigint) => Promise<Uint8Array | undefined>;

/** A transaction that made it into a block, with its execution result (and trace, when it was traced). */
export interface IncludedTx {
  tx: TypedTransaction;
  result: RunTxResult;
  trace?: TxExecutionTrace;
}

/**
 * Judges one executed tx alone before it goes into the block (`context`: the block it runs in, body empty):
 * a reason leaves it out, undefined keeps it (node/sequencer/provability.ts: what the batch circuit cannot prove).
 */
export type TxJudge = (context: Block, tx: TracedTx, bytecodes: readonly BytecodeTrace[]) => string | undefined;

export interface BuildOptions {
  /** Trace every tx and return the block's full trace; otherwise only the txs whose coverage needs it (`needsTrace`). */
  traceAll?: boolean;
  /**
   * Asked about each `judged` tx once it ran, with its trace; a refused one is rolled back. A call without calldata
   * of an account without code, with no access list, runs no code and is not traced, so not asked about.
   */
  judge?: TxJudge;
  /** Whether `judge` is asked about `tx` (default all): the L1 deposits are never left out. */
  judged?: (tx: TypedTransaction) => boolean;
}

export interface BuiltBlock {
  block: Block;
  included: IncludedTx[];
  /** Transactions the EVM refused (nonce, balance, …): they must leave the mempool. */
  rejected: { tx: TypedTransaction; error: Error }[];
  /**
   * Transactions left for a later block: the block's gas was used up, or an earlier tx of the same sender was
   * skipped (they wait behind its nonce).
   */
  deferred: TypedTransaction[];
  /** Transactions `judge` refused, with its reason: executed, then rolled back out of the block. */
  skipped: { tx: TypedTransaction; reason: string }[];
  /** What the EVM circuit does not cover in the block's execution (circuits/evm/coverage.ts), deduplicated. */
  unsupported: string[];
  /** The full block trace, when `buildBlock` was asked to trace every tx. */
  trace?: BlockTrace;
}

/** Fields of an eth_call / eth_estimateGas request, already validated and decoded. */
export interface CallRequest {
  from?: Address;
  to?: Address;
  data: Uint8Array;
  value: bigint;
  gas?: bigint;
  gasPrice?: bigint;
}

/**
 * Executes blocks and calls with @ethereumjs/vm (Cancun rules of `common`) against the `WorldState` seam. Block
 * execution can be traced (opcodes, memory, storage, accounts, calls, keccak, precompiles) into a `BlockTrace`;
 * a block being sequenced traces only the txs that run EVM code, for its coverage (`BuiltBlock.unsupported`):
 * the batch prover makes the full traces again from the stored block (`traceBlock`).
 */
export class Executor {
  private constructor(
    readonly common: Common,
    private readonly state: WorldState,
    private readonly vm: VM,
    private readonly tracer: ExecutionTracer,
    private readonly blockchain: EVMMockBlockchainInterface,
  ) {}

  static async create(common: Common, state: WorldState, blockHash: BlockHashLookup): Promise<Executor> {
    const tracer = new ExecutionTracer();
    const blockchain = hashOnlyBlockchain(blockHash);
    const vm = await createVM({
      common,
      stateManager: tracer.recordingStateManager(state.stateManager),
      blockchain,
      setHardfork: false,
    });
    tracer.attach(vm);
    return new Executor(common, state, vm, tracer, blockchain);
  }

  /** Writes the genesis allocation into the (empty) state and returns the genesis block (number 0). */
  async genesisBlock(genesis: Genesis): Promise<Block> {
    await writeGenesisState(this.state.stateManager, genesis);
    return createBlock(
      {
        header: {
          number: 0n,
          gasLimit: genesis.gasLimit,
          timestamp: genesis.timestamp,
          baseFeePerGas: genesis.baseFeePerGas,
          coinbase: genesis.coinbase,
          extraData: genesis.extraData,
          stateRoot: await this.state.stateRoot(),
        },
      },
      { common: this.common, setHardfork: false },
    );
  }

  /**
   * Builds and executes the block after `parent` from `txs` (in the given order). Transactions that would exceed
   * the block gas limit are deferred; transactions the EVM refuses are reported as rejected; transactions `judge`
   * refuses are rolled back (a checkpoint per tx) and reported as skipped, and their senders' later txs deferred.
   */
  async buildBlock(parent: Block, txs: TypedTransaction[], header: { timestamp: bigint; coinbase: Address }, options: BuildOptions = {}): Promise<BuiltBlock> {
    const { traceAll = false, judge, judged = () => true } = options;
    const stateRootBefore = parent.header.stateRoot;
    this.tracer.beginBlock();
    // The L2 has no beacon chain: parentBeaconBlockRoot stays zero and no EIP-4788 system call is made.
    const headerData: HeaderData = {
      parentHash: parent.hash(),
      number: parent.header.number + 1n,
      gasLimit: parent.header.gasLimit,
      timestamp: header.timestamp,
      coinbase: header.coinbase,
      baseFeePerGas: parent.header.calcNextBaseFee(),
      excessBlobGas: parent.header.calcNextExcessBlobGas(this.common),
    };
    // The block context every tx runs in (number, time, coinbase, base fee, gas limit); its body stays empty.
    const context = createBlock({ header: headerData }, { common: this.common, setHardfork: false });
    const included: IncludedTx[] = [];
    const rejected: BuiltBlock["rejected"] = [];
    const deferred: TypedTransaction[] = [];
    const skipped: BuiltBlock["skipped"] = [];
    /** Senders with a skipped tx in this block: their later nonces cannot run until it is replaced. */
    const gapped = new Set<string>();
    const journal = this.vm.evm.journal;
    let gasUsed = 0n;
    await journal.checkpoint();
    try {
      for (const tx of txs) {
        if (tx.gasLimit > parent.header.gasLimit - gasUsed || (gapped.size > 0 && gapped.has(senderOf(tx).toString()))) {
          deferred.push(tx);
          continue;
        }
        const judging = judge !== undefined && judged(tx);
        // a judged tx with calldata is traced too (its data sizes the tx circuit's RLP rows and keccak inputs): what
        // stays untraced is a call without data of an account without code, a fixed small use of every budget
        const traced = traceAll || (judging && tx.data.length > 0) || (await this.needsTrace(tx));
        if (traced) this.tracer.beginTx();
        const codesBefore = this.tracer.bytecodes.size;
        if (judging) await journal.checkpoint();
        let result: RunTxResult;
        try {
          result = await runTx(this.vm, { tx, block: context, blockGasUsed: gasUsed, skipHardForkValidation: true });
        } catch (error) {
          if (traced) this.tracer.endTx();
          if (judging) await journal.revert();
          rejected.push({ tx, error: error instanceof Error ? error : new Error(String(error)) });
          continue;
        }
        const trace = traced ? this.tracer.endTx() : undefined;
        const reason = judging && trace !== undefined ? judge(context, { tx, result, trace }, [...this.tracer.bytecodes.values()]) : undefined;
        if (reason !== undefined) {
          await journal.revert();
          // the codes only this tx ran leave the block's trace with it
          for (const hash of [...this.tracer.bytecodes.keys()].slice(codesBefore)) this.tracer.bytecodes.delete(hash);
          skipped.push({ tx, reason });
          gapped.add(senderOf(tx).toString());
          continue;
        }
        if (judging) await journal.commit();
        gasUsed += result.blockGasSpent;
        included.push(trace !== undefined ? { tx, result, trace } : { tx, result });
      }
      await journal.commit();
    } catch (error) {
      await journal.revert();
      throw error;
    }
    const block = assembleBlock(this.common, headerData, included, await this.state.stateRoot());
    const traced = included.filter((i): i is TracedTx => i.trace !== undefined);
    if (traceAll) {
      const trace = buildBlockTrace(block, traced, stateRootBefore, [...this.tracer.bytecodes.values()]);
      return { block, included, rejected, deferred, skipped, unsupported: coverageOf(trace.txs), trace };
    }
    // an untraced tx ran no EVM code (needsTrace): it adds nothing to the coverage
    return { block, included, rejected, deferred, skipped, unsupported: coverageOf(txTraces(block, traced)) };
  }

  /**
   * Whether `tx` must be traced for the EVM circuit's coverage (circuits/evm/coverage.ts `unsupportedOps`), which
   * judges executed steps, call frames, precompile calls, and two tx-level features: a creation and a failure (an
   * EIP-2930 access list is proven). A call of an account without code that is no precompile executes no step,
   * opens only its own frame and cannot fail once included (the EVM refuses, before executing, a tx whose sender
   * cannot pay): its coverage is empty without a trace. Plain transfers, most of the traffic, are such calls.
   */
  private async needsTrace(tx: TypedTransaction): Promise<boolean> {
    if (tx.to === undefined || isPrecompile(tx.to)) return true;
    return (await this.state.stateManager.getAccount(tx.to))?.isContract() === true;
  }

  /**
   * Re-executes the stored `block` on the state after `parent` with a tracer of its own, for the batch prover: the
   * trace the sequencer made when it built the block is not kept (it can be large), so a batch's traces are made
   * again when it is proven. The head state is untouched; the binding witness checks the trace's roots against the
   * state trees, so a re-execution that diverged from the block cannot be proven.
   */
  async traceBlock(block: Block, parent: Block): Promise<BlockTrace> {
    const tracer = new ExecutionTracer();
    const vm = await createVM({
      common: this.common,
      stateManager: tracer.recordingStateManager(await this.state.viewAt(parent.header.number)),
      blockchain: this.blockchain,
      setHardfork: false,
    });
    tracer.attach(vm);
    tracer.beginBlock();
    const included: TracedTx[] = [];
    let gasUsed = 0n;
    for (const tx of block.transactions) {
      tracer.beginTx();
      const result = await runTx(vm, { tx, block, blockGasUsed: gasUsed, skipHardForkValidation: true });
      gasUsed += result.blockGasSpent;
      included.push({ tx, result, trace: tracer.endTx() });
    }
    if (gasUsed !== block.header.gasUsed) throw new RetraceError(block.header.number, `used ${gasUsed} gas, the block says ${block.header.gasUsed}`);
    return buildBlockTrace(block, included, parent.header.stateRoot, [...tracer.bytecodes.values()]);
  }

  /** A VM over an independent view of the state after `at` (writes are discarded). */
  private async vmAt(at: Block): Promise<VM> {
    return createVM({
      common: this.common,
      stateManager: await this.state.viewAt(at.header.number),
      blockchain: this.blockchain,
      setHardfork: false,
    });
  }

  private static async run(vm: VM, request: CallRequest, at: Block, gasLimit: bigint): Promise<EVMResult> {
    const caller = request.from ?? createZeroAddress();
    // Fresh per-tx EVM context as runTx sets it up: EIP-2929 warm set (precompiles, caller, callee, coinbase per
    // EIP-3651) and no original-storage values left from an earlier run (EIP-2200).
    const journal = vm.evm.journal;
    await journal.cleanup();
    (vm.stateManager as { originalStorageCache?: { clear(): void } }).originalStorageCache?.clear();
    for (const [precompile] of vm.evm.precompiles) journal.addAlwaysWarmAddress(precompile);
    for (const warm of [caller, request.to, at.header.coinbase]) if (warm !== undefined) journal.addAlwaysWarmAddress(bytesToUnprefixedHex(warm.bytes));
    await vm.stateManager.checkpoint();
    try {
      return await vm.evm.runCall({
        block: at,
        caller,
        origin: caller,
        to: request.to,
        data: request.data,
        value: request.value,
        gasLimit,
        gasPrice: request.gasPrice ?? 0n,
      });
    } finally {
      await vm.stateManager.revert();
    }
  }

  /** eth_call: runs the message on the state after `at` with `at` as block context. */
  async call(request: CallRequest, at: Block): Promise<EVMResult> {
    const vm = await this.vmAt(at);
    return Executor.run(vm, request, at, request.gas ?? at.header.gasLimit);
  }

  /**
   * eth_estimateGas: the lowest gas limit (intrinsic gas included) with which the message succeeds, by binary
   * search. Throws the failing result when it fails even with the cap (request.gas or the block gas limit).
   */
  async estimateGas(request: CallRequest, at: Block): Promise<{ gas: bigint } | { failure: EVMResult }> {
    const intrinsic = createTx({ to: request.to, data: request.data, value: request.value, gasLimit: at.header.gasLimit }, { common: this.common }).getIntrinsicGas();
    const cap = request.gas ?? at.header.gasLimit;
    const vm = await this.vmAt(at);
    const succeeds = async (gas: bigint): Promise<EVMResult | undefined> => {
      if (gas < intrinsic) return undefined;
      const result = await Executor.run(vm, request, at, gas - intrinsic);
      return result.execResult.exceptionError === undefined ? result : undefined;
    };
    const atCap = await Executor.run(vm, request, at, cap - intrinsic);
    if (atCap.execResult.exceptionError !== undefined) return { failure: atCap };
    let lo = intrinsic - 1n; // fails
    let hi = cap; // succeeds
    // Start from what the run used: most messages succeed with exactly that (no 63/64 or refund effects).
    const used = intrinsic + atCap.execResult.executionGasUsed;
    if (used < hi && (await succeeds(used)) !== undefined) hi = used;
    else if (used < hi) lo = used;
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if ((await succeeds(mid)) !== undefined) hi = mid;
      else lo = mid;
    }
    return { gas: hi };
  }
}

/** A stored block whose re-execution does not reproduce it (a node bug or a corrupt store). */
export class RetraceError extends Error {
  constructor(
    readonly blockNumber: bigint,
    detail: string,
  ) {
    super(`re-executing block ${blockNumber} for its trace: ${detail}`);
    this.name = "RetraceError";
  }
}

/** Writes the genesis allocation (balances, nonces, code, storage) into `sm`. */
export const writeGenesisState = async (sm: StateManagerInterface, genesis: Genesis): Promise<void> => {
  await sm.checkpoint();
  for (const account of genesis.alloc) {
    await sm.modifyAccountFields(account.address, { balance: account.balance, nonce: account.nonce });
    if (account.code.length > 0) await sm.putCode(account.address, account.code);
    for (const [slot, value] of account.storage) {
      await sm.putStorage(account.address, setLengthLeft(bigIntToBytes(slot), 32), bigIntToBytes(value));
    }
  }
  await sm.commit();
};

/** The EVM's view of the chain for BLOCKHASH: hashes by number from the store. */
const hashOnlyBlockchain = (lookup: BlockHashLookup): EVMMockBlockchainInterface => {
  const chain: EVMMockBlockchainInterface = {
    async getBlock(number: number) {
      const hash = (await lookup(BigInt(number))) ?? new Uint8Array(32);
      return { hash: () => hash };
    },
    async putBlock() {},
    shallowCopy: () => chain,
  };
  return chain;
};
