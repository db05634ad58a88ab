/**
 * Calls of the MODEXP precompile (0x05, EIP-198; EIP-2565 gas) with base, exponent and modulus of at most 32 bytes:
 * CallCredit hands the callee's frame to these rows; the arithmetic is a row of the MODEXP table (circuits/modexp),
 * looked up. Longer operands are refused by the witness builder (coverage.ts marks such a batch unprovable).
 *
 * The input is the call's data (CallDataLength L bytes of the caller's memory at CallDataOffset) right-padded with
 * zeros: a 96-byte header of three words bl, el, ml, then base (bl bytes), exponent (el) and modulus (ml), big-endian.
 * The rows read it through windows of input rows as ecrecover's (ecrecover.ts inputRowRules: a prefix of c1 bytes,
 * 4 per row, halves in inv), each row carrying the call's context in its aux bytes:
 *
 *   bytes 0 … 3 the caller's id, 4 t, 5 z, 6 g (the input rows' chain), 7 the window (0 the header, 1 … 3 the operands),
 *   8 pos (the window's first input position), 9 … 11 the lengths (a queue: the current window's first), 12 … 15 L,
 *   16 … 22 the clamp of the next window's bytes (below).
 *
 * PrecompileModexp (after CallCredit): reads L (hi 0), CallDataOffset, CallerId; the context (window 0, pos 0); the
 *   header window: c0' = the offset, c1' = clamp(L, 96).
 * ModexpInput (the windows' rows): inputRowRules; c0' = c0 + 4 on every row, so the row after a window has c0 = its
 *   start + 32; the context kept; a window's last row has t = 3 and nothing left.
 * ModexpLengths (after the 24-row header: window 0, g = 5): the halves at inv(−21) … inv(−1) are the three words; their
 *   hi halves 0, their lo halves the lengths, each ≤ 32 (byte and 32 − byte): the base window (1, pos 96, c1' =
 *   clamp(L − 96, 32)) starts at c0.
 * ModexpOperand (after an 8-row operand window: g = 1, window 1 … 3): the window's 32 bytes W = (inv(−5), inv(−1)) in
 *   slot 1's cells, the operand V = W >> 8·(32 − n) in slot 0's (SHR in the arithmetic table), n the length at the queue's
 *   head: bytes past the operand (the next one's, read from the same input) fall off the shift. Windows 1 and 2 start the
 *   next (window + 1, pos + n, the queue turned, c0' = c0 − 32 + n, c1' = clamp(L − pos − n, 32)); window 3 (last) looks
 *   up (bl, el, ml, base = slot 0 (−18), exp = slot 0 (−9), mod = V, result R (slot 2), gas G (c1)) in the MODEXP table.
 * ModexpResult: R' = R << 8·(32 − ml) (SHL in the arithmetic table; slot 1 = R, c0 = ml, slot 0 = R'), the output's
 *   bytes first; gas ≥ G (8 aux bytes: gas − G, gas' = gas − G) with ModexpOutput rows writing the ml bytes of R' to the
 *   callee's memory 0 … ml − 1 (none when ml = 0: CallReturn next), or, short of G, ModexpOutOfGas.
 * ModexpOutput: writes a prefix of c1 bytes (at least one, 4 per row) at c0, the aux word shifted 4 bytes per row; the
 *   last row's c0 + its writes is the output length CallReturn reads (modexpOutput).
 * ModexpOutOfGas (a failing state, error.ts FAILURES; only after ModexpResult, which proved G − gas − 1 ≥ 0): all gas
 *   consumed, the value transfer undone.
 *
 * A tx to MODEXP (its root call, after BeginTxPrecompile's value transfer: tx.ts): its output reaches no state, its gas
 * and success do. The same rows over the tx's calldata: PrecompileRootModexp, as PrecompileModexp but its own
 * CallDataLength and CallDataOffset (0) read, the tx's callee 0x05 looked up, the caller's id 0, BeginTxPrecompile's gas;
 * ModexpRootInput rows for ModexpInput's, their bytes looked up as the tx's calldata (ecrecover.ts calldataInput: flags
 * in aux bytes 16 … 19, bytes in 20 … 23). ModexpLengths and ModexpOperand keep the windows' kind: the next is a
 * ModexpRootInput row iff the row before them was. ModexpResult then goes to EndTx (its isRoot rule keeps a nested call
 * from it; CallReturn refuses a root call), ModexpOutOfGas too.
 *
 * clamp(x, W) = min(max(x, 0), W) with flags low (x ≤ 0) and high (x ≥ W) in bytes 16, 17 and D in bytes 18 … 21:
 * low: D = −x; high: D = x − W; else D = x − 1 and byte 22 = W − 1 − x. L < 2^32 and pos < 256 keep x − W and −x far
 * from wrapping.
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { CallContextField } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import { FR_MODULUS } from '../../field/constants.js';
import { OPCODE } from '../arith-table.js';
import type { AuxWitness, ExecutionGadget, StepExprs, WordExpr } from '../step.js';
import { auxBytes, callContext, is, small, upperBytesZero } from './common.js';
import { calldataInput, calldataInputBytes, INPUT_G_BYTE, INPUT_READS, INPUT_T_BYTE, inputRowRules, inputStart, type InputSource } from './ecrecover.js';
import { memoryByte } from './memory.js';
import { gasCarried, internal, PRECOMPILE_ROOT_MODEXP } from './tx.js';
import { auxShifted, BYTES_PER_ROW, prefixRows } from './word-rows.js';

/** The precompile's address; the longest operand the rows prove (the MODEXP table's words). */
export const MODEXP = 5n;
export const MODEXP_MAX_LENGTH = 32;
export const MODEXP_ROW = 'PrecompileModexp';
export const MODEXP_OUT_OF_GAS = 'ModexpOutOfGas';
const INPUT = 'ModexpInput';
const ROOT_INPUT = 'ModexpRootInput';
const LENGTHS = 'ModexpLengths';
const OPERAND = 'ModexpOperand';
const RESULT = 'ModexpResult';
const OUTPUT = 'ModexpOutput';
/** The header's 3 words; an operand's window. */
export const HEADER_BYTES = 96;
export const WINDOW_BYTES = 32;
/** Context bytes (see above). */
const CTX = { caller: 0, window: 7, pos: 8, lengths: 9, L: 12, low: 16, high: 17, D: 18, d2: 22 } as const;
const CLAMP_END = CTX.d2 + 1;
/** ModexpLengths' 32 − length bytes. */
const ROOM = CLAMP_END;
/** ModexpResult's gas comparison bytes. */
const GAS_BYTES = 8;
const ONE = constant(1);
/** 1/2 in the field (the last window's indicator (w − 1)(w − 2)/2). */
const HALF = (FR_MODULUS + 1n) / 2n;

