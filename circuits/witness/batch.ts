/**
 * The batch circuit's witness (circuits/super): from the node's block traces of one batch and the batch's
 * commitments, every sub-circuit's witness under one keccak id numbering, the public input, and what the batch
 * uses of each capacity (the batcher seals a batch before any would overflow). Pure: no I/O.
 *
 * Keccak ids (1-based, keccak witness order): the EVM's distinct inputs (KECCAK256, a creation's address preimage,
 * init code and deployed code, CODECOPY's source); the distinct bytecodes the EVM does not hash; per tx its
 * signed bytes and its signing payload; per tx its sender's public key (ecrecover hashes it to the address); the
 * block-context preimage; the tx-data preimage (the tx hashes); per deposit tx its L1 message and its fold step
 * (circuits/pi/l1-messages.ts); per withdrawal its leaf (circuits/pi/withdrawals.ts); the withdrawal tree's hashed
 * nodes (circuits/pi/withdraw-tree.ts: level by level); the public-input preimage.
 * The remaining permutations hash the empty input.
 *
 * The public input's blockContextHash, txDataHash, l1MessagesHash and withdrawRoot are derived from the blocks
 * (the circuit proves them; l1MessagesHash with the deposits' L1 senders and withdrawRoot with the withdrawals'
 * first nonce, which the L2 txs do not hold: the commitments give them); a committed hash other than the txs' is
 * refused here (BatchWitnessError), never proven against.
 *
 * The chain of the blocks (circuits/pi/block-chain.ts) starts at the commitments' parentBlock (the block before
 * the batch: the previous batch's last; assumedParent when not given); every block must hold txs (an empty block has no record to chain: refused).
 *
 * The state trees are the caller's: it builds the SMT binding's witness (circuits/witness/smt-binding.ts, async
 * over the trees) from `batchStateRws(blocks)` and passes it in; its roots must be the blocks' (the node's trace
 * roots are the SMT roots as 32-byte words).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { evmTableOps, type EvmCapacity } from '../evm/circuit.js';
import { arithSlots, type ArithCapacity } from '../evm/arith-table.js';
import { ModexpCircuit, modexpTableOps, padModexpCalls, type ModexpCapacity } from '../modexp/modexp-circuit.js';
import type { ModexpWitness } from '../modexp/witness.js';
import type { EcAddCall } from '../ecc/ec-add.js';
import type { EcMulCall } from '../ecc/ec-mul.js';
import { blocksFor as sha256BlocksFor, sha256Witness, type Sha256Block } from '../sha256/witness.js';
import { exactBindingCapacity, type SmtBindingCapacity, type SmtBindingWitness } from '../smt/binding-circuit.js';
import { keccakWitness, blocksFor, type KeccakBlock } from '../keccak/witness.js';
import { blockContextHash, blockContextPreimage, type BlockContext } from '../pi/block-table.js';
import { BATCH_PI_WORD_FIELDS, publicInputPreimage, type BatchCircuitPublicInput, type BlockSummary, type Bytes32 } from '../pi/public-input.js';
import { l1MessagesHash, l1MessagesKeccakInputs, type L1Message } from '../pi/l1-messages.js';
import { MAX_WITHDRAWALS, withdrawLeaves, withdrawLeafPreimage, type Withdrawal } from '../pi/withdrawals.js';
import { slotsFor, withdrawTree } from '../pi/withdraw-tree.js';
import { txDataHash, txDataPreimage } from '../pi/tx-data.js';
import type { RwRow } from '../state/table.js';
import { publicKeyBytes, type SigCall } from '../sig/recover.js';
import { recoveredKey, type Recovery } from '../sig/witness.js';
import { TxFieldTag } from '../tx/table.js';
import { bytecodeKeccakInputs, bytecodeWitness, distinctCodes, type BytecodeRow } from './bytecode.js';
import { blocksEvmWitness, type EvmWitness } from './evm.js';
import { planBinding, bindingOpCount } from './smt-binding.js';
import { stateWitness } from './state.js';
import type { BlockTrace } from './trace.js';
import { SUMMARY_TAGS, txWitness, type TxWitness } from './tx.js';

/** Row budgets of the batch circuit: one verifying key per capacity. */
export interface BatchCapacity {
  /** log2 of the rows; the tx circuit's RLP machine takes the usable rows left after its field rows. */
  readonly k: number;
  /** Tx slots: the tx circuit, the block table, one ecrecover each. */
  readonly txs: number;
  /** EVM step rows (the last is padding), AND word operations, word arithmetic slots. */
  readonly evm: EvmCapacity;
  /** State circuit rows: the RW operations and at least one padding row. */
  readonly rw: number;
  /** Bytecode circuit rows: a header and a row per byte of each distinct code, and one padding row. */
  readonly bytecode: number;
  /** Keccak permutations (136-byte blocks of all hashed inputs). */
  readonly keccakPerms: number;
  /** Keccak permutation steps side by side per row (circuits/keccak: more columns, fewer rows). */
  readonly keccakUnits: number;
  /** The SMT binding (state roots): SMT operations and Poseidon table entries per width. */
  readonly smt: SmtBindingCapacity;
  /**
   * The MODEXP chip's chain (circuits/modexp: steps and squares of the precompile's calls, which also take slots of the
   * EVM's word arithmetic table). Absent: no MODEXP chip, and a batch calling the precompile does not fit.
   */
  readonly modexp?: ModexpCapacity;
  /**
   * The SHA-256 circuit's 64-byte blocks (circuits/sha256: the precompile's calls look its table up). Absent: no SHA-256
   * chip, and a batch calling the precompile does not fit.
   */
  readonly sha256Blocks?: number;
  /**
   * The EC precompiles' calls (circuits/ecc: ecAdd's and ecMul's chips, whose tables their calls look up). Absent: no EC
   * chips, and a batch calling either precompile does not fit.
   */
  readonly ec?: EcCapacity;
  /**
   * The proof's minimum degree (ConstraintSystem.setMinimumDegree), when above what the gates need: fewer committed
   * polynomials, so less verifier gas, for a quotient domain that doubles at 6 and again at 10.
   */
  readonly degree?: number;
}

