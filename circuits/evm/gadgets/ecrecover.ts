/**
 * Calls of the ecrecover precompile (0x01): CallCredit hands the callee's frame to these rows (CallPrewarm and
 * CallCredit prove the address); the recovery itself is a row of the signature table (circuits/sig), looked up.
 *
 * The precompile (Yellow Paper appendix E, @ethereumjs's 01-ecrecover): its input is the call's data right-padded
 * with zeros to 128 bytes, as four words hash ‖ v ‖ r ‖ s; it costs 3000 gas; where v ∈ {27, 28} and (hash, v − 27,
 * r, s) recovers a key, the output is the 32-byte word of its address, else the output is empty (the call still
 * succeeds). Short of 3000 gas the call fails (EcrecoverOutOfGas, a failing state: error.ts FAILURES).
 *
 * PrecompileEcrecover (after CallCredit): reads CallDataLength L (hi 0), CallDataOffset and CallerId; gas − 3000 ≥ 0
 * (aux bytes 16 … 23), the next row's gas = gas − 3000; m = min(L, 128) by a flag (byte 8) and the difference L − 128
 * or 127 − L (bytes 4 … 7, so L < 2^32 + 128). Hands the first input row c0 = the offset, c1 = m, the caller's id (aux
 * bytes 0 … 3), t = 0, z = 1, g = 0.
 * EcrecoverInput, 32 rows: row k reads the caller's memory at c0 + j (j < 4) where 4k + j < m (slots on, c1 the bytes
 * left: a row not full leaves none), its bytes b_j (0 where off) appended to the running half in inv:
 * inv = Σ b_j·256^(3 − j) + (1 − z)·2^32·inv_prev. Aux bytes 4, 5, 6 hold t = k mod 4, z = [t = 0], g = ⌊k/4⌋ by the
 * chain t' = t + 1 − 4z', z'·t' = 0, g' = g + z' (z boolean): a half's rows start at t = 0 and end at t = 3. The last
 * row has g = 7, t = 3 and nothing left: exactly 32 rows, the halves of hash, v, r, s (big-endian: hi first) in the inv
 * cells of rows 3, 7, …, 31 — EcrecoverSig's rotations −29, −25, …, −1.
 * EcrecoverSig: c0 = vOk (boolean), c1 = (v.lo − 27)(v.lo − 28); vOk ⇒ v.hi = 0, c1 = 0; ¬vOk ⇒ v.hi·inv + c1·slot 0 hi
 * = 1 (one of them is non-zero). Where vOk it looks up (hash, v.lo − 27, r, s, address, isValid) in the signature table;
 * else isValid = 0 and address = 0. isValid (slot 0 lo, boolean) picks the next row: EcrecoverOutput (c0 = 0, c1 = 8,
 * aux = the output word 0^12 ‖ address, the address the aux word with bytes 20 … 31 zero) or CallReturn (no output).
 * EcrecoverOutput, 8 rows: the word written to the callee's memory 0 … 31 (word-rows.ts), read back as return data by
 * CallReturn's caller (its output length 32; 0 after EcrecoverSig).
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { CallContextField, RwTag } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs, TxLookup } from '../step.js';
import { auxBytes, callContext, small, upperBytesZero } from './common.js';
import { memoryByte, slotIsByte } from './memory.js';
import { internal } from './tx.js';
import { BYTES_PER_ROW, prefixRows, rowByte, WORD_ROWS, wordRowsChain } from './word-rows.js';

/** The precompile's address and its gas. */
export const ECRECOVER = 1n;
export const ECRECOVER_GAS = 3000n;
export const ECRECOVER_ROW = 'PrecompileEcrecover';
export const ECRECOVER_OUT_OF_GAS = 'EcrecoverOutOfGas';
const INPUT = 'EcrecoverInput';
const SIG = 'EcrecoverSig';
const OUTPUT = 'EcrecoverOutput';
/** The input the precompile reads: 4 words. */
const INPUT_BYTES = 128;
const INPUT_ROWS = INPUT_BYTES / BYTES_PER_ROW;
const ROWS_PER_HALF = 16 / BYTES_PER_ROW;
/** Aux bytes: the head's |L − 128| part and big flag, its gas left; the input rows' caller id, t, z, g. */
const DIFF_BYTES = 4;
const BIG_BYTE = 8;
const LEFT_BYTES = 16;
const T_BYTE = 4;
const Z_BYTE = 5;
const G_BYTE = 6;
const ONE = constant(1);
const TWO_128 = 1n << 128n;

