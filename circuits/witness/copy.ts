/**
 * Copy circuit witness: BlockTrace → copy events (circuits/copy/table.ts) → the copy circuit's rows, and the RW
 * rows the copies make (Memory reads and writes, TxLog data writes) for the RW table. Pure: no I/O.
 *
 * Events per opcode (call id = the frame whose memory is meant):
 *   CALLDATACOPY    TxCalldata(tx id), root frame (empty in a creation) | caller's Memory at the call's args  → Memory
 *   CODECOPY        Bytecode(hash of the running code; init code in a creation)                                → Memory
 *   EXTCODECOPY     Bytecode(hash of the account's code)                                                       → Memory
 *   RETURNDATACOPY  the last callee's Memory at its RETURN/REVERT range, or a precompile's output              → Memory
 *   MCOPY           Memory                                                                                      → Memory
 *   RETURN, REVERT  of a nested call (not a creation): Memory → the caller's Memory, min(size, return buffer) bytes
 *   LOGn            Memory → TxLog(tx id, log index), persistent frames only;   KECCAK256  Memory → Keccak(keccak id)
 *   CREATE, CREATE2 Memory (init code) → Bytecode(its hash);  RETURN of a successful creation  Memory → Bytecode
 *   CALL… into a precompile: Memory (args) → PrecompileInput(its call id), then PrecompileOutput → Memory (return
 *                   buffer, min(output, buffer) bytes)
 * Source offsets past the end are clamped to the end (the table's contract: srcAddr ≤ srcAddrEnd); those bytes
 * are 0, as in the EVM. Steps that fail copy nothing.
 *
 * Numbering until the EVM witness supplies its own (CopyWitnessOptions): tx id = tx index + 1, call id =
 * 1024·(tx index + 1) + frame, log index = the tx's persistent logs counted from 0 (the receipt's order),
 * keccak ids from `firstKeccakId` in event order, rw counters from `firstRwCounter`, consecutive in event order.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { splitWord } from '../gadgets/word.js';
import { BYTE_ROW, CopyDataType, EVENT_ROW } from '../copy/table.js';
import { LogField, RwTag, type RwRow } from '../state/table.js';
import { bytecodeWitness } from './bytecode.js';
import type { BlockTrace, BytecodeTrace, CallKind, StepTrace, TxTrace } from './trace.js';

export class CopyWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyWitnessError';
  }
}

/** One copy: the table's event fields plus the bytes (witness side). */
export interface CopyEvent {
  srcType: CopyDataType;
  srcId: bigint;
  srcSubId: bigint;
  srcAddr: bigint;
  srcAddrEnd: bigint;
  dstType: CopyDataType;
  dstId: bigint;
  dstSubId: bigint;
  dstAddr: bigint;
  rwCounter: number;
  /** The bytes written, in order (0 for source bytes past srcAddrEnd); the copy's length is bytes.length. */
  bytes: Uint8Array;
  /** Bytecode sources and destinations: the bytecode table's isCode flag of each (in-bound) byte; 0 elsewhere. */
  isCode: Uint8Array;
  /** Memory destinations: the bytes there before the copy (the writes' valuePrev); zeros otherwise. */
  dstPrev: Uint8Array;
}

const RW_SOURCES = new Set([CopyDataType.Memory]);
const RW_DESTINATIONS = new Set([CopyDataType.Memory, CopyDataType.TxLog]);

/** In-bound source bytes: min(length, srcAddrEnd − srcAddr). */
export const inBoundCount = (e: CopyEvent): number => Math.min(e.bytes.length, Number(e.srcAddrEnd - e.srcAddr));
/** The copy's RW reads (in-bound bytes of RW-backed sources). */
export const readCount = (e: CopyEvent): number => (RW_SOURCES.has(e.srcType) ? inBoundCount(e) : 0);
/** The table's rwIncrease: reads, then one write per byte for RW-backed destinations. */
export const rwIncrease = (e: CopyEvent): number => readCount(e) + (RW_DESTINATIONS.has(e.dstType) ? e.bytes.length : 0);

