/**
 * Calls of the BN254 precompiles ecAdd (0x06) and ecMul (0x07), EIP-196 with EIP-1108's gas: CallCredit hands the
 * callee's frame to these rows (CallPrewarm and CallCredit prove the address); the curve arithmetic is a row of the EC
 * precompile tables (circuits/ecc precompile-table.ts: EcAddChip and EcMulChip prove it in the batch circuit), looked up.
 * Both precompiles share the rows; a = the address (6 or 7) picks the input size, the gas and the table.
 *
 * The precompiles (Yellow Paper appendix E, @ethereumjs's 06-ecadd and 07-ecmul): the call's data right-padded with
 * zeros to B bytes (ecAdd 128: x1 ‖ y1 ‖ x2 ‖ y2; ecMul 96: x ‖ y ‖ s), a constant gas G (ecAdd 150, ecMul 6000). A point
 * not on the curve (or a coordinate ≥ p) makes the call fail: all its gas consumed, as short of G.
 *
 * PrecompileEc (after CallCredit): a (aux byte 9) ∈ {6, 7}, B = 128 − 32(a − 6), G = 150 + 5850(a − 6). Reads
 * CallDataLength L (hi 0), CallDataOffset and CallerId; gas − G ≥ 0 (aux bytes 16 … 23), gas' = gas − G; m = min(L, B) by a
 * flag (byte 8) and L − B or B − 1 − L (bytes 4 … 7). Hands the first input row c0 = the offset, c1 = m, the caller's id,
 * a (aux byte 7) and the half chain's start (ecrecover.ts inputStart).
 * EcInput, B/4 rows: ecrecover's input rows (ecrecover.ts inputRowRules: the first m bytes of the caller's memory range,
 * the rest 0, as 16-byte halves in the inv cells of every fourth row), a kept; the last has g = B/16 − 1 = 19 − 2a.
 * EcResult: looks up (success, the input words, x, y) in a's table (the halves at rotations −29, −25, … −1 for ecAdd's 8,
 * −21, … −1 for ecMul's 6); success (slot 0 lo, boolean) picks the next row: EcOutputX (c0 = 0, c1 = 8, aux = x, the word
 * in aux) or EcFailure. y waits in slot 1's cells.
 * EcOutputX, EcOutputY: 8 rows each (ecrecover.ts outputWordRows), x written to the callee's memory 0 … 31 then y to
 * 32 … 63; EcOutputY's first row takes y from EcResult (rotation −9). CallReturn's output length is 64 after them.
 * EcFailure (a failing state: error.ts FAILURES): after EcResult (an invalid input) or instead of PrecompileEc (short of
 * G: G − gas − 1 ≥ 0 in aux bytes 16 … 23, a in byte 9 as CallCredit binds it); all gas consumed.
 *
 * A tx to ecAdd or ecMul (its root call; BeginTxPrecompile's value transfer before, tx.ts): its output reaches no state,
 * but its success does (the gas: G, or all of it). The same rows with the tx's calldata for the caller's memory:
 * PrecompileRootEc, as PrecompileEc but a = the tx's callee (looked up), its CallDataLength and CallDataOffset (0) read
 * from its own call context, the input rows' caller id 0, its gas BeginTxPrecompile's.
 * EcRootInput, B/4 rows: as EcInput, but byte j of a row is aux byte 12 + j, on where aux byte 8 + j is (boolean, on
 * only after an on byte, an off byte 0) and then looked up as the tx's calldata byte c0 + j.
 * EcResult's success then goes straight to EndTx (CallReturn refuses a root call's output rows); EcFailure, after
 * EcResult or short of G after BeginTxPrecompile (a = that row's callee, its gas carried), to EndTx too.
 */
