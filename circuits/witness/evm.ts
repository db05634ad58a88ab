/**
 * BlockTrace → the EVM circuit's witness: per tx its BeginTx rows, the executed steps and its EndTx rows
 * (circuits/evm/gadgets/tx.ts), with the RW operations each makes, numbered by one block-wide rw counter (1-based)
 * in execution order. The RW table (state circuit) holds exactly these rows. Account values come from the trace's
 * account accesses (the value before a tx's first access of a field) and then follow the circuit's own writes;
 * the tx's outcome in the trace (gas used, the sender's final balance) is checked against them.
 *
 * RW order per step: the gadget's slots (circuits/evm/gadgets), i.e. stack pops top first, then pushes:
 *   POP: read sp · PUSHn/PC/GAS: write sp − 1 · DUPn: read sp + n − 1, write sp − 1
 *   SWAPn: read sp, read sp + n, write sp, write sp + n · ADD/SUB/LT/GT/EQ: read sp, read sp + 1, write sp + 1
 *   ISZERO: read sp, write sp · JUMP: read sp · JUMPI: read sp, read sp + 1 · STOP/JUMPDEST: none
 *   ADDRESS/CALLER/CALLVALUE/CALLDATASIZE: read the call context field, write sp − 1 · ORIGIN/GASPRICE: write sp − 1.
 * Stack rows: tag Stack, id = call id, address = stack slot (the stack grows down from 1024, top at sp),
 * valuePrev = the slot's previous value for writes (0 if never written), the value itself for reads.
 * Call id = the rw counter at the tx's BeginTx (unique per call, as in zkevm-circuits).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { KECCAK_EMPTY } from '../bytecode/table.js';
import { splitWord } from '../gadgets/word.js';
import { blockField, type BlockFieldTag } from '../pi/block-table.js';
import { unsupportedOps } from '../evm/coverage.js';
import { addCarries } from '../evm/gadgets/arithmetic.js';
import { SIGNEXTEND, signExtendRow } from '../evm/gadgets/bitwise.js';
import { CALLDATA_CALLER, CALLDATA_MEMORY_READ, CALLDATA_READ, callDataLoadWitness, type CallDataLoadRows } from '../evm/gadgets/calldata.js';
import { isZeroInverse } from '../evm/gadgets/common.js';
import { mod } from '../gadgets/common.js';
import { halfSum } from '../evm/gadgets/comparison.js';
import { CALLDATACOPY, CALLDATACOPY_CALLER, CALLDATACOPY_MEMORY, callDataCopyCallerWitness, CODECOPY, COPY_FAR, COPY_WORD_GAS, EXTCODECOPY, isFarCopy, MCOPY, mcopyWitness, RETURNDATACOPY, returnDataCopyWitness, sourceCopyWitness, type CopyRows } from '../evm/gadgets/copy.js';
import { CODE_DEPOSIT_GAS, COLLISION_AUX_BITS, CREATE_COLLISION_NAME, CREATE_TX_COLLISION_NAME, createCollisionRow, codeDepositFailRow, codeDepositRow, countedRows, depositFails, createIntrinsicGas, createNonceRow, createRlp, createTxAux, INIT_CODE_WORD_GAS, MAX_INIT_CODE_SIZE } from '../evm/gadgets/create.js';
import { CREATE, CREATE_GAS, CREATE2_WORD_GAS, create2Input, createSenderRow, MAX_NONCE } from '../evm/gadgets/create-opcode.js';
import { CREATE_INIT, keccakWitness } from '../evm/gadgets/keccak.js';
import { MEMORY_OOG_FAR, MEMORY_OOG_END, MEMORY_OOG_START, memoryOogAccess, memoryOogFarWitness, memoryOogWitness } from '../evm/gadgets/memory-oog.js';
import { ACCOUNT_ACCESS_OOG, ACCOUNT_ACCESS_OOG_COLD, ACCOUNT_ACCESS_OPCODES, accountAccessOogWitness, FAILURES, IMPLICIT_STOP, RETURNDATA_OUT_OF_BOUND, returnDataOutOfBoundWitness, INVALID_JUMP, invalidJumpWitness, OUT_OF_GAS, SLOAD_COLD_OOG, STACK_OVERFLOW, SSTORE_SENTRY, SSTORE_SENTRY_GAS, STACK_UNDERFLOW, WRITE_PROTECTION, writeProtectionWitness } from '../evm/gadgets/error.js';
import { revertedSlots, stackNeed } from '../evm/circuit.js';
import { byteLength, EXP, EXP_BYTE_GAS, EXP_OOG, expOogWitness, expRows } from '../evm/gadgets/exp.js';
import { SIGNED_DIV, signedDivRows } from '../evm/gadgets/signed-div.js';
import { logWitness } from '../evm/gadgets/log.js';
import { ACCESS_SIZE, memoryExpansion } from '../evm/gadgets/memory.js';
import { COLD_SLOAD_SURCHARGE, SSTORE_OOG_END, SSTORE_OOG_START, sstoreEffects, sstoreRefundWitness } from '../evm/gadgets/storage.js';
import { ACCOUNT_PREWARM, BALANCE, COLD_ACCOUNT_COST, COLD_ACCOUNT_SURCHARGE, EXTCODEHASH, EXTCODESIZE, extCodeHashEmptyWitness, prewarmWitness, SELFBALANCE } from '../evm/gadgets/account.js';
import { BLOBHASH } from '../evm/gadgets/root-context.js';
import { CALL_OPCODES, CALL_STIPEND, CALLCODE, DELEGATECALL, MAX_DEPTH, RETURN_DATA_BYTES, STATICCALL, callEmptyWitness, callGasWitness } from '../evm/gadgets/call.js';
import { BLAKE2F, BLAKE2F_ROOT_END, BLAKE2F_ROOT_FAILURE, blake2fRootWitness } from '../evm/gadgets/blake2f-root.js';
import { CALL_OOG_FAR, CALL_OUT_OF_GAS, callChargesOf, callOogFarWitness, callOperands, farCallRange } from '../evm/gadgets/call-oog.js';
import { copyBytesWitness } from '../evm/gadgets/frame-copy.js';
import { MODEXP, MODEXP_LENGTHS_ROW, MODEXP_MAX_LENGTH, MODEXP_OPERAND_ROW, MODEXP_OUT_OF_GAS, MODEXP_OUTPUT_ROW, MODEXP_RESULT_ROW, MODEXP_ROW, MODEXP_INPUT_ROW, MODEXP_ROOT_INPUT_ROW, HEADER_BYTES, WINDOW_BYTES, bigEndian, clampWitness, gasWitness, modexpContext, modexpLengths, modexpRootInputBytes, paddedInput, roomWitness } from '../evm/gadgets/modexp.js';
import { modexpWitness, type ModexpWitness } from '../modexp/witness.js';
import { ECRECOVER, ECRECOVER_GAS, ECRECOVER_INPUT_BYTES, ECRECOVER_INPUT_ROW, ECRECOVER_OUT_OF_GAS, ECRECOVER_OUTPUT_ROW, ECRECOVER_ROW, ECRECOVER_ROWS_PER_HALF, ECRECOVER_SIG_ROW, ecrecoverInputRow, ecrecoverWitness } from '../evm/gadgets/ecrecover.js';
import { keyAddress, recoveredKey, type Recovery } from '../sig/witness.js';
import { rootPrecompileGas, rootPrecompileWitness } from '../evm/gadgets/precompile-root.js';
import { BLOCKHASH, BLOCKHASH_WINDOW, blockHashWitness } from '../evm/gadgets/environment.js';
import { ECADD, ECMUL, EC_FAILURE, EC_INPUT_ROW, EC_OUTPUT_X_ROW, EC_OUTPUT_Y_ROW, EC_RESULT_ROW, EC_ROOT_INPUT_ROW, EC_ROW, ecHeadWitness, ecInputContext, ecResultWitness, ecRootInputBytes, ecSpec } from '../evm/gadgets/ec-precompile.js';
import { ecAddReference, ecMulReference, type EcOutcome } from '../ecc/reference.js';
import type { EcAddCall } from '../ecc/ec-add.js';
import type { EcMulCall } from '../ecc/ec-mul.js';
import { SHA256, SHA256_DIGEST_ROW, SHA256_INPUT_ROW, SHA256_OUT_OF_GAS, SHA256_OUTPUT_ROW, SHA256_ROW, sha256Gas, sha256InputRow, sha256Witness } from '../evm/gadgets/sha256.js';
import { IDENTITY, IDENTITY_COPY, IDENTITY_OUT_OF_GAS, IDENTITY_ROW, identityGas, identityKept, identityWitness } from '../evm/gadgets/precompile.js';
import { DEBIT, NEW_ACCOUNT_GAS, SELF_BYTE, SELFDESTRUCT, SELFDESTRUCT_COLD_GAS, SELFDESTRUCT_GAS, SELFDESTRUCT_OUT_OF_GAS } from '../evm/gadgets/selfdestruct.js';
import { WORD_ROWS, wordRow } from '../evm/gadgets/word-rows.js';
import { AL_ADDRESS, AL_KEY, BASE_FEE, BEGIN_TX_PRECOMPILE, PRECOMPILE_ROOT, PRECOMPILE_ROOT_BLAKE2F, PRECOMPILE_ROOT_EC, PRECOMPILE_ROOT_MODEXP, PRECOMPILE_ROOT_OOG, COINBASE, FEE_CAP_BELOW, isPrecompileAddress, LAST_PRECOMPILE, LEFT, MAX_REFUND_QUOTIENT, PRICE, SCRATCH, TX_BASE_GAS } from '../evm/gadgets/tx.js';
import { INTERNAL_GADGETS, OPCODES, stateId, type OpcodeEntry } from '../evm/opcodes.js';
import { STACK_EMPTY, type AuxWitness, type ExecutionGadget } from '../evm/step.js';
import { AccountField, CallContextField, LogField, RwTag, type RwRow } from '../state/table.js';
import type { Address, BlockHeaderTrace, CallFrameTrace, BlockTrace, BytecodeTrace, Hash, StepTrace, StorageAccess, TxTrace } from './trace.js';
import { callDataGasCost } from './tx.js';

/** A trace the EVM circuit cannot prove yet (unsupported opcode, nested call, error state, …: see evm/coverage.ts). */
export class UnsupportedExecutionError extends Error {
  constructor(readonly tx: number, readonly reason: string) {
    super(`tx ${tx}: ${reason}`);
    this.name = 'UnsupportedExecutionError';
  }
}

/** The trace contradicts itself or the circuit's opcode table (a tracer or table bug, not a user error). */
export class EvmWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvmWitnessError';
  }
}


export interface ExecStep {
  readonly spec: OpcodeEntry;
  readonly pc: number;
  /** Stack pointer before the step: 1024 − stack length. */
  readonly sp: number;
  readonly gasLeft: bigint;
  readonly memoryWords: number;
  /** 1-based index of the step's tx in the block. */
  readonly txId: number;
  readonly callId: number;
  /** Rw counter of the step's first operation (the next free one when it has none). */
  readonly rwCounter: number;
  /** Code hash of the running call (0 on BeginTx/EndTx rows). */
  readonly codeHash: bigint;
  /** The step's operations in slot order. */
  readonly rws: readonly RwRow[];
  /** Aux cells computed by the builder (BeginTx/EndTx rows); opcode steps get theirs from their gadget. */
  readonly aux?: AuxWitness;
  /** Reversible writes of the running call before the step (circuit.ts's `reversible` cell). */
  readonly reversible: bigint;
  /** The running call's outcome cells (shared by its steps; revertEnd known once the tx is built). */
  readonly frame: FrameCells;
}

/** A row's place in its call (pc, sp, gas, memory, ids, code hash), before the builder numbers it. */
type StepAt = Omit<ExecStep, 'spec' | 'rwCounter' | 'rws' | 'reversible' | 'frame'>;
/** An input row's bytes: the n bytes at `at`, the row's reads and what joins its aux word (WitnessBuilder.inputRows). */
type InputTake = (at: number, n: number) => { values: readonly number[]; reads: RwRow[]; aux: bigint };

/** The call opcodes the builder runs as a callee frame (gadgets/call.ts). */
const CALLS: ReadonlyArray<ExecutionGadget | undefined> = CALL_OPCODES;

/** A call's `persistent`, `revertEnd`, `isRoot` and `isStatic` cells (circuit.ts, gadgets/call.ts). */
export interface FrameCells { persistent: bigint; revertEnd: bigint; readonly isRoot: bigint; readonly isStatic: bigint }

export interface EvmWitness {
  readonly steps: readonly ExecStep[];
  /** All operations in rw counter order. */
  readonly rws: readonly RwRow[];
  /** The distinct codes the calls ran, in first-run order: the bytecode circuit's input (bytecodeWitness). */
  readonly codes: readonly BytecodeTrace[];
  /** The next free rw counter after the block: the RW table has rwCounterEnd − 1 rows. */
  readonly rwCounterEnd: number;
  /** The distinct inputs the rows hash, in first-hashed order: keccak ids firstKeccakId, firstKeccakId + 1, … (EvmWitnessOptions). */
  readonly keccakInputs: readonly Uint8Array[];
  /**
   * Keccak ids of the codes whose bytes the rows hash already (a creation's init code and deployed code, CODECOPY's
   * source), by code hash: the bytecode circuit looks those codes up under these ids instead of hashing them again.
   */
  readonly codeKeccakIds: ReadonlyMap<bigint, number>;
  /** The ecrecover calls' recoveries (v ∈ {27, 28}), in call order: rows of the signature table the EVM circuit looks up. */
  readonly recoveries: readonly Recovery[];
  /** The MODEXP calls' chains, in call order: rows of the MODEXP table the EVM circuit looks up. */
  readonly modexpCalls: readonly ModexpWitness[];
  /** The SHA-256 calls' inputs, in call order: the SHA-256 table's ids 1, 2, … (the SHA-256 circuit hashes them). */
  readonly sha256Inputs: readonly Uint8Array[];
  /** The ecAdd and ecMul calls' input words, in call order: rows of the EC precompile tables the EVM circuit looks up. */
  readonly ecAddCalls: readonly EcAddCall[];
  readonly ecMulCalls: readonly EcMulCall[];
  readonly txCount: number;
}

const INTERNAL: ReadonlyMap<string, OpcodeEntry> = new Map(
  INTERNAL_GADGETS.map((gadget) => [gadget.name, { opcode: 0, name: gadget.name, param: 0, gas: 0, spDelta: 0, gadget, state: stateId(gadget) }]),
);

/** Intrinsic gas of the calldata (EIP-2028) and of the access list (EIP-2930). */
function intrinsicGas(tx: Pick<TxTrace, 'data' | 'accessList'>): { callData: bigint; accessList: bigint } {
  const accessList = tx.accessList.reduce((n, e) => n + 2400n + 1900n * BigInt(e.storageKeys.length), 0n);
  return { callData: callDataGasCost(tx.data), accessList };
}

const fieldName = { [AccountField.Nonce]: 'nonce', [AccountField.Balance]: 'balance', [AccountField.CodeHash]: 'codeHash' } as const;
/** The account fields a trace carries (HasStorage is read only by creations, whose outcome gives it). */
type TracedField = keyof typeof fieldName;

/**
 * Builds the witness of consecutive blocks (a batch's); the running state is the rw counter, the account values and
 * the output lists, and `header`, the context of the block whose txs run next.
 */
/** inputRows' bytes from a tx's calldata `data` (no reads), `aux` of the bytes joining each row's aux word. */
const calldataInput = (data: Uint8Array, aux: (on: number[]) => bigint): InputTake => (at, n) => {
  const on = Array.from(data.subarray(at, at + n));
  return { values: on, reads: [], aux: aux(on) };
};

/** 16-byte halves (hi first, as inputRows gives them) as words. */
const wordsOf = (halves: readonly bigint[]): bigint[] => Array.from({ length: halves.length / 2 }, (_, i) => (halves[2 * i]! << 128n) + halves[2 * i + 1]!);

class Builder {
  readonly steps: ExecStep[] = [];
  readonly rws: RwRow[] = [];
  readonly codes = new Map<bigint, BytecodeTrace>();
  readonly keccakInputs: Uint8Array[] = [];
  /** The SHA-256 calls' inputs, in call order: the SHA-256 table's ids 1, 2, … */
  readonly sha256Inputs: Uint8Array[] = [];
  readonly recoveries: Recovery[] = [];
  /** The MODEXP calls, in call order: rows of the MODEXP table the EVM circuit looks up. */
  readonly modexpCalls: ModexpWitness[] = [];
  readonly ecAddCalls: EcAddCall[] = [];
  readonly ecMulCalls: EcMulCall[] = [];
  rwc = 1;
  private readonly accounts = new Map<string, bigint>();

  constructor(private header: BlockHeaderTrace, private readonly known: Map<bigint, Uint8Array>, private readonly firstKeccakId: number) {}

  /** The txs from here on run in the block of `header`. */
  enterBlock(header: BlockHeaderTrace): void {
    this.header = header;
  }

  /** Keccak ids by input (hex): each distinct input is hashed once per batch. */
  private readonly inputIds = new Map<string, number>();

  /**
   * The keccak id of `input`: the id of the same bytes when a row hashed them before (the init code CODECOPY copies,
   * a mapping slot hashed twice), else the next one. Sharing an id is sound: the keccak table holds one input and
   * digest per id, so every site naming it is bound to the same bytes and hash.
   */
  private hashInput(input: Uint8Array): number {
    const key = bytesToHex(input);
    const known = this.inputIds.get(key);
    if (known !== undefined) return known;
    this.keccakInputs.push(input);
    const id = this.firstKeccakId + this.keccakInputs.length - 1;
    this.inputIds.set(key, id);
    return id;
  }

  /** The keccak id of `input` when a row hashed it, else undefined. */
  hashedId(input: Uint8Array): number | undefined {
    return this.inputIds.get(bytesToHex(input));
  }

  /**
   * A creation's rows after BeginTxFunds1 (circuits/evm/gadgets/create.ts): the new address from the RLP of
   * (sender, nonce), its balance, nonce and (empty) code, and the init code (the tx's data) hashed as the frame's code.
   * Returns the init code's hash and the frame's gas; at an address in use (EIP-684), CreateTxCollision instead of the
   * account's rows: the empty code and no gas (all consumed).
   */
  private createRows(tx: TxTrace, txId: number, callId: number, gas: bigint, created: Address, context: Map<number, bigint>, warm: Set<bigint>): { code: bigint; gas: bigint } {
    const row = (name: string, gasLeft: bigint, rws: readonly RwRow[], aux: AuxWitness = {}) => this.internal(name, txId, callId, gasLeft, rws, aux);
    const calleeRead = () => this.rw(false, RwTag.CallContext, callId, 0n, CallContextField.CalleeAddress, BigInt(created), BigInt(created));
    // @ethereumjs ran no init code and failed the tx: the address is in use (a nonce or code, EIP-684), or has storage alone (EIP-7610)
    const collided = tx.status === 0 && tx.steps.length === 0;
    const collision = collided
      ? createCollisionRow(this.knownAccount(tx, created, AccountField.Nonce) ?? 0n, this.knownAccount(tx, created, AccountField.CodeHash) ?? KECCAK_EMPTY, true)
      : undefined;
    row('CreateNonce', gas, [], createNonceRow(tx.nonce));
    const rlp = createRlp(BigInt(tx.from), tx.nonce);
    const hash = BigInt(`0x${bytesToHex(keccak_256(rlp))}`);
    const rlpId = this.hashInput(rlp);
    // EIP-2929: the new address warm from the start (it may be in the access list already)
    const warmWrite = this.rw(true, RwTag.TxAccessListAccount, txId, BigInt(created), 0, 1n, warm.has(BigInt(created)) ? 1n : 0n);
    warm.add(BigInt(created));
    row('CreateAddress', gas, [calleeRead(), warmWrite], { aux: (hash >> 128n) << 128n, c0: splitWord(hash)[0] });
    for (const aux of countedRows(rlp, rlpId, 'rlp')) row('CreateRlp', gas, [], aux);
    if (collision !== undefined) {
      const initGas = gas - createIntrinsicGas(tx.data.length);
      row(CREATE_TX_COLLISION_NAME, gas, this.collisionReads(tx, created, calleeRead(), collision.storage),
        { aux: collision.cells.aux! | (createTxAux(tx.data.length, initGas) << COLLISION_AUX_BITS), inv: collision.cells.inv, c0: BigInt(tx.data.length) });
      return { code: KECCAK_EMPTY, gas: 0n };
    }
    // a fresh address: no code, nonce 0 (EIP-684), whatever balance was sent to it before
    for (const [field, fresh] of [[AccountField.Nonce, 0n], [AccountField.CodeHash, KECCAK_EMPTY]] as const) {
      const key = `${created}:${field}`;
      if (!this.accounts.has(key)) this.accounts.set(key, fresh);
    }
    const balanceKey = `${created}:${AccountField.Balance}`;
    if (!this.accounts.has(balanceKey)) this.accounts.set(balanceKey, tx.accounts.find((a) => a.address === created && a.field === 'balance')?.valuePrev ?? 0n);
    this.balanceRow('CreateBalance', tx, txId, callId, gas, created, (b) => b + tx.value, tx.value, new Map([[SCRATCH, tx.value]]), [calleeRead(), this.hasStorageRead(created, false)]);
    const codeHash = this.accountOp(tx, created, AccountField.CodeHash);
    const nonce = this.accountOp(tx, created, AccountField.Nonce, () => 1n);
    if (codeHash.value !== KECCAK_EMPTY || nonce.valuePrev !== 0n) throw new EvmWitnessError(`tx ${tx.index}: ${created} already has code or a nonce (the tx should have failed)`);
    const init = BigInt(`0x${bytesToHex(keccak_256(tx.data))}`);
    const frameGas = gas - createIntrinsicGas(tx.data.length);
    row('CreateTx', frameGas, [calleeRead(), codeHash, nonce, this.callContext(context, callId, CallContextField.CodeHash, init)], { aux: createTxAux(tx.data.length, frameGas), c0: BigInt(tx.data.length) });
    const initId = this.hashInput(tx.data);
    for (const aux of countedRows(tx.data, initId, 'init', init)) row('CreateInitCode', frameGas, [], aux);
    if (tx.data.length > 0) this.known.set(init, tx.data);
    return { code: init, gas: frameGas };
  }