/** The RW rows of one copy in rw counter order: in-bound source reads, then destination writes. */
export function copyRwRows(e: CopyEvent): RwRow[] {
  const row = (rwCounter: number, isWrite: boolean, tag: RwTag, id: bigint, address: bigint, fieldTag: number, storageKey: bigint, value: number, valuePrev: number): RwRow => ({
    rwCounter, isWrite, tag, id: Number(id), address, fieldTag, storageKey, value: BigInt(value), valuePrev: BigInt(valuePrev), committedValue: 0n,
  });
  const reads = readCount(e);
  const rows = Array.from({ length: reads }, (_, i) => row(e.rwCounter + i, false, RwTag.Memory, e.srcId, e.srcAddr + BigInt(i), 0, 0n, e.bytes[i], e.bytes[i]));
  [...e.bytes].forEach((b, i) => {
    const rwc = e.rwCounter + reads + i;
    if (e.dstType === CopyDataType.Memory) rows.push(row(rwc, true, RwTag.Memory, e.dstId, e.dstAddr + BigInt(i), 0, 0n, b, e.dstPrev[i]));
    if (e.dstType === CopyDataType.TxLog) rows.push(row(rwc, true, RwTag.TxLog, e.dstId, e.dstSubId, LogField.Data, e.dstAddr + BigInt(i), b, 0));
  });
  return rows;
}

export interface CopyWitnessOptions {
  txId?: (tx: TxTrace) => number;
  callId?: (tx: TxTrace, frame: number) => number;
  firstKeccakId?: number;
  firstRwCounter?: number;
}

export interface CopyWitness {
  events: CopyEvent[];
  /** The copies' RW rows, in rw counter order. */
  rws: RwRow[];
  /** Inputs of the Keccak destinations, in keccak id order (firstKeccakId + i for entry i). */
  keccakInputs: Uint8Array[];
  /** The codes copies read or write (CODECOPY, EXTCODECOPY, init code, deployed code): the bytecode table holds them. */
  codes: BytecodeTrace[];
  /** The precompile calls' input and output bytes (the precompile I/O table's rows), in call order. */
  precompiles: PrecompileIo[];
  /** The next free rw counter. */
  rwCounterEnd: number;
}

/** One precompile call's bytes, under its call id. */
export interface PrecompileIo { callId: bigint; input: Uint8Array; output: Uint8Array }

/** A copy before its rw counters are numbered. */
type CopyDraft = Omit<CopyEvent, 'rwCounter'>;

const hashHex = (code: Uint8Array) => `0x${Buffer.from(keccak_256(code)).toString('hex')}` as const;

/** The code deployed at `address` as the tx saw it (its codeHash read), empty for an account without code. */
function codeAt(block: BlockTrace, tx: TxTrace, address: string): BytecodeTrace {
  const read = tx.accounts.find((a) => a.address === address && a.field === 'codeHash');
  if (read === undefined) throw new CopyWitnessError(`tx ${tx.index}: no codeHash read recorded for ${address}`);
  const empty = { codeHash: hashHex(new Uint8Array(0)), code: new Uint8Array(0) };
  if (read.value === 0n || read.value === BigInt(empty.codeHash)) return empty;
  const code = block.bytecodes.find((b) => BigInt(b.codeHash) === read.value);
  if (code === undefined) throw new CopyWitnessError(`tx ${tx.index}: no code recorded for ${address}`);
  return code;
}

/** A frame's memory, replayed from the trace's memory operations (so writes know what they overwrite). */
class MemoryModel {
  private bytes = new Uint8Array(0);

  read(offset: bigint, length: number): Uint8Array {
    const out = new Uint8Array(length);
    if (length > 0) out.set(this.bytes.subarray(Number(offset), Math.min(this.bytes.length, Number(offset) + length)));
    return out;
  }

