/**
 * The batch circuit: every sub-circuit of a batch in one ConstraintSystem, one proof per batch, the public
 * input's two halves [hi, lo] the only instances.
 *
 *   shared fixed tables   byte (8-bit range: ecrecover's limbs, state, EVM aux bytes), the nibble AND table
 *   shared dynamic tables keccak (KeccakChip: the EVM's KECCAK256 inputs, bytecode hashes, tx hashes and signing
 *                         hashes, ecrecover's key hashes, the block-context, tx-data and public-input preimages, the deposits' L1
 *                         messages and fold steps, the withdrawals' leaves), signatures (SigCircuit:
 *                         ecrecover of every tx's sender), bytecode (BytecodeChip), tx (TxChip), RW (StateChip),
 *                         block (BlockTableChip, bound to the public input), tx data
 *                         (TxDataChip: its records looked up by the tx table's TxHash rows)
 *   the EVM circuit       looks up RW, bytecode, tx, block and keccak tables (and the MODEXP table, below)
 *   MODEXP (optional)     ModexpChip (circuits/modexp) on the EVM's word arithmetic table, where the capacity names a
 *                         chain (BatchCapacity.modexp): the precompile's calls (gadgets/modexp.ts) look their rows up
 *   SHA-256 (optional)    Sha256Chip (circuits/sha256), where the capacity has blocks (BatchCapacity.sha256Blocks): the
 *                         precompile's calls (gadgets/sha256.ts) look their inputs and digests up in its table
 *   ecAdd, ecMul (optional) EcPrecompileChips (circuits/ecc), where the capacity has EC calls (BatchCapacity.ec): the
 *                         precompiles' calls (gadgets/ec-precompile.ts) look their rows up in the chips' tables
 *   the SMT binding       (circuits/smt/binding-circuit.ts) the RW table's Account and Storage changes applied to
 *                         the Poseidon SMTs, from its old root cell to its new root cell
 *
 * Seams (copy constraints): the EVM's operation count (c0) = the state circuit's RW count; the EVM's tx count
 * (c1) = the tx circuit's (TxCountChip) = the block table's record count = the tx data's record count; the
 * block table's digest = the public input's blockContextHash, the tx data's (keccak of the tx hashes in order) =
 * its txDataHash; the block table's ChainId rows = the public input's chainId = the circuit's chain id (the
 * tx circuit's, a constant); the public input's prevStateRoot / newStateRoot words = the SMT binding's old / new
 * root (StateRootChip: hi·2^128 + lo, canonical, < r). By lookups: tx hashes and
 * signing hashes in the keccak table; each tx's sender in the signature table (valid recoveries only); each tx's
 * hash in the tx data's records, at its tx id.
 *
 * Bridge: the public input's l1MessagesHash is the fold over the deposit (IsL1Message) txs' L1 messages
 * (L1MessagesChip, circuits/pi/l1-messages.ts: every bridge tx folded, in order); its withdrawRoot is the tree
 * of the withdrawal txs' leaves (WithdrawalsChip, circuits/pi/withdrawals.ts: every tx that is no deposit and
 * sends value to the withdrawal address and succeeded (its EndTx status, EvmCircuit.txStatusTable), its leaf in tx order in ZkRollup.sol's tree: up to one per tx slot), each
 * copied to its public-input word. Only top-level txs withdraw (the node's rule, node/l1/bridge.ts): ETH an internal call sends there stays on L2.
 *
 * NOT bound yet (documented seam): the copy circuit (the EVM circuit does not look it up yet).
 *
 * Block chain: BlockChainChip (circuits/pi/block-chain.ts) chains the block table's blocks from the public input's
 * parentBlockSummary to its lastBlockSummary (numbers, timestamps, EIP-1559 base fees, the gas limit, each block's
 * gas used as the sum of its txs' from the EVM's EndTx rows).
 *
 * Capacity (circuits/witness/batch.ts BatchCapacity) fixes the layout, so one verifying key serves every batch
 * that fits; without a witness the circuit lays out an empty batch (keygen).
 */
