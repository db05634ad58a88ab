/**
 * TEST FIXTURE: a keccak table filled from @noble/hashes and constrained by nothing. It stands in for the keccak
 * circuit so a consumer chip's own rules (bytecode, public input) can be tested alone; it proves no hash. Use
 * the real keccak circuit (KeccakChip) in anything that is not a test. With another digest (SHA-256) it stands in
 * for a table of the same shape (circuits/sha256/table.ts).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { adviceColumns, splitWord } from '../gadgets/index.js';
import type { ConstraintSystem, Layouter } from '../plonk/index.js';
import { DIGEST_ROW, INPUT_ROW, type KeccakTableColumns } from './table.js';

const FIELDS = ['kind', 'id', 'indexOrLength', 'byte', 'hashLo', 'hashHi'] as const satisfies ReadonlyArray<keyof KeccakTableColumns>;

/** Keccak table rows for `inputs` under ids 1, 2, …: input rows, then the digest row (of `digest`), per input. */
export function keccakFixtureRows(inputs: readonly Uint8Array[], digest: (input: Uint8Array) => Uint8Array = keccak_256): Array<Record<keyof KeccakTableColumns, bigint>> {
  return inputs.flatMap((input, i) => {
    const id = BigInt(i + 1);
    const [hashLo, hashHi] = splitWord(BigInt(`0x${bytesToHex(digest(input))}`));
    return [
      ...[...input].map((b, index) => ({ kind: INPUT_ROW, id, indexOrLength: BigInt(index), byte: BigInt(b), hashLo: 0n, hashHi: 0n })),
      { kind: DIGEST_ROW, id, indexOrLength: BigInt(input.length), byte: 0n, hashLo, hashHi },
    ];
  });
}

/** The fixture's columns ("keccak fixture kind", … or `name`'s), plain advice. */
export const configureKeccakFixture = (cs: ConstraintSystem, name = 'keccak fixture'): KeccakTableColumns => adviceColumns(cs, name, FIELDS);

/** Lays the fixture table for `inputs` (ids 1, 2, …) in one region. */
export function assignKeccakFixture(table: KeccakTableColumns, layouter: Layouter, inputs: readonly Uint8Array[], digest?: (input: Uint8Array) => Uint8Array): void {
  layouter.assignRegion('hash fixture table', (region) => {
    keccakFixtureRows(inputs, digest).forEach((row, i) => {
      for (const f of FIELDS) region.assignAdvice(f, table[f], i, row[f]);
    });
  });
}