  /**
   * A creating frame's RETURN deposits memory[offset … offset + size − 1] as the new account's code: CodeDeposit and
   * its bytes rows (create.ts). Returns the gas left after the deposit's 200 per byte.
   */
  private codeDeposit(tx: TxTrace, txId: number, callId: number, created: Address, gasLeft: bigint, memory: ReadonlyMap<number, bigint>, ret: StepTrace, output: Uint8Array): bigint {
    const [offset, size] = [ret.stack.at(-1)!, Number(ret.stack.at(-2)!)];
    const code = Uint8Array.from({ length: size }, (_, k) => Number(memory.get(Number(offset) + k) ?? 0n));
    if (bytesToHex(code) !== bytesToHex(output)) throw new EvmWitnessError(`tx ${tx.index}: the code ${created} deploys is not the frame's output`);
    const hash = BigInt(`0x${bytesToHex(keccak_256(code))}`);
    const id = this.hashInput(code);
    const calleeRead = this.rw(false, RwTag.CallContext, callId, 0n, CallContextField.CalleeAddress, BigInt(created), BigInt(created));
    const left = gasLeft - CODE_DEPOSIT_GAS * BigInt(size);
    this.internal('CodeDeposit', txId, callId, gasLeft, [calleeRead, this.accountOp(tx, created, AccountField.CodeHash, () => hash)], codeDepositRow(code, left));
    const at = { pc: 0, sp: STACK_EMPTY, gasLeft: left, memoryWords: 0, txId, callId, codeHash: 0n };
    // KECCAK256's bytes rows without the opener's word count (aux bytes 0 … 3 are the index)
    const rows = keccakWitness(offset, size, 0, id).rows.map((r) => ({ ...r, aux: r.aux! & 0xffffffffn }));
    this.byteRows(at, 'CodeDepositBytes', rows, (b) => [this.memoryRead(memory, callId, b)]);
    if (size > 0) {
      this.codes.set(hash, { codeHash: `0x${hash.toString(16).padStart(64, '0')}` as Hash, code });
      this.known.set(hash, code);
    }
    return left;
  }

  /** A creating frame's RETURN whose code deposit fails (create.ts CodeDepositFail; the caller undoes the frame's writes). */
  private codeDepositFail(tx: TxTrace, txId: number, callId: number, memory: ReadonlyMap<number, bigint>, ret: StepTrace): void {
    const [offset, size] = [Number(ret.stack.at(-1)!), Number(ret.stack.at(-2)!)];
    const code = Uint8Array.from({ length: size }, (_, k) => Number(memory.get(offset + k) ?? 0n));
    const gasLeft = ret.gasLeft - ret.gasCost;
    const row = codeDepositFailRow(code, gasLeft);
    if (row === undefined) throw new EvmWitnessError(`tx ${tx.index}: the code deposit of ${size} bytes failed (${ret.error}), yet it fits and ${gasLeft} gas pays for it`);
    this.internal('CodeDepositFail', txId, callId, gasLeft, row.readsFirst ? [this.memoryRead(memory, callId, offset)] : [], row.aux);
  }

  /** The account field's current value: this block's last write, else the value before the tx's first access; undefined if the trace has neither. */
  private knownAccount(tx: TxTrace, address: Address, field: TracedField): bigint | undefined {
    return this.accounts.get(`${address}:${field}`) ?? tx.accounts.find((a) => a.address === address && a.field === fieldName[field])?.valuePrev;
  }

  /** As knownAccount, refusing a field the trace lacks. */
  private account(tx: TxTrace, address: Address, field: TracedField): bigint {
    const value = this.knownAccount(tx, address, field);
    if (value === undefined) throw new EvmWitnessError(`tx ${tx.index}: the trace has no ${fieldName[field]} of ${address}`);
    return value;
  }

  /** An operation; `push` numbers it. */
  private rw(isWrite: boolean, tag: RwTag, id: number, address: bigint, fieldTag: number, value: bigint, valuePrev: bigint): RwRow {
    return { rwCounter: 0, isWrite, tag, id, address, fieldTag, storageKey: 0n, value, valuePrev, committedValue: 0n };
  }

  /** A CallContext write; `context` keeps the call's values (a field never written is 0, as the state circuit starts it). */
  private callContext(context: Map<number, bigint>, callId: number, field: CallContextField, value: bigint): RwRow {
    const before = context.get(field) ?? 0n;
    context.set(field, value);
    return this.rw(true, RwTag.CallContext, callId, 0n, field, value, before);
  }

  /** A CallContext read of the call's value (0 if never written). */
  private contextRead(context: ReadonlyMap<number, bigint>, callId: number, field: CallContextField): RwRow {
    const value = context.get(field) ?? 0n;
    return this.rw(false, RwTag.CallContext, callId, 0n, field, value, value);
  }

  /** The call context of each call of the block, by call id. */
  private readonly contexts = new Map<number, Map<number, bigint>>();
  /** Reversible rows of the running call so far (circuit.ts's `reversible` cell). */
  private reversibleCount = 0n;

  /** An account field read (`update` absent) or write of `update(value before)`. */
  accountOp(tx: TxTrace, address: Address, field: TracedField, update?: (before: bigint) => bigint): RwRow {
    const before = this.account(tx, address, field);
    const after = update?.(before) ?? before;
    if (update !== undefined) this.accounts.set(`${address}:${field}`, after);
    return this.rw(update !== undefined, RwTag.Account, 0, BigInt(address), field, after, before);
  }

  /** A collision row's reads (create.ts COLLISION_SLOTS): A, its nonce and code hash, and its HasStorage = 1 for that reason. */
  private collisionReads(tx: TxTrace, created: Address, callee: RwRow, storage: boolean): RwRow[] {
    return [callee, this.accountOp(tx, created, AccountField.Nonce), this.accountOp(tx, created, AccountField.CodeHash), ...(storage ? [this.hasStorageRead(created, true)] : [])];
  }

  /** A creation's read of its address's HasStorage (EIP-7610): 1 where @ethereumjs failed it for storage alone, else 0. */
  private hasStorageRead(address: Address, has: boolean): RwRow {
    const value = has ? 1n : 0n;
    return this.rw(false, RwTag.Account, 0, BigInt(address), AccountField.HasStorage, value, value);
  }

  /** The writes of the running tx's `reversible` rows, in order: what a failure undoes (circuit.ts revertedSlots). */
  private reversibleWrites: RwRow[] = [];

  /** The accounts a CREATE or CREATE2 of the running tx made (its TxCreated marks, EIP-6780). */
  private readonly createdInTx = new Set<bigint>();
  /** The last of the tx's trace frames a call has entered (frames are in entry order). */
  private frameCursor = 0;
  /** The running call's outcome cells. */
  private frameCells: FrameCells = { persistent: 0n, revertEnd: 0n, isRoot: 1n, isStatic: 0n };
  /** The tx's nested calls that succeed: their revertEnd is their caller's − its reversible writes when it called. */
  private pending: Array<{ cells: FrameCells; caller: FrameCells; reversible: bigint }> = [];
  /** The tx's RW rows that save or read a caller's revertEnd (RwCounterEndOfReversion), and whose it is. */
  private revertEndRows: Array<{ row: RwRow; cells: FrameCells; first: boolean }> = [];

  /** Once the tx is built (its root's revertEnd known): the nested calls' revertEnd and the rows holding them. */
  private settle(): void {
    // (a call that persists undoes nothing: 0, as the root's)
    for (const p of this.pending) p.cells.revertEnd = p.cells.persistent === 1n ? 0n : p.caller.revertEnd - p.reversible;
    for (const { row, cells, first } of this.revertEndRows) {
      row.value = cells.revertEnd;
      row.valuePrev = first ? 0n : cells.revertEnd;
    }
    this.revertEndRows = [];
  }

  /** Appends a row: its operations get consecutive rw counters from the current one. */
  push(step: Omit<ExecStep, 'rwCounter' | 'rws' | 'reversible' | 'frame'>, rws: readonly RwRow[]): void {
    const numbered = rws.map((r, j) => ({ ...r, rwCounter: this.rwc + j }));
    this.steps.push({ ...step, rwCounter: this.rwc, rws: numbered, reversible: this.reversibleCount, frame: this.frameCells });
    this.rws.push(...numbered);
    this.rwc += numbered.length;
    if (step.spec.gadget.reversible !== undefined) {
      const reverted = revertedSlots(step.spec.gadget).map((j) => numbered[j]!);
      this.reversibleWrites.push(...reverted);
      this.reversibleCount += BigInt(reverted.length);
    }
  }

  /**
   * A failed call's reversion writes, right after its failing step: the last reversible write undone first, each
   * writing back the value before it (error.ts). Their counters are the ones the failing step's rwc skips.
   */
  private revert(from = 0, undo?: (w: RwRow) => void): void {
    for (const w of this.reversibleWrites.slice(from).reverse()) {
      this.rws.push({ ...w, rwCounter: this.rwc++, value: w.valuePrev, valuePrev: w.value });
      if (w.tag === RwTag.Account) this.accounts.set(`${hexAddress(w.address)}:${w.fieldTag}`, w.valuePrev);
      undo?.(w);
    }
    this.reversibleWrites.length = from;
  }

  internal(name: string, txId: number, callId: number, gasLeft: bigint, rws: readonly RwRow[], aux: AuxWitness): void {
    this.push({ spec: INTERNAL.get(name)!, pc: 0, sp: STACK_EMPTY, gasLeft, memoryWords: 0, txId, callId, codeHash: 0n, aux }, rws);
  }