import { constant, type Expr } from '../../plonk/index.js';
import { CallContextField } from '../../state/table.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, EcLookups, ExecutionGadget, StepExprs } from '../step.js';
import { auxBytes, callContext, small, upperBytesZero } from './common.js';
import { calldataInput, calldataInputBytes, INPUT_HEAD_READS, INPUT_READS, inputRowRules, outputWordRows, paddedInputHead, paddedInputWitness, type InputSource } from './ecrecover.js';
import { splitWord } from '../../gadgets/word.js';
import { BEGIN_TX_PRECOMPILE, EC_FAILURE, gasCarried, internal, PRECOMPILE_ROOT_EC } from './tx.js';
import { BYTES_PER_ROW, WORD_ROWS } from './word-rows.js';

/** The precompiles' addresses and gas (EIP-1108). */
export const ECADD = 6n;
export const ECMUL = 7n;
export const ECADD_GAS = 150n;
export const ECMUL_GAS = 6000n;
export const EC_ROW = 'PrecompileEc';
export { EC_FAILURE };
const INPUT = 'EcInput';
const ROOT_INPUT = 'EcRootInput';
const RESULT = 'EcResult';
const OUTPUT_X = 'EcOutputX';
const OUTPUT_Y = 'EcOutputY';
/** Aux bytes: the head's a (after ecrecover.ts paddedInputHead's bytes) and gas left; the input rows' a (after ecrecover.ts' caller id, t, z, g). */
const A_BYTE = 9;
/** Where PrecompileEc and EcFailure hold a, for CallCredit. */
export const EC_ADDRESS_BYTE = A_BYTE;
const LEFT_BYTES = 16;
const INPUT_A_BYTE = 7;
/** A root input row's aux bytes: its bytes' flags, then the bytes (ecrecover.ts calldataInput). */
const ROOT_FLAG_BYTES = 8;
/** The output: two words. */
const OUTPUT_BYTES = 64;
const ONE = constant(1);

/** ecMul's share: a − 6 (0 for ecAdd, 1 for ecMul). */
const mulOf = (a: Expr): Expr => a.sub(ECADD);
/** B = 128 − 32(a − 6): the input bytes read. */
const inputBytes = (a: Expr): Expr => mulOf(a).mul(-32).add(128);
/** G = 150 + 5850(a − 6). */
const gasOf = (a: Expr): Expr => mulOf(a).mul(ECMUL_GAS - ECADD_GAS).add(ECADD_GAS);
const isEcAddress = (a: Expr): Expr => a.sub(ECADD).mul(a.sub(ECMUL));

/** The output length where `end` (CallReturn's row before) is an EC row: 64 after its output rows, else 0. */
export const ecOutput = (end: StepExprs): Expr => end.state(OUTPUT_Y).mul(OUTPUT_BYTES);

/** A head row's rules (`id`: the input rows' caller id, paddedInputHead's). */
const headRules = (s: StepExprs, id?: Expr): Record<string, Expr> => {
  const a = s.auxByte(A_BYTE);
  return { 'a is 0x06 or 0x07': isEcAddress(a), ...paddedInputHead(s, inputBytes(a), gasOf(a), { B: 'B', G: 'G' }, id), "input: a'": s.next.auxByte(INPUT_A_BYTE).sub(a) };
};

export const PRECOMPILE_EC: ExecutionGadget = internal(EC_ROW, [INPUT], INPUT_HEAD_READS, () => [], (c) => c.gate(headRules(c.step)));

export const PRECOMPILE_ROOT_EC_ROW: ExecutionGadget = internal(PRECOMPILE_ROOT_EC, [ROOT_INPUT],
  [CallContextField.CallDataLength, CallContextField.CallDataOffset].map((f) => callContext(f, false)),
  (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(s.auxByte(A_BYTE)) }],
  (c) => c.gate({ ...headRules(c.step, constant(0)), ...gasCarried(c.step) }));