const L = (s: StepExprs): Expr => auxBytes(s, CTX.L, 4);
const length = (s: StepExprs, i: number): Expr => s.auxByte(CTX.lengths + i);
const word = (hi: Expr, lo: Expr): WordExpr => ({ lo, hi });

/** The context bytes of the next row equal this row's (`except` the ones a rule sets). */
function contextKept(s: StepExprs, gate: Expr, except: readonly number[] = []): Record<string, Expr> {
  const kept = [0, 1, 2, 3, CTX.window, CTX.pos, 9, 10, 11, 12, 13, 14, 15].filter((j) => !except.includes(j));
  return Object.fromEntries(kept.map((j) => [`context byte ${j} kept`, gate.mul(s.next.auxByte(j).sub(s.auxByte(j)))]));
}

/** The next window: its bytes clamp(L − pos, size) (flags and differences in this row's bytes 16 … 22), starting at `start`. */
function nextWindow(s: StepExprs, pos: Expr, size: number, start: Expr): Record<string, Expr> {
  const x = L(s).sub(pos);
  const [low, high] = [s.auxByte(CTX.low), s.auxByte(CTX.high)];
  const mid = ONE.sub(low).sub(high);
  return {
    'clamp: low boolean': low.mul(ONE.sub(low)), 'clamp: high boolean': high.mul(ONE.sub(high)), 'clamp: not both': low.mul(high),
    'clamp: D = low ? −x : high ? x − W : x − 1': auxBytes(s, CTX.D, 4).sub(low.mul(constant(0).sub(x))).sub(high.mul(x.sub(size))).sub(mid.mul(x.sub(1))),
    'clamp: byte 22 = (neither) · (W − 1 − x)': s.auxByte(CTX.d2).sub(mid.mul(constant(size - 1).sub(x))),
    "window: c1' = high ? W : neither ? x : 0": s.next.c1.sub(high.mul(size)).sub(mid.mul(x)),
    "window: c0' = its start": s.next.c0.sub(start), ...inputStart(s),
  };
}

