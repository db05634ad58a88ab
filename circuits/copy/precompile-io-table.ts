/**
 * The precompile I/O table: the bytes of each precompile call's input and output, one row per byte, keyed by
 * the call's id. The copy circuit writes a call's input into it (from the caller's memory) and reads its output
 * from it (into the return buffer, or by RETURNDATACOPY); the precompile circuits (ecc, sig, …) are to fill it
 * and prove each call's output from its input, assembling their words from these bytes.
 *
 *   (callId, isOutput, index, byte)      index = 0 … length − 1 of the input (isOutput 0) or output (isOutput 1)
 *
 * A fixed column `enabled` is 1 exactly on the rows a call fills, and every lookup asks for enabled = 1: the
 * advice cells of other rows are constrained by nothing, so without the fixed tag a row no call fills could answer
 * a lookup (a forged output byte; reproduced, test/circuits/copy/precompile-io-table.test.ts), as the signature
 * and EC precompile tables do. Disabled lookups ask for the all-zero tuple with enabled = 0.
 * Until a precompile circuit fills it, only a test fixture does (circuits/copy/examples.ts).
 */
import { constant, type Column, type Expr } from '../plonk/index.js';

export interface PrecompileIoTableColumns {
  readonly callId: Column;
  readonly isOutput: Column;
  readonly index: Column;
  readonly byte: Column;
  /** Fixed: 1 on the rows a call fills. */
  readonly enabled: Column;
}

export const PRECOMPILE_IO_FIELDS = ['callId', 'isOutput', 'index', 'byte'] as const satisfies ReadonlyArray<keyof PrecompileIoTableColumns>;

/** Pairs for `cs.lookup`: "byte `index` of call `callId`'s input (isOutput = 0) or output (1) is `byte`", where `q` = 1. */
export function precompileByteLookup(t: PrecompileIoTableColumns, q: Expr, callId: Expr, isOutput: 0 | 1, index: Expr, byte: Expr): Array<[Expr, Expr]> {
  return [[q, t.enabled.cur()], [q.mul(callId), t.callId.cur()], [q.mul(constant(isOutput)), t.isOutput.cur()], [q.mul(index), t.index.cur()], [q.mul(byte), t.byte.cur()]];
}