/** The EC precompiles' calls a batch circuit proves: ecAdd's (about 640 rows each) and ecMul's (about 10,200). */
export interface EcCapacity { readonly adds: number; readonly muls: number }

/** What a batch takes of each budget (the same units as BatchCapacity). */
export interface BatchUsage {
  txs: number;
  /** Signature table rows: one per tx (its sender) and one per ecrecover call with v ∈ {27, 28}; the table has a row per tx slot. */
  sigs: number;
  steps: number; rw: number; bytecode: number; keccakPerms: number; rlpRows: number; withdrawals: number; smt: SmtBindingCapacity;
  /** The MODEXP calls' chain steps and squares. */
  modexpSteps: number; modexpSquares: number;
  /** The SHA-256 calls' 64-byte blocks. */
  sha256Blocks: number;
  /** The ecAdd and ecMul calls. */
  ecAdds: number; ecMuls: number;
  /** The EVM's AND word operations and word arithmetic slots per kind. */
  bitwiseOps: number; arith: Required<ArithCapacity>;
}

/** A budget: a BatchUsage count, or one of the SMT binding's or the EVM's word arithmetic kinds. */
export type BatchBudget = Exclude<keyof BatchUsage, 'smt' | 'arith'> | `smt ${keyof SmtBindingCapacity}` | `arith ${keyof ArithCapacity}`;

/**
 * The batch's commitments as the node made them, and what they need that the txs do not hold. txDataHash,
 * l1MessagesHash and withdrawRoot are derived (circuits/pi/tx-data.ts, l1-messages.ts, withdrawals.ts); when
 * given, each must be the blocks' txs' (checked). `l1Senders`: the L1 sender of each deposit (bridge) tx, in
 * order (the node's L1 message records).
 */
export interface BatchCommitments {
  readonly withdrawRoot?: Bytes32;
  readonly txDataHash?: Bytes32;
  readonly l1MessagesHash?: Bytes32;
  readonly l1Senders?: readonly `0x${string}`[];
  /**
   * The block before the batch's first (the previous batch's last: the node's record gives it). Without one (tests,
   * benchmarks): assumedParent of the first block, which the public input then states (ZkRollup gives the real one).
   */
  readonly parentBlock?: BlockSummary;
}