import { BitwiseTable } from '../gadgets/bitwise-table.js';
import type { RangeTable } from '../gadgets/range-table.js';
import { BytecodeChip } from '../bytecode/chip.js';
import { EvmCircuit } from '../evm/circuit.js';
import { KeccakChip } from '../keccak/circuit.js';
import type { KeccakBlock } from '../keccak/witness.js';
import { BatchPublicInputChip } from '../pi/batch.js';
import { BlockChainChip } from '../pi/block-chain.js';
import { L1MessagesChip } from '../pi/l1-messages.js';
import { WithdrawalsChip } from '../pi/withdrawals.js';
import { txHashRows } from '../pi/tx-data.js';
import { BATCH_PI_WORD_FIELDS, publicInputInstances } from '../pi/public-input.js';
import type { Circuit, Column, ConstraintSystem, Layouter } from '../plonk/index.js';
import { SigCircuit } from '../sig/circuit.js';
import { ArithTable, NO_ARITH } from '../evm/arith-table.js';
import { ModexpChip } from '../modexp/circuit.js';
import { Sha256Chip } from '../sha256/circuit.js';
import { EcPrecompileChips } from '../ecc/precompile-chips.js';
import { modexpTableOps } from '../modexp/modexp-circuit.js';
import { assignBinding, configureBinding, type SmtBindingConfig } from '../smt/binding-circuit.js';
import type { SigCall } from '../sig/recover.js';
import type { SigTableColumns } from '../sig/table.js';
import { StateChip } from '../state/chip.js';
import { TxChip } from '../tx/chip.js';
import { batchWitness, type BatchCapacity, type BatchParams, type BatchWitness } from '../witness/batch.js';
import { SuperCircuitError } from './errors.js';
import { StateRootChip } from './state-root.js';
import { TxCountChip } from './tx-count.js';

/** The signature table with what it is configured with: the byte table and the keccak chip, laid out by `assign`. */
export interface SignatureParts {
  readonly byte: RangeTable;
  readonly keccak: KeccakChip;
  readonly table: SigTableColumns;
  /** Loads the byte table, lays out the keccak blocks and the signature rows. */
  assign(layouter: Layouter): void;
}

export interface SuperConfig {
  readonly sig: SignatureParts;
  readonly and: BitwiseTable;
  readonly bytecode: BytecodeChip;
  readonly tx: TxChip;
  readonly txCount: TxCountChip;
  readonly state: StateChip;
  readonly pi: BatchPublicInputChip;
  readonly chain: BlockChainChip;
  readonly l1: L1MessagesChip;
  readonly withdrawals: WithdrawalsChip;
  readonly evm: EvmCircuit;
  /** The MODEXP chip on the EVM's arithmetic table, where the capacity has one. */
  readonly modexp?: ModexpChip;
  /** The SHA-256 chip, where the capacity has blocks for it. */
  readonly sha256?: Sha256Chip;
  /** The EC precompiles' chips, where the capacity has calls for them. */
  readonly ec?: EcPrecompileChips;
  readonly smt: SmtBindingConfig;
  readonly roots: StateRootChip;
  readonly instance: Column;
}

export class SuperCircuit implements Circuit<SuperConfig> {
  /** The batch's witness (without one: an empty batch, the keygen layout). */
  readonly witness: BatchWitness;

  constructor(readonly capacity: BatchCapacity, readonly params: BatchParams, witness?: BatchWitness) {
    if (capacity.txs < 1) throw new SuperCircuitError('the batch circuit needs at least one tx slot');
    this.witness = witness ?? batchWitness([], capacity, params);
  }

  /** The instances of the witness's batch: [[hi, lo]] of its public-input hash. */
  instances(): bigint[][] {
    return [publicInputInstances(this.witness.pi, BATCH_PI_WORD_FIELDS)];
  }

  configure(cs: ConstraintSystem): SuperConfig {
    if (this.capacity.degree !== undefined) cs.setMinimumDegree(this.capacity.degree);
    const sig = this.configureSignatures(cs, this.witness.sigCalls, this.witness.keccak);
    const { byte, keccak } = sig;
    const and = BitwiseTable.configure(cs, 'and nibble', 4);
    const bytecode = BytecodeChip.configure(cs, keccak.table);
    const tx = TxChip.configure(cs, keccak.table, sig.table, { capacity: this.capacity.txs, chainId: this.params.chainId, bridgeAddress: this.params.bridgeAddress });
    const txCount = TxCountChip.configure(cs, tx);
    const state = StateChip.configure(cs, byte);
    const instance = cs.instanceColumn('batch public input');
    const pi = BatchPublicInputChip.configure(cs, keccak.table, instance, txHashRows(tx));
    // the MODEXP chip's steps look up the EVM's word arithmetic table: configured first, shared
    const arith = this.capacity.modexp === undefined ? undefined : ArithTable.configure(cs, 'evm arith', byte);
    const modexp = arith === undefined ? undefined : ModexpChip.configure(cs, { arith, byte });
    const sha256 = this.capacity.sha256Blocks === undefined ? undefined : Sha256Chip.configure(cs, byte);
    const ec = this.capacity.ec === undefined ? undefined : EcPrecompileChips.configure(cs, byte);
    const evm = EvmCircuit.configure(cs, {
      rw: state.table, bytecode: bytecode.table, tx: tx.table, block: pi.block.table, byte, and, keccak: keccak.table, sig: sig.table, arith, modexp: modexp?.table, sha256: sha256?.table,
      ecAdd: ec?.tables.ecAdd, ecMul: ec?.tables.ecMul,
    });
    const chain = BlockChainChip.configure(cs, byte, evm.txGasUsedTable(), this.params.gasLimit);
    const smt = configureBinding(cs, state, byte);
    const roots = StateRootChip.configure(cs, byte);
    const l1 = L1MessagesChip.configure(cs, keccak.table, tx);
    const withdrawals = WithdrawalsChip.configure(cs, keccak.table, byte, tx, this.params.withdrawAddress, evm.txStatusTable());
    return { sig, and, bytecode, tx, txCount, state, pi, chain, l1, withdrawals, evm, modexp, sha256, ec, smt, roots, instance };
  }