  tx(tx: TxTrace, txId: number): void {
    const reasons = unsupportedOps(tx);
    if (reasons.length > 0) throw new UnsupportedExecutionError(tx.index, `not supported yet: ${reasons.join('; ')}`);
    const { from, gasLimit: limit, effectiveGasPrice: price, value } = tx;
    const create = tx.to === null;
    const to = tx.to ?? createdAddress(tx);
    const callId = this.rwc;
    const { callData, accessList } = intrinsicGas(tx);
    const gas = limit - TX_BASE_GAS - callData - accessList;
    const context = new Map<number, bigint>();
    this.contexts.set(callId, context);
    // a tx undoes only its own writes (a creation tx's code deposit, after its root's end, is no later tx's to undo)
    this.reversibleCount = 0n;
    this.reversibleWrites = [];
    const root: FrameCells = { persistent: tx.status === 1 ? 1n : 0n, revertEnd: 0n, isRoot: 1n, isStatic: 0n };
    this.frameCells = root;
    this.pending = [];
    this.createdInTx.clear();
    const cc = (field: CallContextField, v: bigint) => this.callContext(context, callId, field, v);
    const row = (name: string, gasLeft: bigint, rws: readonly RwRow[], aux: AuxWitness = {}) => this.internal(name, txId, callId, gasLeft, rws, aux);

    row('BeginTx', limit - TX_BASE_GAS, [cc(CallContextField.TxId, BigInt(txId)), cc(CallContextField.CallerAddress, BigInt(from)), cc(CallContextField.Depth, 1n)], { c0: limit, aux: BigInt(from) });
    const nonce = this.accountOp(tx, from, AccountField.Nonce, (n) => n + 1n);
    if (nonce.valuePrev !== tx.nonce) throw new EvmWitnessError(`tx ${tx.index}: nonce ${tx.nonce}, account nonce ${nonce.valuePrev}`);
    if (nonce.value >= 1n << 64n) throw new EvmWitnessError(`tx ${tx.index}: nonce ${tx.nonce} is not below 2^64 − 1 (EIP-2681)`);
    const dataLength = BigInt(tx.data.length);
    row('BeginTx1', gas, [cc(CallContextField.Value, value), cc(CallContextField.CallDataLength, create ? 0n : dataLength), cc(CallContextField.CallDataOffset, 0n), cc(CallContextField.IsStatic, 0n)],
      { c0: callData, c1: accessList, aux: nonce.value, inv: dataLength });
    row('BeginTx2', gas, [cc(CallContextField.IsRoot, 1n), cc(CallContextField.IsCreate, create ? 1n : 0n), nonce, cc(CallContextField.CalleeAddress, BigInt(to))], { aux: BigInt(to) });
    // the tx table's callee: 0 for a creation
    const callee = create ? 0n : BigInt(to);
    // a precompile callee runs no code: its gas row (gadgets/precompile-root.ts), for those whose price is the input's
    // length's, or ecAdd's and ecMul's rows (gadgets/ec-precompile.ts)
    const precompile = isPrecompileAddress(callee);
    const ec = callee === ECADD || callee === ECMUL;
    const [modexp, blake2f] = [callee === MODEXP, callee === BLAKE2F];
    // (ecAdd, ecMul, MODEXP and BLAKE2F have rows of their own; the rest are priced by their input's length)
    const ownRows = ec || modexp || blake2f;
    const precompileGas = precompile && !ownRows ? rootPrecompileGas(callee, tx.data.length) : undefined;
    if (precompile && !ownRows && precompileGas === undefined) throw new UnsupportedExecutionError(tx.index, `a tx to precompile ${to}: not built`);
    // EIP-2930: the access list's items, in order, each written warm (gadgets/tx.ts BeginTxAccessList*)
    const items = tx.accessList.flatMap((e) => [{ address: BigInt(e.address), key: undefined as bigint | undefined }, ...e.storageKeys.map((k) => ({ address: BigInt(e.address), key: BigInt(k) }))]);
    const n = BigInt(items.length);
    // EIP-2929: the callee is warm from the start (a creation's new address: AccountPrewarm's rules)
    row('BeginTxCallee', gas, create ? [] : [this.rw(true, RwTag.TxAccessListAccount, txId, callee, 0, 1n, 0n)], {
      c0: callee, c1: n, aux: gas, cells: new Map([[1, { lo: isZeroInverse(n), hi: 0n }]]),
    });
    const warmAccounts = new Set<bigint>(create ? [] : [callee]);
    const warmSlots = new Set<string>();
    items.forEach(({ address, key }, i) => {
      const aux = { c0: BigInt(i), c1: address, inv: isZeroInverse(n - BigInt(i) - 1n), cells: new Map([[1, { lo: n, hi: 0n }]]), aux: key };
      if (key === undefined) {
        row(AL_ADDRESS, gas, [this.rw(true, RwTag.TxAccessListAccount, txId, address, 0, 1n, warmAccounts.has(address) ? 1n : 0n)], aux);
        warmAccounts.add(address);
      } else {
        const slot = slotKey({ address: hexAddress(address), slot: key });
        row(AL_KEY, gas, [{ ...this.rw(true, RwTag.TxAccessListStorage, txId, address, 0, 1n, warmSlots.has(slot) ? 1n : 0n), storageKey: key }], aux);
        warmSlots.add(slot);
      }
    });
    const { baseFeePerGas: baseFee } = this.header;
    const below = tx.maxFeePerGas < baseFee + tx.maxPriorityFeePerGas;
    const effective = below ? tx.maxFeePerGas : baseFee + tx.maxPriorityFeePerGas;
    if (effective !== price) throw new EvmWitnessError(`tx ${tx.index}: effective gas price ${price}, min(max fee, base fee + priority fee) is ${effective}`);
    if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) throw new EvmWitnessError(`tx ${tx.index}: priority fee ${tx.maxPriorityFeePerGas} above the max fee ${tx.maxFeePerGas}`);
    row('BeginTxGasPrice', gas, [], {
      c0: tx.maxFeePerGas, c1: tx.maxPriorityFeePerGas,
      aux: tx.maxFeePerGas - baseFee - tx.maxPriorityFeePerGas + (below ? 1n << 128n : 0n) + ((tx.maxFeePerGas - tx.maxPriorityFeePerGas) << 128n),
      scratch: new Map([[FEE_CAP_BELOW, below ? 1n : 0n], [BASE_FEE, baseFee], [SCRATCH, price]]),
    });
    const upfront = limit * price;
    row('BeginTx3', gas, [], { c0: limit, c1: price, aux: upfront, scratch: new Map([[SCRATCH, upfront]]) });
    this.balanceRow('BeginTx4', tx, txId, callId, gas, from, (b) => b - upfront, upfront);
    const senderCode = this.accountOp(tx, from, AccountField.CodeHash);
    if (senderCode.value !== KECCAK_EMPTY) throw new EvmWitnessError(`tx ${tx.index}: the sender ${from} has code (EIP-3607 forbids it)`);
    this.balanceRow('BeginTx5', tx, txId, callId, gas, from, (b) => b - value, value, new Map([[SCRATCH, value]]), [senderCode]);
    const left = this.steps.at(-1)!.rws[0]!.value;
    const reserve = limit * (tx.maxFeePerGas - price);
    if (left < reserve) throw new EvmWitnessError(`tx ${tx.index}: the sender cannot cover gas limit · max fee + value`);
    row('BeginTxFunds', gas, [], { c0: limit, c1: tx.maxFeePerGas, aux: reserve, scratch: new Map([[PRICE, price], [LEFT, left], [SCRATCH, reserve]]) });
    // the callee's precompile test: (x − 1)·…·(x − 10) chained in slot cells (gadgets/tx.ts BeginTxFunds1)
    const factors = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => callee - BigInt(a + i)).reduce((x, y) => mod(x * y));
    const [t1, t2, t3] = [factors(1, 3), mod(factors(1, 6)), mod(factors(1, 9))];
    row('BeginTxFunds1', gas, [], {
      aux: left - reserve, ...addCarries(left - reserve, reserve), inv: isZeroInverse(t3 * (callee - LAST_PRECOMPILE)),
      cells: new Map([[0, { lo: callee, hi: t1 }], [1, { lo: t2, hi: t3 }]]),
    });
    let code: bigint;
    let frameGas = gas;
    if (create) ({ code, gas: frameGas } = this.createRows(tx, txId, callId, gas, to, context, warmAccounts));
    else if (precompile) {
      const credit = this.accountOp(tx, to, AccountField.Balance, (c) => c + value);
      row(BEGIN_TX_PRECOMPILE, gas, [credit], { aux: credit.value, ...addCarries(credit.valuePrev, value), scratch: new Map([[SCRATCH, value]]) });
      if (tx.steps.length > 0) throw new EvmWitnessError(`tx ${tx.index}: the precompile ${to} ran opcode steps`);
      if (ec) frameGas = this.rootEcRows(tx, txId, callId, gas, callee, context);
      else if (modexp) frameGas = this.rootModexpRows(tx, txId, callId, gas, context);
      else if (blake2f) frameGas = this.rootBlake2fRows(tx, txId, callId, gas);
      else {
        const enough = gas >= precompileGas!;
        row(enough ? PRECOMPILE_ROOT : PRECOMPILE_ROOT_OOG, gas, [], rootPrecompileWitness(callee, tx.data.length, gas));
        frameGas = enough ? gas - precompileGas! : 0n;
      }
      code = KECCAK_EMPTY;
    } else {
      const credit = this.accountOp(tx, to, AccountField.Balance, (c) => c + value);
      const codeHash = this.accountOp(tx, to, AccountField.CodeHash);
      row('BeginTx6', gas, [credit, codeHash, cc(CallContextField.CodeHash, codeHash.value)], { aux: credit.value, ...addCarries(credit.valuePrev, value), scratch: new Map([[SCRATCH, value]]) });
      code = codeHash.value;
    }

    const frame = tx.steps.length === 0 ? { gasLeft: frameGas, refund: 0n, memory: new Map<number, bigint>() } : this.call(tx, txId, callId, code, frameGas, context, warmAccounts, warmSlots);
    if (tx.steps.length === 0 && code !== KECCAK_EMPTY) throw new EvmWitnessError(`tx ${tx.index}: ${to} has code but the trace ran no step`);
    if (create && tx.steps.length > 0 && depositFails(tx, tx.steps.length - 1)) this.codeDepositFail(tx, txId, callId, frame.memory, tx.steps.at(-1)!);
    const failed = FAILURES.includes(this.steps.at(-1)!.spec.gadget);
    if (failed !== (tx.status !== 1)) throw new EvmWitnessError(`tx ${tx.index}: status ${tx.status}, the call ${failed ? 'fails' : 'succeeds'} in the circuit's rows`);
    if (failed) {
      this.revert();
      root.revertEnd = BigInt(this.rwc - 1);
    }
    this.settle();
    // a failure undoes the refund counter's changes with the rest (EIP-3529 refunds only what persists)
    const counter = failed ? 0n : frame.refund;
    const callGas = create && !failed && tx.steps.at(-1)?.name === 'RETURN' ? this.codeDeposit(tx, txId, callId, to, frame.gasLeft, frame.memory, tx.steps.at(-1)!, tx.frames[0]!.output) : frame.gasLeft;
    if (limit > this.header.gasLimit) throw new EvmWitnessError(`tx ${tx.index}: gas limit ${limit} above the block's ${this.header.gasLimit}`);
    row('EndTx', callGas, [], { c0: limit, c1: this.header.gasLimit, aux: callGas + ((this.header.gasLimit - limit) << 64n) });
    const quotient = (limit - callGas) / MAX_REFUND_QUOTIENT;
    const capped = counter < quotient;
    const gasLeft = callGas + (capped ? counter : quotient);
    if (limit - gasLeft !== tx.gasUsed) throw new EvmWitnessError(`tx ${tx.index}: gas used ${tx.gasUsed}, the circuit's rules give ${limit - gasLeft}`);
    const refundRead = this.rw(false, RwTag.TxRefund, txId, 0n, 0, counter, counter);
    row('EndTxRefund', callGas, [refundRead], {
      c0: limit, c1: capped ? 1n : 0n,
      aux: quotient | ((limit - callGas - MAX_REFUND_QUOTIENT * quotient) << 64n) | ((MAX_REFUND_QUOTIENT - 1n - (limit - callGas - MAX_REFUND_QUOTIENT * quotient)) << 72n)
        | ((capped ? quotient - counter - 1n : counter - quotient) << 80n) | (counter << 144n),
    });
    const refund = gasLeft * price;
    row('EndTx1', gasLeft, [], { c1: price, aux: refund, scratch: new Map([[SCRATCH, refund]]) });
    this.balanceRow('EndTx2', tx, txId, callId, gasLeft, from, (b) => b + refund, refund);
    const { coinbase } = this.header;
    if (price < baseFee) throw new EvmWitnessError(`tx ${tx.index}: gas price ${price} is below the base fee ${baseFee}`);
    const fee = (limit - gasLeft) * (price - baseFee);
    row('EndTx3', gasLeft, [], { c0: limit, c1: price, aux: fee, scratch: new Map([[BASE_FEE, baseFee], [SCRATCH, fee]]) });
    this.balanceRow('EndTx4', tx, txId, callId, gasLeft, coinbase, (c) => c + fee, fee, new Map([[COINBASE, BigInt(coinbase)]]));
  }

  /** SELFBALANCE's or BALANCE's Balance read of `account`, checked against the value @ethereumjs pushed. */
  private balanceRead(tx: TxTrace, step: StepTrace, account: bigint): RwRow {
    const read = this.accountOp(tx, hexAddress(account), AccountField.Balance);
    if (step.pushes.length > 0 && step.pushes[0] !== read.value) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: balance ${read.value}, @ethereumjs pushed ${step.pushes[0]}`);
    return read;
  }

  /** EXTCODESIZE's aux cells: the address, and in c1 the keccak id of the account's code (an empty input for keccak("")). */
  private extCodeSize(tx: TxTrace, step: StepTrace, hash: bigint): AuxWitness {
    const code = hash === KECCAK_EMPTY ? new Uint8Array() : this.known.get(hash);
    if (code === undefined) throw new EvmWitnessError(`tx ${tx.index} EXTCODESIZE at pc ${step.pc}: no code recorded for hash ${hash.toString(16)}`);
    if (step.pushes.length > 0 && step.pushes[0] !== BigInt(code.length)) throw new EvmWitnessError(`tx ${tx.index} EXTCODESIZE at pc ${step.pc}: code of ${code.length} bytes, @ethereumjs pushed ${step.pushes[0]}`);
    return { aux: step.stack.at(-1)!, c1: BigInt(this.hashInput(code)) };
  }

  /**
   * The account of BALANCE, EXTCODESIZE, EXTCODEHASH, EXTCODECOPY or SELFDESTRUCT (the popped word's low 160 bits, as
   * the EVM masks it and the gadgets prove), whether an earlier access of the tx warmed it (warming it now) and
   * AccountPrewarm's cells, which say whether EIP-2929/3651 pre-warmed it.
   */
  private balanceAccess(tx: TxTrace, step: StepTrace, callee: bigint, accessed: Set<bigint>): { a: bigint; accessed: boolean; cold: boolean; prewarm: AuxWitness } {
    const a = step.stack.at(-1)! & ADDRESS_MASK;
    const known = this.accounts.has(`${hexAddress(a)}:${AccountField.CodeHash}`) || tx.accounts.some((x) => BigInt(x.address) === a && x.field === 'codeHash');
    // @ethereumjs reads only the code for EXTCODESIZE/EXTCODECOPY: the tracer (node/execution/tracer.ts) records the account read then; a trace without it is refused
    if ((step.name === 'EXTCODESIZE' || step.name === 'EXTCODECOPY') && !known) throw new UnsupportedExecutionError(tx.index, `${step.name} of 0x${a.toString(16)}, an account the tx has not otherwise read (the trace records no code hash for it): not built`);
    const before = accessed.has(a);
    const { cold, ...prewarm } = this.prewarm(tx, a, callee, accessed);
    accessed.add(a);
    return { a, accessed: before, cold, prewarm };
  }

  /** SELFDESTRUCT's 25000 surcharge (EIP-161: a non-zero balance sent to an empty beneficiary `a`), from the state before it. */
  private selfdestructSurcharge(tx: TxTrace, a: bigint, callee: bigint): bigint {
    const beneficiary = hexAddress(a);
    const empty = this.account(tx, beneficiary, AccountField.Nonce) === 0n && this.account(tx, beneficiary, AccountField.Balance) === 0n
      && this.account(tx, beneficiary, AccountField.CodeHash) === KECCAK_EMPTY;
    return empty && this.account(tx, hexAddress(callee), AccountField.Balance) !== 0n ? NEW_ACCOUNT_GAS : 0n;
  }

  /**
   * SELFDESTRUCT's rows after its opcode row (circuits/evm/gadgets/selfdestruct.ts): the beneficiary's pre-warm test and
   * fields, the callee's balance to 0 (and, created in this tx, its nonce: the account deleted, EIP-6780), the
   * beneficiary credited unless the balance is burned; `gas` is the gas left after the opcode row's charge. `short`: it
   * ran out of gas on the new account's 25000 (ErrorOutOfGasSelfdestruct after the beneficiary's fields).
   */
  private selfdestructRows(tx: TxTrace, at: StepAt, gas: bigint, access: { a: bigint; prewarm: AuxWitness }, context: ReadonlyMap<number, bigint>, short: boolean): void {
    const { txId, callId } = at;
    const callee = context.get(CallContextField.CalleeAddress)!;
    // (a nested call's IsCreate is never written: it reads 0)
    const created = context.get(CallContextField.IsCreate) ?? 0n;
    const read = (field: CallContextField) => this.contextRead(context, callId, field);
    const row = (name: string, gasLeft: bigint, rws: readonly RwRow[], aux: AuxWitness) => this.internal(name, txId, callId, gasLeft, rws, aux);
    row('SelfdestructPrewarm', gas, [read(CallContextField.CalleeAddress)], access.prewarm);
    const beneficiary = hexAddress(access.a);
    const [nonce, balance, hash] = ([AccountField.Nonce, AccountField.Balance, AccountField.CodeHash] as const).map((f) => this.accountOp(tx, beneficiary, f)) as [RwRow, RwRow, RwRow];
    const self = access.a === callee;
    const empty = extCodeHashEmptyWitness(nonce.value, balance.value, hash.value, 3);
    row('SelfdestructBeneficiary', gas, [nonce, balance, hash], { ...empty, aux: empty.aux! | (BigInt(self) << BigInt(8 * SELF_BYTE)) });
    const surcharge = this.selfdestructSurcharge(tx, access.a, callee) === 0n ? 0n : 1n;
    if (short) {
      if (surcharge === 0n || gas >= NEW_ACCOUNT_GAS) throw new EvmWitnessError(`tx ${tx.index}: SELFDESTRUCT ran out of gas with ${gas} left after its access, no new account's 25000 short`);
      const balance = this.accountOp(tx, hexAddress(callee), AccountField.Balance);
      const [lo, hi] = splitWord(balance.value);
      row(SELFDESTRUCT_OUT_OF_GAS, gas, [read(CallContextField.CalleeAddress), balance], { aux: NEW_ACCOUNT_GAS - gas - 1n, inv: isZeroInverse(lo + hi) });
      return;
    }
    const debit = this.accountOp(tx, hexAddress(callee), AccountField.Balance, () => 0n);
    const b = debit.valuePrev;
    const burn = self && created === 1n;
    // EndTx pays the coinbase after the deletion's rows (selfdestruct.ts): Ethereum deletes the account after that payment
    const coinbase = BigInt(this.header.coinbase);
    if (created === 1n && callee === coinbase) throw new UnsupportedExecutionError(tx.index, `SELFDESTRUCT of the created account ${hexAddress(callee)}, which is the block's coinbase (credited after its deletion: not built)`);
    const deleted = created === 1n ? [this.accountOp(tx, hexAddress(callee), AccountField.Nonce, () => 0n)] : [];
    const [lo, hi] = splitWord(b);
    row('SelfdestructDebit', gas, [debit, read(CallContextField.IsCreate), read(CallContextField.CalleeAddress), ...deleted], {
      aux: (b === 0n ? 1n : 0n) << BigInt(8 * DEBIT.zero) | surcharge << BigInt(8 * DEBIT.surcharge) | BigInt(burn) << BigInt(8 * DEBIT.burn),
      inv: isZeroInverse(lo + hi), c0: created === 1n ? isZeroInverse(callee - coinbase) : 0n,
    });
    const amount = burn ? 0n : b;
    this.balanceRow('SelfdestructCredit', tx, txId, callId, gas - surcharge * NEW_ACCOUNT_GAS, beneficiary, (x) => x + amount, amount);
  }

  /** A balance write of `address` as slot 0, aux = the new balance with the carries of the addition that relates it to the old one. */
  private balanceRow(name: string, tx: TxTrace, txId: number, callId: number, gasLeft: bigint, address: Address, update: (b: bigint) => bigint, amount: bigint,
    scratch?: ReadonlyMap<number, bigint>, more: readonly RwRow[] = []): void {
    const op = this.accountOp(tx, address, AccountField.Balance, update);
    const credit = op.value >= op.valuePrev;
    if (!credit && op.valuePrev < amount) throw new EvmWitnessError(`tx ${tx.index}: ${address} cannot pay ${amount}`);
    const carries = credit ? addCarries(op.valuePrev, amount) : addCarries(op.value, amount);
    this.internal(name, txId, callId, gasLeft, [op, ...more], { aux: op.value, ...carries, ...(scratch === undefined ? {} : { scratch }) });
  }

  /**
   * The continuation rows of a memory opcode (circuits/evm/gadgets/memory.ts): the word (or byte) read from or written to
   * `memory`, the call's memory as this builder tracks it, checked against what @ethereumjs read or wrote.
   */
  private memoryRows(tx: TxTrace, step: StepTrace, name: string, offset: number, at: StepAt, memory: Map<number, bigint>): void {
    const where = `tx ${tx.index} ${step.name} at pc ${step.pc}`;
    const spec = INTERNAL.get(name)!;
    const access = (write: boolean, address: number, value: bigint): RwRow => {
      const before = memory.get(address) ?? 0n;
      if (!write && before !== value) throw new EvmWitnessError(`${where}: memory byte ${address} is ${before}, @ethereumjs read ${value}`);
      if (write) memory.set(address, value);
      return this.rw(write, RwTag.Memory, at.callId, BigInt(address), 0, value, before);
    };
    const traced = step.memory.find((m) => m.isWrite === (name !== 'MemoryRead'))?.bytes;
    if (name === 'MemoryByte') {
      const value = step.stack.at(-2)! & 0xffn;
      if (traced?.[0] !== Number(value)) throw new EvmWitnessError(`${where}: wrote ${value}, @ethereumjs's memory holds ${traced?.[0]}`);
      this.push({ ...at, spec, aux: { aux: step.stack.at(-2)!, c0: BigInt(offset) } }, [access(true, offset, value)]);
      return;
    }
    const write = name === 'MemoryWrite';
    const word = write ? step.stack.at(-2)! : step.pushes[0]!;
    if (traced === undefined || traced.some((b, k) => BigInt(b) !== ((word >> BigInt(8 * (31 - k))) & 0xffn))) throw new EvmWitnessError(`${where}: the word ${word.toString(16)} is not @ethereumjs's memory bytes`);
    for (let i = 0; i < WORD_ROWS; i++) {
      const { bytes, ...aux } = wordRow(word, offset, i);
      this.push({ ...at, spec, aux }, bytes.map((b, j) => access(write, Number(aux.c0) + j, b)));
    }
  }

  /**
   * A copy's continuation rows: each byte written to `memory`, all of them checked against what @ethereumjs wrote; a far
   * copy's (from `offset`, `size` bytes) CopyFarOffset row after them.
   */
  private copyRows(tx: TxTrace, step: StepTrace, at: StepAt, name: string,
    rows: CopyRows, memory: Map<number, bigint>, offset: bigint, size: number): void {
    checkCopied(tx, step, rows.flatMap((r) => r.values));
    const byIndex = new Map(rows.flatMap((r) => r.values.map((v, j) => [Number(r.aux! & 0xffffffffn) + j, v] as const)));
    this.byteRows(at, name, rows, (address, index) => {
      const before = memory.get(address) ?? 0n;
      const value = byIndex.get(index)!;
      memory.set(address, value);
      return [this.rw(true, RwTag.Memory, at.callId, BigInt(address), 0, value, before)];
    });
    this.copyFarRow(at, offset, size);
  }

  /** A far copy's CopyFarOffset row (gadgets/copy.ts): its offset read again under the popped sp. */
  private copyFarRow(at: StepAt, offset: bigint, size: number): void {
    if (isFarCopy(offset, size)) this.push({ ...at, spec: INTERNAL.get(COPY_FAR.name)! }, [this.rw(false, RwTag.Stack, at.callId, BigInt(at.sp - 2), 0, offset, offset)]);
  }

  /**
   * EXTCODECOPY's opener (stack reads of dest, size, offset under the popped sp) and CodeCopyBytes rows: the code of
   * code hash `hash` (keccak(""): none) hashed as a keccak input; `before`: the state of the rows before the bytes.
   */
  private extCodeCopyRows(tx: TxTrace, step: StepTrace, before: StepAt, at: StepAt, hash: bigint, memory: Map<number, bigint>): void {
    const code = hash === KECCAK_EMPTY ? new Uint8Array() : this.known.get(hash);
    if (code === undefined) throw new EvmWitnessError(`tx ${tx.index} EXTCODECOPY at pc ${step.pc}: no code recorded for hash ${hash.toString(16)}`);
    const [dest, offset, size] = [step.stack.at(-2)!, step.stack.at(-3)!, step.stack.at(-4)!];
    // the code goes into the bytecode table too, looked up there under the id the EVM hashes it with
    if (code.length > 0) this.codes.set(hash, { codeHash: `0x${hash.toString(16).padStart(64, '0')}` as Hash, code });
    const { opener, rows } = sourceCopyWitness(dest, offset, Number(size), code, before.memoryWords, this.hashInput(code));
    const read = (k: number) => this.rw(false, RwTag.Stack, before.callId, BigInt(before.sp - k), 0, step.stack.at(k - 5)!, step.stack.at(k - 5)!);
    this.push({ ...before, spec: INTERNAL.get('ExtCodeCopyOpen')!, aux: opener }, [read(3), read(1), read(2)]);
    this.copyRows(tx, step, at, 'CodeCopyBytes', rows, memory, offset, Number(size));
  }

  /** CALLDATACOPY's or CODECOPY's aux cells (the root call's calldata, or the running code). */
  private sourceCopy(tx: TxTrace, step: StepTrace, words: number, code: Uint8Array): ReturnType<typeof sourceCopyWitness> {
    const [dest, offset, size] = [step.stack.at(-1)!, step.stack.at(-2)!, step.stack.at(-3)!];
    // a creation's frame has no calldata (its data is init code); a nested call's copy reads its caller's memory (its opener is the same)
    if (step.name === 'CALLDATACOPY') return sourceCopyWitness(dest, offset, Number(size), tx.to === null ? new Uint8Array() : tx.data, words);
    return sourceCopyWitness(dest, offset, Number(size), code, words, this.hashInput(code));
  }

  /**
   * MCOPY's MCopyExpand row (memory and gas after the destination's expansion) and bytes rows: each byte read from
   * `memory` and written back at its destination in the rows' order; the result checked against what @ethereumjs wrote.
   */
  private mcopyRows(tx: TxTrace, step: StepTrace, at: StepAt, words: number, memory: Map<number, bigint>): void {
    const [dest, src, size] = [step.stack.at(-1)!, step.stack.at(-2)!, Number(step.stack.at(-3)!)];
    const access = mcopyAccess(tx, step, words);
    const { expand, rows } = mcopyWitness(dest, src, size, Number(access.afterDest));
    const copyGas = COPY_WORD_GAS * BigInt(Math.ceil(size / 32));
    this.push({ ...at, spec: INTERNAL.get('MCopyExpand')!, memoryWords: Number(access.afterDest), gasLeft: step.gasLeft - 3n - copyGas - access.destGas, aux: expand }, []);
    const spec = INTERNAL.get('MCopyBytes')!;
    for (const { positions, ...aux } of rows) {
      this.push({ ...at, spec, aux }, positions.flatMap((pos) => {
        const read = this.memoryRead(memory, at.callId, Number(src) + pos);
        const address = Number(dest) + pos;
        const before = memory.get(address) ?? 0n;
        memory.set(address, read.value);
        return [read, this.rw(true, RwTag.Memory, at.callId, BigInt(address), 0, read.value, before)];
      }));
    }
    checkCopied(tx, step, Array.from({ length: size }, (_, k) => memory.get(Number(dest) + k) ?? 0n));
  }

  /** A Memory read of byte `address` of the call, as `memory` (this builder's model of it) holds it. */
  private memoryRead(memory: ReadonlyMap<number, bigint>, callId: number, address: number): RwRow {
    const value = memory.get(address) ?? 0n;
    return this.rw(false, RwTag.Memory, callId, BigInt(address), 0, value, value);
  }

  /**
   * KECCAK256's input (memory as this builder tracks it), numbered as the next keccak input, and its rows' aux cells;
   * the hash must be the one @ethereumjs pushed.
   */
  private keccakInput(tx: TxTrace, step: StepTrace, words: number, memory: ReadonlyMap<number, bigint>): ReturnType<typeof keccakWitness> {
    const [offset, size] = [step.stack.at(-1)!, Number(step.stack.at(-2)!)];
    const first = Number(offset);
    const input = Uint8Array.from({ length: size }, (_, k) => Number(memory.get(first + k) ?? 0n));
    const hash = BigInt(`0x${bytesToHex(keccak_256(input))}`);
    if (hash !== step.pushes[0]) throw new EvmWitnessError(`tx ${tx.index} KECCAK256 at pc ${step.pc}: keccak of memory is ${hash.toString(16)}, @ethereumjs pushed ${step.pushes[0]?.toString(16)}`);
    return keccakWitness(offset, size, words, this.hashInput(input));
  }

  /** Continuation rows `name` of a variable-length memory access: row k's RW rows are `access` of each of its bytes. */
  private byteRows(at: StepAt, name: string, rows: ReadonlyArray<AuxWitness & { bytes: number }>, access: (address: number, index: number) => RwRow[]): void {
    const spec = INTERNAL.get(name)!;
    for (const { bytes, ...aux } of rows) {
      const index = Number(aux.aux! & 0xffffffffn); // aux bytes 0 … 3
      this.push({ ...at, spec, aux }, Array.from({ length: bytes }, (_, k) => access(Number(aux.c0!) + k, index + k)).flat());
    }
  }

  /**
   * LOGn's continuation rows (circuits/evm/gadgets/log.ts): the data bytes from `memory`, then the topics from the
   * stack; a kept log (`number` ≥ 0) must be the receipt's `number`-th, by the running call's `address` (a dropped
   * one, -1, is in no receipt).
   */
  private logRows(tx: TxTrace, step: StepTrace, at: StepAt, logId: number, stack: ReadonlyMap<number, bigint>,
    memory: ReadonlyMap<number, bigint>, number: number, address: bigint): void {
    const where = `tx ${tx.index} ${step.name} at pc ${step.pc}`;
    const n = step.opcode - 0xa0;
    const [offset, size] = [step.stack.at(-1)!, Number(step.stack.at(-2)!)];
    const data = Uint8Array.from({ length: size }, (_, k) => Number(memory.get(Number(offset) + k) ?? 0n));
    const topics = Array.from({ length: n }, (_, k) => step.stack.at(-3 - k)!);
    const traced = tx.logs[number];
    // a dropped log (its frame does not persist: a failed tx's, a reverted call's) is in no receipt: nothing to compare with
    if (number >= 0 && (traced === undefined || BigInt(traced.address) !== address || bytesToHex(traced.data) !== bytesToHex(data)
      || traced.topics.length !== n || traced.topics.some((t, k) => BigInt(t) !== topics[k]))) throw new EvmWitnessError(`${where}: the log is not @ethereumjs's log ${number} of the tx`);
    const write = (field: LogField, index: number, value: bigint): RwRow => ({ ...this.rw(true, RwTag.TxLog, at.txId, BigInt(logId), field, value, 0n), storageKey: BigInt(index) });
    const rows = logWitness(offset, size, n, logId);
    this.byteRows(at, 'LogData', rows.data, (address, index) => {
      const read = this.memoryRead(memory, at.callId, address);
      return [read, write(LogField.Data, index, read.value)];
    });
    const topicRow = INTERNAL.get('LogTopic')!;
    rows.topics.forEach((aux, k) => {
      const address = at.sp - n + k;
      const value = stack.get(address) ?? 0n;
      if (value !== topics[k]) throw new EvmWitnessError(`${where}: topic ${k} is ${topics[k]}, stack slot ${address} holds ${value}`);
      this.push({ ...at, spec: topicRow, aux }, [this.rw(false, RwTag.Stack, at.callId, BigInt(address), 0, value, value), write(LogField.Topic, k, value)]);
    });
  }

  /** A frame's code, recorded for the bytecode circuit. */
  private codeOf(tx: TxTrace, hash: bigint): Uint8Array {
    const code = this.known.get(hash);
    if (code === undefined) throw new EvmWitnessError(`tx ${tx.index}: no code recorded for hash ${hash.toString(16)}`);
    this.codes.set(hash, { codeHash: `0x${hash.toString(16).padStart(64, '0')}` as Hash, code });
    return code;
  }

  /** The tx's opcode steps, the root call's and its nested calls'; returns the gas left after the root call's last step. */
  private call(tx: TxTrace, txId: number, callId: number, hash: bigint, gas: bigint, context: Map<number, bigint>, accessListAccounts: ReadonlySet<bigint>,
    accessListSlots: ReadonlySet<string>): { gasLeft: bigint; refund: bigint; memory: ReadonlyMap<number, bigint> } {
    const code = this.codeOf(tx, hash);
    if (tx.steps[0]!.gasLeft !== gas) throw new EvmWitnessError(`tx ${tx.index}: the call starts with ${tx.steps[0]!.gasLeft} gas, gas limit − intrinsic gas is ${gas}`);
    /** The running calls, the root first. */
    const frames: Frame[] = [{ index: 0, callId, code, hash, context, slotValues: new Map(), memory: new Map(), callerReversible: 0n, cells: this.frameCells, writesStart: 0 }];
    this.frameCursor = 0;
    /** EIP-2929 warm slots of the tx ('address:slot'): at the start, the access list's (EIP-2930). */
    const warm = new Set<string>(accessListSlots);
    /** EIP-1153 transient storage of the tx ('contract:slot'): empty at its start, as the state circuit's rows start at 0. */
    const transient = new Map<string, bigint>();
    /** Addresses BALANCE/EXTCODESIZE/EXTCODEHASH accessed in the tx (EIP-2929; the pre-warmed ones: AccountPrewarm, account.ts). */
    const accessedAccounts = new Set<bigint>(accessListAccounts);
    /** The tx's refund counter (EIP-3529), which SSTORE rows change. */
    let refund = 0n;
    /** LOGs so far in the tx (the trace's logs in order). */
    let logs = 0;
    /** A failed nested call's write undone: the builder's models follow (EIP-2929 warm marks, transient storage, the refund counter). */
    const undo = (w: RwRow): void => {
      if (w.tag === RwTag.TxAccessListStorage && w.valuePrev === 0n) warm.delete(`${hexAddress(w.address)}:${w.storageKey}`);
      else if (w.tag === RwTag.TxAccessListAccount && w.valuePrev === 0n) accessedAccounts.delete(w.address);
      else if (w.tag === RwTag.TransientStorage) transient.set(`${w.address}:${w.storageKey}`, w.valuePrev);
      else if (w.tag === RwTag.TxRefund) refund = w.valuePrev;
    };
    const run = (step: StepTrace, i: number, frame: Frame): void => {
      const { callId, code, hash, context, slotValues, memory } = frame;
      // @ethereumjs's invalid-jump message names the code and pc after its prefix
      // (an SSTORE out of gas on its EIP-2200 sentry has its constant gas: ErrorSstoreSentry)
      const sentry = step.error === 'out of gas' && step.name === 'SSTORE' && step.gasLeft >= BigInt(OPCODES.get(0x55)!.gas) && step.gasLeft <= SSTORE_SENTRY_GAS;
      // (an SLOAD out of gas with its warm read's 100 covered: the slot was cold, ErrorOutOfGasSloadCold)
      const coldSload = step.error === 'out of gas' && step.name === 'SLOAD' && step.gasLeft >= BigInt(OPCODES.get(0x54)!.gas);
      // (an account access out of gas with its constant covered but not a cold account's cost: ErrorOutOfGasAccountAccess, if the account is cold)
      // (the out-of-gas states below prove a shortfall beyond the opcode's constant gas, which the gas left covers)
      const constantGas = OPCODES.get(step.opcode)?.gas;
      const pastConstant = step.error === 'out of gas' && constantGas !== undefined && step.gasLeft >= BigInt(constantGas);
      const accountOp = pastConstant ? ACCOUNT_ACCESS_OPCODES.find((o) => o.opcode === step.opcode) : undefined;
      const coldAccount = accountOp !== undefined && step.gasLeft < BigInt(constantGas!) + accountOp.surcharge;
      // (a memory range's opcode out of gas on the expansion and charges, ErrorOutOfGasMemory; memory-oog.ts)
      const memoryShort = pastConstant ? memoryOogAccess(step.opcode, step.stack, step.gasLeft, Math.ceil(step.memorySize / 32), constantGas!) : undefined;
      // (EXP out of gas on 50 per exponent byte, ErrorOutOfGasExp)
      const expShort = pastConstant && step.name === 'EXP';
      // (an SSTORE out of gas above its sentry: on its cold, set or reset gas, ErrorOutOfGasSstore)
      const sstoreShort = step.error === 'out of gas' && step.name === 'SSTORE' && step.gasLeft > SSTORE_SENTRY_GAS;
      // (RETURNDATACOPY past the last callee's return data: @ethereumjs's "out of gas" is EIP-211's bound, ErrorReturnDataOutOfBound)
      const pastReturnData = step.error === 'out of gas' && step.name === 'RETURNDATACOPY'
        && step.stack.at(-2)! + step.stack.at(-3)! > (context.get(CallContextField.LastCalleeReturnDataLength) ?? 0n);
      // (SELFDESTRUCT past its 5000 and a cold beneficiary's 2600, short of the new account's 25000: its rows up to
      // SelfdestructBeneficiary, then ErrorOutOfGasSelfdestruct, selfdestruct.ts)
      const selfdestructShort = step.name === 'SELFDESTRUCT' && pastConstant && !(coldAccount && this.isCold(tx, step.stack.at(-1)! & ADDRESS_MASK, frame, accessedAccounts));
      // (the CALL family with a range of 2^32 or more: ErrorOutOfGasCallFar, call-oog.ts)
      const callFar = pastConstant && CALLS.includes(OPCODES.get(step.opcode)?.gadget) && callOperands(step.name, step.stack).far;
      const halt = step.error === undefined || selfdestructShort ? undefined : sentry ? SSTORE_SENTRY : sstoreShort ? SSTORE_OOG_END : pastReturnData ? RETURNDATA_OUT_OF_BOUND : coldSload ? SLOAD_COLD_OOG : memoryShort !== undefined ? (memoryShort.far ? MEMORY_OOG_FAR : MEMORY_OOG_END) : callFar ? CALL_OOG_FAR : coldAccount ? ACCOUNT_ACCESS_OOG_COLD : expShort ? EXP_OOG : step.error.startsWith('invalid JUMP') ? INVALID_JUMP
        : ({ 'out of gas': OUT_OF_GAS, 'stack underflow': STACK_UNDERFLOW, 'stack overflow': STACK_OVERFLOW, 'static state change': WRITE_PROTECTION } as Record<string, ExecutionGadget>)[step.error];
      if (halt !== undefined) {
        // the fetched opcode's constant gas exceeds the gas left, its stack need the stack, or its push overflows (gadgets/error.ts; coverage.ts checked it)
        const fetched = OPCODES.get(code[step.pc]!)!;
        const fetchedSpec = (g: ExecutionGadget) => ({ ...INTERNAL.get(g.name)!, opcode: fetched.opcode, gas: fetched.gas, param: stackNeed(fetched), spDelta: fetched.spDelta });
        const spec = fetchedSpec(halt);
        const at = { pc: step.pc, sp: STACK_EMPTY - step.stack.length, gasLeft: step.gasLeft, memoryWords: Math.ceil(step.memorySize / 32), txId, callId, codeHash: hash };
        if (halt === INVALID_JUMP) {
          // dest and JUMPI's cond (stack reads of the trace's values: the state circuit checks them)
          const read = (k: number) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + k), 0, step.stack.at(-1 - k)!, step.stack.at(-1 - k)!);
          const jumpi = fetched.name === 'JUMPI';
          this.push({ ...at, spec, aux: invalidJumpWitness(code, step.stack.at(-1)!, jumpi ? step.stack.at(-2)! : undefined) }, [read(0), ...(jumpi ? [read(1)] : [])]);
          return;
        }
        if (halt === SLOAD_COLD_OOG) {
          const key = step.stack.at(-1)!;
          const contract = context.get(CallContextField.CalleeAddress)!;
          if (warm.has(`${hexAddress(contract)}:${key}`)) throw new EvmWitnessError(`tx ${tx.index}: SLOAD at pc ${step.pc} ran out of gas on a warm slot`);
          this.push({ ...at, spec, aux: { aux: BigInt(fetched.gas) + COLD_SLOAD_SURCHARGE - step.gasLeft - 1n } },
            [this.rw(false, RwTag.Stack, callId, BigInt(at.sp), 0, key, key), this.contextRead(context, callId, CallContextField.CalleeAddress),
              { ...this.rw(false, RwTag.TxAccessListStorage, txId, contract, 0, 0n, 0n), storageKey: key }]);
          return;
        }
        if (halt === ACCOUNT_ACCESS_OOG_COLD) {
          // the stack's top (and the CALL family's account word below it), the warm flag (0), AccountPrewarm's cells, then the failing row (gadgets/error.ts)
          const [top, word] = [step.stack.at(-1)!, step.stack.at(-1 - accountOp!.at)!];
          const a = word & ADDRESS_MASK;
          const { cold, ...prewarm } = this.prewarm(tx, a, context.get(CallContextField.CalleeAddress)!, accessedAccounts);
          // (EXTCODECOPY, SELFDESTRUCT and the CALL family can run out of gas on a warm account: on their other dynamic gas)
          if (!cold) throw new UnsupportedExecutionError(tx.index, `${step.name} at pc ${step.pc} out of gas on a warm account (its other dynamic gas): not built`);
          this.push({ ...at, spec: fetchedSpec(ACCOUNT_ACCESS_OOG), aux: { aux: word } }, [this.rw(false, RwTag.Stack, callId, BigInt(at.sp), 0, top, top),
            this.rw(false, RwTag.TxAccessListAccount, txId, a, 0, 0n, 0n), ...(accountOp!.at === 1 ? [this.rw(false, RwTag.Stack, callId, BigInt(at.sp + 1), 0, word, word)] : [])]);
          const after = { ...at, sp: at.sp + fetched.spDelta };
          this.push({ ...after, spec: INTERNAL.get(ACCOUNT_PREWARM.name)!, aux: prewarm }, [this.contextRead(context, callId, CallContextField.CalleeAddress)]);
          this.push({ ...after, spec, aux: accountAccessOogWitness(fetched.opcode, fetched.gas, step.gasLeft) }, []);
          return;
        }
        if (halt === SSTORE_OOG_END) {
          // SSTORE's reads (the slot's current and original value, its warm flag), then the failing row with the tests (gadgets/storage.ts)
          // its gas rule read the slot before the step event (the tracer files the read under the step before): the last access so far
          const a = tx.storage.filter((x) => x.step < i).at(-1);
          const [key, n] = [step.stack.at(-1)!, step.stack.at(-2)!];
          if (a === undefined || a.slot !== key || BigInt(a.address) !== context.get(CallContextField.CalleeAddress)) throw new EvmWitnessError(`tx ${tx.index}: SSTORE at pc ${step.pc} ran out of gas, no read of its slot before it`);
          const warmBefore = warm.has(slotKey(a)) ? 1n : 0n;
          const short = BigInt(fetched.gas) + sstoreEffects(a.committed, a.value, n, warmBefore === 0n).gas - step.gasLeft - 1n;
          if (short < 0n) throw new EvmWitnessError(`tx ${tx.index}: SSTORE at pc ${step.pc} ran out of gas with ${step.gasLeft} left, more than it costs`);
          const contract = context.get(CallContextField.CalleeAddress)!;
          this.push({ ...at, spec: fetchedSpec(SSTORE_OOG_START), aux: { aux: a.committed, c0: contract } }, [key, n].map((v, k) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + k), 0, v, v))
            .concat([storageRw(RwTag.Storage, a, undefined, txId, warm), { ...this.rw(false, RwTag.TxAccessListStorage, txId, contract, 0, warmBefore, warmBefore), storageKey: key }]));
          this.push({ ...at, sp: at.sp + fetched.spDelta, spec, aux: sstoreRefundWitness(a.committed, a.value, n, 0n, short) }, [this.contextRead(context, callId, CallContextField.CalleeAddress)]);
          return;
        }
        if (halt === RETURNDATA_OUT_OF_BOUND) {
          const [offset, size] = [step.stack.at(-2)!, step.stack.at(-3)!];
          const length = this.contextRead(context, callId, CallContextField.LastCalleeReturnDataLength);
          this.push({ ...at, spec, aux: returnDataOutOfBoundWitness(offset, size, length.value) },
            [...[offset, size].map((v, k) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + 1 + k), 0, v, v)), length]);
          return;
        }
        if (halt === CALL_OOG_FAR) {
          const far = farCallRange(callOperands(step.name, step.stack), step.gasLeft, at.memoryWords);
          if (far === undefined) throw new UnsupportedExecutionError(tx.index, `${step.name} at pc ${step.pc}: out of gas on a range at 2^32 or beyond with gas ${step.gasLeft} and ${at.memoryWords} words of memory: not built`);
          const { at: item, ...aux } = callOogFarWitness(fetched.opcode, far, step.gasLeft, at.memoryWords);
          this.push({ ...at, spec, aux }, far.range.map((v, k) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + item + k), 0, v, v)));
          return;
        }
        if (halt === EXP_OOG) {
          const [a, e] = [step.stack.at(-1)!, step.stack.at(-2)!];
          this.push({ ...at, spec, aux: expOogWitness(e, fetched.gas, step.gasLeft) }, [a, e].map((v, k) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + k), 0, v, v)));
          return;
        }
        if (memoryShort !== undefined && (halt === MEMORY_OOG_END || halt === MEMORY_OOG_FAR)) {
          // the offset and the stack items up to the size; a far range fails at once, a near one proves its expansion first (gadgets/memory-oog.ts)
          const reads = memoryShort.reads.map((v, k) => this.rw(false, RwTag.Stack, callId, BigInt(at.sp + k), 0, v, v));
          if (memoryShort.far) {
            this.push({ ...at, spec, aux: memoryOogFarWitness(memoryShort, step.gasLeft, at.memoryWords) }, reads);
            return;
          }
          const cells = memoryOogWitness(memoryShort, at.memoryWords);
          this.push({ ...at, spec: fetchedSpec(MEMORY_OOG_START), aux: cells.start }, reads);
          this.push({ ...at, sp: at.sp + fetched.spDelta, spec, aux: cells.end }, []);
          return;
        }
        if (halt === WRITE_PROTECTION) {
          // EIP-214: CALL's value is read (it must not be 0); the other opcodes write state at all
          const call = fetched.opcode === 0xf1;
          const value = call ? step.stack.at(-3)! : undefined;
          this.push({ ...at, spec, aux: writeProtectionWitness(fetched.opcode, value) }, call ? [this.rw(false, RwTag.Stack, callId, BigInt(at.sp + 2), 0, value!, value!)] : []);
          return;
        }
        const aux = halt === STACK_UNDERFLOW ? { aux: BigInt(spec.param - step.stack.length - 1) } : undefined;
        this.push({ ...at, spec, aux }, []);
        return;
      }
      // @ethereumjs reports an unassigned byte as INVALID's 0xfe: the opcode fetched is the code's byte
      const spec = OPCODES.get(step.name === 'INVALID' ? code[step.pc]! : step.opcode)!; // unsupportedOps checked it
      if (tx.steps[i + 1]?.depth === step.depth && spec.gadget.flow === 'end') throw new EvmWitnessError(`tx ${tx.index}: ${step.name} at pc ${step.pc} ends the call before its last step`);
      const words = Math.ceil(step.memorySize / 32);
      const access = memoryAccess(tx, step, words);
      const slotAccess = step.name === 'SLOAD' || step.name === 'SSTORE' ? storageAccess(tx, i) : undefined;
      const cold = slotAccess !== undefined && !warm.has(slotKey(slotAccess));
      const store = step.name === 'SSTORE' ? sstoreEffects(slotAccess!.committed, slotAccess!.valuePrev, step.stack.at(-2)!, cold) : undefined;
      const selfdestruct = spec.gadget === SELFDESTRUCT;
      const extCopy = spec.gadget === EXTCODECOPY;
      const balanceOf = spec.gadget === BALANCE || spec.gadget === EXTCODEHASH || spec.gadget === EXTCODESIZE || extCopy || selfdestruct ? this.balanceAccess(tx, step, context.get(CallContextField.CalleeAddress)!, accessedAccounts) : undefined;
      const sent = selfdestruct ? this.selfdestructSurcharge(tx, balanceOf!.a, context.get(CallContextField.CalleeAddress)!) : 0n;
      const dynamic = (balanceOf?.cold === true ? (selfdestruct ? SELFDESTRUCT_COLD_GAS : COLD_ACCOUNT_SURCHARGE) : 0n) + sent + (access?.gas ?? 0n) + (store?.gas ?? (cold ? COLD_SLOAD_SURCHARGE : 0n)) + dataGas(step);
      if (step.gasCost !== BigInt(spec.gas) + dynamic) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: trace gas cost ${step.gasCost}, table ${spec.gas} + dynamic ${dynamic}`);
      // the frame's next step (none after its last)
      const next = tx.steps[i + 1]?.depth === step.depth ? tx.steps[i + 1] : undefined;
      if (next !== undefined && next.gasLeft !== step.gasLeft - step.gasCost) throw new EvmWitnessError(`tx ${tx.index}: gas after ${step.name} at pc ${step.pc} does not follow from its cost`);
      const sp = STACK_EMPTY - step.stack.length;
      const after = [...step.stack.slice(0, step.stack.length - step.pops), ...step.pushes];
      const stepRws = spec.gadget.slots.map((slot, j): RwRow => {
        if ('tag' in slot) {
          if (slot.tag === RwTag.Storage || slot.tag === RwTag.TxAccessListStorage) return storageRw(slot.tag, slotAccess!, store === undefined ? undefined : step.stack.at(-2)!, txId, warm);
          if (slot.tag === RwTag.TransientStorage) return transientRw(tx, step, txId, context.get(CallContextField.CalleeAddress)!, transient);
          // a dropped log (its frame does not persist) writes its address at index 1 (gadgets/log.ts)
          if (slot.tag === RwTag.TxLog) return { ...this.rw(true, RwTag.TxLog, txId, BigInt(this.rwc), LogField.Address, context.get(CallContextField.CalleeAddress)!, 0n), storageKey: 1n - this.frameCells.persistent };
          if (slot.tag === RwTag.TxAccessListAccount) return this.rw(true, slot.tag, txId, balanceOf!.a, 0, 1n, balanceOf!.accessed ? 1n : 0n);
          if (slot.tag === RwTag.TxCreated) {
            const self = context.get(CallContextField.CalleeAddress)!;
            const made = this.createdInTx.has(self) ? 1n : 0n;
            return this.rw(false, slot.tag, txId, self, 0, made, made);
          }
          if (slot.tag === RwTag.Account && spec.gadget === BALANCE) return this.balanceRead(tx, step, balanceOf!.a);
          if (slot.tag === RwTag.Account && (spec.gadget === EXTCODEHASH || spec.gadget === EXTCODESIZE || extCopy)) return this.accountOp(tx, hexAddress(balanceOf!.a), AccountField.CodeHash);
          if (slot.tag === RwTag.Account && spec.gadget === SELFBALANCE) return this.balanceRead(tx, step, context.get(CallContextField.CalleeAddress)!);
          const field = slot.field === 'param' ? spec.param : slot.field;
          // a field never written reads 0 (RETURNDATASIZE before any call, a nested call's IsCreate)
          const value = slot.tag === RwTag.CallContext && !slot.write ? context.get(field) ?? 0n : undefined;
          if (value === undefined) throw new EvmWitnessError(`${spec.name}: ${slot.write ? 'writes' : 'reads'} of RW tag ${slot.tag} field ${field} are not built yet`);
          return this.rw(false, RwTag.CallContext, callId, 0n, field, value, value);
        }
        const address = sp + slot.base + (slot.perParam === 1 ? spec.param : 0);
        const value = (slot.write ? after : step.stack)[STACK_EMPTY - 1 - address];
        if (value === undefined) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: stack slot ${address} is empty`);
        const stored = slotValues.get(address) ?? 0n;
        if (!slot.write && stored !== value) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: reads ${value} at stack slot ${address}, last written ${stored}`);
        if (slot.write) slotValues.set(address, value);
        return { rwCounter: 0, isWrite: slot.write, tag: RwTag.Stack, id: callId, address: BigInt(address), fieldTag: 0, storageKey: 0n, value, valuePrev: slot.write ? stored : value, committedValue: 0n };
      });
      if (spec.gadget === BLOCKHASH) {
        const n = step.stack.at(-1)!;
        const { number } = this.header;
        if (n < number && n + BLOCKHASH_WINDOW >= number) throw new UnsupportedExecutionError(tx.index, `BLOCKHASH of block ${n} (one of the 256 before ${number}): past block hashes are not bound yet`);
        if (step.pushes[0] !== 0n) throw new EvmWitnessError(`tx ${tx.index} BLOCKHASH at pc ${step.pc}: block ${n} is outside the window of block ${number}, @ethereumjs pushed ${step.pushes[0]}`);
      } else if (spec.gadget.blockLookup !== undefined) {
        const expected = blockField(this.header, spec.param as BlockFieldTag);
        if (step.pushes[0] !== expected) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: pushed ${step.pushes[0]}, the block's field is ${expected}`);
      }
      const load = step.name === 'CALLDATALOAD' ? callDataLoad(tx, step, frame, frames.at(-2)) : undefined;
      const hashed = step.name === 'KECCAK256' ? this.keccakInput(tx, step, words, memory) : undefined;
      const copy = spec.gadget === CALLDATACOPY || spec.gadget === CODECOPY ? this.sourceCopy(tx, step, words, code) : undefined;
      const aux = load?.opener ?? hashed?.opener ?? copy?.opener ?? (spec.gadget === BLOBHASH ? { aux: BigInt(tx.type) } : undefined)
        ?? (spec.gadget === BLOCKHASH ? blockHashWitness(step.stack.at(-1)!, this.header.number) : undefined)
        ?? (spec.gadget === EXTCODESIZE ? this.extCodeSize(tx, step, stepRws[2]!.value) : undefined) ?? (slotAccess === undefined ? undefined : { aux: slotAccess.committed, c0: BigInt(slotAccess.address) });
      const logId = this.rwc;
      this.push({ spec, pc: step.pc, sp, gasLeft: step.gasLeft, memoryWords: words, txId, callId, codeHash: hash, aux }, stepRws);
      const at = { pc: step.pc + 1, sp: sp + spec.spDelta, gasLeft: step.gasLeft - step.gasCost, memoryWords: Number(access?.words ?? words), txId, callId, codeHash: hash };
      frame.end = at;
      if (load !== undefined) this.callDataLoadRows(at, load.rows, frame, frames.at(-2));
      if (spec.gadget === SIGNED_DIV) {
        const rows = signedDivRows(step.opcode, step.stack.at(-1)!, step.stack.at(-2)!);
        if (rows.r !== step.pushes[0]) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: result ${rows.r}, @ethereumjs pushed ${step.pushes[0]}`);
        this.push({ ...at, spec: INTERNAL.get('SignedDivAbs')!, aux: rows.abs }, []);
        this.push({ ...at, spec: INTERNAL.get('SignedDivResult')!, aux: rows.result }, []);
      }
      if (spec.gadget === EXP) {
        const { rows, r } = expRows(step.stack.at(-1)!, step.stack.at(-2)!);
        if (r !== step.pushes[0]) throw new EvmWitnessError(`tx ${tx.index} EXP at pc ${step.pc}: result ${r}, @ethereumjs pushed ${step.pushes[0]}`);
        rows.forEach((aux) => this.push({ ...at, spec: INTERNAL.get('ExpStep')!, aux }, []));
      }
      if (selfdestruct) this.selfdestructRows(tx, at, step.gasLeft - BigInt(SELFDESTRUCT_GAS) - (balanceOf!.cold ? SELFDESTRUCT_COLD_GAS : 0n), balanceOf!, context, selfdestructShort);
      else if (balanceOf !== undefined) {
        const callee = context.get(CallContextField.CalleeAddress)!;
        // EXTCODECOPY's rows before its bytes run on the memory before the copy and have paid only the account access
        const prewarmAt = extCopy ? { ...at, memoryWords: words, gasLeft: step.gasLeft - BigInt(spec.gas) - (balanceOf.cold ? COLD_ACCOUNT_SURCHARGE : 0n) } : at;
        this.push({ ...prewarmAt, spec: INTERNAL.get(extCopy ? 'ExtCodeCopyPrewarm' : 'AccountPrewarm')!, aux: balanceOf.prewarm }, [this.rw(false, RwTag.CallContext, callId, 0n, CallContextField.CalleeAddress, callee, callee)]);
        if (extCopy) this.extCodeCopyRows(tx, step, prewarmAt, at, stepRws[2]!.value, memory);
        if (spec.gadget === EXTCODEHASH) {
          const [nonce, balance] = ([AccountField.Nonce, AccountField.Balance] as const).map((f) => this.accountOp(tx, hexAddress(balanceOf.a), f)) as [RwRow, RwRow];
          const hash = stepRws[2]!.value;
          const empty = nonce.value === 0n && balance.value === 0n && hash === KECCAK_EMPTY;
          if (step.pushes.length > 0 && step.pushes[0] !== (empty ? 0n : hash)) throw new EvmWitnessError(`tx ${tx.index} EXTCODEHASH at pc ${step.pc}: @ethereumjs pushed ${step.pushes[0]}, the account's code hash is ${hash} (empty: ${empty})`);
          this.push({ ...at, spec: INTERNAL.get('ExtCodeHashEmpty')!, aux: extCodeHashEmptyWitness(nonce.value, balance.value, hash) }, [nonce, balance]);
        }
      }
      if (spec.gadget === SIGNEXTEND) this.push({ ...at, spec: INTERNAL.get(spec.gadget.continuation!)!, aux: signExtendRow(step.stack.at(-1)!, step.stack.at(-2)!) }, []);
      if (store !== undefined) {
        const a = slotAccess!;
        const after = refund + store.refund;
        if (next !== undefined && next.gasRefund !== after) throw new EvmWitnessError(`tx ${tx.index} SSTORE at pc ${step.pc}: refund counter ${after}, @ethereumjs's ${next.gasRefund}`);
        const write = this.rw(true, RwTag.TxRefund, txId, 0n, 0, after, refund);
        refund = after;
        this.push({ ...at, spec: INTERNAL.get('SstoreRefund')!, aux: sstoreRefundWitness(a.committed, a.valuePrev, step.stack.at(-2)!, step.gasLeft) }, [write]);
      }
      if (slotAccess !== undefined) {
        // StorageContract: the storage rows' contract is the call's CalleeAddress (storage.ts)
        const callee = context.get(CallContextField.CalleeAddress)!;
        if (callee !== BigInt(slotAccess.address)) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: storage of ${slotAccess.address}, the call runs ${callee.toString(16)}`);
        this.push({ ...at, spec: INTERNAL.get('StorageContract')! }, [this.rw(false, RwTag.CallContext, callId, 0n, CallContextField.CalleeAddress, callee, callee)]);
      }
      if (access !== undefined && spec.gadget.continuation !== undefined) {
        if (next !== undefined && Math.ceil(next.memorySize / 32) !== Number(access.words)) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: memory grows to ${next.memorySize} bytes, expected ${access.words} words`);
        const rows = spec.gadget.continuation!;
        if (hashed !== undefined) this.byteRows(at, rows, hashed.rows, (b) => [this.memoryRead(memory, callId, b)]);
        else if (extCopy) { /* its rows follow ExtCodeCopyPrewarm, above */ }
        else if (copy !== undefined && spec.gadget === CALLDATACOPY && frames.length > 1) this.callDataCopyRows(tx, step, at, frame, frames.at(-2)!);
        else if (copy !== undefined) this.copyRows(tx, step, at, rows, copy.rows, memory, step.stack.at(-2)!, Number(step.stack.at(-3)!));
        else if (spec.gadget === MCOPY) this.mcopyRows(tx, step, at, words, memory);
        else if (spec.gadget === RETURNDATACOPY) this.returnDataCopyRows(tx, step, at, frame);
        else if (spec.gadget.name === 'LOG') this.logRows(tx, step, at, logId, slotValues, memory, this.frameCells.persistent === 1n ? logs++ : -1, context.get(CallContextField.CalleeAddress)!);
        else this.memoryRows(tx, step, rows, access.offset, at, memory);
      }
    };
    tx.steps.forEach((traced, i) => {
      // a creating frame's RETURN whose code deposit fails runs as any RETURN: the frame's failure is CodeDepositFail's, below
      const depositFailed = depositFails(tx, i);
      const step = depositFailed ? { ...traced, error: undefined } : traced;
      const frame = frames.at(-1)!;
      if (step.depth !== frames.length - 1) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: depth ${step.depth}, the builder runs ${frames.length} frames`);
      const gadget = OPCODES.get(step.opcode)?.gadget;
      // a call short of its gas runs its chain to ErrorOutOfGasCall (call-oog.ts), but for a cold callee short of 2600 alone (ErrorOutOfGasAccountAccess)
      // (a range of 2^32 or more: ErrorOutOfGasCallFar's one row, below)
      const callShort = CALLS.includes(gadget) && step.error === 'out of gas' && !callOperands(step.name, step.stack).far
        && !(step.gasLeft < COLD_ACCOUNT_COST && this.isCold(tx, step.stack.at(-2)! & ADDRESS_MASK, frame, accessedAccounts));
      if ((CALLS.includes(gadget) || gadget === CREATE) && (step.error === undefined || callShort)) {
        const callee = (gadget === CREATE ? this.createCallRows : this.callRows).call(this, tx, txId, step, i, frame, accessedAccounts, tx.steps[i + 1]);
        if (callee !== undefined) frames.push(callee);
      } else run(step, i, frame);
      const following = tx.steps[i + 1];
      if (frames.length > 1 && (following === undefined || following.depth < step.depth)) {
        const callee = frames.pop()!;
        const outcome = this.ended(step, callee, undo);
        // a creation's RETURN deposits the code; the creation returns no data (its REVERT does)
        const deposited = callee.created === undefined || outcome.failed ? outcome
          : depositFailed ? this.failedDeposit(tx, txId, callee, traced, undo)
          : { failed: false, offset: 0n, size: 0n, left: step.name === 'RETURN' ? this.codeDeposit(tx, txId, callee.callId, callee.created, outcome.left, callee.memory, step, tx.frames[callee.index]!.output) : outcome.left };
        this.returnRows(tx, txId, deposited, callee, frames.at(-1)!, following, callee.created === undefined ? 1n : BigInt(callee.created));
      }
    });
    const last = tx.steps.at(-1)!;
    // running past the code's end stops there (gadgets/error.ts); an exceptional halt consumes all the call's gas
    this.implicitStop(last, frames[0]!);
    return { gasLeft: last.error === undefined ? last.gasLeft - last.gasCost : 0n, refund, memory: frames[0]!.memory };
  }

  /** The ImplicitStop row of a frame whose last step ran past its code's end (an opcode that neither ends nor fails). */
  private implicitStop(last: StepTrace, frame: Frame): void {
    if (last.error === undefined && OPCODES.get(last.opcode)!.gadget.flow !== 'end') this.push({ ...frame.end!, pc: frame.code.length, spec: INTERNAL.get(IMPLICIT_STOP.name)! }, []);
  }

  /** CALLDATALOAD's rows after its opcode row (gadgets/calldata.ts): the root's tx lookups, or a nested call's reads of its caller's memory. */
  private callDataLoadRows(at: StepAt, rows: CallDataLoadRows, frame: Frame, caller: Frame | undefined): void {
    if ('root' in rows) {
      rows.root.forEach((aux) => this.push({ ...at, spec: INTERNAL.get(CALLDATA_READ.name)!, aux }, []));
      return;
    }
    this.push({ ...at, spec: INTERNAL.get(CALLDATA_CALLER.name)!, aux: rows.caller }, [this.contextRead(frame.context, frame.callId, CallContextField.CallerId)]);
    this.byteRows(at, CALLDATA_MEMORY_READ.name, rows.memory, (address) => [this.memoryRead(caller!.memory, caller!.callId, address)]);
  }

  /** A nested CALLDATACOPY's rows after its opcode row (gadgets/copy.ts): CallDataCopyCaller, then the bytes from the caller's memory. */
  private callDataCopyRows(tx: TxTrace, step: StepTrace, at: StepAt, frame: Frame, caller: Frame): void {
    const [dest, offset, size] = [step.stack.at(-1)!, step.stack.at(-2)!, Number(step.stack.at(-3)!)];
    const [id, from] = [CallContextField.CallerId, CallContextField.CallDataOffset].map((f) => this.contextRead(frame.context, frame.callId, f)) as [RwRow, RwRow];
    const length = Number(frame.context.get(CallContextField.CallDataLength)!);
    const base = splitWord(from.value)[0];
    const rows = callDataCopyCallerWitness(dest, offset, size, length, caller.callId, base);
    this.push({ ...at, spec: INTERNAL.get(CALLDATACOPY_CALLER.name)!, aux: rows.caller }, [id, from]);
    const copied: bigint[] = [];
    for (const { positions, taken, ...aux } of rows.rows) {
      this.push({ ...at, spec: INTERNAL.get(CALLDATACOPY_MEMORY.name)!, aux }, positions.flatMap((i, j) => {
        const read = this.memoryRead(caller.memory, caller.callId, Number(aux.c0!) + j);
        const value = taken[j] ? read.value : 0n;
        const target = Number(dest) + i;
        const before = frame.memory.get(target) ?? 0n;
        frame.memory.set(target, value);
        copied.push(value);
        return [read, this.rw(true, RwTag.Memory, frame.callId, BigInt(target), 0, value, before)];
      }));
    }
    checkCopied(tx, step, copied);
    this.copyFarRow(at, offset, size);
  }

  /** RETURNDATACOPY's rows after its opcode row (gadgets/copy.ts): ReturnDataCopyFrame, then the bytes from the last callee's memory. */
  private returnDataCopyRows(tx: TxTrace, step: StepTrace, at: StepAt, frame: Frame): void {
    const [dest, offset, size] = [step.stack.at(-1)!, step.stack.at(-2)!, Number(step.stack.at(-3)!)];
    const length = frame.context.get(CallContextField.LastCalleeReturnDataLength) ?? 0n;
    const [callee, from] = [CallContextField.LastCalleeId, CallContextField.LastCalleeReturnDataOffset].map((f) => this.contextRead(frame.context, frame.callId, f)) as [RwRow, RwRow];
    this.push({ ...at, spec: INTERNAL.get('ReturnDataCopyFrame')!, aux: { aux: returnDataCopyWitness(length, offset, size) } }, [callee, from]);
    const memory = this.memories.get(Number(callee.value))!;
    const copied: bigint[] = [];
    for (const { positions, ...aux } of copyBytesWitness(Number(callee.value), from.value + offset, splitWord(dest)[0], size)) {
      this.push({ ...at, spec: INTERNAL.get(RETURN_DATA_BYTES.name)!, aux }, positions.flatMap((i) => {
        const read = this.memoryRead(memory, Number(callee.value), Number(from.value + offset) + i);
        const target = Number(dest) + i;
        const before = frame.memory.get(target) ?? 0n;
        frame.memory.set(target, read.value);
        copied.push(read.value);
        return [read, this.rw(true, RwTag.Memory, frame.callId, BigInt(target), 0, read.value, before)];
      }));
    }
    checkCopied(tx, step, copied);
  }

  /** The identity precompile's rows (gadgets/precompile.ts): its input, the caller's memory range, copied to its memory from 0. */
  private identityRows(tx: TxTrace, txId: number, callee: Frame, caller: Frame, gas: bigint, ran: CallFrameTrace): void {
    const [length, offset] = [CallContextField.CallDataLength, CallContextField.CallDataOffset].map((f) => callee.context.get(f)!) as [bigint, bigint];
    const read = (field: CallContextField) => this.contextRead(callee.context, callee.callId, field);
    this.internal(IDENTITY_ROW, txId, callee.callId, gas, [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset), read(CallContextField.CallerId)], identityWitness(Number(length), gas));
    const left = gas - identityGas(Number(length));
    const from = length === 0n ? 0n : splitWord(offset)[0];
    for (const { positions, ...aux } of copyBytesWitness(caller.callId, from, 0n, Number(length), identityKept(Number(length)))) {
      this.internal(IDENTITY_COPY.name, txId, callee.callId, left, positions.flatMap((i) => {
        const byte = this.memoryRead(caller.memory, caller.callId, Number(from) + i);
        callee.memory.set(i, byte.value);
        return [byte, this.rw(true, RwTag.Memory, callee.callId, BigInt(i), 0, byte.value, 0n)];
      }), aux);
    }
    const copied = bytesToHex(Uint8Array.from({ length: Number(length) }, (_, i) => Number(callee.memory.get(i)!)));
    if (!ran.success || bytesToHex(ran.input) !== copied || bytesToHex(ran.output) !== copied) throw new EvmWitnessError(`tx ${tx.index}: the identity call's input is not the one @ethereumjs ran in its frame`);
  }

  /** A precompile's output rows `name` (gadgets/ecrecover.ts outputWordRows): `word` written to the callee's memory first … first + 31. */
  private outputWordRows(name: string, txId: number, callee: Frame, gas: bigint, word: bigint, first = 0): void {
    for (let i = 0; i < WORD_ROWS; i++) {
      const { bytes, ...aux } = wordRow(word, first, i);
      this.internal(name, txId, callee.callId, gas, bytes.map((b, j) => {
        callee.memory.set(first + 4 * i + j, b);
        return this.rw(true, RwTag.Memory, callee.callId, BigInt(first + 4 * i + j), 0, b, 0n);
      }), aux);
    }
  }

  /** Precompile `a`'s (ecAdd or ecMul) outcome on the input `words`, the call kept for its chip's table. */
  private ecCall(a: bigint, words: readonly bigint[]): EcOutcome {
    if (a === ECADD) {
      const [x1, y1, x2, y2] = words as [bigint, bigint, bigint, bigint];
      const call = { x1, y1, x2, y2 };
      this.ecAddCalls.push(call);
      return ecAddReference(call);
    }
    const [x, y, s] = words as [bigint, bigint, bigint];
    const call = { x, y, s };
    this.ecMulCalls.push(call);
    return ecMulReference(call);
  }

  /**
   * A tx to ecAdd or ecMul (`a`), after BeginTxPrecompile with `gas` (gadgets/ec-precompile.ts): short of its gas
   * EcFailure; else PrecompileRootEc, EcRootInput's rows over the first min(L, B) bytes of the tx's calldata, EcResult
   * and, for an invalid input, EcFailure. Returns the root call's gas left.
   */
  private rootEcRows(tx: TxTrace, txId: number, callId: number, gas: bigint, a: bigint, context: Map<number, bigint>): bigint {
    const { bytes: size, gas: cost } = ecSpec(a);
    const length = BigInt(tx.data.length);
    const failure = () => this.internal(EC_FAILURE, txId, callId, gas < cost ? gas : gas - cost, [], gas < cost ? ecHeadWitness(a, length, gas) : {});
    if (gas < cost) {
      failure();
      return 0n;
    }
    const read = (field: CallContextField) => this.contextRead(context, callId, field);
    this.internal(PRECOMPILE_ROOT_EC, txId, callId, gas, [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset)], ecHeadWitness(a, length, gas));
    const left = gas - cost;
    // the tx's calldata bytes, each row's flagged in its aux word (no reads)
    const { halves } = this.inputRows(EC_ROOT_INPUT_ROW, txId, callId, left, 0, 0n, size, Math.min(tx.data.length, size), calldataInput(tx.data, (on) => ecInputContext(a) | ecRootInputBytes(on)));
    const r = this.ecCall(a, wordsOf(halves));
    this.internal(EC_RESULT_ROW, txId, callId, left, [], ecResultWitness(r.success, r.x, r.y));
    if (r.success !== (tx.status === 1)) throw new EvmWitnessError(`tx ${tx.index}: the tx to ${a === ECADD ? 'ecAdd' : 'ecMul'} has status ${tx.status}, its input is ${r.success ? 'valid' : 'invalid'}`);
    if (!r.success) failure();
    return r.success ? left : 0n;
  }

  /**
   * An ecAdd or ecMul call's rows (gadgets/ec-precompile.ts) after CallCredit, with at least its gas: its input, the first
   * min(L, B) bytes of the caller's memory range, read 4 a row into halves; the table row (@noble/curves' outcome, checked
   * against what @ethereumjs ran); x and y written to its memory, or EcFailure for an invalid input. Returns whether it
   * succeeded.
   */
  private ecRows(tx: TxTrace, txId: number, callee: Frame, caller: Frame, gas: bigint, ran: CallFrameTrace, a: bigint): boolean {
    const { bytes, gas: cost } = ecSpec(a);
    const { words, left } = this.paddedInputRows([EC_ROW, EC_INPUT_ROW], txId, callee, caller, gas, cost, bytes, (length) => ecHeadWitness(a, length, gas), ecInputContext(a));
    const r = this.ecCall(a, words);
    this.internal(EC_RESULT_ROW, txId, callee.callId, left, [], ecResultWitness(r.success, r.x, r.y));
    if (r.success) {
      this.outputWordRows(EC_OUTPUT_X_ROW, txId, callee, left, r.x);
      this.outputWordRows(EC_OUTPUT_Y_ROW, txId, callee, left, r.y, 32);
    } else this.internal(EC_FAILURE, txId, callee.callId, left, [], {});
    const output = r.success ? `${r.x.toString(16).padStart(64, '0')}${r.y.toString(16).padStart(64, '0')}` : '';
    if (ran.success !== r.success || bytesToHex(ran.output) !== output) throw new EvmWitnessError(`tx ${tx.index}: the ${a === ECADD ? 'ecAdd' : 'ecMul'} call's outcome is not what @ethereumjs ran`);
    return r.success;
  }

  /**
   * The SHA-256 precompile's rows (gadgets/sha256.ts): its input, the caller's memory range, read 4 bytes a row as one
   * SHA-256 table input (ids 1, 2, … in call order), the digest row and the digest written to its memory from 0.
   */
  private sha256Rows(tx: TxTrace, txId: number, callee: Frame, caller: Frame, gas: bigint, ran: CallFrameTrace): void {
    const [length, offset] = [CallContextField.CallDataLength, CallContextField.CallDataOffset].map((f) => callee.context.get(f)!) as [bigint, bigint];
    const read = (field: CallContextField) => this.contextRead(callee.context, callee.callId, field);
    const L = Number(length);
    this.internal(SHA256_ROW, txId, callee.callId, gas, [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset), read(CallContextField.CallerId)], sha256Witness(L, gas));
    const left = gas - sha256Gas(L);
    // (the first input row holds the offset's lo even for no bytes: PrecompileSha256 hands it on)
    const from = splitWord(offset)[0];
    const input = new Uint8Array(L);
    this.sha256Inputs.push(input);
    const id = this.sha256Inputs.length;
    for (let k = 0; k === 0 || 4 * k < L; k++) {
      const reads = Array.from({ length: Math.max(0, Math.min(4, L - 4 * k)) }, (_, j) => this.memoryRead(caller.memory, caller.callId, Number(from) + 4 * k + j));
      reads.forEach((r, j) => { input[4 * k + j] = Number(r.value); });
      this.internal(SHA256_INPUT_ROW, txId, callee.callId, left, reads, sha256InputRow(caller.callId, L, from, k, L - 4 * k, id));
    }
    const digest = BigInt(`0x${bytesToHex(sha256(input))}`);
    this.internal(SHA256_DIGEST_ROW, txId, callee.callId, left, [], { aux: digest });
    this.outputWordRows(SHA256_OUTPUT_ROW, txId, callee, left, digest);
    if (!ran.success || bytesToHex(ran.input) !== bytesToHex(input) || bytesToHex(ran.output) !== digest.toString(16).padStart(64, '0')) throw new EvmWitnessError(`tx ${tx.index}: the SHA-256 call's input or output is not what @ethereumjs ran`);
  }

  /**
   * The ecrecover precompile's rows (gadgets/ecrecover.ts): its input, the first min(L, 128) bytes of the caller's memory
   * range, read 4 a row into the 8 halves of hash ‖ v ‖ r ‖ s; the recovery row; the address word written to its memory
   * where one is recovered. Returns the output's length (32 or 0).
   */
  private ecrecoverRows(tx: TxTrace, txId: number, callee: Frame, caller: Frame, gas: bigint, ran: CallFrameTrace): bigint {
    const { words, bytes: input, taken, length, left } = this.paddedInputRows([ECRECOVER_ROW, ECRECOVER_INPUT_ROW], txId, callee, caller, gas, ECRECOVER_GAS, ECRECOVER_INPUT_BYTES,
      (L) => ecrecoverWitness(L, gas));
    const [msgHash, v, r, s] = words as [bigint, bigint, bigint, bigint];
    const vOk = v === 27n || v === 28n;
    const recovery: Recovery = { msgHash, recId: v - 27n, r, s };
    const key = vOk ? recoveredKey(recovery) : undefined;
    if (vOk) this.recoveries.push(recovery);
    const address = key === undefined ? 0n : keyAddress(key);
    const [vLo, vHi] = splitWord(v);
    const product = mod((vLo - 27n) * (vLo - 28n));
    this.internal(ECRECOVER_SIG_ROW, txId, callee.callId, left, [], {
      aux: address, c0: vOk ? 1n : 0n, c1: product, inv: vOk ? 0n : isZeroInverse(vHi),
      cells: new Map([[0, { lo: key === undefined ? 0n : 1n, hi: vOk || vHi !== 0n ? 0n : isZeroInverse(product) }]]),
    });
    if (key !== undefined) this.outputWordRows(ECRECOVER_OUTPUT_ROW, txId, callee, left, address);
    const output = key === undefined ? new Uint8Array() : Uint8Array.from({ length: 32 }, (_, i) => Number(callee.memory.get(i)!));
    if (!ran.success || bytesToHex(ran.input.slice(0, taken)) !== bytesToHex(input.slice(0, taken)) || ran.input.length !== Number(length) || bytesToHex(ran.output) !== bytesToHex(output)) throw new EvmWitnessError(`tx ${tx.index}: the ecrecover call's input or output is not what @ethereumjs ran`);
    return BigInt(output.length);
  }

  /**
   * A padded-input precompile's head row and input rows (gadgets/ecrecover.ts paddedInputHead and inputRowRules:
   * ecrecover's, the EC precompiles'): the head reads CallDataLength, CallDataOffset and CallerId (`aux` its aux word for
   * the length L) and charges `cost`; then min(L, `size`) bytes of the caller's memory range, 4 a row, the rest 0.
   * Returns the input as 32-byte words, its bytes, how many were read, L and the gas left.
   */
  private paddedInputRows([head, name]: readonly [string, string], txId: number, callee: Frame, caller: Frame, gas: bigint, cost: bigint, size: number,
    aux: (length: bigint) => AuxWitness, context = 0n): { words: bigint[]; bytes: Uint8Array; taken: number; length: bigint; left: bigint } {
    const [length, offset] = [CallContextField.CallDataLength, CallContextField.CallDataOffset].map((f) => callee.context.get(f)!) as [bigint, bigint];
    const read = (field: CallContextField) => this.contextRead(callee.context, callee.callId, field);
    this.internal(head, txId, callee.callId, gas, [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset), read(CallContextField.CallerId)], aux(length));
    const left = gas - cost;
    const taken = Number(length < BigInt(size) ? length : BigInt(size));
    const { halves, bytes } = this.inputRows(name, txId, callee.callId, left, caller.callId, splitWord(offset)[0], size, taken, this.memoryInput(caller, context));
    const words = wordsOf(halves);
    return { words, bytes, taken, length, left };
  }

  /**
   * Input rows of state `name` (gadgets/ecrecover.ts inputRowRules, ecrecover's, MODEXP's and a tx's to ecAdd or
   * ecMul) in call `callId`: `size` bytes of input from `from` (the caller `caller`'s memory, or the tx's calldata), 4 a
   * row, the first `taken` taken (the rest 0): `take(at, n)` gives the n bytes at `at`, the row's reads and what joins
   * its aux word. Returns the 16-byte halves (hi first) and the bytes.
   */
  private inputRows(name: string, txId: number, callId: number, gas: bigint, caller: number, from: bigint, size: number, taken: number,
    take: InputTake): { halves: bigint[]; bytes: Uint8Array } {
    const bytes = new Uint8Array(size);
    const halves: bigint[] = [];
    let half = 0n;
    for (let k = 0; k < size / 4; k++) {
      const { values, reads, aux: context } = take(Number(from) + 4 * k, Math.max(0, Math.min(4, taken - 4 * k)));
      values.forEach((v, j) => { bytes[4 * k + j] = v; });
      half = (k % ECRECOVER_ROWS_PER_HALF === 0 ? 0n : half << 32n) + [0, 1, 2, 3].reduce((acc, j) => (acc << 8n) + BigInt(bytes[4 * k + j]!), 0n);
      if (k % ECRECOVER_ROWS_PER_HALF === ECRECOVER_ROWS_PER_HALF - 1) halves.push(half);
      const { reads: _count, aux, ...cells } = ecrecoverInputRow(caller, from, k, taken - 4 * k, half);
      this.internal(name, txId, callId, gas, reads, { ...cells, aux: aux! | context });
    }
    return { halves, bytes };
  }

  /** inputRows' bytes from `caller`'s memory, read; `context` joins each row's aux word. */
  private memoryInput(caller: Frame, context: bigint): InputTake {
    return (at, n) => {
      const reads = Array.from({ length: n }, (_, j) => this.memoryRead(caller.memory, caller.callId, at + j));
      return { values: reads.map((r) => Number(r.value)), reads, aux: context };
    };
  }

  /**
   * A MODEXP input's rows (circuits/evm/gadgets/modexp.ts) in call `callId` with `gas`, up to ModexpResult and, short of
   * the gas, ModexpOutOfGas: the head (`head`, its `reads`), the header's and the three operands' windows over `input`
   * (`inputRow` rows taking their bytes from `from` + the position by `take`), the call a row of the MODEXP table.
   * Operands longer than 32 bytes are not built. Returns the table row and the output word shifted to its first bytes.
   */
  private modexpChain(tx: TxTrace, txId: number, callId: number, gas: bigint, input: Uint8Array,
    at: { head: string; reads: RwRow[]; inputRow: string; caller: number; from: bigint; take: (context: bigint) => InputTake }): { call: ModexpWitness; shifted: bigint; ml: number } {
    const where = `tx ${tx.index}: a MODEXP call`;
    const L = input.length;
    const header = modexpLengths(input);
    if (header.some((n) => n > BigInt(MODEXP_MAX_LENGTH))) throw new UnsupportedExecutionError(tx.index, `${where} with an operand longer than ${MODEXP_MAX_LENGTH} bytes (lengths ${header.join(', ')}): not built`);
    const lengths = header.map(Number);
    const [bl, el, ml] = lengths as [number, number, number];
    const starts = [HEADER_BYTES, HEADER_BYTES + bl, HEADER_BYTES + bl + el];
    const [base, exp, mod] = lengths.map((n, i) => bigEndian(paddedInput(input, starts[i]!, n))) as [bigint, bigint, bigint];
    const call = modexpWitness({ base, exp, mod, baseLength: bl, expLength: el, modLength: ml });
    this.modexpCalls.push(call);
    const row = (name: string, rws: readonly RwRow[], aux: AuxWitness) => this.internal(name, txId, callId, gas, rws, aux);
    const halfCells = (w: bigint) => { const [lo, hi] = splitWord(w); return { lo, hi }; };
    /** A window's rows: `size` bytes of the input from `pos`, taken where before its end; returns its halves (hi first). */
    const windowRows = (pos: number, size: number, context: bigint): bigint[] =>
      this.inputRows(at.inputRow, txId, callId, gas, at.caller, at.from + BigInt(pos), size, Math.min(Math.max(L - pos, 0), size), at.take(context)).halves;
    const headerContext = modexpContext(at.caller, 0, 0, [0, 0, 0], L);
    row(at.head, at.reads, { aux: headerContext | clampWitness(L, HEADER_BYTES).aux });
    windowRows(0, HEADER_BYTES, headerContext);
    row(MODEXP_LENGTHS_ROW, [], { aux: headerContext | roomWitness(lengths) | clampWitness(L - HEADER_BYTES, WINDOW_BYTES).aux, c0: at.from + BigInt(HEADER_BYTES) });
    [base, exp, mod].forEach((value, i) => {
      const context = modexpContext(at.caller, i + 1, starts[i]!, [0, 1, 2].map((j) => lengths[(i + j) % 3]!), L);
      const [hi, lo] = windowRows(starts[i]!, WINDOW_BYTES, context) as [bigint, bigint];
      const window = (hi << 128n) | lo;
      if (window >> BigInt(8 * (WINDOW_BYTES - lengths[i]!)) !== value) throw new EvmWitnessError(`${where}: operand ${i}'s window does not start with it`);
      const last = i === 2;
      row(MODEXP_OPERAND_ROW, [], {
        aux: context | (last ? 0n : clampWitness(L - starts[i + 1]!, WINDOW_BYTES).aux), c0: at.from + BigInt(starts[i]! + WINDOW_BYTES), c1: last ? call.gas : 0n,
        cells: new Map([[0, halfCells(value)], [1, halfCells(window)], [2, halfCells(last ? call.result : 0n)]]),
      });
    });
    const shifted = (call.result << BigInt(8 * (WINDOW_BYTES - ml))) & ((1n << 256n) - 1n);
    row(MODEXP_RESULT_ROW, [], { aux: gasWitness(gas, call.gas), c0: BigInt(ml), inv: isZeroInverse(BigInt(ml)), cells: new Map([[0, halfCells(shifted)], [1, halfCells(call.result)]]) });
    if (gas < call.gas) row(MODEXP_OUT_OF_GAS, [], {});
    return { call, shifted, ml };
  }

  /**
   * A MODEXP call's rows after CallCredit, with `gas`: modexpChain over the caller's memory range, then its output rows
   * or, short of its gas, ModexpOutOfGas. Returns what CallReturn takes.
   */
  private modexpRows(tx: TxTrace, txId: number, callee: Frame, caller: Frame, gas: bigint, ran: CallFrameTrace): { failed: boolean; left: bigint; size: bigint } {
    const where = `tx ${tx.index}: a MODEXP call`;
    const [length, offset] = [CallContextField.CallDataLength, CallContextField.CallDataOffset].map((f) => callee.context.get(f)!) as [bigint, bigint];
    const read = (field: CallContextField) => this.contextRead(callee.context, callee.callId, field);
    const from = splitWord(offset)[0];
    const input = Uint8Array.from({ length: Number(length) }, (_, i) => Number(caller.memory.get(Number(from) + i) ?? 0n));
    if (bytesToHex(ran.input) !== bytesToHex(input)) throw new EvmWitnessError(`${where}: its input is not the one @ethereumjs ran in its frame`);
    const { call, shifted, ml } = this.modexpChain(tx, txId, callee.callId, gas, input, {
      head: MODEXP_ROW, reads: [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset), read(CallContextField.CallerId)],
      inputRow: MODEXP_INPUT_ROW, caller: caller.callId, from, take: (context) => this.memoryInput(caller, context),
    });
    if (gas < call.gas) {
      if (ran.success) throw new EvmWitnessError(`${where} succeeded short of its ${call.gas} gas`);
      return { failed: true, left: 0n, size: 0n };
    }
    if (!ran.success) throw new EvmWitnessError(`${where} failed with its ${call.gas} gas covered`);
    const left = gas - call.gas;
    // the shifted result's rows as a word's (word-rows.ts), each writing the bytes of its first c1
    for (let i = 0; 4 * i < ml; i++) {
      const { aux, c0, bytes } = wordRow(shifted, 0, i);
      const writes = bytes.slice(0, ml - 4 * i).map((b, j) => {
        callee.memory.set(4 * i + j, b);
        return this.rw(true, RwTag.Memory, callee.callId, BigInt(4 * i + j), 0, b, 0n);
      });
      this.internal(MODEXP_OUTPUT_ROW, txId, callee.callId, left, writes, { aux, c0, c1: BigInt(ml - 4 * i) });
    }
    if (bytesToHex(ran.output) !== bytesToHex(Uint8Array.from({ length: ml }, (_, i) => Number(callee.memory.get(i)!)))) throw new EvmWitnessError(`${where}: its output is not @ethereumjs's`);
    return { failed: false, left, size: BigInt(ml) };
  }

  /**
   * A tx to MODEXP (its root call, `callId`, after BeginTxPrecompile with `gas`): modexpChain over the tx's calldata
   * (PrecompileRootModexp, ModexpRootInput); its output reaches no state. Returns the root call's gas left.
   */
  private rootModexpRows(tx: TxTrace, txId: number, callId: number, gas: bigint, context: Map<number, bigint>): bigint {
    const read = (field: CallContextField) => this.contextRead(context, callId, field);
    const { call } = this.modexpChain(tx, txId, callId, gas, tx.data, {
      head: PRECOMPILE_ROOT_MODEXP, reads: [read(CallContextField.CallDataLength), read(CallContextField.CallDataOffset)], inputRow: MODEXP_ROOT_INPUT_ROW, caller: 0, from: 0n,
      take: (context) => calldataInput(tx.data, (on) => context | modexpRootInputBytes(on)),
    });
    const enough = gas >= call.gas;
    if (enough !== (tx.status === 1)) throw new EvmWitnessError(`tx ${tx.index}: the tx to MODEXP has status ${tx.status}, its ${call.gas} gas ${enough ? 'covered' : 'not covered'}`);
    return enough ? gas - call.gas : 0n;
  }

  /**
   * A tx to BLAKE2F (its root call, `callId`, after BeginTxPrecompile with `gas`; gadgets/blake2f-root.ts): its length,
   * rounds and flag rows, and Blake2fRootFailure where it fails. Returns the root call's gas left.
   */
  private rootBlake2fRows(tx: TxTrace, txId: number, callId: number, gas: bigint): bigint {
    const cells = blake2fRootWitness(tx.data, gas);
    if (cells.success !== (tx.status === 1)) throw new EvmWitnessError(`tx ${tx.index}: the tx to BLAKE2F has status ${tx.status}, its input ${cells.success ? 'succeeds' : 'fails'}`);
    this.internal(PRECOMPILE_ROOT_BLAKE2F, txId, callId, gas, [], cells.head);
    this.internal(BLAKE2F_ROOT_END, txId, callId, gas, [], cells.end);
    if (!cells.success) this.internal(BLAKE2F_ROOT_FAILURE, txId, callId, gas, [], {});
    return cells.success ? gas - cells.rounds : 0n;
  }

  /** Each call's memory by call id (RETURNDATACOPY reads the last callee's after it ended). */
  private readonly memories = new Map<number, ReadonlyMap<number, bigint>>();

  /** A stack read of `frame`'s slot `address` (the builder's model of its stack). */
  private stackRead(tx: TxTrace, frame: Frame, address: number): RwRow {
    const value = frame.slotValues.get(address);
    if (value === undefined) throw new EvmWitnessError(`tx ${tx.index}: stack slot ${address} of call ${frame.callId} is empty`);
    return this.rw(false, RwTag.Stack, frame.callId, BigInt(address), 0, value, value);
  }

  /**
   * A call's or creation's last caller rows (CallSave/CreateSave, CallSwitch/CreateSwitch: gadgets/call.ts): the caller's
   * state saved, `pushed` written at `after` (its outcome, which the callee's end proves), the caller's outcome cells
   * saved; the callee's frame cells set up. Returns them, with the caller's reversible count and where the callee's
   * reversible writes start.
   */
  private switchRows(at: StepAt, frame: Frame, after: number, names: { readonly save: string; readonly switch: string }, success: bigint, pushed: bigint, aux: AuxWitness,
    isStatic: bigint): { cells: FrameCells; callerReversible: bigint; writesStart: number } {
    const { callId, context } = frame;
    const caller = (field: CallContextField, v: bigint) => this.callContext(context, callId, field, v);
    this.push({ ...at, spec: INTERNAL.get(names.save)! }, [caller(CallContextField.ProgramCounter, BigInt(at.pc)), caller(CallContextField.StackPointer, BigInt(at.sp)),
      caller(CallContextField.GasLeft, at.gasLeft), caller(CallContextField.MemorySize, BigInt(at.memoryWords))]);
    const before = frame.slotValues.get(after)!;
    frame.slotValues.set(after, pushed);
    const callerCells = this.frameCells;
    const firstSave = !context.has(CallContextField.RwCounterEndOfReversion);
    this.push({ ...at, spec: INTERNAL.get(names.switch)!, aux }, [caller(CallContextField.ReversibleWriteCounter, this.reversibleCount), this.rw(true, RwTag.Stack, callId, BigInt(after), 0, pushed, before),
      caller(CallContextField.IsPersistent, callerCells.persistent), caller(CallContextField.RwCounterEndOfReversion, 0n)]);
    this.revertEndRows.push({ row: this.steps.at(-1)!.rws[3]!, cells: callerCells, first: firstSave });
    const cells: FrameCells = { persistent: callerCells.persistent * success, revertEnd: 0n, isRoot: 0n, isStatic };
    if (success === 1n) this.pending.push({ cells, caller: callerCells, reversible: this.reversibleCount });
    const callerReversible = this.reversibleCount;
    const writesStart = this.reversibleWrites.length;
    this.frameCells = cells;
    this.reversibleCount = 0n;
    return { cells, callerReversible, writesStart };
  }

  /**
   * A CALL into an account with code (circuits/evm/gadgets/call.ts): the caller's rows from the opcode row to CallSwitch,
   * the callee's CallDebit and CallCredit; returns the callee's frame. `first` is the callee's first step.
   */
  private callRows(tx: TxTrace, txId: number, step: StepTrace, index: number, frame: Frame, accessed: Set<bigint>, first: StepTrace | undefined): Frame | undefined {
    const where = `tx ${tx.index} ${step.name} at pc ${step.pc}`;
    // DELEGATECALL and STATICCALL have no value on their stack: the items after the address sit one higher
    const kind = OPCODES.get(step.opcode)!;
    const [isStatic, delegate, callcode] = [kind.gadget === STATICCALL, kind.gadget === DELEGATECALL, kind.gadget === CALLCODE];
    const noValue = isStatic || delegate;
    const { gas: g, address: a, value, argsOffset, argsLength, retOffset, retLength } = callOperands(step.name, step.stack);
    // the callee's frame: the next one the trace entered, a child of this frame calling a
    const next = tx.frames[this.frameCursor + 1];
    // a call enters no frame when the value exceeds the balance (CallNoFrame) or at the depth limit (not built)
    const entered = next !== undefined && next.callStep === index ? next : undefined;
    if (entered !== undefined && (entered.parent !== frame.index || BigInt(entered.codeAddress) !== a)) throw new EvmWitnessError(`${where}: the frame it entered is not its callee's`);
    if (entered === undefined && step.error === undefined && step.depth >= MAX_DEPTH) throw new UnsupportedExecutionError(tx.index, `${where}: a call at the depth limit: not built`);
    if (entered !== undefined) this.frameCursor++;
    const runs = entered !== undefined && first !== undefined && first.depth === step.depth + 1;
    if (runs && first.frame !== entered.index) throw new EvmWitnessError(`${where}: the callee's first step is in frame ${first.frame}, the call entered frame ${entered.index}`);
    // precompiles: ecrecover's and the identity's rows are built (gadgets/ecrecover.ts, precompile.ts)
    const identity = a === IDENTITY;
    const ecrecover = a === ECRECOVER;
    const modexp = a === MODEXP;
    const sha256 = a === SHA256;
    const ec = a === ECADD || a === ECMUL;
    // (a call that enters no frame runs no precompile: CallNoFrame proves it whatever the address)
    if (step.error === undefined && entered !== undefined && isPrecompileAddress(a) && !identity && !ecrecover && !modexp && !sha256 && !ec) throw new UnsupportedExecutionError(tx.index, `${where}: a call to precompile ${hexAddress(a)}: not built`);
    const { callId, context } = frame;
    const sp = STACK_EMPTY - step.stack.length;
    const after = sp + kind.spDelta;
    const calleeId = this.rwc;
    const calleeContext = new Map<number, bigint>();
    this.contexts.set(calleeId, calleeContext);
    const callee = (field: CallContextField, v: bigint) => this.callContext(calleeContext, calleeId, field, v);
    const words = Math.ceil(step.memorySize / 32);
    const base = { txId, callId, codeHash: frame.hash };
    const expand = (m: number, offset: bigint, size: bigint) => (size === 0n ? { words: BigInt(m), gas: 0n } : memoryExpansion(BigInt(m), offset, size));
    // the opcode row and CallMemory: the two ranges' memory expansions
    const args = expand(words, argsOffset, argsLength);
    const argsAt = sp + (noValue ? 2 : 3);
    this.push({ ...base, spec: kind, pc: step.pc, sp, gasLeft: step.gasLeft, memoryWords: words },
      [this.stackRead(tx, frame, argsAt), this.stackRead(tx, frame, argsAt + 1), callee(CallContextField.CallDataOffset, argsOffset), callee(CallContextField.CallDataLength, argsLength)]);
    // (a call short of gas may be short of its expansions too: its later rows' gas is then the difference mod r, call-oog.ts)
    let at = { ...base, pc: step.pc + 1, sp: after, gasLeft: mod(step.gasLeft - args.gas), memoryWords: Number(args.words) };
    const ret = expand(at.memoryWords, retOffset, retLength);
    this.push({ ...at, spec: INTERNAL.get('CallMemory')! },
      [this.stackRead(tx, frame, after - 1), this.stackRead(tx, frame, after), callee(CallContextField.ReturnDataOffset, retOffset), callee(CallContextField.ReturnDataLength, retLength)]);
    at = { ...at, gasLeft: mod(step.gasLeft - args.gas - ret.gas), memoryWords: Number(ret.words) };
    // CallAccess, CallPrewarm: EIP-2929
    const target = hexAddress(a);
    const warmBefore = accessed.has(a);
    const self = context.get(CallContextField.CalleeAddress)!;
    const { cold, ...prewarm } = this.prewarm(tx, a, self, accessed);
    accessed.add(a);
    // (a call stopped on gas before its message: @ethereumjs loads no account for it — the node's tracer reads such
    // callees after the tx, tracer.ts unloadedCallees — so a trace without that read cannot be proven)
    if (step.error === 'out of gas' && this.knownAccount(tx, target, AccountField.CodeHash) === undefined) {
      throw new UnsupportedExecutionError(tx.index, `${step.name} out of gas on ${target}, an account @ethereumjs never loaded (its chain reads the code hash): not supported yet`);
    }
    const hash = this.accountOp(tx, target, AccountField.CodeHash);
    this.push({ ...at, spec: INTERNAL.get('CallAccess')! }, [this.stackRead(tx, frame, sp + 1), this.rw(true, RwTag.TxAccessListAccount, txId, a, 0, 1n, warmBefore ? 1n : 0n), hash, callee(CallContextField.CodeHash, hash.value)]);
    /** The precompile the call runs (its code address), or 0: CallPrewarm holds it, CallSwitch hands it to CallCredit. */
    const precompile = isPrecompileAddress(a) ? a : 0n;
    // (slot 3's hi cell: AccountPrewarm's cells leave it free)
    const prewarmCells = new Map(prewarm.cells);
    prewarmCells.set(3, { lo: prewarm.cells!.get(3)!.lo, hi: precompile });
    this.push({ ...at, spec: INTERNAL.get('CallPrewarm')!, aux: { ...prewarm, cells: prewarmCells } }, [this.contextRead(context, callId, CallContextField.CalleeAddress)]);
    // the callee's context: DELEGATECALL keeps its caller's caller and value, CALLCODE and DELEGATECALL its address
    const calleeFields = { value: delegate ? context.get(CallContextField.Value)! : value, caller: delegate ? context.get(CallContextField.CallerAddress)! : self, address: callcode || delegate ? self : a };
    if (entered !== undefined && (BigInt(entered.address) !== calleeFields.address || BigInt(entered.caller) !== calleeFields.caller || entered.value !== calleeFields.value)) {
      throw new EvmWitnessError(`${where}: the callee's context (address, caller, value) is not @ethereumjs's frame's`);
    }
    this.push({ ...at, spec: INTERNAL.get('CallValue')!, aux: { aux: value } },
      [this.stackRead(tx, frame, after - 4), callee(CallContextField.Value, calleeFields.value), callee(CallContextField.CallerAddress, calleeFields.caller), callee(CallContextField.CalleeAddress, calleeFields.address)]);
    const [nonce, balance, code] = ([AccountField.Nonce, AccountField.Balance, AccountField.CodeHash] as const).map((f) => this.accountOp(tx, hexAddress(calleeFields.address), f)) as [RwRow, RwRow, RwRow];
    const { newAccount, ...emptyAux } = callEmptyWitness(nonce.value, balance.value, code.value, cold, value, callcode);
    this.push({ ...at, spec: INTERNAL.get('CallEmpty')!, aux: emptyAux }, [nonce, balance, code]);
    if (step.error !== undefined) {
      // out of gas (ErrorOutOfGasCall): the charges beyond the memory exceed what the expansions left; no frame entered
      const short = callChargesOf(cold, value, newAccount) + args.gas + ret.gas - step.gasLeft - 1n;
      if (short < 0n) throw new EvmWitnessError(`${where}: out of gas with ${step.gasLeft} gas, which covers its charges and memory`);
      this.push({ ...at, spec: INTERNAL.get(CALL_OUT_OF_GAS)!, aux: { aux: short } }, []);
      return undefined;
    }
    const depth = context.get(CallContextField.Depth)!;
    const { calleeGas, bigInverse, ...gasAux } = callGasWitness(depth, g, at.gasLeft, cold, value, newAccount);
    const charge = callChargesOf(cold, value, newAccount) + calleeGas;
    this.push({ ...at, spec: INTERNAL.get('CallGas')!, aux: gasAux },
      [this.contextRead(context, callId, CallContextField.Depth), callee(CallContextField.Depth, depth + 1n), this.stackRead(tx, frame, sp), callee(CallContextField.CallerId, BigInt(callId))]);
    // @ethereumjs's fee of a CALL step leaves out the gas it forwards
    if (step.gasCost !== args.gas + ret.gas + charge - calleeGas) throw new EvmWitnessError(`${where}: trace gas cost ${step.gasCost}, the circuit's ${args.gas + ret.gas + charge - calleeGas} and ${calleeGas} forwarded`);
    at = { ...at, gasLeft: at.gasLeft - charge };
    // CallStatic: EIP-214, the callee is static if its caller is or the call is a STATICCALL
    const calleeStatic = this.frameCells.isStatic === 1n || isStatic ? 1n : 0n;
    if (entered !== undefined && entered.isStatic !== (calleeStatic === 1n)) throw new EvmWitnessError(`${where}: the callee's static flag is not @ethereumjs's frame's`);
    this.push({ ...at, spec: INTERNAL.get('CallStatic')!, aux: { cells: new Map([[3, { lo: bigInverse, hi: 0n }]]) } },
      [callee(CallContextField.IsStatic, calleeStatic), this.contextRead(context, callId, CallContextField.CallerAddress), this.contextRead(context, callId, CallContextField.Value)]);
    const success = entered?.success === true ? 1n : 0n;
    const { cells, callerReversible, writesStart } = this.switchRows(at, frame, after, { save: 'CallSave', switch: 'CallSwitch' }, success, success,
      { aux: value, c0: precompile }, calleeStatic);
    const gas = calleeGas + (value === 0n ? 0n : CALL_STIPEND);
    if (runs && first.gasLeft !== gas) throw new EvmWitnessError(`${where}: the callee starts with ${first.gasLeft} gas, the circuit gives ${gas}`);
    const read = (field: CallContextField) => this.contextRead(calleeContext, calleeId, field);
    if (entered === undefined) {
      // no frame: the balance is short of the value; the callee's gas goes back, the stipend too
      const balance = this.accountOp(tx, hexAddress(calleeFields.caller), AccountField.Balance);
      if (balance.value >= value) throw new EvmWitnessError(`${where}: no frame entered, yet the balance ${balance.value} covers the value ${value}`);
      const short = value - balance.value;
      const [lo, hi] = splitWord(short);
      this.internal('CallNoFrame', txId, calleeId, gas, [read(CallContextField.CallerAddress), balance], { aux: short, ...addCarries(balance.value, short), inv: isZeroInverse(lo + hi) });
      const started: Frame = { index: -1, callId: calleeId, code: new Uint8Array(), hash: hash.value, context: calleeContext, slotValues: new Map(), memory: new Map(), callerReversible, cells, writesStart };
      this.returnRows(tx, txId, { failed: true, left: gas, offset: 0n, size: 0n }, started, frame, first);
      return undefined;
    }
    if (!runs && (hash.value !== KECCAK_EMPTY || (!entered.success && !identity && !ecrecover && !modexp && !sha256 && !ec))) throw new EvmWitnessError(`${where}: a callee that runs no step has code or failed`);
    // the callee's rows: the value moved (reversible), then its first step
    this.balanceRow('CallDebit', tx, txId, calleeId, gas, hexAddress(calleeFields.caller), (b) => b - value, value, undefined, [read(CallContextField.CallerAddress)]);
    this.balanceRow('CallCredit', tx, txId, calleeId, gas, hexAddress(calleeFields.address), (b) => b + value, value, undefined, [read(CallContextField.CalleeAddress), read(CallContextField.CodeHash)]);
    frame.end = at;
    const started: Frame = { index: entered.index, callId: calleeId, code: runs ? this.codeOf(tx, hash.value) : new Uint8Array(), hash: hash.value, context: calleeContext,
      slotValues: new Map(), memory: new Map(), callerReversible, cells, writesStart };
    this.memories.set(calleeId, started.memory);
    if (runs) return started;
    if (identity && !entered.success) {
      // out of gas (IdentityOutOfGas, a failing state): all its gas consumed, its value transfer undone
      const length = Number(calleeContext.get(CallContextField.CallDataLength)!);
      if (gas >= identityGas(length)) throw new EvmWitnessError(`${where}: the identity call failed with the ${identityGas(length)} gas it charges covered`);
      this.internal(IDENTITY_OUT_OF_GAS, txId, calleeId, gas, [read(CallContextField.CallDataLength)], identityWitness(length, gas));
      this.revert(started.writesStart);
      cells.revertEnd = BigInt(this.rwc - 1);
      this.returnRows(tx, txId, { failed: true, left: 0n, offset: 0n, size: 0n }, started, frame, first);
      return undefined;
    }
    if (ecrecover) {
      const length = calleeContext.get(CallContextField.CallDataLength)!;
      if (!entered.success) {
        // out of gas (EcrecoverOutOfGas, a failing state), as the identity's
        if (gas >= ECRECOVER_GAS) throw new EvmWitnessError(`${where}: the ecrecover call failed with the ${ECRECOVER_GAS} gas it charges covered`);
        this.internal(ECRECOVER_OUT_OF_GAS, txId, calleeId, gas, [], ecrecoverWitness(length, gas));
        this.revert(started.writesStart);
        cells.revertEnd = BigInt(this.rwc - 1);
        this.returnRows(tx, txId, { failed: true, left: 0n, offset: 0n, size: 0n }, started, frame, first);
        return undefined;
      }
      const size = this.ecrecoverRows(tx, txId, started, frame, gas, entered);
      this.returnRows(tx, txId, { failed: false, left: gas - ECRECOVER_GAS, offset: 0n, size }, started, frame, first);
      return undefined;
    }
    if (modexp) {
      const outcome = this.modexpRows(tx, txId, started, frame, gas, entered);
      if (outcome.failed) {
        // out of gas (ModexpOutOfGas, a failing state), as the identity's
        this.revert(started.writesStart);
        cells.revertEnd = BigInt(this.rwc - 1);
      }
      this.returnRows(tx, txId, { ...outcome, offset: 0n }, started, frame, first);
      return undefined;
    }
    if (sha256) {
      const length = Number(calleeContext.get(CallContextField.CallDataLength)!);
      if (!entered.success) {
        // out of gas (Sha256OutOfGas, a failing state), as the identity's
        if (gas >= sha256Gas(length)) throw new EvmWitnessError(`${where}: the SHA-256 call failed with the ${sha256Gas(length)} gas it charges covered`);
        this.internal(SHA256_OUT_OF_GAS, txId, calleeId, gas, [read(CallContextField.CallDataLength)], sha256Witness(length, gas));
        this.revert(started.writesStart);
        cells.revertEnd = BigInt(this.rwc - 1);
        this.returnRows(tx, txId, { failed: true, left: 0n, offset: 0n, size: 0n }, started, frame, first);
        return undefined;
      }
      this.sha256Rows(tx, txId, started, frame, gas, entered);
      this.returnRows(tx, txId, { failed: false, left: gas - sha256Gas(length), offset: 0n, size: 32n }, started, frame, first);
      return undefined;
    }
    if (ec) {
      const { gas: cost } = ecSpec(a);
      // short of its gas (EcFailure, a failing state), as the identity's; or an invalid input (ecRows' EcFailure)
      if (gas < cost) {
        if (entered.success) throw new EvmWitnessError(`${where}: the call succeeded short of the ${cost} gas it charges`);
        this.internal(EC_FAILURE, txId, calleeId, gas, [], ecHeadWitness(a, calleeContext.get(CallContextField.CallDataLength)!, gas));
      }
      const ok = gas >= cost && this.ecRows(tx, txId, started, frame, gas, entered, a);
      if (!ok) {
        this.revert(started.writesStart);
        cells.revertEnd = BigInt(this.rwc - 1);
      }
      this.returnRows(tx, txId, ok ? { failed: false, left: gas - cost, offset: 0n, size: 64n } : { failed: true, left: 0n, offset: 0n, size: 0n }, started, frame, first);
      return undefined;
    }
    if (identity) {
      this.identityRows(tx, txId, started, frame, gas, entered);
      this.returnRows(tx, txId, { failed: false, left: gas - identityGas(Number(argsLength)), offset: 0n, size: argsLength }, started, frame, first);
      return undefined;
    }
    // no code: the callee returns at once, with all its gas (the caller's next step follows)
    this.returnRows(tx, txId, { failed: false, left: gas, offset: 0n, size: 0n }, started, frame, first);
    return undefined;
  }

  /**
   * CREATE or CREATE2 (circuits/evm/gadgets/create-opcode.ts): the caller's rows from the opcode row to CreateSwitch and
   * the new frame's CreateAccount, CallDebit and CallCredit; returns the frame (undefined when its init code is empty:
   * it returned at once). `first` is the frame's first step.
   */
  private createCallRows(tx: TxTrace, txId: number, step: StepTrace, index: number, frame: Frame, accessed: Set<bigint>, first: StepTrace | undefined): Frame | undefined {
    const where = `tx ${tx.index} ${step.name} at pc ${step.pc}`;
    const kind = OPCODES.get(step.opcode)!;
    const create2 = kind.param === 1;
    const item = (k: number) => step.stack.at(-1 - k)!;
    const [value, offset, size] = [item(0), item(1), item(2)];
    const next = tx.frames[this.frameCursor + 1];
    const entered = next !== undefined && next.callStep === index ? next : undefined;
    const { callId, context } = frame;
    const self = context.get(CallContextField.CalleeAddress)!;
    // @ethereumjs enters no frame for a value above the balance or a nonce at 2^64 − 1 (CreateNoFrame), or at the depth limit (not built)
    const short = entered === undefined && this.account(tx, hexAddress(self), AccountField.Balance) < value;
    const nonceAtLimit = entered === undefined && !short && this.account(tx, hexAddress(self), AccountField.Nonce) === MAX_NONCE;
    if (entered === undefined && !short && !nonceAtLimit) throw new UnsupportedExecutionError(tx.index, `${where}: a creation that enters no frame at the depth limit: not built`);
    if (entered !== undefined && (entered.parent !== frame.index || entered.kind !== step.name)) throw new EvmWitnessError(`${where}: the frame it entered is not its creation`);
    if (entered !== undefined) this.frameCursor++;
    const sp = STACK_EMPTY - step.stack.length;
    const after = sp + kind.spDelta;
    const words = Math.ceil(step.memorySize / 32);
    const base = { txId, callId, codeHash: frame.hash };
    const init = Uint8Array.from({ length: Number(size) }, (_, k) => Number(frame.memory.get(Number(offset) + k) ?? 0n));
    if (entered !== undefined && bytesToHex(init) !== bytesToHex(entered.input)) throw new EvmWitnessError(`${where}: the init code in memory is not the frame's`);
    const initHash = BigInt(`0x${bytesToHex(keccak_256(init))}`);
    const { opener, rows } = keccakWitness(offset, init.length, words, this.hashInput(init), { create2, bound: MAX_INIT_CODE_SIZE - size });
    this.push({ ...base, spec: kind, pc: step.pc, sp, gasLeft: step.gasLeft, memoryWords: words, aux: opener }, [this.stackRead(tx, frame, sp + 1), this.stackRead(tx, frame, sp + 2)]);
    const expanded = size === 0n ? { words: BigInt(words), gas: 0n } : memoryExpansion(BigInt(words), offset, size);
    const cost = BigInt(CREATE_GAS) + (INIT_CODE_WORD_GAS + (create2 ? CREATE2_WORD_GAS : 0n)) * BigInt(Math.ceil(init.length / 32)) + expanded.gas;
    let at: StepAt = { ...base, pc: step.pc + 1, sp: after, gasLeft: step.gasLeft - cost, memoryWords: Number(expanded.words) };
    this.byteRows(at, 'KeccakBytes', rows, (b) => [this.memoryRead(frame.memory, callId, b)]);
    if (entered === undefined) {
      // CreateNoFrame: the balance is short of the value (or the nonce at 2^64 − 1: its cells 0); 0 pushed, no return data
      const balance = this.accountOp(tx, hexAddress(self), AccountField.Balance);
      const d = nonceAtLimit ? 0n : value - balance.value;
      const [lo, hi] = splitWord(d);
      const before = frame.slotValues.get(after)!;
      frame.slotValues.set(after, 0n);
      this.push({ ...at, spec: INTERNAL.get('CreateNoFrame')!, aux: { aux: d, ...addCarries(balance.value, d), inv: isZeroInverse(lo + hi) } },
        [this.stackRead(tx, frame, after - 2 - (create2 ? 1 : 0)), this.contextRead(context, callId, CallContextField.CalleeAddress), balance, this.rw(true, RwTag.Stack, callId, BigInt(after), 0, 0n, before)]);
      this.push({ ...at, spec: INTERNAL.get('CreateNoFrameReturn')!, aux: { aux: nonceAtLimit ? 1n : 0n } },
        [this.callContext(context, callId, CallContextField.LastCalleeReturnDataLength, 0n), ...(nonceAtLimit ? [this.accountOp(tx, hexAddress(self), AccountField.Nonce)] : [])]);
      frame.end = at;
      const following = tx.steps[index + 1];
      if (following !== undefined && (following.gasLeft !== at.gasLeft || following.stack.at(-1) !== 0n)) throw new EvmWitnessError(`${where}: no frame entered, yet the caller resumes with ${following.gasLeft} gas and ${following.stack.at(-1)} pushed`);
      return undefined;
    }
    // CreateInit: the callee's id is its first operation's counter
    const calleeId = this.rwc;
    const calleeContext = new Map<number, bigint>();
    this.contexts.set(calleeId, calleeContext);
    const callee = (field: CallContextField, v: bigint) => this.callContext(calleeContext, calleeId, field, v);
    this.push({ ...at, spec: INTERNAL.get(CREATE_INIT)!, aux: { c0: create2 ? 1n : 0n } },
      [this.stackRead(tx, frame, after - 2 - (create2 ? 1 : 0)), this.stackRead(tx, frame, after), callee(CallContextField.Value, value), callee(CallContextField.CodeHash, initHash)]);
    // CreateSender: the caller's nonce bumped; the new address from rlp([sender, nonce]) or CREATE2's input
    const nonce = this.accountOp(tx, hexAddress(self), AccountField.Nonce, (n) => n + 1n);
    const input = create2 ? create2Input(self, item(3), initHash) : createRlp(self, nonce.valuePrev);
    const digest = BigInt(`0x${bytesToHex(keccak_256(input))}`);
    const a = digest & ADDRESS_MASK;
    if (a !== BigInt(entered.address)) throw new EvmWitnessError(`${where}: creates ${hexAddress(a)}, @ethereumjs's frame runs ${entered.address}`);
    this.push({ ...at, spec: INTERNAL.get('CreateSender')!, aux: createSenderRow(nonce.valuePrev) },
      [nonce, this.contextRead(context, callId, CallContextField.CalleeAddress), callee(CallContextField.CallerAddress, self), callee(CallContextField.CalleeAddress, a)]);
    // CreateHash: A warm (EIP-2929), whatever the creation's outcome
    const warmBefore = accessed.has(a);
    accessed.add(a);
    const inputId = this.hashInput(input);
    const madeBefore = this.createdInTx.has(a);
    this.createdInTx.add(a);
    this.push({ ...at, spec: INTERNAL.get('CreateHash')!, aux: { aux: (digest >> 128n) << 128n, c0: splitWord(digest)[0], c1: create2 ? 1n : 0n, scratch: new Map([[2, create2 ? item(3) : size], [3, initHash]]) } },
      [this.rw(true, RwTag.TxAccessListAccount, txId, a, 0, 1n, warmBefore ? 1n : 0n), this.rw(true, RwTag.TxCreated, txId, a, 0, 1n, madeBefore ? 1n : 0n)]);
    for (const aux of countedRows(input, inputId, 'rlp')) this.push({ ...at, spec: INTERNAL.get('CreateInputBytes')! , aux }, []);
    // CreateGas: all but a 64th of the gas left (EIP-150)
    const depth = context.get(CallContextField.Depth)!;
    const [q, r] = [at.gasLeft / 64n, at.gasLeft % 64n];
    const gas = at.gasLeft - q;
    this.push({ ...at, spec: INTERNAL.get('CreateGas')!, aux: { aux: (BigInt(MAX_DEPTH - 1) - depth) | (q << 16n) | (r << 80n) | ((63n - r) << 88n), inv: gas } },
      [this.contextRead(context, callId, CallContextField.Depth), callee(CallContextField.Depth, depth + 1n), callee(CallContextField.CallerId, BigInt(callId)), callee(CallContextField.IsCreate, 1n)]);
    // @ethereumjs's fee of a CREATE step leaves out the gas it forwards
    if (step.gasCost !== cost) throw new EvmWitnessError(`${where}: trace gas cost ${step.gasCost}, the circuit's ${cost} and ${gas} forwarded`);
    at = { ...at, gasLeft: at.gasLeft - gas };
    const success = entered.success ? 1n : 0n;
    const { cells, callerReversible, writesStart } = this.switchRows(at, frame, after, { save: 'CreateSave', switch: 'CreateSwitch' }, success, success * a, { c1: success }, 0n);
    if (first !== undefined && first.depth === step.depth + 1 && first.gasLeft !== gas) throw new EvmWitnessError(`${where}: the new frame starts with ${first.gasLeft} gas, the circuit gives ${gas}`);
    // CreateAccount: nonce 1 (EIP-161), no code before (EIP-684); then the value moved
    const created = hexAddress(a);
    for (const [field, fresh] of [[AccountField.Nonce, 0n], [AccountField.CodeHash, KECCAK_EMPTY], [AccountField.Balance, 0n]] as const) {
      const key = `${created}:${field}`;
      if (!this.accounts.has(key) && !tx.accounts.some((x) => x.address === created && x.field === fieldName[field])) this.accounts.set(key, fresh);
    }
    const read = (field: CallContextField) => this.contextRead(calleeContext, calleeId, field);
    // a failure before the init code ran: the address is in use (a nonce or code, EIP-684), or has storage alone (EIP-7610)
    const failedEarly = !entered.success && tx.steps[index + 1]?.depth !== step.depth + 1;
    const collision = createCollisionRow(this.account(tx, created, AccountField.Nonce), this.account(tx, created, AccountField.CodeHash), failedEarly);
    if (collision !== undefined) {
      // CreateCollision, all the creation's gas consumed
      if (entered.success) throw new EvmWitnessError(`${where}: ${created} has a nonce or code, yet the creation succeeded`);
      this.internal(CREATE_COLLISION_NAME, txId, calleeId, gas, this.collisionReads(tx, created, read(CallContextField.CalleeAddress), collision.storage), collision.cells);
      const started: Frame = { index: entered.index, callId: calleeId, code: new Uint8Array(), hash: initHash, context: calleeContext, slotValues: new Map(), memory: new Map(), callerReversible, cells, writesStart, created };
      this.revert(writesStart);
      cells.revertEnd = BigInt(this.rwc - 1);
      frame.end = at;
      this.returnRows(tx, txId, { failed: true, left: 0n, offset: 0n, size: 0n }, started, frame, tx.steps[index + 1], a);
      return undefined;
    }
    const newNonce = this.accountOp(tx, created, AccountField.Nonce, () => 1n);
    const newCode = this.accountOp(tx, created, AccountField.CodeHash);
    this.internal('CreateAccount', txId, calleeId, gas, [read(CallContextField.Value), read(CallContextField.CalleeAddress), newNonce, newCode], { aux: value });
    this.balanceRow('CallDebit', tx, txId, calleeId, gas, hexAddress(self), (b) => b - value, value, undefined, [read(CallContextField.CallerAddress), this.hasStorageRead(created, false)]);
    this.balanceRow('CallCredit', tx, txId, calleeId, gas, created, (b) => b + value, value, undefined, [read(CallContextField.CalleeAddress), read(CallContextField.CodeHash)]);
    frame.end = at;
    if (init.length > 0) this.known.set(initHash, init);
    const started: Frame = { index: entered.index, callId: calleeId, code: init.length > 0 ? this.codeOf(tx, initHash) : init, hash: initHash, context: calleeContext,
      slotValues: new Map(), memory: new Map(), callerReversible, cells, writesStart, created };
    this.memories.set(calleeId, started.memory);
    if (init.length > 0) return started;
    // empty init code: the new account keeps no code and the frame returns at once, with all its gas
    this.returnRows(tx, txId, { failed: false, left: gas, offset: 0n, size: 0n }, started, frame, tx.steps[index + 1], a);
    return undefined;
  }

  /**
   * A nested call's end: its implicit STOP if it ran past its code, or its writes undone if it failed (their reversion
   * writes right after its failing step, `undo` restoring the builder's models); then CallReturn, CallRestore,
   * CallRestoreFrame and CallResume back into `caller` (circuits/evm/gadgets/call.ts); `next` is the caller's next step.
   */
  /** A nested call's end (its last step), as its return rows see it; its implicit STOP or its writes undone first. */
  private ended(last: StepTrace, frame: Frame, undo: (w: RwRow) => void): CallOutcome {
    const end = last.error === undefined ? OPCODES.get(last.opcode)!.gadget : undefined;
    const failed = end === undefined || FAILURES.includes(end);
    const reverted = last.name === 'REVERT' && last.error === undefined;
    if (failed) {
      this.revert(frame.writesStart, undo);
      frame.cells.revertEnd = BigInt(this.rwc - 1);
    } else this.implicitStop(last, frame);
    const returns = (last.name === 'RETURN' || reverted) && last.error === undefined;
    const [offset, size] = returns ? [last.stack.at(-1)!, last.stack.at(-2)!] : [0n, 0n];
    // an exceptional halt consumes all the call's gas; REVERT returns the rest
    return { failed, left: failed && !reverted ? 0n : last.gasLeft - last.gasCost, offset, size };
  }

  /** A nested creation whose code deposit fails: CodeDepositFail, then its writes undone as any failing frame's (`ended`). */
  private failedDeposit(tx: TxTrace, txId: number, frame: Frame, ret: StepTrace, undo: (w: RwRow) => void): CallOutcome {
    this.codeDepositFail(tx, txId, frame.callId, frame.memory, ret);
    this.revert(frame.writesStart, undo);
    frame.cells.revertEnd = BigInt(this.rwc - 1);
    return { failed: true, left: 0n, offset: 0n, size: 0n };
  }

  /** Whether `a` is cold for a step of `frame` (EIP-2929: neither accessed in the tx nor pre-warmed: AccountPrewarm's rules). */
  /** AccountPrewarm's cells for account `a` accessed by the frame running as `self` (EIP-2929/3651: `accessed` the tx's warm accounts so far). */
  private prewarm(tx: TxTrace, a: bigint, self: bigint, accessed: ReadonlySet<bigint>): ReturnType<typeof prewarmWitness> {
    return prewarmWitness(a, accessed.has(a), BigInt(tx.from), self, BigInt(this.header.coinbase));
  }

  private isCold(tx: TxTrace, a: bigint, frame: Frame, accessed: ReadonlySet<bigint>): boolean {
    return this.prewarm(tx, a, frame.context.get(CallContextField.CalleeAddress)!, accessed).cold;
  }

  /** `pushed`: the word a successful callee leaves on the caller's stack (1 for a call, the created address for a creation). */
  private returnRows(tx: TxTrace, txId: number, { failed, left, offset, size }: CallOutcome, frame: Frame, caller: Frame, next: StepTrace | undefined, pushed = 1n): void {
    const where = `tx ${tx.index} call ${frame.callId}`;
    // (a creation asks for none: its ReturnDataLength is never written)
    const retLength = frame.context.get(CallContextField.ReturnDataLength) ?? 0n;
    const [lo] = splitWord(offset);
    const aux = { c0: lo, c1: size };
    const row = (name: string, rws: readonly RwRow[], more: AuxWitness = {}) => this.internal(name, txId, frame.callId, left, rws, { ...aux, ...more });
    const saved = (field: CallContextField) => this.contextRead(caller.context, caller.callId, field);
    const sp = Number(caller.context.get(CallContextField.StackPointer)!);
    const pc = caller.context.get(CallContextField.ProgramCounter)!;
    const success = failed ? 0n : 1n;
    const pushedRead = this.stackRead(tx, caller, sp);
    row('CallReturn', [this.contextRead(frame.context, frame.callId, CallContextField.CallerId), saved(CallContextField.ProgramCounter), saved(CallContextField.StackPointer), pushedRead], { inv: isZeroInverse(halfSum(pushedRead.value)) });
    if (caller.slotValues.get(sp) !== (failed ? 0n : pushed)) throw new EvmWitnessError(`${where}: the caller's pushed word is ${caller.slotValues.get(sp)}, the callee ${failed ? 'failed' : `succeeded (${pushed})`}`);
    row('CallRestore', [saved(CallContextField.GasLeft), saved(CallContextField.MemorySize), saved(CallContextField.ReversibleWriteCounter), saved(CallContextField.CodeHash)]);
    // the return data copied into the caller's memory: min(size, R) bytes (size and R below 2^32: their expansions)
    const ge = size >= retLength;
    const copied = Number(ge ? retLength : size);
    const compare = ge ? size - retLength : retLength - size - 1n;
    row('CallRestoreFrame', [saved(CallContextField.IsRoot), saved(CallContextField.IsPersistent), saved(CallContextField.RwCounterEndOfReversion),
      this.contextRead(frame.context, frame.callId, CallContextField.ReturnDataLength)], { aux: BigInt(caller.callId) | (pc << 32n) | (BigInt(sp) << 64n) | (success << 80n) | ((ge ? 1n : 0n) << 88n) | (compare << 96n) });
    this.revertEndRows.push({ row: this.steps.at(-1)!.rws[2]!, cells: caller.cells, first: false });
    const write = (field: CallContextField, v: bigint) => this.callContext(caller.context, caller.callId, field, v);
    row('CallRestoreStatic', [saved(CallContextField.IsStatic)], { aux: left });
    const retOffset = this.contextRead(frame.context, frame.callId, CallContextField.ReturnDataOffset);
    row('CallResume', [write(CallContextField.LastCalleeId, BigInt(frame.callId)), write(CallContextField.LastCalleeReturnDataOffset, lo), write(CallContextField.LastCalleeReturnDataLength, size), retOffset]);
    this.frameCells = caller.cells;
    this.reversibleCount = frame.callerReversible + (failed ? 0n : this.reversibleCount);
    const resumed = caller.context.get(CallContextField.GasLeft)! + left;
    if (copied > 0) {
      const at = { pc: Number(pc), sp, gasLeft: resumed, memoryWords: Number(caller.context.get(CallContextField.MemorySize)!), txId, callId: caller.callId, codeHash: caller.hash };
      const [from, to] = [Number(offset), Number(retOffset.value)];
      for (const { positions, ...aux } of copyBytesWitness(frame.callId, lo, splitWord(retOffset.value)[0], copied)) {
        this.push({ ...at, spec: INTERNAL.get(RETURN_DATA_BYTES.name)!, aux }, positions.flatMap((i) => {
          const read = this.memoryRead(frame.memory, frame.callId, from + i);
          const before = caller.memory.get(to + i) ?? 0n;
          caller.memory.set(to + i, read.value);
          return [read, this.rw(true, RwTag.Memory, caller.callId, BigInt(to + i), 0, read.value, before)];
        }));
      }
    }
    if (next !== undefined && next.gasLeft !== resumed) throw new EvmWitnessError(`${where}: the caller resumes with ${next.gasLeft} gas, the circuit gives ${resumed}`);
    if (next !== undefined && next.stack.at(-1) !== success * pushed) throw new EvmWitnessError(`${where}: the caller's stack top after the call is ${next.stack.at(-1)}, the circuit's ${success * pushed}`);
    if (caller.end !== undefined) caller.end = { ...caller.end, gasLeft: resumed };
  }
}

