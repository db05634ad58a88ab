/**
 * Rows that copy bytes from one call's memory to another's, 2 per row: ReturnDataBytes (a callee's return data into
 * its caller's memory, and RETURNDATACOPY: call.ts, copy.ts) and IdentityBytes (the identity precompile's input into
 * its output: precompile.ts). Byte j is a Memory read of the source call's c0 + j (the source's id in aux bytes 0 … 3)
 * and a write of the same value to the running call's inv + j; c1 counts the bytes down to 0.
 */
import { sum, constant, type Expr } from '../../plonk/index.js';
import { RwTag } from '../../state/table.js';
import type { AuxWitness, KeyedSlot, StepExprs } from '../step.js';
import { auxBytes, is } from './common.js';

/** The aux bytes 0 … 3 of a copy row: the source call's id (whose memory it reads). */
export const CALLEE_ID = 0;
export const COPY_BYTES_PER_ROW = 2;
const ONE = constant(1);

/** Byte j of a copy row: read from the source call's memory at c0 + j, written to the running call's at inv + j. */
export const copyByte = (j: number): KeyedSlot[] => [
  { write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: auxBytes(s, CALLEE_ID, 4), address: s.c0.add(j) }) },
  { write: true, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.inv.add(j) }) },
];

/**
 * The rules of a copy row of state `name`: each byte written as read, c1 counting the bytes down to 0 (after a row that
 * is not full and on the last row), c0 and inv advancing, the source call's id kept.
 */
export function byteCopyRules(s: StepExprs, name: string): Record<string, Expr> {
  const n = s.next;
  const more = n.state(name);
  const on = (j: number) => s.slotOn(2 * j);
  const rest = s.c1.sub(sum(Array.from({ length: COPY_BYTES_PER_ROW }, (_, j) => on(j))));
  const bytes: Record<string, Expr> = {};
  for (let j = 0; j < COPY_BYTES_PER_ROW; j++) {
    bytes[`byte ${j}: read and write together`] = s.slotOn(2 * j + 1).sub(on(j));
    Object.assign(bytes, is(s.slot(2 * j + 1), s.slot(2 * j), `byte ${j}: written = read`));
  }
  return {
    ...bytes, 'a row not full leaves nothing': ONE.sub(on(COPY_BYTES_PER_ROW - 1)).mul(rest), 'last: nothing left': ONE.sub(more).mul(rest),
    "more: c1' = c1 − bytes": more.mul(n.c1.sub(rest)), [`more: c0' = c0 + ${COPY_BYTES_PER_ROW}`]: more.mul(n.c0.sub(s.c0).sub(COPY_BYTES_PER_ROW)),
    [`more: inv' = inv + ${COPY_BYTES_PER_ROW}`]: more.mul(n.inv.sub(s.inv).sub(COPY_BYTES_PER_ROW)), "more: the callee's id kept": more.mul(auxBytes(n, CALLEE_ID, 4).sub(auxBytes(s, CALLEE_ID, 4))),
  };
}

/**
 * The hand-over from row `s` to copy rows of state `name` (the next row, where `size` > 0; none where it is 0): their
 * source address c0, destination inv, byte count c1 and source call's id (aux bytes 0 … 3).
 */
export function copyHandOver(s: StepExprs, name: string, h: { readonly from: Expr; readonly to: Expr; readonly size: Expr; readonly source: Expr }): Record<string, Expr> {
  const n = s.next;
  const rows = n.state(name);
  return {
    'no copy rows: size = 0': ONE.sub(rows).mul(h.size), "copy rows: c0' = the source address": rows.mul(n.c0.sub(h.from)),
    "copy rows: inv' = the destination": rows.mul(n.inv.sub(h.to)), "copy rows: c1' = size": rows.mul(n.c1.sub(h.size)),
    "copy rows: the source call's id": rows.mul(auxBytes(n, CALLEE_ID, 4).sub(h.source)),
  };
}

/** The aux cells of the copy rows moving `n` bytes from call `source`'s memory at `from` to the running call's at `to`; `kept`: more aux bits on every row. */
export function copyBytesWitness(source: number, from: bigint, to: bigint, n: number, kept = 0n): Array<AuxWitness & { positions: number[] }> {
  return Array.from({ length: Math.ceil(n / COPY_BYTES_PER_ROW) }, (_, k) => {
    const i = COPY_BYTES_PER_ROW * k;
    return { aux: BigInt(source) | kept, c0: from + BigInt(i), c1: BigInt(n - i), inv: to + BigInt(i), positions: Array.from({ length: Math.min(COPY_BYTES_PER_ROW, n - i) }, (_, j) => i + j) };
  });
}