/** The output length where `end` (CallReturn's row before) is an ecrecover row: 32 after its output rows, else 0. */
export const ecrecoverOutput = (end: StepExprs): Expr => end.state(OUTPUT).mul(32);

/** The slots of a head row whose precompile reads its input from the caller's memory: CallDataLength, CallDataOffset, CallerId. */
export const INPUT_HEAD_READS: readonly KeyedSlot[] = [CallContextField.CallDataLength, CallContextField.CallDataOffset, CallContextField.CallerId].map((f) => callContext(f, false));

/**
 * The rules of a head row (ecrecover's, the EC precompiles': ec-precompile.ts) whose precompile reads its input padded to
 * B bytes and charges G (`names`: how the rules spell them): L hi = 0 (L: slot 0, the offset: slot 1); m = min(L, B) by
 * the big flag (aux byte 8) and L − B or B − 1 − L (bytes 4 … 7); gas − G ≥ 0 (bytes 16 … 23) and gas' = gas − G; the
 * first input row's c0 (the offset), c1 = m, the caller's id (`id`: slot 2; a root call's input is the tx's: 0) and the
 * half chain's start. Aux bytes 0 … 3 and 10 … 15, 24 … 31 are 0.
 */
export function paddedInputHead(s: StepExprs, B: Expr, G: Expr, names: { readonly B: string; readonly G: string }, id: Expr = s.slot(2).lo): Record<string, Expr> {
  const n = s.next;
  const L = s.slot(0).lo;
  const big = s.auxByte(BIG_BYTE);
  return {
    'L hi = 0': s.slot(0).hi, 'big boolean': big.mul(ONE.sub(big)),
    [`aux bytes 4 … 7 = big ? L − ${names.B} : ${names.B === 'B' ? 'B − 1' : Number(names.B) - 1} − L`]: auxBytes(s, DIFF_BYTES, 4).sub(big.mul(L.sub(B))).sub(ONE.sub(big).mul(B.sub(1).sub(L))),
    [`aux bytes 16 … 23 = gas − ${names.G} (enough gas)`]: auxBytes(s, LEFT_BYTES, 8).sub(s.gas.sub(G)), [`gas' = gas − ${names.G}`]: n.gas.sub(s.gas).add(G),
    "input: c0' = the offset": n.c0.sub(s.slot(1).lo), [`input: c1' = min(L, ${names.B})`]: n.c1.sub(big.mul(B)).sub(ONE.sub(big).mul(L)),
    "input: the caller's id": auxBytes(n, 0, 4).sub(id), ...inputStart(s),
    ...Object.fromEntries([0, 1, 2, 3, 10, 11, 12, 13, 14, 15].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, LEFT_BYTES + 8),
  };
}

/** paddedInputHead's aux bits for an input of `length` bytes padded to `bytes`, costing `gas` with `left` gas: the difference, the big flag, gas − cost. */
export function paddedInputWitness(length: bigint, bytes: bigint, gas: bigint, left: bigint): bigint {
  const big = length >= bytes;
  return field(big ? length - bytes : bytes - 1n - length, DIFF_BYTES) | field(big ? 1 : 0, BIG_BYTE) | field(left - gas, LEFT_BYTES);
}

export const PRECOMPILE_ECRECOVER: ExecutionGadget = internal(ECRECOVER_ROW, [INPUT], INPUT_HEAD_READS, () => [],
  (c) => {
    const s = c.step;
    c.gate({ ...paddedInputHead(s, constant(INPUT_BYTES), constant(ECRECOVER_GAS), { B: `${INPUT_BYTES}`, G: `${ECRECOVER_GAS}` }), 'aux byte 9 = 0': s.auxByte(9) });
  });