  write(offset: number, data: Uint8Array): void {
    if (offset + data.length > this.bytes.length) {
      const grown = new Uint8Array(offset + data.length);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(data, offset);
  }
}

const arg = (step: StepTrace, i: number): bigint => step.stack[step.stack.length - 1 - i] ?? 0n;
const clamp = (offset: bigint, end: bigint): bigint => (offset < end ? offset : end);

/** A memory range from stack arguments; offset 0 when empty (the EVM ignores it, and it may exceed the field). */
interface Range { offset: bigint; length: number }
const range = (step: StepTrace, offsetArg: number, lengthArg: number): Range => {
  const length = Number(arg(step, lengthArg));
  return { offset: length === 0 ? 0n : arg(step, offsetArg), length };
};

/** The frame kind each call or create opcode enters. */
const CALL_KINDS: Record<number, CallKind> = { 0xf0: 'CREATE', 0xf1: 'CALL', 0xf2: 'CALLCODE', 0xf4: 'DELEGATECALL', 0xf5: 'CREATE2', 0xfa: 'STATICCALL' };
const isCreate = (kind: string) => kind === 'CREATE' || kind === 'CREATE2';

/** `length` bytes from `offset` of a source whose bytes lie at [start, start + size) of `bytes` (zero past it). */
function sourced(offset: bigint, length: number, start: bigint, size: number, bytes: (at: bigint, n: number) => Uint8Array) {
  const from = clamp(offset, BigInt(size));
  const out = new Uint8Array(length);
  out.set(bytes(start + from, Math.min(length, size - Number(from))));
  return { srcAddr: start + from, srcAddrEnd: start + BigInt(size), bytes: out };
}

/** The calldata and return buffer of a call, in its caller's memory. */
function callRanges(step: StepTrace): { args: Range; ret: Range } {
  const v = step.opcode === 0xf1 || step.opcode === 0xf2 ? 1 : 0; // CALL and CALLCODE take a value argument
  return { args: range(step, 2 + v, 3 + v), ret: range(step, 4 + v, 5 + v) };
}

/** Memory effects of a frame's step, applied when the frame runs its next step (a call's after the callee). */
interface Pending { writes: StepTrace['memory']; copies: CopyEvent[]; where: string }

/** One tx's copies, in execution order. */
class TxCopies {
  private readonly memories = new Map<number, MemoryModel>();
  private readonly pending = new Map<number, Pending[]>();
  /** Index of each frame's first and last step (frames that ran code). */
  private readonly firstStep = new Map<number, number>();
  private readonly lastStep = new Map<number, number>();
  private logs = 0;

  /** The frame each call or create step entered (none when the call failed before entering one), and back. */
  private readonly calleeOf = new Map<number, number>();
  private readonly callerOf = new Map<number, number>();

  constructor(private readonly block: BlockTrace, private readonly tx: TxTrace, private readonly w: CopyWitnessBuilder) {
    tx.steps.forEach((s, i) => {
      if (!this.firstStep.has(s.frame)) this.firstStep.set(s.frame, i);
      this.lastStep.set(s.frame, i);
    });
    // frames are numbered in entry order: the next frame is a call step's when it matches the call
    let next = 1;
    tx.steps.forEach((s, i) => {
      const f = tx.frames[next];
      if (!(s.opcode in CALL_KINDS) || s.error !== undefined || f === undefined || f.parent !== s.frame || f.kind !== CALL_KINDS[s.opcode]) return;
      if (!isCreate(f.kind) && f.codeAddress !== addressOf(arg(s, 1))) return;
      const first = this.firstStep.get(next);
      if (first === undefined ? tx.steps[i + 1]?.frame !== s.frame : first !== i + 1) return;
      this.calleeOf.set(i, next);
      this.callerOf.set(next++, i);
    });
  }

  private memory(frame: number): MemoryModel {
    if (!this.memories.has(frame)) this.memories.set(frame, new MemoryModel());
    return this.memories.get(frame)!;
  }

  /** Applies a frame's pending writes and checks the copies into its memory against the traced bytes. */
  private flush(frame: number): void {
    const memory = this.memory(frame);
    for (const p of this.pending.get(frame) ?? []) {
      for (const op of p.writes) memory.write(op.offset, op.bytes);
      for (const e of p.copies) {
        if (!sameBytes(memory.read(e.dstAddr, e.bytes.length), e.bytes)) throw new CopyWitnessError(`${p.where}: the traced memory after the copy differs from the copied bytes`);
      }
    }
    this.pending.delete(frame);
  }

  private defer(frame: number, p: Pending): void {
    this.pending.set(frame, [...(this.pending.get(frame) ?? []), p]);
  }

  /** The step that entered `frame`. */
  private callingStep(frame: number, where: string): StepTrace {
    const step = this.tx.steps[this.callerOf.get(frame) ?? -1];
    if (step === undefined) throw new CopyWitnessError(`${where}: no calling step found for frame ${frame}`);
    return step;
  }