/** The address a creation tx makes: the low 20 bytes of keccak256(rlp([sender, nonce])), which must be the trace's. */
function createdAddress(tx: TxTrace): Address {
  const hash = bytesToHex(keccak_256(createRlp(BigInt(tx.from), tx.nonce)));
  const address = `0x${hash.slice(24)}` as Address;
  // a failed creation's trace names no contract address
  if (address !== tx.contractAddress?.toLowerCase() && !(tx.status === 0 && tx.contractAddress === null)) throw new EvmWitnessError(`tx ${tx.index}: creates ${address}, the trace's contract address is ${tx.contractAddress}`);
  return address;
}

/** A memory opcode's offset and expansion (words after it, gas); undefined for other steps. */
function memoryAccess(tx: TxTrace, step: StepTrace, words: number): { offset: number; words: bigint; gas: bigint } | undefined {
  if (step.name === 'MCOPY') return mcopyAccess(tx, step, words);
  const fixed = ACCESS_SIZE[step.name as keyof typeof ACCESS_SIZE];
  const size = fixed === undefined ? (VARIABLE_SIZE.test(step.name) ? step.stack.at(-2)! : copySize(step)) : BigInt(fixed);
  if (size === undefined) return undefined;
  // EXTCODECOPY pops the address first
  const offset = step.stack.at(step.name === 'EXTCODECOPY' ? -2 : -1)!;
  if (size === 0n) return { offset: 0, words: BigInt(words), gas: 0n };
  if (offset >= 1n << 32n || size >= 1n << 32n) throw new UnsupportedExecutionError(tx.index, `${step.name} of ${size} bytes at offset ${offset} (2^32 or more runs out of gas: error states are not supported yet)`);
  return { offset: Number(offset), ...memoryExpansion(BigInt(words), offset, size) };
}