/** Input byte j of a row: the caller's memory (its id in aux bytes 0 … 3) at c0 + j, read where on. */
const inputByte = (j: number): KeyedSlot => ({ write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: auxBytes(s, 0, 4), address: s.c0.add(j) }) });
/** An input row's four reads (EcrecoverInput's, and the MODEXP precompile's windows: modexp.ts). */
export const INPUT_READS: readonly KeyedSlot[] = Array.from({ length: BYTES_PER_ROW }, (_, j) => inputByte(j));

/** Where an input row's bytes come from: flags on for a prefix of them, and the bytes (slot j's reads by default). */
export interface InputSource { readonly ons?: Expr[]; readonly bytes: Expr[] }

/**
 * A root call's input row (a tx to a precompile: its input is the tx's calldata, in the tx table): byte j in aux byte
 * `at + 4 + j`, on where aux byte `at + j` is — boolean, on only after an on byte, an off byte 0 — and then looked up as
 * the tx's calldata byte c0 + j. Returns the source for inputRowRules, those rules and the lookups.
 */
export function calldataInput(s: StepExprs, at: number): { source: Required<InputSource>; rules: Record<string, Expr>; lookups: TxLookup[] } {
  const ons = Array.from({ length: BYTES_PER_ROW }, (_, j) => s.auxByte(at + j));
  const bytes = Array.from({ length: BYTES_PER_ROW }, (_, j) => s.auxByte(at + BYTES_PER_ROW + j));
  return {
    source: { ons, bytes },
    rules: Object.fromEntries(ons.flatMap((on, j) => [
      [`flag ${j} boolean`, on.mul(ONE.sub(on))], [`off: byte ${j} = 0`, ONE.sub(on).mul(bytes[j]!)], ...(j === 0 ? [] : [[`flag ${j} ⇒ flag ${j - 1}`, on.mul(ONE.sub(ons[j - 1]!))]]),
    ])),
    lookups: ons.map((on, j) => ({ tag: TxFieldTag.CallData, index: s.c0.add(j), value: small(bytes[j]!), enabled: on })),
  };
}

/** calldataInput's aux bits at `at` for a row whose input bytes are `bytes` (the rest off and 0). */
export const calldataInputBytes = (bytes: readonly number[], at: number): bigint =>
  bytes.reduce((acc, b, j) => acc | field(1, at + j) | field(b, at + BYTES_PER_ROW + j), 0n);

/**
 * The rules an input row shares with the MODEXP precompile's (`more`: the next row is one of the same reads): its reads
 * (or `source`'s bytes) a prefix of c1 bytes left (word-rows.ts prefixRows: a row not full leaves none, the last none),
 * appended to the running half in inv; the t, z, g chain over 4-row halves; the next row's c0, c1 and caller id.
 */
export function inputRowRules(s: StepExprs, more: Expr, source: InputSource = { bytes: Array.from({ length: BYTES_PER_ROW }, (_, j) => s.slot(j).lo) }): { rules: Record<string, Expr>; t: Expr; g: Expr } {
  const n = s.next;
  const [t, z, g] = [T_BYTE, Z_BYTE, G_BYTE].map((j) => s.auxByte(j)) as [Expr, Expr, Expr];
  const [nt, nz, ng] = [T_BYTE, Z_BYTE, G_BYTE].map((j) => n.auxByte(j)) as [Expr, Expr, Expr];
  const { rules: prefix, ons } = prefixRows(s, more, source.ons);
  const bytes = sum(ons.map((on, j) => on.mul(source.bytes[j]!).mul(1n << BigInt(8 * (BYTES_PER_ROW - 1 - j)))));
  return {
    t, g,
    rules: {
      ...prefix, 'z boolean': z.mul(ONE.sub(z)),
      'inv = the half so far: its bytes after the previous rows\' (none where z)': s.inv.sub(bytes).sub(ONE.sub(z).mul(s.at(-1).inv).mul(1n << 32n)),
      "more: t' = t + 1 − 4z'": more.mul(nt.sub(t).sub(1).add(nz.mul(ROWS_PER_HALF))), "more: z'·t' = 0": more.mul(nz.mul(nt)), "more: g' = g + z'": more.mul(ng.sub(g).sub(nz)),
      "more: the caller's id kept": more.mul(auxBytes(n, 0, 4).sub(auxBytes(s, 0, 4))),
    },
  };
}