/** A head row's rules (`caller`: the caller's id, 0 for a tx's input): L = slot 0 (hi 0), the context, the header window from slot 1's offset. */
const headRules = (s: StepExprs, caller: Expr): Record<string, Expr> => ({
  'L hi = 0': s.slot(0).hi, 'context: L': L(s).sub(s.slot(0).lo), "context: the caller's id": auxBytes(s, CTX.caller, 4).sub(caller),
  ...Object.fromEntries([INPUT_T_BYTE, INPUT_T_BYTE + 1, INPUT_G_BYTE, CTX.window, CTX.pos, 9, 10, 11].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])),
  ...contextKept(s, ONE), ...nextWindow(s, constant(0), HEADER_BYTES, s.slot(1).lo), "gas' = gas": s.next.gas.sub(s.gas), ...upperBytesZero(s, CLAMP_END),
});

export const PRECOMPILE_MODEXP: ExecutionGadget = internal(MODEXP_ROW, [INPUT],
  [callContext(CallContextField.CallDataLength, false), callContext(CallContextField.CallDataOffset, false), callContext(CallContextField.CallerId, false)], () => [],
  (c) => c.gate(headRules(c.step, c.step.slot(2).lo)));

/** A tx to MODEXP: its own CallDataLength and CallDataOffset (0), the tx's callee 0x05, BeginTxPrecompile's gas; its windows are the tx's calldata. */
export const PRECOMPILE_ROOT_MODEXP_ROW: ExecutionGadget = internal(PRECOMPILE_ROOT_MODEXP, [ROOT_INPUT],
  [callContext(CallContextField.CallDataLength, false), callContext(CallContextField.CallDataOffset, false)], () => [{ tag: TxFieldTag.CalleeAddress, value: small(constant(MODEXP)) }],
  (c) => c.gate({ ...headRules(c.step, constant(0)), ...gasCarried(c.step) }));

/** An input row's rules (`name`: its state, `source`: its bytes' source) beyond inputRowRules': the window's last row, the context kept. */
function inputRows(s: StepExprs, name: string, source?: InputSource): Record<string, Expr> {
  const more = s.next.state(name);
  const { rules, t } = inputRowRules(s, more, source);
  return {
    ...rules, [`last: c0' = c0 + ${BYTES_PER_ROW}`]: ONE.sub(more).mul(s.next.c0.sub(s.c0).sub(BYTES_PER_ROW)),
    'last: t = 3': ONE.sub(more).mul(t.sub(3)),
    "last: the caller's id kept": ONE.sub(more).mul(auxBytes(s.next, 0, 4).sub(auxBytes(s, 0, 4))), ...contextKept(s, ONE, [0, 1, 2, 3]), "gas' = gas": s.next.gas.sub(s.gas),
  };
}

export const MODEXP_INPUT: ExecutionGadget = internal(INPUT, [INPUT, LENGTHS, OPERAND], INPUT_READS, () => [],
  (c) => c.gate({ ...inputRows(c.step, INPUT), ...upperBytesZero(c.step, CTX.low) }));

/** A tx's input row: its bytes the tx's calldata (ecrecover.ts calldataInput, flags and bytes in aux bytes 16 … 23). */
export const MODEXP_ROOT_INPUT: ExecutionGadget = internal(ROOT_INPUT, [ROOT_INPUT, LENGTHS, OPERAND], [], (s) => calldataInput(s, CTX.low).lookups,
  (c) => {
    const s = c.step;
    const { source, rules } = calldataInput(s, CTX.low);
    c.gate({ ...inputRows(s, ROOT_INPUT, source), ...rules, ...upperBytesZero(s, CTX.low + 2 * BYTES_PER_ROW) });
  });

/** A window after row `s` (`more`: one follows) reads what the windows before did: the tx's calldata iff the row before s did. */
const sameInput = (s: StepExprs, more: Expr): Record<string, Expr> => ({ "the windows' input kept: the tx's iff the last window's": s.next.state(ROOT_INPUT).sub(more.mul(s.at(-1).state(ROOT_INPUT))) });