  /**
   * The signature table: ecrecover (SigCircuit: the byte table and non-native chips it needs, the keccak chip
   * as its key-hash source), one recovery per tx slot. The only way signatures are proven in a batch proof.
   */
  protected configureSignatures(cs: ConstraintSystem, calls: readonly SigCall[], keccakBlocks: readonly KeccakBlock[]): SignatureParts {
    let keccak: KeccakChip | undefined;
    const sig = new SigCircuit(calls, {
      configure: (c) => (keccak = KeccakChip.configure(c, this.capacity.keccakUnits)).table,
      assign: (_table, layouter) => keccak!.assign(layouter, keccakBlocks),
    });
    const cfg = sig.configure(cs);
    return { byte: cfg.byteTable, keccak: keccak!, table: cfg.table, assign: (layouter) => sig.synthesize(cfg, layouter) };
  }

  synthesize(cfg: SuperConfig, layouter: Layouter): void {
    const w = this.witness;
    cfg.sig.assign(layouter);
    cfg.and.load(layouter);
    cfg.evm.loadOpcodeTable(layouter);
    cfg.bytecode.assign(layouter, w.bytecode);
    const rwCount = cfg.state.assign(layouter, w.rws);
    cfg.tx.assign(layouter, w.tx);
    const txCount = cfg.txCount.assign(layouter, w.tx);
    const l1 = cfg.l1.assign(layouter, w.tx, w.l1Senders, w.keccakIds.l1Messages);
    const withdrawRoot = cfg.withdrawals.assign(layouter, w.tx, this.params.withdrawAddress, w.keccakIds.withdrawals, w.keccakIds.withdrawNodes, w.txStatus);
    const pi = cfg.pi.assign(layouter, w.pi, w.contexts, w.txHashes, this.capacity.txs, w.keccakIds);
    cfg.chain.assign(layouter, this.capacity.txs, w.contexts, w.txGasUsed, w.pi.parentBlockSummary, pi.records, pi.txCount, pi.pi.blocks!.parent, pi.pi.blocks!.last);
    const evm = cfg.evm.assign(layouter, this.capacity.evm, w.evm, modexpTableOps(w.modexp));
    cfg.modexp?.assign(layouter, w.modexp, NO_ARITH, false);
    cfg.sha256?.assign(layouter, w.sha256);
    cfg.ec?.assign(layouter, w.ecAdds, w.ecMuls);
    const smt = assignBinding(cfg.smt, layouter, w.state, this.capacity.smt);
    cfg.roots.assign(layouter, pi.pi.words.prevStateRoot!, smt.oldRoot);
    cfg.roots.assign(layouter, pi.pi.words.newStateRoot!, smt.newRoot);
    layouter.assignRegion('batch seams', (r) => {
      r.constrainEqual(evm.rwCount, rwCount);
      r.constrainEqual(evm.txCount, txCount);
      r.constrainEqual(evm.txCount, pi.txCount);
      // the public input's chain id (and so the block table's CHAINID) is the one the tx circuit checks signatures for
      r.constrainConstant(pi.pi.chainId, this.params.chainId);
      for (const [word, cells] of [['l1MessagesHash', l1], ['withdrawRoot', withdrawRoot]] as const) {
        r.constrainEqual(cells.hi, pi.pi.words[word]!.hi);
        r.constrainEqual(cells.lo, pi.pi.words[word]!.lo);
      }
    });
  }
}