  /** Whether `frame` is a precompile's (it ran no code and its code address is 0x01 … 0x0a). */
  private isPrecompile(frame: number): boolean {
    const address = BigInt(this.tx.frames[frame].codeAddress);
    return !this.firstStep.has(frame) && address >= 1n && address <= 10n;
  }

  run(): void {
    this.tx.steps.forEach((step, index) => {
      const where = `tx ${this.tx.index} ${step.name} at pc ${step.pc}`;
      this.flush(step.frame);
      const memory = this.memory(step.frame);
      for (const r of step.memory.filter((m) => !m.isWrite)) {
        if (!sameBytes(memory.read(BigInt(r.offset), r.bytes.length), r.bytes)) throw new CopyWitnessError(`${where}: memory read disagrees with the replayed memory`);
      }
      const events = (step.error === undefined ? this.copiesOf(step, index, where) : []).map((e) => this.w.push(e));
      const copies = events.filter((e) => e.dstType === CopyDataType.Memory);
      // a RETURN/REVERT copy lands in the caller's memory, with the calling step's deferred write
      const target = step.opcode === 0xf3 || step.opcode === 0xfd ? this.tx.frames[step.frame].parent : step.frame;
      if (target !== step.frame) this.defer(target, { writes: [], copies, where });
      this.defer(step.frame, { writes: step.memory.filter((m) => m.isWrite), copies: target === step.frame ? copies : [], where });
    });
    for (const frame of [...this.pending.keys()]) this.flush(frame);
  }

  /** Whether `frame`'s effects survive: it and every caller succeeded (the receipt keeps its logs). */
  private persistent(frame: number): boolean {
    for (let f = frame; f >= 0; f = this.tx.frames[f].parent) if (!this.tx.frames[f].success) return false;
    return true;
  }

  /** Whether `frame` runs init code (the root frame of a creation tx, or a CREATE/CREATE2 frame). */
  private creates(frame: number): boolean {
    return frame === 0 ? this.tx.to === null : isCreate(this.tx.frames[frame].kind);
  }

  private call(frame: number): bigint {
    return BigInt(this.w.callId(this.tx, frame));
  }