/** The rollup's constants, fixed in the circuit. */
export interface BatchParams {
  readonly chainId: bigint;
  readonly bridgeAddress: bigint;
  /** Top-level txs sending value here (not deposits) are withdrawals (circuits/pi/withdrawals.ts). */
  readonly withdrawAddress: bigint;
  /** Every block's gas limit (the node keeps the genesis one: circuits/pi/block-chain.ts). */
  readonly gasLimit: bigint;
}

export interface BatchWitness {
  /** Undefined for a batch without txs (the EVM circuit is then all padding). */
  readonly evm?: EvmWitness;
  /** RW operations sorted for the state circuit, padded to capacity. */
  readonly rws: RwRow[];
  readonly bytecode: BytecodeRow[];
  readonly tx: TxWitness;
  /** One per tx slot; slots past the txs recover nothing (r = s = 0: invalid, no keccak input). */
  readonly sigCalls: SigCall[];
  /** The MODEXP calls' chains padded to the capacity's steps (none without a MODEXP capacity). */
  readonly modexp: ModexpWitness[];
  /** The SHA-256 calls' blocks padded to the capacity's (none without a SHA-256 capacity). */
  readonly sha256: Sha256Block[];
  /** The ecAdd and ecMul calls padded to the capacity's (none without an EC capacity): the chips' layout is the capacity's. */
  readonly ecAdds: EcAddCall[];
  readonly ecMuls: EcMulCall[];
  readonly keccak: KeccakBlock[];
  readonly contexts: BlockContext[];
  /** The batch's tx hashes in order (the tx-data records). */
  readonly txHashes: Bytes32[];
  /** The gas each tx used, in order (block-chain.ts sums them per block). */
  readonly txGasUsed: bigint[];
  /** Each tx's receipt status (1: success), in order (withdrawals.ts: only a successful tx withdraws). */
  readonly txStatus: bigint[];
  /** The L1 sender of each deposit tx, in order. */
  readonly l1Senders: bigint[];
  readonly pi: BatchCircuitPublicInput;
  /** The SMT binding's witness: the RW table's Account and Storage changes from prevStateRoot to newStateRoot. */
  readonly state: SmtBindingWitness;
  /** `l1Messages`: per deposit its message and its fold step; `withdrawals`: per withdrawal its leaf; `withdrawNodes`: the tree's hashed nodes. */
  readonly keccakIds: { readonly blockContext: number; readonly txData: number; readonly l1Messages: readonly number[]; readonly withdrawals: readonly number[]; readonly withdrawNodes: readonly number[]; readonly pi: number };
  readonly usage: BatchUsage;
}

export class BatchWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchWitnessError';
  }
}

/** A batch that does not fit the circuit: which budget, how much it needs, how much there is. */
export class BatchCapacityError extends BatchWitnessError {
  constructor(readonly part: BatchBudget, readonly needed: number, readonly capacity: number) {
    super(`the batch needs ${needed} ${part}, the circuit has ${capacity}`);
    this.name = 'BatchCapacityError';
  }
}

const ZERO: Bytes32 = `0x${'00'.repeat(32)}`;
const NO_BLOCK: BlockSummary = { number: 0n, timestamp: 0n, baseFee: 0n, gasUsed: 0n };

/**
 * A parent `header` admits by the chain's rules (circuits/pi/block-chain.ts): the number and timestamp before its
 * own, its base fee, and the target gas used (half its gas limit: the base fee then stays).
 */
export const assumedParent = (header: { number: bigint; timestamp: bigint; baseFeePerGas: bigint; gasLimit: bigint }): BlockSummary =>
  ({ number: header.number - 1n, timestamp: header.timestamp - 1n, baseFee: header.baseFeePerGas, gasUsed: header.gasLimit / 2n });

/** A block header's summary (the public input's parentBlockSummary / lastBlockSummary). */
export const blockSummary = (header: { number: bigint; timestamp: bigint; baseFeePerGas: bigint; gasUsed: bigint }): BlockSummary =>
  ({ number: header.number, timestamp: header.timestamp, baseFee: header.baseFeePerGas, gasUsed: header.gasUsed });
const PAD_SIG: SigCall = { msgHash: 0n, recId: 0n, r: 0n, s: 0n, keccakId: 0 };

