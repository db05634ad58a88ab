/**
 * Copy circuit witness: BlockTrace → copy events (circuits/copy/table.ts) → the copy circuit's rows, and the RW
 * rows the copies make (Memory reads and writes, TxLog data writes) for the RW table. Pure: no I/O.
 *
 * Events per opcode (root frames; nested calls are refused until the EVM witness numbers calls):
 *   CALLDATACOPY  TxCalldata(tx id)  → Memory(call id)   source end = calldata length (0 in a creation)
 *   CODECOPY      Bytecode(code hash) → Memory(call id)   source end = code length
 *   MCOPY         Memory(call id)    → Memory(call id)
 *   LOGn          Memory(call id)    → TxLog(tx id, log index)
 *   KECCAK256     Memory(call id)    → Keccak(keccak id)
 * An offset past the source's end is clamped to the end (the table's contract: srcAddr ≤ srcAddrEnd); the bytes
 * read from there are 0, as in the EVM.
 *
 * Numbering until the EVM witness supplies its own (CopyWitnessOptions): tx id = tx index + 1, call id =
 * 1024·(tx index + 1) + frame, log index = the tx's LOG steps counted from 0 (reverted frames' logs included),
 * keccak ids from `firstKeccakId` in event order, rw counters from `firstRwCounter`, consecutive in event order.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { splitWord } from '../gadgets/word.js';
import { BYTE_ROW, CopyDataType, EVENT_ROW } from '../copy/table.js';
import { LogField, RwTag, type RwRow } from '../state/table.js';
import { bytecodeWitness } from './bytecode.js';
import type { BlockTrace, BytecodeTrace, StepTrace, TxTrace } from './trace.js';

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
  /** Bytecode sources: the bytecode table's isCode flag of each in-bound byte (0 elsewhere). */
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
  /** The codes CODECOPY read (the bytecode table must hold them). */
  codes: BytecodeTrace[];
  /** The next free rw counter. */
  rwCounterEnd: number;
}

const hashHex = (code: Uint8Array) => `0x${Buffer.from(keccak_256(code)).toString('hex')}` as const;

/** The code a root frame runs: the init code of a creation, else the code recorded for its code address. */
function rootCode(block: BlockTrace, tx: TxTrace): BytecodeTrace {
  const frame = tx.frames[0];
  if (frame === undefined) throw new CopyWitnessError(`tx ${tx.index}: steps without a frame`);
  if (frame.kind === 'CREATE' || frame.kind === 'CREATE2') return { codeHash: hashHex(frame.input), code: frame.input };
  const read = tx.accounts.find((a) => a.address === frame.codeAddress && a.field === 'codeHash');
  const code = block.bytecodes.find((b) => read !== undefined && BigInt(b.codeHash) === read.value);
  if (code === undefined) throw new CopyWitnessError(`tx ${tx.index}: no code recorded for ${frame.codeAddress}`);
  return code;
}

