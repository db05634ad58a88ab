/**
 * BlockTrace → the EVM circuit's witness: the executed steps with the RW operations each makes, numbered by one
 * block-wide rw counter (1-based) in execution order. The RW table (state circuit) holds exactly these rows.
 *
 * RW order per step: the gadget's slots (circuits/evm/gadgets), i.e. stack pops top first, then pushes:
 *   POP: read sp · PUSHn/PC/GAS: write sp − 1 · DUPn: read sp + n − 1, write sp − 1
 *   SWAPn: read sp, read sp + n, write sp, write sp + n · ADD/SUB/LT/GT/EQ: read sp, read sp + 1, write sp + 1
 *   ISZERO: read sp, write sp · JUMP: read sp · JUMPI: read sp, read sp + 1 · STOP/JUMPDEST: none.
 * Stack rows: tag Stack, id = call id, address = stack slot (the stack grows down from 1024, top at sp),
 * valuePrev = the slot's previous value for writes (0 if never written), the value itself for reads.
 * Call id = the rw counter at the call's first step (unique per call, as in zkevm-circuits).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { unsupportedOps } from '../evm/coverage.js';
import { OPCODES, type OpcodeEntry } from '../evm/opcodes.js';
import { STACK_EMPTY } from '../evm/step.js';
import { RwTag, type RwRow } from '../state/table.js';
import type { BlockTrace, BytecodeTrace, CallFrameTrace, Hash, TxTrace } from './trace.js';

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
  readonly callId: number;
  /** Rw counter of the step's first operation (the next free one when it has none). */
  readonly rwCounter: number;
  readonly codeHash: bigint;
  /** The step's operations in slot order. */
  readonly rws: readonly RwRow[];
}

export interface EvmWitness {
  readonly steps: readonly ExecStep[];
  /** All operations in rw counter order. */
  readonly rws: readonly RwRow[];
  /** The distinct codes the calls ran, in first-run order: the bytecode circuit's input (bytecodeWitness). */
  readonly codes: readonly BytecodeTrace[];
  /** The next free rw counter after the block: the RW table has rwCounterEnd − 1 rows. */
  readonly rwCounterEnd: number;
}

const toBigInt = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

/** Hash and code of what the call ran: the init code for creations, else the code at the code address. */
function callCode(tx: TxTrace, frame: CallFrameTrace, codes: ReadonlyMap<bigint, Uint8Array>): { hash: bigint; code: Uint8Array } {
  if (frame.kind === 'CREATE' || frame.kind === 'CREATE2') return { hash: toBigInt(keccak_256(frame.input)), code: frame.input };
  const read = tx.accounts.find((a) => a.address === frame.codeAddress && a.field === 'codeHash');
  const code = read === undefined ? undefined : codes.get(read.value);
  if (read === undefined || code === undefined) throw new EvmWitnessError(`tx ${tx.index}: no code recorded for ${frame.codeAddress}`);
  return { hash: read.value, code };
}

export function evmWitness(block: BlockTrace): EvmWitness {
  const known = new Map(block.bytecodes.map((b) => [BigInt(b.codeHash), b.code]));
  const steps: ExecStep[] = [];
  const rws: RwRow[] = [];
  const codes = new Map<bigint, BytecodeTrace>();
  let rwc = 1;
  for (const tx of block.txs) {
    if (tx.steps.length === 0) continue;
    const reasons = unsupportedOps(tx);
    if (reasons.length > 0) throw new UnsupportedExecutionError(tx.index, `not supported yet: ${reasons.join('; ')}`);
    const { hash, code } = callCode(tx, tx.frames[0]!, known);
    codes.set(hash, { codeHash: `0x${hash.toString(16).padStart(64, '0')}` as Hash, code });
    const callId = rwc;
    const slotValues = new Map<number, bigint>();
    tx.steps.forEach((step, i) => {
      const spec = OPCODES.get(step.opcode)!; // unsupportedOps checked it
      if (i < tx.steps.length - 1 && spec.gadget.flow === 'end') throw new EvmWitnessError(`tx ${tx.index}: ${step.name} at pc ${step.pc} ends the call before its last step`);
      if (step.gasCost !== BigInt(spec.gas)) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: trace gas cost ${step.gasCost}, table ${spec.gas}`);
      const next = tx.steps[i + 1];
      if (next !== undefined && next.gasLeft !== step.gasLeft - step.gasCost) throw new EvmWitnessError(`tx ${tx.index}: gas after ${step.name} at pc ${step.pc} does not follow from its cost`);
      const sp = STACK_EMPTY - step.stack.length;
      const after = [...step.stack.slice(0, step.stack.length - step.pops), ...step.pushes];
      const stepRws = spec.gadget.slots.map((slot, j): RwRow => {
        const address = sp + slot.base + (slot.perParam === 1 ? spec.param : 0);
        const value = (slot.write ? after : step.stack)[STACK_EMPTY - 1 - address];
        if (value === undefined) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: stack slot ${address} is empty`);
        const stored = slotValues.get(address) ?? 0n;
        if (!slot.write && stored !== value) throw new EvmWitnessError(`tx ${tx.index} ${step.name} at pc ${step.pc}: reads ${value} at stack slot ${address}, last written ${stored}`);
        if (slot.write) slotValues.set(address, value);
        return {
          rwCounter: rwc + j, isWrite: slot.write, tag: RwTag.Stack, id: callId, address: BigInt(address), fieldTag: 0,
          storageKey: 0n, value, valuePrev: slot.write ? stored : value, committedValue: 0n,
        };
      });
      steps.push({ spec, pc: step.pc, sp, gasLeft: step.gasLeft, memoryWords: Math.ceil(step.memorySize / 32), callId, rwCounter: rwc, codeHash: hash, rws: stepRws });
      rws.push(...stepRws);
      rwc += stepRws.length;
    });
  }
  return { steps, rws, codes: [...codes.values()], rwCounterEnd: rwc };
}