/** The half i (0 … 2k − 1, hi first) of the window of k words that ended on the row before `s`. */
const half = (s: StepExprs, words: number, i: number): Expr => s.at(-(8 * words) + 4 * i + 3).inv;

export const MODEXP_LENGTHS: ExecutionGadget = internal(LENGTHS, [INPUT, ROOT_INPUT], [], () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    const words = HEADER_BYTES / 32;
    const rules: Record<string, Expr> = {};
    for (let i = 0; i < words; i++) {
      rules[`length ${i}: hi half 0`] = half(s, words, 2 * i);
      rules[`length ${i}: the base window's queue`] = n.auxByte(CTX.lengths + i).sub(half(s, words, 2 * i + 1));
      rules[`length ${i} ≤ 32: aux byte ${ROOM + i} = 32 − it`] = s.auxByte(ROOM + i).add(half(s, words, 2 * i + 1)).sub(MODEXP_MAX_LENGTH);
    }
    c.gate({
      'after the header window': s.auxByte(CTX.window), 'the header window has 24 rows: g(−1) = 5': s.at(-1).auxByte(INPUT_G_BYTE).sub(words * 2 - 1),
      ...rules, ...sameInput(s, ONE), "window' = 1": n.auxByte(CTX.window).sub(1), [`pos' = ${HEADER_BYTES}`]: n.auxByte(CTX.pos).sub(HEADER_BYTES),
      ...contextKept(s, ONE, [CTX.window, CTX.pos, 9, 10, 11]), ...nextWindow(s, constant(HEADER_BYTES), WINDOW_BYTES, s.c0),
      "gas' = gas": s.next.gas.sub(s.gas), ...Object.fromEntries([4, 5, 6].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, ROOM + words),
    });
  });

/** On an operand row: 1 where it closes the modulus's window (the third), 0 for the base's and the exponent's. */
const lastOperand = (s: StepExprs): Expr => {
  const w = s.auxByte(CTX.window);
  return w.sub(1).mul(w.sub(2)).mul(HALF);
};
const operand = (s: StepExprs): WordExpr => s.slot(0);

export const MODEXP_OPERAND: ExecutionGadget = {
  ...internal(OPERAND, [INPUT, ROOT_INPUT, RESULT], [], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const w = s.auxByte(CTX.window);
      const last = lastOperand(s);
      const more = ONE.sub(last);
      const size = length(s, 0);
      c.gate({
        'an operand window': w.sub(1).mul(w.sub(2)).mul(w.sub(3)), 'the window has 8 rows: g(−1) = 1': s.at(-1).auxByte(INPUT_G_BYTE).sub(1),
        ...is(s.slot(1), word(half(s, 1, 0), half(s, 1, 1)), 'slot 1 = the window'),
        'the next window iff not the last': n.state(INPUT).add(n.state(ROOT_INPUT)).sub(more), ...sameInput(s, more),
        "more: window' = window + 1": more.mul(n.auxByte(CTX.window).sub(w).sub(1)), "more: pos' = pos + n": more.mul(n.auxByte(CTX.pos).sub(s.auxByte(CTX.pos)).sub(size)),
        ...Object.fromEntries([0, 1, 2].map((i) => [`more: the queue turned ${i}`, more.mul(n.auxByte(CTX.lengths + i).sub(length(s, (i + 1) % 3)))])),
        ...contextKept(s, more, [CTX.window, CTX.pos, 9, 10, 11]),
        ...Object.fromEntries(Object.entries(nextWindow(s, s.auxByte(CTX.pos).add(size), WINDOW_BYTES, s.c0.sub(WINDOW_BYTES).add(size))).map(([k, e]) => [`more: ${k}`, more.mul(e)])),
        ...Object.fromEntries([CTX.low, CTX.high, CTX.D, CTX.D + 1, CTX.D + 2, CTX.D + 3, CTX.d2].map((j) => [`last: aux byte ${j} = 0`, last.mul(s.auxByte(j))])),
        'more: c1 = 0 (the gas is the last\'s)': more.mul(s.c1), 'more: slot 2 lo = 0': more.mul(s.slot(2).lo), 'more: slot 2 hi = 0': more.mul(s.slot(2).hi),
        "gas' = gas": n.gas.sub(s.gas), ...Object.fromEntries([4, 5, 6].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, CLAMP_END),
      });
    }),
  // V = W >> 8·(32 − n): the operand's n bytes, the window's first
  arithLookup: {
    opcode: OPCODE.SHR,
    row: (s) => ({ a: small(constant(WINDOW_BYTES).sub(length(s, 0)).mul(8)), b: s.slot(1), r: operand(s) }),
    operands: (_, aux) => ({ a: 8n * BigInt(WINDOW_BYTES - Number((aux!.aux! >> BigInt(8 * CTX.lengths)) & 0xffn)), b: cellsWord(aux!, 1) }),
  },
  modexpLookup: (s) => ({
    enabled: lastOperand(s),
    row: {
      baseLength: length(s, 1), expLength: length(s, 2), modLength: length(s, 0),
      base: operand(s.at(-2 * (WINDOW_BYTES / BYTES_PER_ROW + 1))), exp: operand(s.at(-(WINDOW_BYTES / BYTES_PER_ROW + 1))), mod: operand(s), result: s.slot(2), gas: s.c1,
    },
  }),
};