/** Usable rows the tx circuit's RLP machine gets at `capacity` (all usable rows after its field rows, one kept as padding). */
export const rlpRowsAvailable = (capacity: BatchCapacity): number => (1 << capacity.k) - 1 - capacity.txs * SUMMARY_TAGS.length - 1;

/** The EVM witness of `blocks` (their txs in order, each in its block's context); undefined when none has txs. */
export const batchEvmWitness = (blocks: readonly BlockTrace[]): EvmWitness | undefined => {
  const withTxs = blocks.filter((b) => b.txs.length > 0);
  return withTxs.length === 0 ? undefined : blocksEvmWitness(withTxs);
};

/**
 * The RW rows of `blocks` whose Account and Storage accesses the SMT binding applies (smtBindingWitness's input),
 * from their EVM witness `evm` (made here when not given; pass it on to batchWitness so it is made once).
 */
export const batchStateRws = (blocks: readonly BlockTrace[], evm = batchEvmWitness(blocks)): readonly RwRow[] => evm?.rws ?? [];

/** The budgets a batch's blocks decide, and what the witness is assembled from (`layout`'s result). */
interface Layout {
  readonly evm?: EvmWitness;
  readonly tx: TxWitness;
  /** Keccak inputs in id order, with a hole (`keysAt`) where the recovered public keys go: one per tx, then the ecrecover calls' that recover one. */
  readonly inputs: Uint8Array[];
  readonly keysAt: number;
  /** The ecrecover calls' recoveries and their keys (undefined where a recovery gives none). */
  readonly recoveries: ReadonlyArray<{ readonly recovery: Recovery; readonly key?: Uint8Array }>;
  /** The MODEXP chains, padded to capacity. */
  readonly modexp: ModexpWitness[];
  readonly contexts: BlockContext[];
  readonly txHashes: Bytes32[];
  readonly messages: L1Message[];
  readonly pi: BatchCircuitPublicInput;
  readonly keccakIds: BatchWitness['keccakIds'];
  readonly usage: Omit<BatchUsage, 'smt'>;
}

/** A public key's bytes (x, y): one keccak input per tx. */
const KEY_BYTES = 64;

/**
 * Every budget of `capacity` but the SMT binding's checked for `blocks` (BatchCapacityError), and the witness
 * parts they decide; `binding` checks the SMT side between the EVM's budgets and keccak's (batchWitness's order).
 */