/** The rules of an input row (`name`: its state) of `source`'s bytes: the half chain, a kept, the last row's place, the gas kept. */
function inputRows(s: StepExprs, name: string, source?: InputSource): Record<string, Expr> {
  const more = s.next.state(name);
  const a = s.auxByte(INPUT_A_BYTE);
  const { rules, t, g } = inputRowRules(s, more, source);
  return {
    ...rules, 'more: a kept': more.mul(s.next.auxByte(INPUT_A_BYTE).sub(a)),
    'last: g = B/16 − 1 = 19 − 2a': ONE.sub(more).mul(g.sub(constant(19).sub(a.mul(2)))), [`last: t = ${16 / BYTES_PER_ROW - 1}`]: ONE.sub(more).mul(t.sub(16 / BYTES_PER_ROW - 1)),
    "gas' = gas": s.next.gas.sub(s.gas),
  };
}

export const EC_INPUT: ExecutionGadget = internal(INPUT, [INPUT, RESULT], INPUT_READS, () => [],
  (c) => c.gate({ ...inputRows(c.step, INPUT), ...upperBytesZero(c.step, INPUT_A_BYTE + 1) }));

export const EC_ROOT_INPUT: ExecutionGadget = internal(ROOT_INPUT, [ROOT_INPUT, RESULT], [], (s) => calldataInput(s, ROOT_FLAG_BYTES).lookups,
  (c) => {
    const s = c.step;
    const { source, rules } = calldataInput(s, ROOT_FLAG_BYTES);
    c.gate({ ...inputRows(s, ROOT_INPUT, source), ...rules, ...upperBytesZero(s, ROOT_FLAG_BYTES + 2 * BYTES_PER_ROW) });
  });

/** Half i (big-endian: word 0's hi first) of an input of `halves` halves, from EcResult's row: the inv cell of input row 4i + 3. */
const half = (s: StepExprs, halves: number, i: number): Expr => s.at(-4 * halves + 4 * i + 3).inv;
/** The input's words as the tables hold them, (lo, hi) each. */
const words = (s: StepExprs, halves: number): Expr[] => Array.from({ length: halves }, (_, i) => half(s, halves, i ^ 1));
const success = (s: StepExprs): Expr => s.slot(0).lo;
const y = (s: StepExprs) => s.slot(1);

export const EC_RESULT: ExecutionGadget = {
  ...internal(RESULT, [OUTPUT_X, EC_FAILURE, 'EndTx'], [], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const ok = success(s);
      const out = n.state(OUTPUT_X);
      c.gate({
        'success boolean': ok.mul(ONE.sub(ok)), 'output rows (a root call: EndTx) iff success': out.add(n.state('EndTx')).sub(ok), "output: c0' = 0": out.mul(n.c0), [`output: c1' = ${WORD_ROWS}`]: out.mul(n.c1.sub(WORD_ROWS)),
        "output: aux' lo = x": out.mul(n.aux.lo.sub(s.aux.lo)), "output: aux' hi = x": out.mul(n.aux.hi.sub(s.aux.hi)),
        'c0 = 0': s.c0, 'c1 = 0': s.c1, 'inv = 0': s.inv, 'slot 0 hi = 0': s.slot(0).hi, "gas' = gas": n.gas.sub(s.gas),
      });
    }),
  ecLookups: (s): EcLookups => {
    const isMul = mulOf(s.at(-1).auxByte(INPUT_A_BYTE));
    const outputs = [s.aux.lo, s.aux.hi, y(s).lo, y(s).hi];
    return {
      ecAdd: { enabled: ONE.sub(isMul), row: [success(s), ...words(s, 8), ...outputs] },
      ecMul: { enabled: isMul, row: [success(s), ...words(s, 6), ...outputs] },
    };
  },
};

/** x's rows: the last hands EcOutputY position 32 and 8 rows. */
const OUTPUT_X_ROWS = outputWordRows(OUTPUT_X, OUTPUT_Y, (s, more) => ({
  "last: c0' = c0 + 4": ONE.sub(more).mul(s.next.c0.sub(s.c0).sub(BYTES_PER_ROW)), [`last: c1' = ${WORD_ROWS}`]: ONE.sub(more).mul(s.next.c1.sub(WORD_ROWS)),
}));
/** y's rows: the first (after x's) holds EcResult's y, 9 rows up. */
const OUTPUT_Y_ROWS = outputWordRows(OUTPUT_Y, 'CallReturn', (s) => {
  const first = s.at(-1).state(OUTPUT_X);
  const result = s.at(-1 - WORD_ROWS);
  return { 'first: aux lo = y': first.mul(s.aux.lo.sub(y(result).lo)), 'first: aux hi = y': first.mul(s.aux.hi.sub(y(result).hi)) };
});

