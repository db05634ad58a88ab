/**
 * CALLDATALOAD (v1: the root call of a tx that is not a creation, whose calldata is its tx's): read offset (sp), write value (sp); value =
 * calldata[offset … offset + 31], bytes past the calldata's end 0. The opcode row works out how many of the 32
 * bytes exist, n = min(32, max(0, len − o)) with len the tx's CallDataLength, and 8 CallDataRead rows (word-rows.ts)
 * look the first n bytes up in the tx table's calldata rows and prove the rest 0.
 *
 * Opcode row (aux bytes; c0 = p, scratch slot 2's lo = u, c1 = len by a tx lookup):
 *   bytes 0 … 3   the offset o (offset hi = 0: larger offsets are not supported yet — they load 0)
 *   bytes 4 … 7   p = 1 (o ≥ len, past the end): o − len;  p = 0: len − o − 1
 *   bytes 8 … 11  p = 0, u = 1 (len − o ≥ 32, a full word): len − o − 32;  p = 0, u = 0: 31 − (len − o);  p = 1: 0, u = 0
 *   bytes 12 … 31 zero
 * so with len, o < 2^32 (the tx circuit bounds the calldata length) p and u are the true comparisons and
 * n = (1 − p)·(32·u + (1 − u)·(len − o)), handed to the first continuation row as r.
 *
 * CallDataRead row (no RW access; its slot cells are scratch: flag f_j in slot j's lo, r in slot 0's hi): byte j
 * (aux byte 31 − j) is looked up as calldata index c0 + j where f_j = 1 and is 0 where f_j = 0; the flags are a
 * monotone mask (f_{j+1} ⇒ f_j); r − Σ f is the next row's r, 0 after a row that is not full and on the last row.
 * So exactly the first n bytes of the word are calldata and the others 0.
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, StepExprs } from '../step.js';
import { auxBytes, is, small, upperBytesZero } from './common.js';
import { BYTES_PER_ROW, rowByte, WORD_ROWS, wordRow, wordRowsChain, wordRowsStart } from './word-rows.js';

/** Scratch slot of the opcode row's 'full word' flag u. */
const FULL = 2;

const flag = (s: StepExprs, j: number): Expr => s.slot(j).lo;
const remaining = (s: StepExprs): Expr => s.slot(0).hi;

export const CALLDATALOAD: ExecutionGadget = {
  name: 'CALLDATALOAD',
  opcodes: [{ opcode: 0x35, name: 'CALLDATALOAD', param: 0, gas: 3, spDelta: 0 }],
  slots: [{ write: false, base: 0 }, { write: true, base: 0 }],
  flow: 'next',
  continuation: 'CallDataRead',
  // a creating frame has no calldata (the tx's data is its init code): not built, so refused here
  txLookups: (s) => [{ tag: TxFieldTag.CallDataLength, value: small(s.c1) }, { tag: TxFieldTag.IsCreate, value: small(constant(0)) }],
  configure(c) {
    const s = c.step;
    const o = auxBytes(s, 0, 4);
    const len = s.c1;
    const p = s.c0;
    const u = s.slot(FULL).lo;
    const one = constant(1);
    const available = len.sub(o);
    c.gate({
      'offset lo = aux bytes 0 … 3': s.slot(0).lo.sub(o), 'offset hi = 0': s.slot(0).hi,
      'past: boolean': p.mul(one.sub(p)), 'full: boolean': u.mul(one.sub(u)), 'past ⇒ not full': p.mul(u),
      'bytes 4 … 7 = past ? o − len : len − o − 1': auxBytes(s, 4, 4).sub(p.mul(o.sub(len)).add(one.sub(p).mul(available.sub(1)))),
      'bytes 8 … 11 = full ? len − o − 32 : 31 − (len − o)': auxBytes(s, 8, 4).sub(one.sub(p).mul(u.mul(available.sub(32)).add(one.sub(u).mul(constant(31).sub(available))))),
      ...upperBytesZero(s, 12), 'calldata of the root call only (a nested call\'s is its caller\'s memory: not built)': s.isRoot.sub(1),
      ...is(s.next.aux, s.slot(1), "continuation's aux = value"), "continuation's c0 = offset": s.next.c0.sub(o), ...wordRowsStart(s),
      "continuation's r = bytes in the calldata": remaining(s.next).sub(one.sub(p).mul(u.mul(32).add(one.sub(u).mul(available)))),
    });
  },
  // the builder fills this row (it needs the tx's calldata length): callDataLoadWitness
  witness: () => ({}),
};

export const CALLDATA_READ: ExecutionGadget = {
  name: 'CallDataRead',
  opcodes: [],
  slots: [],
  flow: 'continuation',
  txLookups: (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ tag: TxFieldTag.CallData, index: s.c0.add(j), value: small(s.auxByte(rowByte(j))), enabled: flag(s, j) })),
  configure(c) {
    const s = c.step;
    const one = constant(1);
    const rest = remaining(s).sub(sum(Array.from({ length: BYTES_PER_ROW }, (_, j) => flag(s, j))));
    const flags: Record<string, Expr> = {};
    for (let j = 0; j < BYTES_PER_ROW; j++) {
      flags[`f${j} boolean`] = flag(s, j).mul(one.sub(flag(s, j)));
      if (j > 0) flags[`f${j} ⇒ f${j - 1}`] = flag(s, j).mul(one.sub(flag(s, j - 1)));
      flags[`byte ${j} past the calldata is 0`] = one.sub(flag(s, j)).mul(s.auxByte(rowByte(j)));
    }
    const more = s.next.state('CallDataRead');
    c.gate({
      ...flags, ...wordRowsChain(s, 'CallDataRead'),
      "more: r' = r − Σ f": more.mul(remaining(s.next).sub(rest)),
      'a row not full leaves nothing': one.sub(flag(s, BYTES_PER_ROW - 1)).mul(rest),
      'last: nothing left': one.sub(more).mul(rest),
    });
  },
  witness: () => ({}),
};

/** The opcode row's aux cells and its 8 continuation rows' for a load at `offset` (< 2^32) of calldata `data`. */
export function callDataLoadWitness(offset: number, data: Uint8Array): { opener: AuxWitness; rows: AuxWitness[]; word: bigint } {
  const len = data.length;
  const past = offset >= len;
  const full = !past && len - offset >= 32;
  const n = past ? 0 : Math.min(32, len - offset);
  const word = Array.from({ length: 32 }, (_, k) => (k < n ? BigInt(data[offset + k]!) : 0n)).reduce((acc, b) => (acc << 8n) | b, 0n);
  const b1 = BigInt(past ? offset - len : len - offset - 1);
  const b2 = BigInt(past ? 0 : full ? len - offset - 32 : 31 - (len - offset));
  const opener: AuxWitness = { aux: BigInt(offset) | (b1 << 32n) | (b2 << 64n), c0: past ? 1n : 0n, c1: BigInt(len), scratch: new Map([[FULL, full ? 1n : 0n]]) };
  const rows = Array.from({ length: WORD_ROWS }, (_, i): AuxWitness => {
    const { bytes: _bytes, ...cells } = wordRow(word, offset, i);
    const left = Math.max(0, n - BYTES_PER_ROW * i);
    const flags = Array.from({ length: BYTES_PER_ROW }, (_, j) => (j < left ? 1n : 0n));
    return { ...cells, scratch: new Map(flags.map((f, j) => [j, j === 0 ? f | (BigInt(left) << 128n) : f])) };
  });
  return { opener, rows, word };
}