/** A frame's memory, replayed from the trace's memory operations (so writes know what they overwrite). */
class MemoryModel {
  private bytes = new Uint8Array(0);

  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    out.set(this.bytes.subarray(offset, Math.min(this.bytes.length, offset + length)));
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
/** A memory offset argument; 0 for length-0 copies, whose offsets the EVM ignores (they may exceed the field). */
const offsetArg = (step: StepTrace, i: number, length: number): bigint => (length === 0 ? 0n : arg(step, i));
const clamp = (offset: bigint, end: bigint): bigint => (offset < end ? offset : end);

/** Copy events of every supported copying step of the block, in execution order. */
export function copyWitness(block: BlockTrace, options: CopyWitnessOptions = {}): CopyWitness {
  const txId = options.txId ?? ((tx) => tx.index + 1);
  const callId = options.callId ?? ((tx, frame) => 1024 * (tx.index + 1) + frame);
  const events: CopyEvent[] = [];
  const keccakInputs: Uint8Array[] = [];
  const codes = new Map<string, BytecodeTrace>();
  const firstKeccakId = options.firstKeccakId ?? 1;
  let rwc = options.firstRwCounter ?? 1;
  for (const tx of block.txs) {
    const memories = new Map<number, MemoryModel>();
    let logs = 0;
    for (const step of tx.steps) {
      if (!memories.has(step.frame)) memories.set(step.frame, new MemoryModel());
      const memory = memories.get(step.frame)!;
      const where = () => `tx ${tx.index} ${step.name} at pc ${step.pc}`;
      const reads = step.memory.filter((m) => !m.isWrite);
      const writes = step.memory.filter((m) => m.isWrite);
      for (const r of reads) {
        if (!sameBytes(memory.read(r.offset, r.bytes.length), r.bytes)) throw new CopyWitnessError(`${where()}: memory read disagrees with the replayed memory`);
      }
      const isCopy = [0x37, 0x39, 0x5e, 0x20].includes(step.opcode) || (step.opcode >= 0xa0 && step.opcode <= 0xa4);
      if (isCopy && step.frame !== 0) throw new CopyWitnessError(`${where()}: copies in nested calls are not supported yet`);
      const call = BigInt(callId(tx, step.frame));
      const base = { srcSubId: 0n, dstSubId: 0n, rwCounter: rwc };
      const memoryDst = (dst: bigint, length: number) => ({ dstType: CopyDataType.Memory, dstId: call, dstAddr: dst, dstPrev: memory.read(Number(dst), length) });
      const memorySrc = (src: bigint, length: number) => ({ srcType: CopyDataType.Memory, srcId: call, srcAddr: src, srcAddrEnd: src + BigInt(length) });
      const fromSource = (source: Uint8Array, offset: bigint, length: number) => {
        const start = clamp(offset, BigInt(source.length));
        const out = new Uint8Array(length);
        out.set(source.subarray(Number(start), Math.min(source.length, Number(start) + length)));
        return { start, bytes: out };
      };
      let event: CopyEvent | undefined;
      if (step.opcode === 0x37 || step.opcode === 0x39) { // CALLDATACOPY, CODECOPY
        const length = Number(arg(step, 2));
        let source: Uint8Array;
        let src: Pick<CopyEvent, 'srcType' | 'srcId' | 'srcSubId'>;
        let isCodeOf: (i: number) => number = () => 0;
        if (step.opcode === 0x37) {
          source = tx.frames[0]!.kind === 'CALL' ? tx.data : new Uint8Array(0);
          src = { srcType: CopyDataType.TxCalldata, srcId: BigInt(txId(tx)), srcSubId: 0n };
        } else {
          const code = rootCode(block, tx);
          codes.set(code.codeHash, code);
          source = code.code;
          const [lo, hi] = splitWord(BigInt(code.codeHash));
          src = { srcType: CopyDataType.Bytecode, srcId: lo, srcSubId: hi };
          const marks = bytecodeWitness([code], code.code.length + 2).slice(1, code.code.length + 1).map((r) => Number(r.isCode));
          isCodeOf = (i) => marks[i];
        }
        const { start, bytes } = fromSource(source, arg(step, 1), length);
        const isCode = Uint8Array.from(bytes, (_, i) => (start + BigInt(i) < BigInt(source.length) ? isCodeOf(Number(start) + i) : 0));
        event = { ...base, ...src, srcAddr: start, srcAddrEnd: BigInt(source.length), ...memoryDst(offsetArg(step, 0, length), length), bytes, isCode };
      } else if (step.opcode === 0x5e) { // MCOPY
        const length = Number(arg(step, 2));
        const [src, dst] = [offsetArg(step, 1, length), offsetArg(step, 0, length)];
        event = { ...base, ...memorySrc(src, length), ...memoryDst(dst, length), bytes: memory.read(Number(src), length), isCode: new Uint8Array(length) };
      } else if (step.opcode === 0x20 || (step.opcode >= 0xa0 && step.opcode <= 0xa4)) { // KECCAK256, LOGn
        const length = Number(arg(step, 1));
        const src = offsetArg(step, 0, length);
        const bytes = memory.read(Number(src), length);
        const dst = step.opcode === 0x20
          ? { dstType: CopyDataType.Keccak, dstId: BigInt(firstKeccakId + keccakInputs.push(bytes) - 1), dstSubId: 0n }
          : { dstType: CopyDataType.TxLog, dstId: BigInt(txId(tx)), dstSubId: BigInt(logs++) };
        event = { ...base, ...memorySrc(src, length), ...dst, dstAddr: 0n, dstPrev: new Uint8Array(length), bytes, isCode: new Uint8Array(length) };
      }
      if (event !== undefined) {
        events.push(event);
        rwc += rwIncrease(event);
      }
      for (const w of writes) memory.write(w.offset, w.bytes);
      if (event !== undefined && event.dstType === CopyDataType.Memory && !sameBytes(memory.read(Number(event.dstAddr), event.bytes.length), event.bytes)) {
        throw new CopyWitnessError(`${where()}: the traced memory after the copy differs from the copied bytes`);
      }
    }
  }
  return { events, rws: events.flatMap(copyRwRows), keccakInputs, codes: [...codes.values()], rwCounterEnd: rwc };
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