function layout(
  blocks: readonly BlockTrace[], capacity: BatchCapacity, params: BatchParams, commitments: BatchCommitments | undefined, madeEvm: EvmWitness | undefined,
  binding: (pi: BatchCircuitPublicInput, rws: readonly RwRow[]) => void,
): Layout {
  const txs = blocks.flatMap((b) => b.txs);
  const empty = blocks.find((b) => b.txs.length === 0);
  if (empty !== undefined) throw new BatchWitnessError(`block ${empty.header.number} has no txs: the batch circuit chains blocks with txs only`);
  const parentBlock = commitments?.parentBlock ?? (blocks[0] === undefined ? NO_BLOCK : assumedParent(blocks[0].header));
  /** A commitment the node made must be the one the txs (`from`, in the error) give. */
  const matches = (field: 'txDataHash' | 'l1MessagesHash' | 'withdrawRoot', derived: Bytes32, from: string) => {
    const committed = commitments?.[field];
    if (committed !== undefined && committed.toLowerCase() !== derived) throw new BatchWitnessError(`the batch committed ${field} ${committed}, ${from} give ${derived}`);
  };
  fits('txs', txs.length, capacity.txs);

  const evm = madeEvm ?? batchEvmWitness(blocks);
  // the signature table: a row per tx's sender, then per ecrecover call the EVM looks up
  const recoveries = (evm?.recoveries ?? []).map((recovery) => ({ recovery, key: recoveredKey(recovery) }));
  fits('sigs', txs.length + recoveries.length, capacity.txs);
  const recoveredKeys = recoveries.filter((r) => r.key !== undefined).length;
  fits('steps', (evm?.steps.length ?? 0) + 1, capacity.evm.steps);
  fits('rw', (evm?.rws.length ?? 0) + 1, capacity.rw);
  const ops = evmTableOps(evm?.steps ?? []);
  fits('bitwiseOps', ops.and.length, capacity.evm.bitwiseOps);
  // the MODEXP chip's chains share the EVM's arithmetic table
  const modexpNeeds = ModexpCircuit.needs(evm?.modexpCalls ?? []);
  fits('modexpSteps', modexpNeeds.steps, capacity.modexp?.steps ?? 0);
  fits('modexpSquares', modexpNeeds.squares, capacity.modexp?.squares ?? 0);
  const modexp = capacity.modexp === undefined ? [] : padModexpCalls(evm?.modexpCalls ?? [], capacity.modexp);
  const arith = arithSlots([...ops.arith, ...modexpTableOps(modexp)]);
  for (const kind of Object.keys(arith) as Array<keyof ArithCapacity>) fits(`arith ${kind}`, arith[kind], capacity.evm.arith?.[kind] ?? 0);
  const sha256Blocks = (evm?.sha256Inputs ?? []).reduce((n, x) => n + sha256BlocksFor(x.length), 0);
  fits('sha256Blocks', sha256Blocks, capacity.sha256Blocks ?? 0);
  const [ecAdds, ecMuls] = [evm?.ecAddCalls.length ?? 0, evm?.ecMulCalls.length ?? 0];
  fits('ecAdds', ecAdds, capacity.ec?.adds ?? 0);
  fits('ecMuls', ecMuls, capacity.ec?.muls ?? 0);
  // keccak ids: the EVM's inputs first (1 … n, as evmWitness numbers them), then the bytecodes it does not hash, …
  const hashed = evm?.keccakInputs ?? [];
  const codes = evm?.codes ?? [];
  const codeInputs = bytecodeKeccakInputs(codes, evm?.codeKeccakIds);
  // a header and a row per byte of each code, then padding (the bytecode chip takes at least 2 rows)
  const bytecodeRows = Math.max(2, distinctCodes(codes).reduce((n, c) => n + c.code.length + 1, 0) + 1);
  fits('bytecode', bytecodeRows, capacity.bytecode);

  const tx = txWitness(txs, { capacity: capacity.txs, bridgeAddress: params.bridgeAddress, chainId: params.chainId, firstKeccakId: hashed.length + codeInputs.length + 1 });
  fits('rlpRows', tx.decoder.length, rlpRowsAvailable(capacity));
  // … then the senders' public keys and the ecrecover calls' (the sig circuit hashes each to the address), …
  const nextId = hashed.length + codeInputs.length + tx.keccakInputs.length + 1 + txs.length + recoveredKeys;

  const contexts = blocks.map((b): BlockContext => ({ header: b.header, txCount: b.txs.length }));
  const txHashes = txs.map((t) => t.hash);
  const txData = txDataHash(txHashes);
  matches('txDataHash', txData, `its ${txs.length} txs`);
  const deposits = txs.filter((t) => BigInt(t.from) === params.bridgeAddress);
  const senders = commitments?.l1Senders ?? [];
  if (senders.length !== deposits.length) throw new BatchWitnessError(`the batch has ${deposits.length} deposit txs, ${senders.length} L1 senders were given`);
  const messages = deposits.map((t, i): L1Message => ({ sender: BigInt(senders[i]!), to: BigInt(t.to ?? 0), value: t.value, nonce: t.nonce }));
  const l1Hash = l1MessagesHash(messages);
  matches('l1MessagesHash', l1Hash, `its ${deposits.length} deposit txs`);
  // the node's rule (node/batcher/batcher.ts): a successful tx that is no deposit sending value to the withdrawal
  // address; its leaf nonce is the tx's own (circuits/pi/withdrawals.ts)
  const withdrawals = txs
    .filter((t) => t.status === 1 && BigInt(t.from) !== params.bridgeAddress && t.to !== null && BigInt(t.to) === params.withdrawAddress && t.value > 0n)
    .map((t): Withdrawal => ({ to: BigInt(t.from), amount: t.value, nonce: t.nonce }));
  fits('withdrawals', withdrawals.length, MAX_WITHDRAWALS);
  // the circuit's tree (its slots: the tx slots rounded up to a power of two) has the contract's root of the leaves
  const tree = withdrawTree(withdrawLeaves(withdrawals), slotsFor(capacity.txs));
  const root: Bytes32 = `0x${tree.root.toString(16).padStart(64, '0')}`;
  matches('withdrawRoot', root, `its ${withdrawals.length} withdrawal txs`);
  const pi: BatchCircuitPublicInput = {
    chainId: params.chainId,
    prevStateRoot: (blocks[0]?.stateRootBefore ?? ZERO) as Bytes32, newStateRoot: (blocks.at(-1)?.stateRootAfter ?? ZERO) as Bytes32,
    withdrawRoot: root, txDataHash: txData, l1MessagesHash: l1Hash,
    blockContextHash: blockContextHash(contexts),
    parentBlockSummary: parentBlock, lastBlockSummary: blocks.length === 0 ? parentBlock : blockSummary(blocks.at(-1)!.header),
  };
  binding(pi, evm?.rws ?? []);

  const l1Inputs = l1MessagesKeccakInputs(messages);
  const leafInputs = withdrawals.map(withdrawLeafPreimage);
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  const afterLeaves = nextId + 2 + l1Inputs.length + leafInputs.length;
  const keccakIds = {
    blockContext: nextId, txData: nextId + 1, l1Messages: ids(nextId + 2, l1Inputs.length), withdrawals: ids(nextId + 2 + l1Inputs.length, leafInputs.length),
    withdrawNodes: ids(afterLeaves, tree.inputs.length), pi: afterLeaves + tree.inputs.length,
  };
  const inputs = [...hashed, ...codeInputs, ...tx.keccakInputs, blockContextPreimage(contexts), txDataPreimage(txHashes), ...l1Inputs, ...leafInputs, ...tree.inputs, publicInputPreimage(pi, BATCH_PI_WORD_FIELDS)];
  const keccakPerms = inputs.reduce((n, x) => n + blocksFor(x.length), 0) + (txs.length + recoveredKeys) * blocksFor(KEY_BYTES);
  fits('keccakPerms', keccakPerms, capacity.keccakPerms);
  return {
    evm, tx, inputs, keysAt: hashed.length + codeInputs.length + tx.keccakInputs.length, contexts, txHashes, messages, pi, keccakIds,
    recoveries, modexp,
    usage: {
      txs: txs.length, sigs: txs.length + recoveries.length, steps: (evm?.steps.length ?? 0) + 1, rw: (evm?.rws.length ?? 0) + 1, bytecode: bytecodeRows, keccakPerms,
      rlpRows: tx.decoder.length, withdrawals: withdrawals.length, bitwiseOps: ops.and.length, arith, modexpSteps: modexpNeeds.steps, modexpSquares: modexpNeeds.squares, sha256Blocks,
      ecAdds, ecMuls,
    },
  };
}