/** Opcodes that access memory[offset … offset + size − 1] with offset, size the top two stack items. */
const VARIABLE_SIZE = /^(RETURN|REVERT|KECCAK256|LOG[0-4])$/;
/** Opcodes that write memory[dest … dest + size − 1] with dest, size the first and third stack items. */
const COPIES = /^(CALLDATACOPY|CODECOPY|MCOPY|RETURNDATACOPY)$/;
/** A copy's size (EXTCODECOPY's is the fourth item), undefined for other steps. */
const copySize = (step: StepTrace): bigint | undefined => (step.name === 'EXTCODECOPY' ? step.stack.at(-4)! : COPIES.test(step.name) ? step.stack.at(-3)! : undefined);

/** Gas per byte or word of the data an opcode handles: KECCAK256 6 per word, copies 3 per word, EXP 50 per exponent byte, LOGn 8 per byte (the step's size is below 2^32). */
function dataGas(step: StepTrace): bigint {
  if (step.name === 'KECCAK256') return 6n * ((step.stack.at(-2)! + 31n) / 32n);
  const copied = copySize(step);
  if (copied !== undefined) return COPY_WORD_GAS * ((copied + 31n) / 32n);
  if (step.name === 'EXP') return EXP_BYTE_GAS * BigInt(byteLength(step.stack.at(-2)!));
  return /^LOG[0-4]$/.test(step.name) ? 8n * step.stack.at(-2)! : 0n;
}

