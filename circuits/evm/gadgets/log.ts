/**
 * LOG0 … LOG4 (not in a static frame: circuit.ts writesState): read offset (sp), size (sp + 1) and the n topics
 * (sp + 2 … sp + 1 + n); the log goes to the RW table as TxLog writes (id = tx id, address = the log id, fieldTag =
 * LogField, storageKey = the topic or byte index), each key written once from 0:
 *   Address = the running contract (the call context's CalleeAddress), at index 0 when the log is the receipt's (its
 *   frame persists) and at index 1 when it is dropped (the frame or a caller fails, or the tx does: persistent = 0),
 *   Data i = memory[offset + i] for i < size, Topic i = topic i.
 * The log id is the LOG step's rw counter: unique in the block and increasing in execution order, so a tx's logs
 * sorted by it are in emission order. Gas 375 + 375·n (the opcode table) + 8·size + memory expansion (memory.ts,
 * variable size; c0 = (size = 0) by IsZero).
 *
 * Rows: the opcode row (offset, size, CalleeAddress read, Address write), then LogData rows — 2 bytes each: memory
 * read c0 + k, Data write index i + k, optional slots on in pairs (c1 = r bytes left, inv = log id, aux bytes 0 … 3 =
 * i, aux byte 4 = n) — chained as KECCAK256's bytes are (keccak.ts), then n LogTopic rows: stack read at sp − c1,
 * Topic write index c0 (c1 = topics left, inv = log id), the last with c1 = 1. The continuation rows keep the sp after
 * the pops (sp + 2 + n), so topic k (k = 0 … n − 1, c1 = n − k) is read at its stack slot sp + 2 + k of the opcode row.
 * LogData's last row hands over to the topics when n > 0 (their chain needs c1 to reach 1: n ≥ 1) and ends the
 * step when n = 0.
 *
 * Not `reversible`: a dropped log stays in the RW table, marked by its Address row's index 1 (the emitting frame's
 * persistent cell, which circuit.ts and call.ts prove), as Ethereum's receipts leave out the logs of failed frames.
 */
import { splitWord } from '../../gadgets/word.js';
import { constant, type Expr } from '../../plonk/index.js';
import { CallContextField, LogField, RwTag } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, OpcodeSpec, StepExprs } from '../step.js';
import { callContext, is, small, ZERO } from './common.js';
import { halfSum } from './comparison.js';
import { expansionGas, expansionWitness, rangeIndex, rangeReadOpener } from './memory.js';

export const LOG_BYTES_PER_ROW = 2;
const TOPICS_BYTE = 4;

const topics = (s: StepExprs): Expr => s.auxByte(TOPICS_BYTE);

/** A TxLog write of the step's tx, log id `logId`, field `field`, index `at`, written once (value before 0). */
const txLog = (field: LogField, logId: (s: StepExprs) => Expr, at: (s: StepExprs) => Expr, optional = false): KeyedSlot => ({
  write: true, tag: RwTag.TxLog, field, ...(optional ? { optional: true as const } : {}),
  key: (s) => ({ id: s.txId, address: logId(s), storageKey: small(at(s)) }),
});
const fresh = (s: StepExprs, j: number): Record<string, Expr> => is(s.slotPrev(j), ZERO, `TxLog write ${j} from 0`);

const logOp = (n: number): OpcodeSpec => ({ opcode: 0xa0 + n, name: `LOG${n}`, param: n, gas: 375 * (n + 1), spDelta: 2 + n, stack: 2 + n });

export const LOG: ExecutionGadget = {
  name: 'LOG',
  writesState: true,
  opcodes: [0, 1, 2, 3, 4].map(logOp),
  slots: [{ write: false, base: 0 }, { write: false, base: 1 }, callContext(CallContextField.CalleeAddress, false), txLog(LogField.Address, (s) => s.rwc, (s) => constant(1).sub(s.persistent))],
  flow: 'next',
  continuation: 'LogData',
  expandsMemory: true,
  dynamicGas: (s) => s.slot(1).lo.mul(8).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    const s = c.step;
    const n = s.next;
    c.gate({
      ...rangeReadOpener(c, s),
      ...is(s.slot(3), s.slot(2), 'address = callee'), ...fresh(s, 3),
      "continuation's log id = rwc": n.inv.sub(s.rwc), "continuation's n = param": topics(n).sub(s.param),
    });
  },
  witness: ({ slots: [offset, size], memoryWords }) => ({ aux: expansionWitness(BigInt(memoryWords), offset!, size!, true), isZero: halfSum(size!) }),
};