/** The word held in slot j's cells (a row's scratch). */
const cellsWord = (aux: AuxWitness, j: number): bigint => {
  const c = aux.cells!.get(j)!;
  return (c.hi << 128n) | c.lo;
};

export const MODEXP_RESULT: ExecutionGadget = {
  // (a tx's call: EndTx, whose isRoot rule keeps a nested call from it; CallReturn refuses a root call)
  ...internal(RESULT, [OUTPUT, 'CallReturn', MODEXP_OUT_OF_GAS, 'EndTx'], [], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const op = s.at(-1);
      const G = op.c1;
      const short = n.state(MODEXP_OUT_OF_GAS);
      const out = n.state(OUTPUT);
      const ml = s.c0;
      c.gate({
        'c0 = ml': ml.sub(length(op, 0)), ...is(s.slot(1), op.slot(2), 'slot 1 = the result'),
        'short boolean': short.mul(ONE.sub(short)),
        'aux bytes 0 … 7 = short ? G − gas − 1 : gas − G': auxBytes(s, 0, GAS_BYTES).sub(short.mul(G.sub(s.gas).sub(1))).sub(ONE.sub(short).mul(s.gas.sub(G))),
        "not short: gas' = gas − G": ONE.sub(short).mul(n.gas.sub(s.gas).add(G)),
        'CallReturn next: ml = 0': n.state('CallReturn').mul(ml), 'output next: ml ≠ 0 (ml·inv = 1)': out.mul(ml.mul(s.inv).sub(1)),
        "output: c0' = 0": out.mul(n.c0), "output: c1' = ml": out.mul(n.c1.sub(ml)), "output: aux' lo = R' lo": out.mul(n.aux.lo.sub(s.slot(0).lo)), "output: aux' hi = R' hi": out.mul(n.aux.hi.sub(s.slot(0).hi)),
        ...upperBytesZero(s, GAS_BYTES),
      });
    }),
  // R' = R << 8·(32 − ml): the output's ml bytes first
  arithLookup: {
    opcode: OPCODE.SHL,
    row: (s) => ({ a: small(constant(WINDOW_BYTES).sub(s.c0).mul(8)), b: s.slot(1), r: s.slot(0) }),
    operands: (_, aux) => ({ a: 8n * (BigInt(WINDOW_BYTES) - aux!.c0!), b: cellsWord(aux!, 1) }),
  },
};

export const MODEXP_OUTPUT: ExecutionGadget = internal(OUTPUT, [OUTPUT, 'CallReturn'], Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ ...memoryByte(true, j), optional: true as const })), () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    const more = n.state(OUTPUT);
    const { rules, ons } = prefixRows(s, more);
    const bytes = Object.fromEntries(Array.from({ length: BYTES_PER_ROW }, (_, j) => [
      [`written byte ${j} lo = aux byte ${31 - j}`, ons[j]!.mul(s.slot(j).lo.sub(s.auxByte(31 - j)))], [`written byte ${j} hi = 0`, ons[j]!.mul(s.slot(j).hi)],
    ]).flat());
    c.gate({ ...bytes, 'a row writes': ons[0]!.sub(1), ...rules, ...auxShifted(s, more), "gas' = gas": n.gas.sub(s.gas) });
  });