/** What a row hands the first input row: t' = 0, z' = 1, g' = 0. */
export const inputStart = (s: StepExprs): Record<string, Expr> => ({ "input: t' = 0": s.next.auxByte(T_BYTE), "input: z' = 1": s.next.auxByte(Z_BYTE).sub(1), "input: g' = 0": s.next.auxByte(G_BYTE) });

export const ECRECOVER_INPUT: ExecutionGadget = internal(INPUT, [INPUT, SIG], INPUT_READS, () => [],
  (c) => {
    const s = c.step;
    const more = s.next.state(INPUT);
    const { rules, t, g } = inputRowRules(s, more);
    c.gate({
      ...rules,
      [`last: g = ${INPUT_ROWS / ROWS_PER_HALF - 1}`]: ONE.sub(more).mul(g.sub(INPUT_ROWS / ROWS_PER_HALF - 1)), [`last: t = ${ROWS_PER_HALF - 1}`]: ONE.sub(more).mul(t.sub(ROWS_PER_HALF - 1)),
      "gas' = gas": s.next.gas.sub(s.gas), ...upperBytesZero(s, G_BYTE + 1),
    });
  });

/** Half i (0: hash hi … 7: s lo) of the input, from EcrecoverSig's row: the inv cell of input row 4i + 3. */
const half = (s: StepExprs, i: number): Expr => s.at(-INPUT_ROWS + ROWS_PER_HALF * i + ROWS_PER_HALF - 1).inv;
const vOk = (s: StepExprs): Expr => s.c0;
const isValid = (s: StepExprs): Expr => s.slot(0).lo;
const recovered = (s: StepExprs): Expr => s.aux.lo.add(s.aux.hi.mul(TWO_128));

export const ECRECOVER_SIG: ExecutionGadget = {
  ...internal(SIG, [OUTPUT, 'CallReturn'], [], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const [ok, valid] = [vOk(s), isValid(s)];
      const out = n.state(OUTPUT);
      const [vHi, vLo] = [half(s, 2), half(s, 3)];
      c.gate({
        'vOk boolean': ok.mul(ONE.sub(ok)), 'c1 = (v lo − 27)(v lo − 28)': s.c1.sub(vLo.sub(27).mul(vLo.sub(28))),
        'vOk: v hi = 0': ok.mul(vHi), 'vOk: v lo ∈ {27, 28}': ok.mul(s.c1), 'not vOk: v hi or c1 is not 0': ONE.sub(ok).mul(vHi.mul(s.inv).add(s.c1.mul(s.slot(0).hi)).sub(1)),
        'isValid boolean': valid.mul(ONE.sub(valid)), 'not vOk: not valid': ONE.sub(ok).mul(valid), 'not vOk: address 0': ONE.sub(ok).mul(recovered(s)),
        'output rows iff valid': out.sub(valid), "output: c0' = 0": out.mul(n.c0), [`output: c1' = ${WORD_ROWS}`]: out.mul(n.c1.sub(WORD_ROWS)),
        "output: aux' lo = the word": out.mul(n.aux.lo.sub(s.aux.lo)), "output: aux' hi = the word": out.mul(n.aux.hi.sub(s.aux.hi)),
        "gas' = gas": n.gas.sub(s.gas), ...upperBytesZero(s, 20),
      });
    }),
  sigLookup: (s) => ({
    enabled: vOk(s),
    row: {
      msgHashLo: half(s, 1), msgHashHi: half(s, 0), recId: half(s, 3).sub(27), rLo: half(s, 5), rHi: half(s, 4), sLo: half(s, 7), sHi: half(s, 6),
      address: recovered(s), isValid: isValid(s),
    },
  }),
};