/** Padding calls (true statements: O + O = O, 0·O = O), so the EC chips' rows are the capacity's whatever the batch. */
const PAD_EC_ADD: EcAddCall = { x1: 0n, y1: 0n, x2: 0n, y2: 0n };
const PAD_EC_MUL: EcMulCall = { x: 0n, y: 0n, s: 0n };
const padded = <T>(calls: readonly T[], n: number, pad: T): T[] => [...calls, ...Array.from({ length: n - calls.length }, () => pad)];

const fits = (part: BatchBudget, needed: number, cap: number) => { if (needed > cap) throw new BatchCapacityError(part, needed, cap); };

/**
 * The witness of `blocks` (consecutive blocks of one batch; their txs in order are the batch's) at `capacity`.
 * `state`: the SMT binding's witness of `batchStateRws(blocks)` (required with blocks; none: the empty tree).
 * `madeEvm`: the blocks' EVM witness when the caller made it already (batchEvmWitness). No blocks: the all-padding
 * layout (keygen's). Throws BatchCapacityError when a budget is exceeded.
 */
export function batchWitness(
  blocks: readonly BlockTrace[], capacity: BatchCapacity, params: BatchParams, commitments?: BatchCommitments, state?: SmtBindingWitness, madeEvm?: EvmWitness,
): BatchWitness {
  const smtState = state ?? { oldRoot: 0n, newRoot: 0n, rows: [] };
  let smt: SmtBindingCapacity | undefined;
  const { evm, tx, inputs, keysAt, recoveries, modexp, contexts, txHashes, messages, pi, keccakIds, usage } = layout(blocks, capacity, params, commitments, madeEvm, (pi) => {
    if (state === undefined && blocks.length > 0) throw new BatchWitnessError('a batch of blocks needs its SMT binding witness (the state trees: circuits/witness/smt-binding.ts)');
    if (smtState.oldRoot !== BigInt(pi.prevStateRoot) || smtState.newRoot !== BigInt(pi.newStateRoot)) {
      throw new BatchWitnessError(`the SMT binding takes ${smtState.oldRoot} to ${smtState.newRoot}, the blocks' state roots are ${pi.prevStateRoot} → ${pi.newStateRoot}`);
    }
    fits('smt ops', smtState.rows.length, capacity.smt.ops);
    smt = exactBindingCapacity(smtState, capacity.smt.ops);
    for (const part of ['keys', 'branches', 'leaves', 'accounts'] as const) fits(`smt ${part}`, smt[part], capacity.smt[part]);
  });
  const txs = blocks.flatMap((b) => b.txs);
  const keys: Uint8Array[] = [];
  const sigCalls = txs.map((t, i): SigCall => {
    const recId = tx.summary[i * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(TxFieldTag.CallerAddress)]!.recId;
    const key = new secp256k1.Signature(t.r, t.s, Number(recId)).recoverPublicKey(hexToBytes(t.signingHash.slice(2)));
    const { x, y } = key.toAffine();
    keys.push(publicKeyBytes(x, y));
    return { msgHash: BigInt(t.signingHash), recId, r: t.r, s: t.s, keccakId: keysAt + i + 1 };
  });
  for (const { recovery, key } of recoveries) {
    if (key !== undefined) keys.push(key);
    sigCalls.push({ ...recovery, keccakId: key === undefined ? 0 : keysAt + keys.length });
  }
  while (sigCalls.length < capacity.txs) sigCalls.push(PAD_SIG);
  inputs.splice(keysAt, 0, ...keys);
  const hashed = evm?.keccakInputs ?? [];
  return {
    evm, rws: stateWitness(evm?.rws ?? [], capacity.rw), bytecode: bytecodeWitness(evm?.codes ?? [], capacity.bytecode, hashed.length + 1, evm?.codeKeccakIds), tx, sigCalls, modexp,
    sha256: capacity.sha256Blocks === undefined ? [] : sha256Witness(evm?.sha256Inputs ?? [], capacity.sha256Blocks),
    ecAdds: padded(evm?.ecAddCalls ?? [], capacity.ec?.adds ?? 0, PAD_EC_ADD), ecMuls: padded(evm?.ecMulCalls ?? [], capacity.ec?.muls ?? 0, PAD_EC_MUL),
    keccak: keccakWitness(inputs, capacity.keccakPerms), contexts, txHashes, txGasUsed: txs.map((t) => t.gasUsed), txStatus: txs.map((t) => BigInt(t.status)),
    l1Senders: messages.map((m) => m.sender), pi, state: smtState, keccakIds, usage: { ...usage, smt: smt! },
  };
}

/**
 * What `blocks` take of `capacity` without the state trees, for the sequencer's judgement of one tx before it is
 * in a block: every budget batchWitness checks (BatchCapacityError alike, deposits counted without their L1
 * senders), except the SMT binding's Poseidon table — its keys, branches, leaves and accounts depend on the trees'
 * shape, so only its operations are counted here (circuits/witness/smt-binding.ts planBinding).
 */
export function batchUsageWithoutTrees(blocks: readonly BlockTrace[], capacity: BatchCapacity, params: BatchParams): Omit<BatchUsage, 'smt'> & { smtOps: number } {
  let smtOps = 0;
  const deposits = blocks.flatMap((b) => b.txs).filter((t) => BigInt(t.from) === params.bridgeAddress);
  // an L1 sender is one keccak word of the message whatever its value
  const l1Senders = deposits.map(() => ZERO_ADDRESS);
  const { usage } = layout(blocks, capacity, params, { l1Senders }, undefined, (_pi, rws) => {
    smtOps = bindingOpCount(planBinding(rws));
    fits('smt ops', smtOps, capacity.smt.ops);
  });
  return { ...usage, smtOps };
}

const ZERO_ADDRESS = `0x${'00'.repeat(20)}` as const;
