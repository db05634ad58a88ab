/**
 * The batch circuit (circuits/super) as the prover service runs it: one verifying key per (capacity, chain id,
 * bridge and withdrawal addresses), all named in its id, so the node registers `batchCircuit({ chainId, bridge,
 * withdraw })` and the on-chain verifier is generated from that key. A job's input is everything a worker needs to
 * rebuild the witness anywhere: the batch's blocks re-executed with the tracer, the SMT binding witness over the
 * node's state before the batch, the batch's commitments, and the public-input hash the node committed to L1 — the
 * instances every proof is checked against come from that hash, never from the witness.
 *
 * The witness is made once, by the worker (the node makes only the EVM witness, for the SMT binding's RW rows):
 * a budget it exceeds, or blocks that do not give the committed public input, refuse the batch there
 * (CircuitRefusalError → UnprovableBatchError, never run again), before any proving work.
 *
 * What this circuit proves of a batch (see circuits/super): every tx's signature and fields, its execution, the
 * RW consistency, the bytecode, the block contexts, the txs in order (txDataHash) and the state roots before and
 * after (the SMT binding), the L1 messages its deposit (bridge) txs deliver (l1MessagesHash, with the messages'
 * L1 senders from the node's records) and its withdrawals (withdrawRoot: the tree over up to one per tx slot; the
 * leaf's nonce is the withdrawing tx's own, which the circuit reads from the tx).
 */
import { bytesToHex, type Hex } from "viem";
import { BATCH_PI_WORD_FIELDS, digestHalves, publicInputHash, unpackBlockSummary } from "../../circuits/pi/public-input.js";
import type { SmtBindingWitness } from "../../circuits/smt/binding-circuit.js";
import { SuperCircuit } from "../../circuits/super/index.js";
import { SIG_CHAIN_WIDTH } from "../../circuits/sig/index.js";
import { batchStateRws, batchWitness, BatchCapacityError, BatchWitnessError, type BatchCapacity, type BatchCommitments, type BatchParams } from "../../circuits/witness/batch.js";
import { UnsupportedExecutionError } from "../../circuits/witness/evm.js";
import { smtBindingWitness } from "../../circuits/witness/smt-binding.js";
import type { BlockTrace } from "../../circuits/witness/trace.js";
import type { BatchRecord } from "../batcher/batch.js";
import { BRIDGE_ADDRESS, WITHDRAW_ADDRESS } from "../l1/bridge.js";
import { UnprovableBatchError, type Provability } from "../batcher/prover.js";
import { RetraceError } from "../execution/executor.js";
import { coverageOf } from "../execution/trace-builder.js";
import { CircuitRefusalError, type BatchSource, type CircuitRef, type ProverCircuit } from "./circuit.js";
import { fromJson, toJson, type Json } from "./json.js";

/**
 * The devnet's capacity: k = 14, four tx slots (one ecrecover takes 3,480 rows since its u2·R chain widened, so
 * k = 14 has rows for four signatures), each budget as large as its region fits in 2^14 rows. A block holds one tx
 * and the batcher puts up to four blocks in a batch while their witness fits every budget (batchCapacityCheck): four
 * transfers share a batch, an ERC-20 deploy takes one alone. Keccak is what a deploy runs out of first: five units (275 rows a permutation) give
 * 59 permutations of 136 bytes. An ERC-20 deploy (contracts/test/TestToken.sol) takes 53: its signed bytes and
 * signing payload (12 each: both hold the init code), the init code (12, which CODECOPY and the bytecode circuit
 * look up under the same id), the runtime (10), the address preimage, a mapping slot, the sender's key, the block
 * context, the tx data (one each) and the public input (two); an ERC-20 transfer 20 (the callee's code 10). A
 * deposit takes 9: its signed bytes, signing payload and key, the block context and tx data, its L1 message and
 * fold step (one each), and the public input (two); a withdrawal 8 (its leaf instead of the message and step).
 * Five keccak units at k = 14 commit 12% more columns than two.
 * Columns cost L1 gas too (~9k each): verification takes 15.72M gas at degree 9 (bench:gas --batch full, the EC chips
 * included), under EIP-7825's 16.78M cap, with a 153,952-byte proof (over geth's 128 KiB tx limit; Hardhat takes it).
 */
export const DEVNET_BATCH_CAPACITY: BatchCapacity = {
  k: 14,
  txs: 4,
  // the arithmetic table's slots (~13.1k of its 16k rows): the EVM's, and the MODEXP chain's (a MULMOD a step, a DIV a square,
  // three SHR and a SHL a call)
  evm: { steps: 15_000, bitwiseOps: 512, arith: { mul: 128, divMod: 128, addMod: 16, mulMod: 112, shl: 72, shr: 80, sar: 16, slt: 32, sgt: 32 } },
  rw: 16_000,
  bytecode: 16_000,
  keccakPerms: 59,
  keccakUnits: 5,
  smt: { ops: 16, keys: 16, branches: 128, leaves: 40, accounts: 24 },
  // MODEXP calls of small exponents: an RSA-style 65537 takes 18 steps (16 squares)
  modexp: { steps: 96, squares: 64 },
  // the EC chips (~40 columns, ~0.9M gas, paid for by the EVM's two-hot state selector): one ecMul takes ~10,200 rows of
  // their shared columns, an ecAdd ~640; nine adds would be the last to fit beside the mul
  ec: { adds: 8, muls: 1 },
  // degree 9 (the gates need 5): 8 lookup terms per h column and 7 equality columns per permutation z instead of 4
  // and 3, so 136 fewer committed polynomials (1,105) — about 1M gas less on L1 — for a quotient domain of 8n, not 4n
  degree: 9,
};