  private copiesOf(step: StepTrace, index: number, where: string): CopyDraft[] {
    const { tx } = this;
    const frame = tx.frames[step.frame];
    const call = this.call(step.frame);
    const memory = this.memory(step.frame);
    const none = new Uint8Array(0);
    const toMemory = (dst: Range, frameOf = step.frame) => ({ dstType: CopyDataType.Memory, dstId: this.call(frameOf), dstSubId: 0n, dstAddr: dst.offset, dstPrev: this.memory(frameOf).read(dst.offset, dst.length) });
    const fromMemory = (frameOf: number, offset: bigint, length: number, buffer: Range) => ({
      srcType: CopyDataType.Memory, srcId: this.call(frameOf), srcSubId: 0n,
      ...sourced(offset, length, buffer.offset, buffer.length, (at, n) => this.memory(frameOf).read(at, n)),
    });
    const fromCode = (code: BytecodeTrace, offset: bigint, length: number) => {
      const [lo, hi] = splitWord(BigInt(this.w.code(code.code).codeHash));
      const marks = isCodeMarks(code.code);
      const src = sourced(offset, length, 0n, code.code.length, (at, n) => code.code.subarray(Number(at), Number(at) + n));
      const isCode = Uint8Array.from(src.bytes, (_, i) => marks[Number(src.srcAddr) + i] ?? 0);
      return { srcType: CopyDataType.Bytecode, srcId: lo, srcSubId: hi, ...src, isCode };
    };
    /** Memory bytes that become code (init code, deployed code). */
    const toCode = (src: Range) => {
      const bytes = memory.read(src.offset, src.length);
      const [lo, hi] = splitWord(BigInt(this.w.code(bytes).codeHash));
      return {
        srcType: CopyDataType.Memory, srcId: call, srcSubId: 0n, srcAddr: src.offset, srcAddrEnd: src.offset + BigInt(src.length),
        dstType: CopyDataType.Bytecode, dstId: lo, dstSubId: hi, dstAddr: 0n, bytes, isCode: isCodeMarks(bytes),
      };
    };
    const event = (e: Omit<CopyDraft, 'isCode' | 'dstPrev'> & Partial<Pick<CopyDraft, 'isCode' | 'dstPrev'>>): CopyDraft => ({
      isCode: new Uint8Array(e.bytes.length), dstPrev: new Uint8Array(e.bytes.length), ...e,
    });
    switch (step.opcode) {
      case 0x37: { // CALLDATACOPY
        const [dst, offset] = [range(step, 0, 2), arg(step, 1)];
        if (step.frame === 0) {
          const data = this.creates(0) ? none : tx.data; // a creation's init code is code, not calldata
          const src = sourced(offset, dst.length, 0n, data.length, (at, n) => data.subarray(Number(at), Number(at) + n));
          return [event({ srcType: CopyDataType.TxCalldata, srcId: BigInt(this.w.txId(tx)), srcSubId: 0n, ...src, ...toMemory(dst) })];
        }
        const args = this.creates(step.frame) ? { offset: 0n, length: 0 } : callRanges(this.callingStep(step.frame, where)).args;
        return [event({ ...fromMemory(frame.parent, offset, dst.length, args), ...toMemory(dst) })];
      }
      case 0x39: case 0x3c: { // CODECOPY, EXTCODECOPY
        const ext = step.opcode === 0x3c ? 1 : 0;
        const dst = range(step, ext, 2 + ext);
        const code = ext === 0 && this.creates(step.frame) ? this.initCode(step.frame, where) : codeAt(this.block, tx, ext === 1 ? addressOf(arg(step, 0)) : frame.codeAddress);
        return [event({ ...fromCode(code, arg(step, 1 + ext), dst.length), ...toMemory(dst) })];
      }
      case 0x3e: { // RETURNDATACOPY
        const dst = range(step, 0, 2);
        const callee = this.lastCallee(step.frame, index);
        if (callee === undefined) return [event({ ...fromMemory(step.frame, 0n, 0, { offset: 0n, length: 0 }), ...toMemory(dst) })]; // no return data: length 0
        return [event({ ...this.returned(callee, arg(step, 1), dst.length), ...toMemory(dst) })];
      }
      case 0x5e: { // MCOPY
        const length = Number(arg(step, 2));
        const src = range(step, 1, 2);
        return [event({ ...fromMemory(step.frame, 0n, length, src), ...toMemory(range(step, 0, 2)) })];
      }
      case 0x20: case 0xa0: case 0xa1: case 0xa2: case 0xa3: case 0xa4: { // KECCAK256, LOGn
        if (step.opcode !== 0x20 && !this.persistent(step.frame)) return []; // a reverted log is written nowhere
        const src = range(step, 0, 1);
        const bytes = memory.read(src.offset, src.length);
        const dst = step.opcode === 0x20
          ? { dstType: CopyDataType.Keccak, dstId: BigInt(this.w.keccakId(bytes)), dstSubId: 0n }
          : { dstType: CopyDataType.TxLog, dstId: BigInt(this.w.txId(tx)), dstSubId: BigInt(this.logs++) };
        return [event({ srcType: CopyDataType.Memory, srcId: call, srcSubId: 0n, srcAddr: src.offset, srcAddrEnd: src.offset + BigInt(src.length), ...dst, dstAddr: 0n, bytes })];
      }
      case 0xf0: case 0xf5: // CREATE, CREATE2: the init code becomes the new frame's code
        return [event(toCode(range(step, 1, 2)))];
      case 0xf1: case 0xf2: case 0xf4: case 0xfa: { // a call into a precompile: its input from memory, its output back
        const callee = this.calleeOf.get(index);
        if (callee === undefined || !this.isPrecompile(callee)) return [];
        const { args, ret } = callRanges(step);
        const id = this.call(callee);
        const input = event({ ...fromMemory(step.frame, 0n, args.length, args), dstType: CopyDataType.PrecompileInput, dstId: id, dstSubId: 0n, dstAddr: 0n });
        const length = Math.min(ret.length, tx.frames[callee].output.length);
        this.w.precompiles.push({ callId: id, input: input.bytes, output: tx.frames[callee].output });
        return [input, event({ ...this.returned(callee, 0n, length), ...toMemory({ offset: length === 0 ? 0n : ret.offset, length }) })];
      }
      case 0xf3: case 0xfd: { // RETURN, REVERT: into the caller's return buffer, or deployed code
        if (this.creates(step.frame)) return step.opcode === 0xf3 && frame.success ? [event(toCode(range(step, 0, 1)))] : [];
        if (step.frame === 0) return []; // the tx's output is in no table
        const ret = callRanges(this.callingStep(step.frame, where)).ret;
        const out = range(step, 0, 1);
        const length = Math.min(out.length, ret.length);
        return [event({ ...fromMemory(step.frame, 0n, length, { offset: length === 0 ? 0n : out.offset, length }), ...toMemory({ offset: length === 0 ? 0n : ret.offset, length }, frame.parent) })];
      }
      default:
        return [];
    }
  }

