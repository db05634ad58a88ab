/**
 * A tx whose callee is BLAKE2F (0x09, EIP-152): after BeginTxPrecompile's value transfer (tx.ts). Its root call's
 * output reaches no state, so what the tx proves is its gas and its success, and both follow from three fields of its
 * calldata, not from the compression: the input must be exactly 213 bytes, its first 4 bytes (big-endian) are the
 * rounds r, its price is r gas (GFROUND = 1), and its last byte, the final-block flag f, must be 0 or 1. Any of them
 * failing — another length, gas below r, another f — fails the call: all its gas consumed (as @ethereumjs's 09-blake2f).
 *
 *   PrecompileRootBlake2f  the tx's callee 0x09 and CallDataLength L = c1 (looked up); c0 = (L = 213) by IsZero (the
 *                 inverse of L − 213 in inv); where c0, calldata bytes 0 and 1 as aux bytes 0, 1 (looked up), else 0;
 *                 BeginTxPrecompile's gas.
 *   Blake2fRootEnd  where the head's c0: calldata bytes 2, 3 and 212 as aux bytes 0, 1, 2 (looked up), else 0;
 *                 r = the four bytes big-endian; f ok (aux byte 3, boolean): f·(f − 1) = 0, else its inverse in inv;
 *                 enough (byte 4, boolean) with enough ? gas − r : r − gas − 1 as aux bytes 8 … 15. The next row is
 *                 EndTx (gas' = gas − r) iff L = 213, f ok and enough; else Blake2fRootFailure (gas carried).
 *   Blake2fRootFailure  (a failing state: error.ts FAILURES) all gas consumed; the value transfer undone as any
 *                 failure's; then EndTx.
 *
 * Its calls from code need the compression's output (no circuit yet): coverage.ts keeps them unprovable.
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, StepExprs, TxLookup } from '../step.js';
import { auxBytes, isZeroInverse, isZeroRules, small, upperBytesZero } from './common.js';
import { gasCarried, internal, PRECOMPILE_ROOT_BLAKE2F } from './tx.js';

/** The precompile's address, its one input length, where its flag sits. */
export const BLAKE2F = 9n;
export const BLAKE2F_INPUT_BYTES = 213;
const FLAG_INDEX = BLAKE2F_INPUT_BYTES - 1;
export const BLAKE2F_ROOT_END = 'Blake2fRootEnd';
export const BLAKE2F_ROOT_FAILURE = 'Blake2fRootFailure';
/** Blake2fRootEnd's aux bytes: the calldata bytes 2, 3 and f, then f ok, enough, and the gas comparison. */
const END_BYTES = { f: 2, fOk: 3, enough: 4, diff: 8 } as const;
const ONE = constant(1);

/** Calldata byte `index` of the tx is aux byte `at`, looked up where the input has its length (`ok`). */
const calldataByte = (s: StepExprs, index: number, at: number, ok: Expr): TxLookup => ({ tag: TxFieldTag.CallData, index: constant(index), value: small(s.auxByte(at)), enabled: ok });
/** Aux bytes `bytes` are 0 where the input is not 213 bytes (nothing looked up: no free cells). */
const zeroUnlessOk = (s: StepExprs, ok: Expr, bytes: readonly number[]): Record<string, Expr> =>
  Object.fromEntries(bytes.map((j) => [`L ≠ 213 ⇒ aux byte ${j} = 0`, ONE.sub(ok).mul(s.auxByte(j))]));

export const PRECOMPILE_ROOT_BLAKE2F_ROW: ExecutionGadget = internal(PRECOMPILE_ROOT_BLAKE2F, [BLAKE2F_ROOT_END], [],
  (s) => [{ tag: TxFieldTag.CalleeAddress, value: small(constant(BLAKE2F)) }, { tag: TxFieldTag.CallDataLength, value: small(s.c1) },
    calldataByte(s, 0, 0, s.c0), calldataByte(s, 1, 1, s.c0)],
  (c) => {
    const s = c.step;
    c.gate({ ...isZeroRules('c0 = (L = 213)', s.c1.sub(BLAKE2F_INPUT_BYTES), s.inv, s.c0), ...zeroUnlessOk(s, s.c0, [0, 1]), ...upperBytesZero(s, 2), ...gasCarried(s) });
  });

