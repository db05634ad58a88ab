/**
 * The keccak256 table other circuits look up into (bytecode hashes, KECCAK256, tx hashes, the public input).
 * Our proof system has no second-phase challenges, so inputs are not folded into a random linear
 * combination: the table lists every input byte as its own row, and one digest row per hash.
 *
 *   input rows:  (INPUT_ROW,  id, index, byte, 0,  0)      one per input byte, index = 0 … length − 1
 *   digest rows: (DIGEST_ROW, id, length, 0,  hashLo, hashHi)
 *
 * `id` numbers the hashes of one circuit instance 1, 2, 3, … in the order of the witness list. The keccak
 * circuit guarantees that for every id the input rows hold exactly bytes 0 … length − 1 and the digest row
 * the keccak256 of those bytes (each byte range-checked to < 256), so a consumer that looks up all its bytes and the digest under one id has
 * proven its hash. Tuples start with a non-zero kind, so they never collide with the all-zero tuple that
 * disabled lookups and padding rows produce.
 */
import { constant, type Column, type Expr } from '../plonk/index.js';

export const INPUT_ROW = 1n;
export const DIGEST_ROW = 2n;

/** The table's columns (advice, filled by the keccak circuit; zero on rows that are not table rows). */
export interface KeccakTableColumns {
  /** 0, INPUT_ROW or DIGEST_ROW. */
  readonly kind: Column;
  readonly id: Column;
  /** Byte index on input rows, input length on digest rows. */
  readonly indexOrLength: Column;
  readonly byte: Column;
  readonly hashLo: Column;
  readonly hashHi: Column;
}

/** Pairs for `cs.lookup`: "byte number `index` of hash `id` is `byte`", where `q` = 1. */
export function keccakInputLookup(t: KeccakTableColumns, q: Expr, id: Expr, index: Expr, byte: Expr): Array<[Expr, Expr]> {
  return [
    [q.mul(INPUT_ROW), t.kind.cur()], [q.mul(id), t.id.cur()], [q.mul(index), t.indexOrLength.cur()],
    [q.mul(byte), t.byte.cur()], [constant(0n), t.hashLo.cur()], [constant(0n), t.hashHi.cur()],
  ];
}

/** Pairs for `cs.lookup`: "hash `id` has `length` input bytes and digest (hashLo, hashHi)", where `q` = 1. */
export function keccakDigestLookup(t: KeccakTableColumns, q: Expr, id: Expr, length: Expr, hashLo: Expr, hashHi: Expr): Array<[Expr, Expr]> {
  return [
    [q.mul(DIGEST_ROW), t.kind.cur()], [q.mul(id), t.id.cur()], [q.mul(length), t.indexOrLength.cur()],
    [constant(0n), t.byte.cur()], [q.mul(hashLo), t.hashLo.cur()], [q.mul(hashHi), t.hashHi.cur()],
  ];
}
