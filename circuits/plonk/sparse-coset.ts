/**
 * Coset evaluations of a column whose values differ from one common value c on only a few rows, without an NTT.
 * On the coset part h·H, L_i(h·ω^m) = C·K[(m − i) mod n] with C = (h^n − 1)/n and K[d] = 1/(h·ω^d − 1), so
 *   p(h·ω^m) = c + Σ_{i: v_i ≠ c} (v_i − c)·C·K[(m − i) mod n]:
 * s·n multiplications for s such rows, against ~(k/2)·n for a coset NTT. Mostly idle witness columns (an EVM
 * column set on a few steps, a selector enabling a few rows) are like this.
 */
import { frInv, frMod, frPow } from '../field/fr-scalar.js';
import { Fr, type Ptr } from '../field/index.js';
import { INSTRUCTION_WORDS, PROGRAM_BLOCK, ProgramOp } from '../poly/program-wat.js';
import { kernel } from '../wasm/kernel.js';
import { kernelPool, splitRange, threadCount, type KernelCall } from '../wasm/pool.js';
import { allocVec, copyVec, fillVec, freeVec } from './vectors.js';

export interface SparseColumn {
  readonly common: bigint;
  /** (row, v_row − common) for the rows that differ. */
  readonly rows: ReadonlyArray<readonly [number, bigint]>;
}

/** The column as a common value (0 or its last row's) plus at most `max` differing rows, or undefined. */
export function sparseColumn(values: Ptr, n: number, max: number): SparseColumn | undefined {
  const W = Fr.elementBytes >>> 2;
  const u32 = kernel().u32();
  const base = values >>> 2;
  const last = base + (n - 1) * W;
  const differing = (againstLast: boolean): number[] | undefined => {
    const rows: number[] = [];
    for (let i = 0, o = base; i < n; i++, o += W) {
      let diff = 0;
      for (let w = 0; w < W; w++) diff |= againstLast ? u32[o + w] ^ u32[last + w] : u32[o + w];
      if (diff !== 0 && rows.push(i) > max) return undefined;
    }
    return rows;
  };
  for (const againstLast of [false, true]) {
    const rows = differing(againstLast);
    if (!rows) continue;
    const common = againstLast ? Fr.read(Fr.at(values, n - 1)) : 0n;
    return { common, rows: rows.map((i) => [i, frMod(Fr.read(Fr.at(values, i)) - common)] as const) };
  }
  return undefined;
}

/**
 * Writes at outs[j] the n evaluations of columns[j] on the coset part h·H (`xValues`: ω^i for i < n), as one
 * program of AXPY steps over a doubled table of C·K, run on the workers.
 */
export async function sparseCosetEvaluations(columns: readonly SparseColumn[], outs: readonly Ptr[], n: number, h: bigint, xValues: Ptr, threads = threadCount()): Promise<void> {
  const total = columns.reduce((s, c) => s + c.rows.length, 0);
  const table = allocVec(2 * n);
  const scalars = allocVec(Math.max(1, total));
  const code = kernel().heap.alloc(Math.max(1, total) * INSTRUCTION_WORDS * 4);
  const s = Fr.alloc();
  try {
    // C·K[d] = C/(h·ω^d − 1), twice over so that K[(m − i) mod n] is the row m of a vector starting at K + (n − i)
    Fr.write(s, h);
    Fr.vecScale(xValues, s, table, n);
    fillVec(Fr.at(table, n), frMod(-1n), n);
    Fr.vecAdd(table, Fr.at(table, n), table, n);
    Fr.batchInvert(table, table, n);
    Fr.write(s, frMod((frPow(h, BigInt(n)) - 1n) * frInv(BigInt(n))));
    Fr.vecScale(table, s, table, n);
    copyVec(table, Fr.at(table, n), n);
    const words = new Int32Array(total * INSTRUCTION_WORDS);
    let j = 0;
    columns.forEach((col, k) => {
      fillVec(outs[k], col.common, n);
      for (const [row, delta] of col.rows) {
        Fr.write(Fr.at(scalars, j), delta);
        words.set([ProgramOp.AXPY, outs[k], Fr.at(table, n - row), Fr.at(scalars, j)], j * INSTRUCTION_WORDS);
        j++;
      }
    });
    kernel().u32().set(words, code >>> 2);
    const ranges = splitRange(n, threads, PROGRAM_BLOCK * 4);
    if (ranges.length <= 1) kernel().exports.poly_program(code, total, 0, n);
    else await kernelPool().runAll(ranges.map(([a, c]): KernelCall[] => [['poly_program', code, total, a, a + c]]));
  } finally {
    freeVec(table);
    freeVec(scalars);
    kernel().heap.release(code);
    Fr.free(s);
  }
}
