/** Reading the keccak (or SHA-256: same shape) table back out of an assignment, and the expected table from @noble/hashes. */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Assignment } from '../../../circuits/plonk/index.js';
import { DIGEST_ROW, INPUT_ROW } from '../../../circuits/keccak/index.js';

export interface TableContents {
  /** id → bytes in index order (throws on a gap or a duplicate index). */
  inputs: Map<number, number[]>;
  digests: Array<{ id: number; length: number; hash: string }>;
}

export function readKeccakTable(a: Assignment, prefix = 'keccak'): TableContents {
  const col = (n: string) => {
    const c = a.cs.advice.find((x) => x.name === `${prefix} table ${n}`);
    if (!c) throw new Error(`no column "${prefix} table ${n}"`);
    return a.advice[c.index];
  };
  const [kind, id, idx, byte, lo, hi] = ['kind', 'id', 'index/length', 'byte', 'hash lo', 'hash hi'].map(col);
  const inputs = new Map<number, number[]>();
  const digests: TableContents['digests'] = [];
  for (let r = 0; r < a.usableRows; r++) {
    if (kind[r] === INPUT_ROW) {
      const bytes = inputs.get(Number(id[r])) ?? [];
      if (Number(idx[r]) !== bytes.length) throw new Error(`input row ${r}: index ${idx[r]} after ${bytes.length} bytes of id ${id[r]}`);
      bytes.push(Number(byte[r]));
      inputs.set(Number(id[r]), bytes);
    } else if (kind[r] === DIGEST_ROW) {
      digests.push({ id: Number(id[r]), length: Number(idx[r]), hash: ((hi[r] << 128n) | lo[r]).toString(16).padStart(64, '0') });
    }
  }
  return { inputs, digests };
}

/** The table a keccak (or `hash`) circuit over `inputs` must hold, from @noble/hashes. */
export function expectedTable(inputs: readonly Uint8Array[], hash: (x: Uint8Array) => Uint8Array = keccak_256): TableContents {
  return {
    inputs: new Map(inputs.flatMap((x, i) => (x.length > 0 ? [[i + 1, [...x]] as [number, number[]]] : []))),
    digests: inputs.map((x, i) => ({ id: i + 1, length: x.length, hash: Buffer.from(hash(x)).toString('hex') })),
  };
}