/**
 * Whether blocks first…last fit the batch circuit at `capacity` together: the batch's witness made as a proving job
 * makes it (re-executed blocks, the SMT binding over the state trees), so every budget is judged exactly, the SMT
 * binding's included. The batcher seals before a block that would not fit; a witness refused for any reason (a
 * budget, an execution the circuit refuses) does not fit, so such a block ends up in a batch of its own and spoils
 * no other block's proof. Deposits are counted with placeholder L1 senders (a sender is one keccak word whatever it is).
 */
export const batchCapacityCheck = (capacity: BatchCapacity, params: BatchParams, source: BatchSource) =>
  async (first: bigint, last: bigint): Promise<boolean> => {
    try {
      const blocks = await source.traces(Number(first), Number(last));
      const state = await smtBindingWitness(batchStateRws(blocks), await source.stateAfter(Number(first) - 1));
      const deposits = blocks.flatMap((b) => b.txs).filter((t) => BigInt(t.from) === params.bridgeAddress).length;
      batchWitness(blocks, capacity, params, { l1Senders: Array.from({ length: deposits }, () => ZERO_ADDRESS) }, state);
      return true;
    } catch {
      return false;
    }
  };

const ZERO_ADDRESS: Hex = `0x${"00".repeat(20)}`;

/** The factory's arguments (JSON: they travel in CircuitRef.args to every worker). */
export interface BatchCircuitArgs extends Record<string, Json> {
  chainId: string;
  /** Every block's gas limit (decimal): the node keeps its genesis one. */
  gasLimit: string;
  bridge: Hex;
  withdraw: Hex;
}

export interface BatchCircuitInput extends Record<string, Json> {
  /** The batch's public-input hash as the node committed it (the instances are its halves). */
  publicInputHash: Hex;
  blocks: Json;
  state: Json;
  /** `l1Senders`: the L1 sender of each message the batch consumes (its deposit txs), in queue order; `parentBlock`: the block before the batch, packed. */
  commitments: { withdrawRoot: Hex; txDataHash: Hex; l1MessagesHash: Hex; l1Senders: Hex[]; parentBlock: Hex };
}

/** The batch circuit's constants for the chain `chainId` with block gas limit `gasLimit` (the node's bridge account). */
export const chainCircuitArgs = (chainId: bigint, gasLimit: bigint): BatchCircuitArgs => ({ chainId: chainId.toString(), gasLimit: gasLimit.toString(), bridge: BRIDGE_ADDRESS.toString() as Hex, withdraw: WITHDRAW_ADDRESS.toString() as Hex });

/** The circuit constants the args name. */
export const batchParams = (args: BatchCircuitArgs): BatchParams => ({ chainId: BigInt(args.chainId), gasLimit: BigInt(args.gasLimit), bridgeAddress: BigInt(args.bridge), withdrawAddress: BigInt(args.withdraw) });

/** The ref the node registers for its chain: workers load the same circuit through it. */
export const batchCircuitRef = (args: BatchCircuitArgs): CircuitRef => ({
  id: batchCircuitId(args),
  module: "node/prover/batch-circuit.ts",
  name: "batchCircuit",
  args,
});

/**
 * Every constant of the verifying key: a job's circuit id names the key it is checked with — the capacity (its EC
 * calls included), the ecrecover layout (sig: u2·R's chain width; 1 before it widened, so those devnets re-key) and the chain's accounts.
 */
const batchCircuitId = (args: BatchCircuitArgs): string =>
  `batch/k${DEVNET_BATCH_CAPACITY.k}-d${DEVNET_BATCH_CAPACITY.degree}-tx${DEVNET_BATCH_CAPACITY.txs}-keccak${DEVNET_BATCH_CAPACITY.keccakPerms}-sig${SIG_CHAIN_WIDTH}-ec${DEVNET_BATCH_CAPACITY.ec!.adds}x${DEVNET_BATCH_CAPACITY.ec!.muls}/chain-${args.chainId}/gas-${args.gasLimit}/bridge-${args.bridge.toLowerCase()}/withdraw-${args.withdraw.toLowerCase()}`;

/** Why the circuit cannot take the batch, judged from its record alone; undefined when it may. */
function refusal(batch: BatchRecord, capacity: BatchCapacity): string | undefined {
  if (batch.index === 0) return "the genesis batch is never proven";
  if (batch.txCount > capacity.txs) return `it has ${batch.txCount} txs, the batch circuit has ${capacity.txs} tx slot(s)`;
  if (batch.unsupportedOps !== undefined && batch.unsupportedOps.length > 0) return `the EVM circuit does not cover: ${batch.unsupportedOps.join(", ")}`;
  return undefined;
}