  /**
   * The init code a creation frame runs: the tx's data, or what its CREATE step read from memory (not
   * `frame.input`, which the tracer may share with memory the caller overwrites later).
   */
  private initCode(frame: number, where: string): BytecodeTrace {
    if (frame === 0) return this.w.code(this.tx.data);
    const read = this.callingStep(frame, where).memory.find((m) => !m.isWrite);
    return this.w.code(read?.bytes ?? new Uint8Array(0));
  }

  /** The frame `frame`'s last call or create before step `index` entered, if it entered one. */
  private lastCallee(frame: number, index: number): number | undefined {
    for (let i = index - 1; i >= 0; i--) {
      const s = this.tx.steps[i];
      if (s.frame === frame && s.opcode in CALL_KINDS) return this.calleeOf.get(i);
    }
    return undefined;
  }

  /** `length` bytes from `offset` of a finished frame's return data: a precompile's output, or the memory its RETURN/REVERT named. */
  private returned(callee: number, offset: bigint, length: number) {
    const srcId = this.call(callee);
    if (this.isPrecompile(callee)) {
      const out = this.tx.frames[callee].output;
      return { srcType: CopyDataType.PrecompileOutput, srcId, srcSubId: 0n, ...sourced(offset, length, 0n, out.length, (at, n) => out.subarray(Number(at), Number(at) + n)) };
    }
    const buffer = this.returnData(callee);
    return { srcType: CopyDataType.Memory, srcId, srcSubId: 0n, ...sourced(offset, length, buffer.offset, buffer.length, (at, n) => this.memory(callee).read(at, n)) };
  }

  /** Where a finished frame's return data lies in its memory (empty after STOP, an error, a successful creation, or no code). */
  private returnData(frame: number): Range {
    const last = this.tx.steps[this.lastStep.get(frame) ?? -1];
    const returns = last !== undefined && last.error === undefined && (last.opcode === 0xfd || (last.opcode === 0xf3 && !this.creates(frame)));
    return returns ? range(last, 0, 1) : { offset: 0n, length: 0 };
  }
}

/** The bytecode table's isCode flag of each byte of `code`. */
const isCodeMarks = (code: Uint8Array): Uint8Array =>
  Uint8Array.from(bytecodeWitness([{ codeHash: hashHex(code), code }], code.length + 2).slice(1, code.length + 1), (r) => Number(r.isCode));

const addressOf = (word: bigint): string => `0x${BigInt.asUintN(160, word).toString(16).padStart(40, '0')}`;

/** Numbering shared by the txs of a block. */
class CopyWitnessBuilder {
  readonly events: CopyEvent[] = [];
  readonly keccakInputs: Uint8Array[] = [];
  readonly codes = new Map<string, BytecodeTrace>();
  readonly precompiles: PrecompileIo[] = [];
  readonly txId: (tx: TxTrace) => number;
  readonly callId: (tx: TxTrace, frame: number) => number;
  rwCounter: number;

  constructor(private readonly options: CopyWitnessOptions) {
    this.txId = options.txId ?? ((tx) => tx.index + 1);
    this.callId = options.callId ?? ((tx, frame) => 1024 * (tx.index + 1) + frame);
    this.rwCounter = options.firstRwCounter ?? 1;
  }

  /** Records a code for the bytecode table. */
  code(code: Uint8Array): BytecodeTrace {
    const c = { codeHash: hashHex(code), code };
    this.codes.set(c.codeHash, c);
    return c;
  }

  keccakId(input: Uint8Array): number {
    return (this.options.firstKeccakId ?? 1) + this.keccakInputs.push(input) - 1;
  }