const slotKey = (a: Pick<StorageAccess, 'address' | 'slot'>): string => `${a.address}:${a.slot}`;

/** The storage access @ethereumjs made for SLOAD or SSTORE step `i` (an SSTORE's first reads the current value). */
function storageAccess(tx: TxTrace, i: number): StorageAccess {
  const read = tx.storage.find((a) => a.step === i);
  if (read === undefined) throw new EvmWitnessError(`tx ${tx.index}: step ${i} made no storage access`);
  return read;
}

/** SLOAD's Storage read, SSTORE's Storage write of `stored`, or their warm-slot write (warming the slot in `warm`). */
function storageRw(tag: RwTag.Storage | RwTag.TxAccessListStorage, a: StorageAccess, stored: bigint | undefined, txId: number, warm: Set<string>): RwRow {
  const key = { rwCounter: 0, id: txId, address: BigInt(a.address), fieldTag: 0, storageKey: a.slot };
  if (tag === RwTag.Storage) return { ...key, isWrite: stored !== undefined, tag, value: stored ?? a.value, valuePrev: a.valuePrev, committedValue: a.committed };
  const before = warm.has(slotKey(a)) ? 1n : 0n;
  warm.add(slotKey(a));
  return { ...key, isWrite: true, tag, value: 1n, valuePrev: before, committedValue: 0n };
}