/** The L1 senders of the messages `batch` consumes: a source without them (not the node's) cannot make its job. */
function l1SendersOf(source: BatchSource, batch: BatchRecord): Promise<Hex[]> {
  if (source.l1Senders === undefined) {
    throw new TypeError("the batch consumes L1 messages: its job input needs their senders (a BatchSource with l1Senders, node/prover/source.ts)");
  }
  return source.l1Senders(batch.l1MessageStart, batch.numL1Messages);
}

/** The batch circuit of one chain (chain id and bridge account are constants of its verifying key). */
export function batchCircuit(args: BatchCircuitArgs | undefined): ProverCircuit<BatchCircuitInput> {
  const address = (x: unknown) => typeof x === "string" && /^0x[0-9a-fA-F]{40}$/.test(x);
  if (args === undefined || !/^\d+$/.test(args.chainId) || !/^\d+$/.test(args.gasLimit) || !address(args.bridge) || !address(args.withdraw)) {
    throw new TypeError(`batchCircuit needs { chainId: decimal string, gasLimit: decimal string, bridge: 0x-address, withdraw: 0x-address }, got ${JSON.stringify(args)}`);
  }
  const capacity = DEVNET_BATCH_CAPACITY;
  const params = batchParams(args);
  const id = batchCircuitId(args);

  const commitmentsOf = ({ commitments: c }: BatchCircuitInput): BatchCommitments =>
    ({ withdrawRoot: c.withdrawRoot, txDataHash: c.txDataHash, l1MessagesHash: c.l1MessagesHash, l1Senders: c.l1Senders, parentBlock: unpackBlockSummary(c.parentBlock) });
  /** Why the batch is outside the circuit, from an error its witness threw; undefined for any other error. */
  const refusalOf = (error: unknown): string | undefined =>
    error instanceof BatchCapacityError ? `the batch circuit (${id}) cannot hold it: ${error.message}`
      : error instanceof BatchWitnessError ? `its blocks do not match what it committed: ${error.message}`
        // a case only the EVM witness can judge (it needs the block, e.g. its coinbase): outside the circuit, like coverageOf's
        : error instanceof UnsupportedExecutionError ? error.message
          : undefined;
  /** The job's witness, refused (CircuitRefusalError) outside the circuit or when its public input is not the committed one. */
  const witnessOf = (input: BatchCircuitInput) => {
    let witness;
    try {
      witness = batchWitness(fromJson(input.blocks) as BlockTrace[], capacity, params, commitmentsOf(input), fromJson(input.state) as SmtBindingWitness);
    } catch (error) {
      const reason = refusalOf(error);
      throw reason === undefined ? error : new CircuitRefusalError(reason);
    }
    const pi = bytesToHex(publicInputHash(witness.pi, BATCH_PI_WORD_FIELDS));
    if (pi !== input.publicInputHash) throw new CircuitRefusalError(`its blocks give the public-input hash ${pi}, the batch committed ${input.publicInputHash}`);
    return witness;
  };

  return {
    id,
    k: capacity.k,
    check(batch: BatchRecord): Provability {
      const reason = refusal(batch, capacity);
      return reason === undefined ? { provable: true } : { provable: false, reason };
    },
    async input(batch, source) {
      if (source === undefined) throw new TypeError("the batch circuit's job input needs the node's blocks and state (a BatchSource)");
      const blocks = await source.traces(batch.firstBlock, batch.lastBlock).catch((error: unknown) => {
        // a block whose re-execution differs is a node or store bug that no retry changes
        throw error instanceof RetraceError ? new UnprovableBatchError(batch.index, error.message) : error;
      });
      const unsupported = coverageOf(blocks.flatMap((b) => b.txs));
      const reason = refusal({ ...batch, unsupportedOps: unsupported }, capacity);
      if (reason !== undefined) throw new UnprovableBatchError(batch.index, reason);
      let rws;
      try {
        rws = batchStateRws(blocks);
      } catch (error) {
        const reason = refusalOf(error);
        throw reason === undefined ? error : new UnprovableBatchError(batch.index, reason);
      }
      const state = await smtBindingWitness(rws, await source.stateAfter(batch.firstBlock - 1));
      const l1Senders = batch.numL1Messages === 0 ? [] : await l1SendersOf(source, batch);
      return {
        publicInputHash: batch.publicInputHash,
        blocks: toJson(blocks),
        state: toJson(state),
        commitments: { withdrawRoot: batch.withdrawRoot, txDataHash: batch.txDataHash, l1MessagesHash: batch.l1MessagesHash, l1Senders, parentBlock: batch.parentBlockSummary },
      };
    },
    circuit: (input) => new SuperCircuit(capacity, params, witnessOf(input)),
    shape: () => new SuperCircuit(capacity, params),
    instances: (input) => [digestHalves(Buffer.from(input.publicInputHash.slice(2), "hex"))],
  };
}