  /** Numbers a copy's RW operations from the next free rw counter. */
  push(draft: CopyDraft): CopyEvent {
    const e = { ...draft, rwCounter: this.rwCounter };
    this.events.push(e);
    this.rwCounter += rwIncrease(e);
    return e;
  }
}

/** Copy events of every copying step of the block, in execution order. */
export function copyWitness(block: BlockTrace, options: CopyWitnessOptions = {}): CopyWitness {
  const w = new CopyWitnessBuilder(options);
  for (const tx of block.txs) new TxCopies(block, tx, w).run();
  return { events: w.events, rws: w.events.flatMap(copyRwRows), keccakInputs: w.keccakInputs, codes: [...w.codes.values()], precompiles: w.precompiles, rwCounterEnd: w.rwCounter };
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** One row of the copy circuit: the table's columns plus the circuit's own (see circuits/copy/circuit.ts). */
export interface CopyRow {
  kind: bigint;
  srcType: bigint;
  srcId: bigint;
  srcSubId: bigint;
  srcAddr: bigint;
  srcAddrEnd: bigint;
  dstType: bigint;
  dstId: bigint;
  dstSubId: bigint;
  dstAddr: bigint;
  length: bigint;
  rwCounter: bigint;
  rwIncrease: bigint;
  /** Byte rows: the byte; its source's isCode flag; the destination's previous byte; 1 while the source is in bound. */
  value: bigint;
  isCode: bigint;
  valuePrev: bigint;
  inBound: bigint;
  /** In-bound source bytes left, this row's included (event rows: all of them). */
  inLeft: bigint;
  /** The event's RW reads, on all its rows. */
  reads: bigint;
}

export const COPY_PADDING_ROW: CopyRow = {
  kind: 0n, srcType: 0n, srcId: 0n, srcSubId: 0n, srcAddr: 0n, srcAddrEnd: 0n, dstType: 0n, dstId: 0n, dstSubId: 0n, dstAddr: 0n,
  length: 0n, rwCounter: 0n, rwIncrease: 0n, value: 0n, isCode: 0n, valuePrev: 0n, inBound: 0n, inLeft: 0n, reads: 0n,
};

/**
 * The circuit's rows: a padding row, then per event its event row and one row per byte, then padding up to
 * `capacity` (at least one padding row last).
 */
export function copyCircuitRows(events: readonly CopyEvent[], capacity: number): CopyRow[] {
  const rows: CopyRow[] = [COPY_PADDING_ROW];
  for (const e of events) {
    if (e.srcAddr > e.srcAddrEnd) throw new CopyWitnessError(`copy at rw counter ${e.rwCounter}: srcAddr ${e.srcAddr} is past srcAddrEnd ${e.srcAddrEnd} (clamp it)`);
    const length = e.bytes.length;
    const inCount = inBoundCount(e);
    const common = {
      srcType: BigInt(e.srcType), srcId: e.srcId, srcSubId: e.srcSubId, srcAddrEnd: e.srcAddrEnd, dstType: BigInt(e.dstType), dstId: e.dstId,
      dstSubId: e.dstSubId, rwIncrease: BigInt(rwIncrease(e)), reads: BigInt(readCount(e)),
    };
    rows.push({
      ...COPY_PADDING_ROW, ...common, kind: EVENT_ROW, srcAddr: e.srcAddr, dstAddr: e.dstAddr, length: BigInt(length), rwCounter: BigInt(e.rwCounter), inLeft: BigInt(inCount),
    });
    for (let i = 0; i < length; i++) {
      rows.push({
        ...common, kind: BYTE_ROW, srcAddr: e.srcAddr + BigInt(i), dstAddr: e.dstAddr + BigInt(i), length: BigInt(length - i),
        rwCounter: BigInt(e.rwCounter + i), value: BigInt(e.bytes[i]), isCode: BigInt(e.isCode[i]), valuePrev: BigInt(e.dstPrev[i]),
        inBound: i < inCount ? 1n : 0n, inLeft: BigInt(Math.max(0, inCount - i)),
      });
    }
  }
  if (rows.length + 1 > capacity) throw new CopyWitnessError(`${rows.length} copy rows and a padding row do not fit a capacity of ${capacity} rows`);
  return [...rows, ...Array.from({ length: capacity - rows.length }, () => COPY_PADDING_ROW)];
}