export const BLAKE2F_ROOT_END_ROW: ExecutionGadget = internal(BLAKE2F_ROOT_END, ['EndTx', BLAKE2F_ROOT_FAILURE], [],
  (s) => [calldataByte(s, 2, 0, s.at(-1).c0), calldataByte(s, 3, 1, s.at(-1).c0), calldataByte(s, FLAG_INDEX, END_BYTES.f, s.at(-1).c0)],
  (c) => {
    const s = c.step;
    const head = s.at(-1);
    const ok = head.c0;
    const rounds = sum([head.auxByte(0), head.auxByte(1), s.auxByte(0), s.auxByte(1)].map((b, j) => b.mul(1n << BigInt(8 * (3 - j)))));
    const f = s.auxByte(END_BYTES.f);
    const [fOk, enough] = [s.auxByte(END_BYTES.fOk), s.auxByte(END_BYTES.enough)];
    const success = s.next.state('EndTx');
    const bad = f.mul(f.sub(1));
    c.gate({
      ...zeroUnlessOk(s, ok, [0, 1, END_BYTES.f]), 'f ok boolean': fOk.mul(ONE.sub(fOk)), 'f ok ⇒ f is 0 or 1': fOk.mul(bad), 'not f ok ⇒ f·(f − 1)·inv = 1': ONE.sub(fOk).mul(bad.mul(s.inv).sub(1)),
      'enough boolean': enough.mul(ONE.sub(enough)),
      'aux bytes 8 … 15 = enough ? gas − r : r − gas − 1': auxBytes(s, END_BYTES.diff, 8).sub(enough.mul(s.gas.sub(rounds))).sub(ONE.sub(enough).mul(rounds.sub(s.gas).sub(1))),
      'EndTx next iff L = 213, f ok and enough': success.sub(ok.mul(fOk).mul(enough)),
      "success: gas' = gas − r": success.mul(s.next.gas.sub(s.gas).add(rounds)), "failure: gas' = gas": ONE.sub(success).mul(s.next.gas.sub(s.gas)),
      'c0 = 0': s.c0, 'c1 = 0': s.c1, ...Object.fromEntries([5, 6, 7].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, END_BYTES.diff + 8), ...gasCarried(s),
    });
  });

export const BLAKE2F_ROOT_FAILURE_ROW: ExecutionGadget = internal(BLAKE2F_ROOT_FAILURE, ['EndTx'], [], () => [],
  (c) => {
    const s = c.step;
    c.gate({ "all gas consumed: gas' = 0": s.next.gas, 'c0 = 0': s.c0, 'c1 = 0': s.c1, ...upperBytesZero(s, 0), ...gasCarried(s) });
  });

/** A tx to BLAKE2F's rows (the failing one is listed in error.ts FAILURES). */
export const BLAKE2F_ROOT_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_ROOT_BLAKE2F_ROW, BLAKE2F_ROOT_END_ROW, BLAKE2F_ROOT_FAILURE_ROW];

/** The rows' cells for a tx to BLAKE2F with calldata `data` and `gas` left after BeginTxPrecompile, and whether it succeeds. */
export function blake2fRootWitness(data: Uint8Array, gas: bigint): { head: AuxWitness; end: AuxWitness; success: boolean; rounds: bigint } {
  const ok = data.length === BLAKE2F_INPUT_BYTES;
  const byte = (i: number) => BigInt(ok ? data[i]! : 0);
  const rounds = (byte(0) << 24n) | (byte(1) << 16n) | (byte(2) << 8n) | byte(3);
  const f = byte(FLAG_INDEX);
  const fOk = f <= 1n;
  const enough = gas >= rounds;
  const field = (v: bigint, at: number) => v << BigInt(8 * at);
  return {
    head: { c0: ok ? 1n : 0n, c1: BigInt(data.length), inv: isZeroInverse(BigInt(data.length - BLAKE2F_INPUT_BYTES)), aux: byte(0) | field(byte(1), 1) },
    end: {
      aux: byte(2) | field(byte(3), 1) | field(f, END_BYTES.f) | field(fOk ? 1n : 0n, END_BYTES.fOk) | field(enough ? 1n : 0n, END_BYTES.enough) | field(enough ? gas - rounds : rounds - gas - 1n, END_BYTES.diff),
      inv: fOk ? 0n : isZeroInverse(f * (f - 1n)),
    },
    success: ok && fOk && enough,
    rounds,
  };
}