/** Memory byte c0 + k of the running call, read where the row covers byte k. */
const memoryRead = (k: number): KeyedSlot => ({ write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.c0.add(k) }) });

export const LOG_DATA: ExecutionGadget = {
  name: 'LogData',
  opcodes: [],
  slots: Array.from({ length: LOG_BYTES_PER_ROW }, (_, k) => [memoryRead(k), txLog(LogField.Data, (s) => s.inv, (s) => rangeIndex(s).add(k), true)]).flat(),
  flow: 'continuation',
  continuation: 'LogTopic',
  configure(c) {
    const s = c.step;
    const n = s.next;
    const one = constant(1);
    const more = n.state('LogData');
    const toTopics = n.state('LogTopic');
    const on = (k: number) => s.slotOn(2 * k);
    const bytes: Record<string, Expr> = {};
    for (let k = 0; k < LOG_BYTES_PER_ROW; k++) {
      bytes[`byte ${k}: read and write together`] = s.slotOn(2 * k + 1).sub(on(k));
      Object.assign(bytes, is(s.slot(2 * k + 1), s.slot(2 * k), `byte ${k}: data = memory`), fresh(s, 2 * k + 1));
    }
    const rest = s.c1.sub(on(0)).sub(on(1));
    c.gate({
      ...bytes,
      'a row not full leaves nothing': one.sub(on(LOG_BYTES_PER_ROW - 1)).mul(rest),
      'last: nothing left': one.sub(more).mul(rest),
      "more: r' = r − bytes": more.mul(n.c1.sub(rest)),
      "more: c0' = c0 + 2": more.mul(n.c0.sub(s.c0).sub(LOG_BYTES_PER_ROW)),
      "more: index' = index + 2": more.mul(rangeIndex(n).sub(rangeIndex(s)).sub(LOG_BYTES_PER_ROW)),
      "more: log id' = log id": more.mul(n.inv.sub(s.inv)), "more: n' = n": more.mul(topics(n).sub(topics(s))),
      'done (next runs an opcode): no topics': one.sub(more).sub(toTopics).mul(topics(s)),
      "topics: c1' = n": toTopics.mul(n.c1.sub(topics(s))), "topics: first index 0": toTopics.mul(n.c0),
      "topics: log id' = log id": toTopics.mul(n.inv.sub(s.inv)),
    });
  },
  witness: () => ({}),
};

export const LOG_TOPIC: ExecutionGadget = {
  name: 'LogTopic',
  opcodes: [],
  slots: [
    { write: false, tag: RwTag.Stack, field: 0, key: (s) => ({ id: s.callId, address: s.sp.sub(s.c1) }) },
    txLog(LogField.Topic, (s) => s.inv, (s) => s.c0),
  ],
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const n = s.next;
    const more = n.state('LogTopic');
    c.gate({
      ...is(s.slot(1), s.slot(0), 'topic = stack'), ...fresh(s, 1),
      "more: c0' = c0 + 1": more.mul(n.c0.sub(s.c0).sub(1)), "more: c1' = c1 − 1": more.mul(n.c1.sub(s.c1).add(1)),
      "more: log id' = log id": more.mul(n.inv.sub(s.inv)),
      'last: c1 = 1': constant(1).sub(more).mul(s.c1.sub(1)),
    });
  },
  witness: () => ({}),
};

/** The continuation rows of a LOGn of `size` bytes at `offset` (< 2^32 unless size is 0) with log id `logId`. */
export function logWitness(offset: bigint, size: number, n: number, logId: number): { data: Array<AuxWitness & { bytes: number }>; topics: AuxWitness[] } {
  const data = Array.from({ length: Math.max(1, Math.ceil(size / LOG_BYTES_PER_ROW)) }, (_, k) => {
    const i = LOG_BYTES_PER_ROW * k;
    return {
      aux: BigInt(i) | (BigInt(n) << BigInt(8 * TOPICS_BYTE)), c0: splitWord(offset)[0] + BigInt(i), c1: BigInt(size - i), inv: BigInt(logId),
      bytes: Math.min(LOG_BYTES_PER_ROW, size - i),
    };
  });
  const topicRows = Array.from({ length: n }, (_, k): AuxWitness => ({ c0: BigInt(k), c1: BigInt(n - k), inv: BigInt(logId) }));
  return { data, topics: topicRows };
}
