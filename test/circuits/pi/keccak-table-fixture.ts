/**
 * TEST FIXTURE: a keccak table filled from @noble/hashes with no constraints of its own — a lookup target
 * for testing a consumer chip alone. It proves nothing about keccak; the keccak circuit (circuits/keccak)
 * is what constrains the real table.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { DIGEST_ROW, INPUT_ROW, type KeccakTableColumns } from '../../../circuits/keccak/table.js';

export function configureKeccakFixture(cs: ConstraintSystem): KeccakTableColumns {
  const col = (n: string) => cs.adviceColumn(`keccak fixture ${n}`);
  return { kind: col('kind'), id: col('id'), indexOrLength: col('index'), byte: col('byte'), hashLo: col('hash lo'), hashHi: col('hash hi') };
}

/** Lays the table for `inputs` (ids 1, 2, …) and returns the number of rows used. */
export function assignKeccakFixture(t: KeccakTableColumns, layouter: Layouter, inputs: readonly Uint8Array[]): number {
  return layouter.assignRegion('keccak fixture', (r) => {
    let row = 0;
    inputs.forEach((input, i) => {
      const id = BigInt(i + 1);
      const put = (kind: bigint, index: number, byte: bigint, lo: bigint, hi: bigint) => {
        r.assignAdvice('kind', t.kind, row, kind);
        r.assignAdvice('id', t.id, row, id);
        r.assignAdvice('index', t.indexOrLength, row, BigInt(index));
        r.assignAdvice('byte', t.byte, row, byte);
        r.assignAdvice('lo', t.hashLo, row, lo);
        r.assignAdvice('hi', t.hashHi, row, hi);
        row++;
      };
      input.forEach((b, j) => put(INPUT_ROW, j, BigInt(b), 0n, 0n));
      const h = BigInt('0x' + Buffer.from(keccak_256(input)).toString('hex'));
      put(DIGEST_ROW, input.length, 0n, h & ((1n << 128n) - 1n), h >> 128n);
    });
    return row;
  });
}
