/**
 * Calls of the SHA-256 precompile (0x02): CallCredit hands the callee's frame to these rows (CallPrewarm and CallCredit
 * prove the address); the hash itself is the SHA-256 table's (circuits/sha256), looked up as the keccak table is by
 * KECCAK256 (keccak.ts): the table holds, for each id, exactly input bytes 0 … length − 1 and their digest.
 *
 * The precompile (Yellow Paper appendix E): its output is the 32-byte SHA-256 digest of the call's data; it costs 60 + 12
 * per word of the data. Short of that the call fails (Sha256OutOfGas, a failing state: error.ts FAILURES).
 *
 * PrecompileSha256 (after CallCredit): reads CallDataLength L, CallDataOffset and CallerId; L and the cost as the
 * identity's (precompile.ts linearCost), gas − cost ≥ 0 and the next row's gas = gas − cost. Hands the first input row
 * c0 = the offset, c1 = L, the caller's id (aux bytes 0 … 3), L (4 … 7) and the index 0 (8 … 11).
 * Sha256Input rows: read the caller's memory at c0 + j (slot j on for the row's bytes: a prefix of the c1 bytes left; a
 * row not full leaves none, the last leaves none), each looked up as input byte index + j of table id inv; the next row
 * reads on at c0 + 4, index + 4, with the same id, caller and L. So the rows read exactly memory[offset + i], i < L,
 * as bytes 0 … L − 1 of one input (L = 0: one row that reads nothing). Memory bytes are bytes (every writer proves so).
 * Sha256Digest: looks up the digest (id, L, the aux word) of the last input row's id and L; hands the word to the
 * output rows (c0 = 0, 8 rows).
 * Sha256Output, 8 rows: the digest written to the callee's memory 0 … 31 (ecrecover.ts outputWordRows), read back as
 * return data by CallReturn's caller (its output length 32).
 * Sha256OutOfGas (instead of PrecompileSha256): reads L; cost − gas − 1 ≥ 0; the next row's gas 0.
 */
import type { Expr } from '../../plonk/index.js';
import { CallContextField } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, StepExprs } from '../step.js';
import { auxBytes, callContext, upperBytesZero } from './common.js';
import { INPUT_READS, outputWordRows } from './ecrecover.js';
import { charged, inputLength, L_BYTES, linearCost, linearCostWitness, shortOfGas, unusedBytesZero } from './precompile.js';
import { internal } from './tx.js';
import { BYTES_PER_ROW, prefixRows, WORD_ROWS, wordRowsStart } from './word-rows.js';

/** The precompile's address and its gas: 60 + 12 per word of input. */
export const SHA256 = 2n;
export const SHA256_GAS = 60n;
export const SHA256_WORD_GAS = 12n;
export const SHA256_ROW = 'PrecompileSha256';
export const SHA256_OUT_OF_GAS = 'Sha256OutOfGas';
const INPUT = 'Sha256Input';
const DIGEST = 'Sha256Digest';
const OUTPUT = 'Sha256Output';
/** Aux bytes of the input rows: the caller's id (0 … 3), L (4 … 7: inputLength), the index of the row's first byte. */
const CALLER_BYTES = 0;
const INDEX_BYTES = 8;

const sha256Cost = (s: StepExprs) => linearCost(s, SHA256_GAS, SHA256_WORD_GAS);
const callerOf = (s: StepExprs): Expr => auxBytes(s, CALLER_BYTES, 4);
const indexOf = (s: StepExprs): Expr => auxBytes(s, INDEX_BYTES, 4);
/** The SHA-256 output length where `end` (CallReturn's row before) is one of its output rows, else 0. */
export const sha256Output = (end: StepExprs): Expr => end.state(OUTPUT).mul(32);