/**
 * A precompile's 8 output rows `name` (ecrecover's, SHA-256's, the EC precompiles' two words): the aux word written to the
 * callee's memory from c0, 4 bytes a row (word-rows.ts), the gas kept; then `after` (CallReturn), whose hand-over the
 * caller's `rules` constrain (`more`: the next row is one of these).
 */
export const outputWordRows = (name: string, after = 'CallReturn', rules: (s: StepExprs, more: Expr) => Record<string, Expr> = () => ({})): ExecutionGadget =>
  internal(name, [name, after], Array.from({ length: BYTES_PER_ROW }, (_, j) => memoryByte(true, j)), () => [],
    (c) => {
      const s = c.step;
      const bytes = Object.assign({}, ...Array.from({ length: BYTES_PER_ROW }, (_, j) => slotIsByte(s, j, rowByte(j)))) as Record<string, Expr>;
      c.gate({ ...bytes, ...wordRowsChain(s, name), "gas' = gas": s.next.gas.sub(s.gas), ...rules(s, s.next.state(name)) });
    });

const ECRECOVER_OUTPUT: ExecutionGadget = outputWordRows(OUTPUT);

export const ECRECOVER_OOG: ExecutionGadget = internal(ECRECOVER_OUT_OF_GAS, ['CallReturn'], [], () => [],
  (c) => {
    const s = c.step;
    c.gate({
      'aux bytes 16 … 23 = 3000 − gas − 1 (short of gas)': auxBytes(s, LEFT_BYTES, 8).sub(constant(ECRECOVER_GAS - 1n).sub(s.gas)), "all gas consumed: gas' = 0": s.next.gas,
      ...Object.fromEntries(Array.from({ length: LEFT_BYTES }, (_, j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, LEFT_BYTES + 8),
    });
  });

/** The ecrecover call's rows after CallCredit, and its failing row (listed in error.ts FAILURES). */
export const ECRECOVER_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_ECRECOVER, ECRECOVER_INPUT, ECRECOVER_SIG, ECRECOVER_OUTPUT, ECRECOVER_OOG];

const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);

/** PrecompileEcrecover's aux word for an input of `length` bytes with `gas` left (EcrecoverOutOfGas's where the gas is short). */
export function ecrecoverWitness(length: bigint, gas: bigint): AuxWitness {
  if (gas < ECRECOVER_GAS) return { aux: field(ECRECOVER_GAS - 1n - gas, LEFT_BYTES) };
  return { aux: paddedInputWitness(length, BigInt(INPUT_BYTES), ECRECOVER_GAS, gas) };
}

/** Input row k's cells: reading from call `caller`'s memory at `offset` + 4k with `left` of the (at most 128) bytes left; `bytes` its 4 bytes (0 where not read). */
export function ecrecoverInputRow(caller: number, offset: bigint, k: number, left: number, half: bigint): AuxWitness & { reads: number } {
  const t = k % ROWS_PER_HALF;
  return {
    aux: BigInt(caller) | field(t, T_BYTE) | field(t === 0 ? 1 : 0, Z_BYTE) | field(Math.floor(k / ROWS_PER_HALF), G_BYTE),
    c0: offset + BigInt(BYTES_PER_ROW * k), c1: BigInt(Math.max(0, left)), inv: half, reads: Math.max(0, Math.min(BYTES_PER_ROW, left)),
  };
}

export { INPUT as ECRECOVER_INPUT_ROW, SIG as ECRECOVER_SIG_ROW, OUTPUT as ECRECOVER_OUTPUT_ROW, INPUT_BYTES as ECRECOVER_INPUT_BYTES, ROWS_PER_HALF as ECRECOVER_ROWS_PER_HALF, T_BYTE as INPUT_T_BYTE, G_BYTE as INPUT_G_BYTE };