/** The low 160 bits of a word: the address the EVM takes from it. */
const ADDRESS_MASK = (1n << 160n) - 1n;

/** An address as the trace spells it (0x, 40 lowercase hex digits). */
const hexAddress = (a: bigint): Address => `0x${a.toString(16).padStart(40, '0')}` as Address;

/** TLOAD's TransientStorage read (checked against the value @ethereumjs pushed) or TSTORE's write, keyed by the running contract. */
function transientRw(tx: TxTrace, step: StepTrace, txId: number, contract: bigint, transient: Map<string, bigint>): RwRow {
  const slot = step.stack.at(-1)!;
  const key = `${contract}:${slot}`;
  const before = transient.get(key) ?? 0n;
  const store = step.name === 'TSTORE';
  const value = store ? step.stack.at(-2)! : before;
  if (!store && step.pushes.length > 0 && step.pushes[0] !== before) throw new EvmWitnessError(`tx ${tx.index} TLOAD at pc ${step.pc}: transient slot ${slot} holds ${before}, @ethereumjs pushed ${step.pushes[0]}`);
  if (store) transient.set(key, value);
  return { rwCounter: 0, isWrite: store, tag: RwTag.TransientStorage, id: txId, address: contract, fieldTag: 0, storageKey: slot, value, valuePrev: before, committedValue: 0n };
}