export const EC_FAILURE_ROW: ExecutionGadget = internal(EC_FAILURE, ['CallReturn', 'EndTx'], [], () => [],
  (c) => {
    const s = c.step;
    const prev = s.at(-1);
    const invalid = prev.state(RESULT);
    const short = ONE.sub(invalid);
    const root = prev.state(BEGIN_TX_PRECOMPILE);
    const a = s.auxByte(A_BYTE);
    c.gate({
      "a tx's, short of gas: a = its callee": root.mul(a.sub(prev.slotAddress(0))), "a tx's, short of gas: gas carried": root.mul(s.gas.sub(prev.gas)),
      'short of gas: a is 0x06 or 0x07': short.mul(isEcAddress(a)), 'invalid input: a = 0': invalid.mul(a),
      'short of gas: aux bytes 16 … 23 = G − gas − 1': short.mul(auxBytes(s, LEFT_BYTES, 8).sub(gasOf(a).sub(s.gas).sub(1))), 'invalid input: aux bytes 16 … 23 = 0': invalid.mul(auxBytes(s, LEFT_BYTES, 8)),
      "all gas consumed: gas' = 0": s.next.gas,
      ...Object.fromEntries(Array.from({ length: LEFT_BYTES }, (_, j) => j).filter((j) => j !== A_BYTE).map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, LEFT_BYTES + 8),
    });
  });

/** The EC precompiles' rows after CallCredit or BeginTxPrecompile; EcFailure is listed in error.ts FAILURES. */
export const EC_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_EC, EC_INPUT, PRECOMPILE_ROOT_EC_ROW, EC_ROOT_INPUT, EC_RESULT, OUTPUT_X_ROWS, OUTPUT_Y_ROWS, EC_FAILURE_ROW];

const field = (v: bigint | number, at: number): bigint => BigInt(v) << BigInt(8 * at);

/** The precompile at `a` (0x06 or 0x07): its input bytes and gas. */
export const ecSpec = (a: bigint): { bytes: number; gas: bigint } => (a === ECADD ? { bytes: 128, gas: ECADD_GAS } : { bytes: 96, gas: ECMUL_GAS });

/** PrecompileEc's aux word for precompile `a`, an input of `length` bytes with `gas` left (EcFailure's where the gas is short). */
export function ecHeadWitness(a: bigint, length: bigint, gas: bigint): AuxWitness {
  const { bytes, gas: G } = ecSpec(a);
  if (gas < G) return { aux: field(a, A_BYTE) | field(G - 1n - gas, LEFT_BYTES) };
  return { aux: paddedInputWitness(length, BigInt(bytes), G, gas) | field(a, A_BYTE) };
}

/** The input rows' kept aux bits: a. */
export const ecInputContext = (a: bigint): bigint => field(a, INPUT_A_BYTE);

/** A root input row's flags and bytes (EcRootInput): `bytes` on, the rest off and 0. */
export const ecRootInputBytes = (bytes: readonly number[]): bigint => calldataInputBytes(bytes, ROOT_FLAG_BYTES);

/** EcResult's cells: x in aux, success and y in slots 0 and 1. */
export function ecResultWitness(ok: boolean, x: bigint, yWord: bigint): AuxWitness {
  const [lo, hi] = splitWord(yWord);
  return { aux: x, cells: new Map([[0, { lo: ok ? 1n : 0n, hi: 0n }], [1, { lo, hi }]]) };
}

export { INPUT as EC_INPUT_ROW, ROOT_INPUT as EC_ROOT_INPUT_ROW, RESULT as EC_RESULT_ROW, OUTPUT_X as EC_OUTPUT_X_ROW, OUTPUT_Y as EC_OUTPUT_Y_ROW };
