/**
 * Bytecode circuit witness: per distinct code a header row and one row per byte (see
 * circuits/bytecode/table.ts), PUSH data marked, then padding rows up to the capacity. A code another
 * circuit hashes already (`hashed`: keccak id by code hash, the EVM's init and deployed codes) is looked
 * up under that id; the others are hashed under keccak ids firstKeccakId, firstKeccakId + 1, … in witness
 * order, and `bytecodeKeccakInputs` lists them in that order for the keccak witness. Pure: no I/O.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BYTE_ROW, HEADER_ROW } from '../bytecode/table.js';
import { pushSize } from '../bytecode/push-table.js';
import { splitWord } from '../gadgets/index.js';
import type { BytecodeTrace } from './trace.js';

/** One row of the bytecode circuit: the table columns plus the circuit's own. */
export interface BytecodeRow {
  kind: bigint;
  hashLo: bigint;
  hashHi: bigint;
  indexOrLength: bigint;
  byte: bigint;
  isCode: bigint;
  /** The keccak table id the code's bytes and digest are looked up under. */
  keccakId: bigint;
  /** The code length, carried on every row of the code. */
  length: bigint;
  /** PUSH data bytes still to come after this byte. */
  pushLeft: bigint;
}

export const BYTECODE_PADDING_ROW: BytecodeRow = { kind: 0n, hashLo: 0n, hashHi: 0n, indexOrLength: 0n, byte: 0n, isCode: 0n, keccakId: 0n, length: 0n, pushLeft: 0n };

export class BytecodeWitnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BytecodeWitnessError';
  }
}

/** The distinct codes, in first-seen order; throws when a code does not hash to its codeHash. */
export function distinctCodes(codes: readonly BytecodeTrace[]): BytecodeTrace[] {
  const seen = new Map<string, BytecodeTrace>();
  for (const c of codes) {
    const hash = `0x${bytesToHex(keccak_256(c.code))}`;
    if (hash !== c.codeHash.toLowerCase()) throw new BytecodeWitnessError(`code of ${c.code.length} bytes hashes to ${hash}, not to its codeHash ${c.codeHash}`);
    if (!seen.has(hash)) seen.set(hash, c);
  }
  return [...seen.values()];
}

/** Keccak ids of codes hashed elsewhere, by code hash. */
export type HashedCodes = ReadonlyMap<bigint, number>;
const NONE: HashedCodes = new Map();

/** The keccak inputs of the codes not in `hashed`, in keccak id order (id firstKeccakId + i for entry i). */
export function bytecodeKeccakInputs(codes: readonly BytecodeTrace[], hashed = NONE): Uint8Array[] {
  return distinctCodes(codes).filter((c) => !hashed.has(BigInt(c.codeHash))).map((c) => c.code);
}

/** The rows of `codes` (deduplicated by hash), padded to `capacity` (at least one padding row last). */
export function bytecodeWitness(codes: readonly BytecodeTrace[], capacity: number, firstKeccakId = 1, hashed = NONE): BytecodeRow[] {
  const rows: BytecodeRow[] = [];
  let nextId = firstKeccakId;
  for (const c of distinctCodes(codes)) {
    const [hashLo, hashHi] = splitWord(BigInt(c.codeHash));
    const base = { hashLo, hashHi, keccakId: BigInt(hashed.get(BigInt(c.codeHash)) ?? nextId++), length: BigInt(c.code.length) };
    rows.push({ ...base, kind: HEADER_ROW, indexOrLength: base.length, byte: 0n, isCode: 0n, pushLeft: 0n });
    let left = 0;
    c.code.forEach((b, index) => {
      const isCode = left === 0;
      left = isCode ? pushSize(b) : left - 1;
      rows.push({ ...base, kind: BYTE_ROW, indexOrLength: BigInt(index), byte: BigInt(b), isCode: isCode ? 1n : 0n, pushLeft: BigInt(left) });
    });
  }
  if (rows.length + 1 > capacity) throw new BytecodeWitnessError(`${rows.length} bytecode rows and a padding row do not fit a capacity of ${capacity} rows`);
  return [...rows, ...Array.from({ length: capacity - rows.length }, () => BYTECODE_PADDING_ROW)];
}