/** CALLDATALOAD's aux cells (v1: the root call reads its tx's calldata), checked against the value @ethereumjs pushed. */
function callDataLoad(tx: TxTrace, step: StepTrace, frame: Frame, caller: Frame | undefined): ReturnType<typeof callDataLoadWitness> {
  const offset = step.stack.at(-1)!;
  const load = caller === undefined ? callDataLoadWitness(offset, tx.to === null ? new Uint8Array() : tx.data)
    : callDataLoadWitness(offset, callData(frame, caller), { at: splitWord(frame.context.get(CallContextField.CallDataOffset)!)[0], caller: caller.callId });
  if (load.word !== step.pushes[0]) throw new EvmWitnessError(`tx ${tx.index} CALLDATALOAD at pc ${step.pc}: calldata word ${load.word.toString(16)}, @ethereumjs pushed ${step.pushes[0]?.toString(16)}`);
  return load;
}

/** The bytes a copy step wrote must be the ones @ethereumjs wrote (the trace's memory write). */
function checkCopied(tx: TxTrace, step: StepTrace, copied: readonly bigint[]): void {
  const traced = bytesToHex(step.memory.find((m) => m.isWrite)?.bytes ?? new Uint8Array(0));
  const written = bytesToHex(Uint8Array.from(copied.map(Number)));
  if (traced !== written) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: copied ${written}, @ethereumjs wrote ${traced}`);
}

/** A nested call's calldata: the range of its caller's memory its CALL named (as the builder tracks that memory). */
function callData(frame: Frame, caller: Frame): Uint8Array {
  const length = Number(frame.context.get(CallContextField.CallDataLength)!);
  const at = length === 0 ? 0 : Number(frame.context.get(CallContextField.CallDataOffset)!);
  return Uint8Array.from({ length }, (_, k) => Number(caller.memory.get(at + k) ?? 0n));
}

/** MCOPY's memory expansion: over [dest, dest + size), then over [src, src + size) (the opcode row, then MCopyExpand). */
function mcopyAccess(tx: TxTrace, step: StepTrace, words: number): { offset: number; words: bigint; gas: bigint; afterDest: bigint; destGas: bigint } {
  const [dest, src, size] = [step.stack.at(-1)!, step.stack.at(-2)!, step.stack.at(-3)!];
  if (size === 0n) return { offset: 0, words: BigInt(words), gas: 0n, afterDest: BigInt(words), destGas: 0n };
  if (dest >= 1n << 32n || src >= 1n << 32n || size >= 1n << 32n) throw new UnsupportedExecutionError(tx.index, `MCOPY of ${size} bytes from ${src} to ${dest} (2^32 or more runs out of gas: error states are not supported yet)`);
  const first = memoryExpansion(BigInt(words), dest, size);
  const both = memoryExpansion(first.words, src, size);
  return { offset: Number(dest), words: both.words, gas: first.gas + both.gas, afterDest: first.words, destGas: first.gas };
}

/** How a nested call ended: failed (its writes undone), its gas left, its returned range. */
interface CallOutcome { readonly failed: boolean; readonly left: bigint; readonly offset: bigint; readonly size: bigint }

/** A running call: its id, code, call context and the builder's model of its stack and memory. */
interface Frame {
  /** Its index in the trace's frames. */
  readonly index: number;
  readonly callId: number;
  readonly code: Uint8Array;
  readonly hash: bigint;
  readonly context: Map<number, bigint>;
  readonly slotValues: Map<number, bigint>;
  readonly memory: Map<number, bigint>;
  /** The caller's reversible writes when it called (0 for the root). */
  readonly callerReversible: bigint;
  /** The call's outcome cells. */
  readonly cells: FrameCells;
  /** Where the call's reversible writes start in the tx's list (what its failure undoes). */
  readonly writesStart: number;
  /** The frame's state after its last step so far (where an implicit STOP stands). */
  end?: StepAt;
  /** A creation's frame: the new account. */
  readonly created?: Address;
}

export interface EvmWitnessOptions {
  /** Keccak id of the block's first KECCAK256 input in the keccak table the EVM circuit looks up (default 1). */
  readonly firstKeccakId?: number;
}

export function evmWitness(block: BlockTrace, options: EvmWitnessOptions = {}): EvmWitness {
  return blocksEvmWitness([block], options);
}

/**
 * The EVM witness of consecutive `blocks` (at least one) as one run: tx ids, the rw counter and the keccak ids go on
 * from block to block, and each tx reads its own block's context (the block table holds one context per tx).
 */
export function blocksEvmWitness(blocks: readonly BlockTrace[], { firstKeccakId = 1 }: EvmWitnessOptions = {}): EvmWitness {
  if (blocks.length === 0) throw new EvmWitnessError('no block to build an EVM witness of');
  const known = new Map(blocks.flatMap((b) => b.bytecodes.map((c): [bigint, Uint8Array] => [BigInt(c.codeHash), c.code])));
  const builder = new Builder(blocks[0].header, known, firstKeccakId);
  let txId = 0;
  for (const block of blocks) {
    builder.enterBlock(block.header);
    for (const tx of block.txs) builder.tx(tx, ++txId);
  }
  const codes = [...builder.codes.values()];
  const hashed = codes.flatMap((c): Array<[bigint, number]> => {
    const id = builder.hashedId(c.code);
    return id === undefined ? [] : [[BigInt(c.codeHash), id]];
  });
  return { steps: builder.steps, rws: builder.rws, codes, rwCounterEnd: builder.rwc, txCount: txId, keccakInputs: builder.keccakInputs, codeKeccakIds: new Map(hashed), recoveries: builder.recoveries, modexpCalls: builder.modexpCalls, sha256Inputs: builder.sha256Inputs, ecAddCalls: builder.ecAddCalls, ecMulCalls: builder.ecMulCalls };
}