export const MODEXP_OOG: ExecutionGadget = internal(MODEXP_OUT_OF_GAS, ['CallReturn', 'EndTx'], [], () => [],
  (c) => {
    const s = c.step;
    c.gate({ "all gas consumed: gas' = 0": s.next.gas, 'gas = ModexpResult\'s': s.gas.sub(s.at(-1).gas), 'c0 = 0': s.c0, 'c1 = 0': s.c1, ...upperBytesZero(s, 0) });
  });

/** The output length where `end` (CallReturn's row before) is a MODEXP output row: its c0 and its writes (0 after ModexpResult). */
export const modexpOutput = (end: StepExprs): Expr => end.state(OUTPUT).mul(end.c0.add(sum(Array.from({ length: BYTES_PER_ROW }, (_, j) => end.slotOn(j)))));

/** The MODEXP call's rows after CallCredit, and its failing row (listed in error.ts FAILURES). */
export const MODEXP_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_MODEXP, MODEXP_INPUT, MODEXP_LENGTHS, MODEXP_OPERAND, MODEXP_RESULT, MODEXP_OUTPUT, MODEXP_OOG];
/** A tx to MODEXP's own rows (the rest are the calls'). */
export const MODEXP_ROOT_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_ROOT_MODEXP_ROW, MODEXP_ROOT_INPUT];

export { INPUT as MODEXP_INPUT_ROW, ROOT_INPUT as MODEXP_ROOT_INPUT_ROW, LENGTHS as MODEXP_LENGTHS_ROW, OPERAND as MODEXP_OPERAND_ROW, RESULT as MODEXP_RESULT_ROW, OUTPUT as MODEXP_OUTPUT_ROW, CTX as MODEXP_CONTEXT };

const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);
/** The big-endian number of `bytes`. */
export const bigEndian = (bytes: Uint8Array): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

/** `n` bytes of `input` from `at`, zeros past its end (the precompile's right padding). */
export const paddedInput = (input: Uint8Array, at: number, n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => input[at + i] ?? 0);

/** The header's three lengths (bl, el, ml) of a MODEXP input: whether these rows prove the call is whether each is ≤ 32. */
export const modexpLengths = (input: Uint8Array): readonly [bigint, bigint, bigint] =>
  [0, 1, 2].map((i) => bigEndian(paddedInput(input, 32 * i, 32))) as unknown as readonly [bigint, bigint, bigint];

/** A row's context bytes: the caller's id, the window, its first input position, the lengths' queue and L. */
export const modexpContext = (caller: number, window: number, pos: number, queue: readonly number[], length: number): bigint =>
  field(caller, CTX.caller) | field(window, CTX.window) | field(pos, CTX.pos) | queue.reduce((acc, n, i) => acc | field(n, CTX.lengths + i), 0n) | field(length, CTX.L);

/** A tx's input row's flags and bytes (ModexpRootInput): `bytes` on, the rest off and 0. */
export const modexpRootInputBytes = (bytes: readonly number[]): bigint => calldataInputBytes(bytes, CTX.low);

/** The clamp bytes of a window of `size` bytes whose input starts `x` = L − pos before the input's end, and its byte count c1. */
export function clampWitness(x: number, size: number): { aux: bigint; c1: number } {
  if (x <= 0) return { aux: field(1, CTX.low) | field(-x, CTX.D), c1: 0 };
  if (x >= size) return { aux: field(1, CTX.high) | field(x - size, CTX.D), c1: size };
  return { aux: field(x - 1, CTX.D) | field(size - 1 - x, CTX.d2), c1: x };
}

/** ModexpLengths' aux bytes 23 … 25: 32 − each length. */
export const roomWitness = (lengths: readonly number[]): bigint => lengths.reduce((acc, n, i) => acc | field(MODEXP_MAX_LENGTH - n, ROOM + i), 0n);

/** ModexpResult's aux bytes 0 … 7: gas − G, or G − gas − 1 short of it. */
export const gasWitness = (gas: bigint, cost: bigint): bigint => (gas >= cost ? gas - cost : cost - gas - 1n);