export const PRECOMPILE_SHA256: ExecutionGadget = internal(SHA256_ROW, [INPUT],
  [callContext(CallContextField.CallDataLength, false), callContext(CallContextField.CallDataOffset, false), callContext(CallContextField.CallerId, false)], () => [],
  (c) => {
    const s = c.step;
    const n = s.next;
    const { rules, cost } = sha256Cost(s);
    c.gate({
      ...rules, ...charged(s, cost), ...unusedBytesZero(s),
      "input: c0' = the offset": n.c0.sub(s.slot(1).lo), "input: c1' = L": n.c1.sub(inputLength(s)), "input: the caller's id": callerOf(n).sub(s.slot(2).lo),
      "input: L' = L": inputLength(n).sub(inputLength(s)), "input: index' = 0": indexOf(n),
    });
  });

export const SHA256_INPUT: ExecutionGadget = {
  ...internal(INPUT, [INPUT, DIGEST], INPUT_READS, () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      const more = n.state(INPUT);
      c.gate({
        ...prefixRows(s, more).rules, [`more: index' = index + ${BYTES_PER_ROW}`]: more.mul(indexOf(n).sub(indexOf(s)).sub(BYTES_PER_ROW)), "more: id' = id": more.mul(n.inv.sub(s.inv)),
        "more: the caller's id kept": more.mul(callerOf(n).sub(callerOf(s))), "more: L kept": more.mul(inputLength(n).sub(inputLength(s))),
        "gas' = gas": n.gas.sub(s.gas), ...upperBytesZero(s, INDEX_BYTES + 4),
      });
    }),
  sha256Inputs: (s) => Array.from({ length: BYTES_PER_ROW }, (_, j) => ({ id: s.inv, index: indexOf(s).add(j), byte: s.slot(j).lo, enabled: s.slotOn(j) })),
};

export const SHA256_DIGEST: ExecutionGadget = {
  ...internal(DIGEST, [OUTPUT], [], () => [],
    (c) => {
      const s = c.step;
      const n = s.next;
      c.gate({
        "output: c0' = 0": n.c0, ...wordRowsStart(s), "output: aux' lo = the digest": n.aux.lo.sub(s.aux.lo), "output: aux' hi = the digest": n.aux.hi.sub(s.aux.hi),
        "gas' = gas": n.gas.sub(s.gas),
      });
    }),
  sha256Digest: (s) => ({ id: s.at(-1).inv, length: inputLength(s.at(-1)), hash: s.aux }),
};

export const SHA256_OOG: ExecutionGadget = internal(SHA256_OUT_OF_GAS, ['CallReturn'], [callContext(CallContextField.CallDataLength, false)], () => [],
  (c) => {
    const s = c.step;
    const { rules, cost } = sha256Cost(s);
    c.gate({ ...rules, ...shortOfGas(s, cost), ...unusedBytesZero(s) });
  });

/** The SHA-256 call's rows after CallCredit, and its failing row (listed in error.ts FAILURES). */
export const SHA256_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_SHA256, SHA256_INPUT, SHA256_DIGEST, outputWordRows(OUTPUT), SHA256_OOG];

/** The SHA-256 gas for an input of `length` bytes. */
export const sha256Gas = (length: number): bigint => SHA256_GAS + SHA256_WORD_GAS * BigInt(Math.ceil(length / 32));

/** PrecompileSha256's (or Sha256OutOfGas's) aux word for an input of `length` bytes with `gas` left. */
export const sha256Witness = (length: number, gas: bigint): AuxWitness => ({ aux: linearCostWitness(length, sha256Gas(length), gas) });

/** Input row k's cells: call `caller`'s memory from `offset` + 4k, `left` of the L bytes left, table id `id`. */
export function sha256InputRow(caller: number, length: number, offset: bigint, k: number, left: number, id: number): AuxWitness {
  const field = (v: bigint | number, at: number) => BigInt(v) << BigInt(8 * at);
  return { aux: field(caller, CALLER_BYTES) | field(length, L_BYTES) | field(BYTES_PER_ROW * k, INDEX_BYTES), c0: offset + BigInt(BYTES_PER_ROW * k), c1: BigInt(left), inv: BigInt(id) };
}

export { INPUT as SHA256_INPUT_ROW, DIGEST as SHA256_DIGEST_ROW, OUTPUT as SHA256_OUTPUT_ROW, WORD_ROWS as SHA256_OUTPUT_ROWS };
