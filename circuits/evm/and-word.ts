/**
 * The AND word table: rows proving c = a AND b for 256-bit words, which EVM steps look up as one tuple
 * (a lo, a hi, b lo, b hi, c lo, c hi). AND is enough for AND/OR/XOR: a + b = (a XOR b) + 2·(a AND b) and
 * a OR b = a + b − (a AND b) hold for whole integers, so OR and XOR are linear in the looked-up AND.
 *
 * Layout: one block of R = 2·128/(chunks·w) rows per operation (w = the BitwiseTable's chunk bits; R = 8 for
 * nibbles, 4 for bytes): rows 0 … R/2 − 1 build the lo halves, the rest the hi halves. Per row, `chunks` chunk
 * triples (a_i, b_i, c_i) are looked up in the BitwiseTable (range checks and c_i = a_i AND b_i), and per
 * operand an accumulator takes acc = Σ_i x_i·2^(w·(chunks−1−i)) on a half's first row (q_head) and
 * acc = acc_prev·2^(w·chunks) + Σ_i … on the others. The block's last row (q_out) exposes the tuple:
 * hi accumulators there, lo accumulators R/2 rows up. The layout is uniform (capacity blocks; unused ones
 * are all-zero, 0 AND 0 = 0), so it never depends on the witness.
 */
import { GadgetError } from '../gadgets/common.js';
import type { BitwiseTable } from '../gadgets/bitwise-table.js';
import { splitWord } from '../gadgets/word.js';
import { sum, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import type { WordExpr } from './step.js';

const OPERANDS = ['a', 'b', 'c'] as const;
type Operand = (typeof OPERANDS)[number];

export class AndWordTable {
  private constructor(
    readonly name: string,
    readonly bits: number,
    readonly chunks: Readonly<Record<Operand, readonly Column[]>>,
    readonly acc: Readonly<Record<Operand, Column>>,
    readonly qRow: Selector, readonly qHead: Selector, readonly qOut: Selector,
  ) {}

  static configure(cs: ConstraintSystem, name: string, table: BitwiseTable, chunksPerRow = 8): AndWordTable {
    if (128 % (chunksPerRow * table.bits) !== 0) throw new GadgetError('AndWordTable', `${chunksPerRow} chunks of ${table.bits} bits do not tile a 128-bit half`);
    const chunks = Object.fromEntries(OPERANDS.map((x) => [x, Array.from({ length: chunksPerRow }, (_, i) => cs.adviceColumn(`${name} ${x} chunk ${i}`))])) as Record<Operand, Column[]>;
    const acc = Object.fromEntries(OPERANDS.map((x) => [x, cs.adviceColumn(`${name} ${x} acc`)])) as Record<Operand, Column>;
    const [qRow, qHead, qOut] = ['row', 'head', 'out'].map((n) => cs.selector(`${name} ${n}`));
    const q = qRow.expr();
    const shift = 1n << BigInt(table.bits * chunksPerRow);
    const chunkSum = (x: Operand): Expr => sum(chunks[x].map((c, i) => c.cur().mul(1n << BigInt(table.bits * (chunksPerRow - 1 - i)))));
    const rules: Array<[string, Expr]> = OPERANDS.flatMap((x): Array<[string, Expr]> => [
      [`${x} head: acc = chunks`, qHead.expr().mul(acc[x].cur().sub(chunkSum(x)))],
      [`${x}: acc = acc_prev·2^${table.bits * chunksPerRow} + chunks`, q.sub(qHead.expr()).mul(acc[x].cur().sub(acc[x].prev().mul(shift)).sub(chunkSum(x)))],
    ]);
    cs.createGate(name, rules);
    for (let i = 0; i < chunksPerRow; i++) table.lookup(cs, `${name} chunk ${i}`, q.mul(chunks.a[i]!.cur()), q.mul(chunks.b[i]!.cur()), q.mul(chunks.c[i]!.cur()));
    return new AndWordTable(name, table.bits, chunks, acc, qRow, qHead, qOut);
  }

  /** Rows per operation. */
  get rowsPerOp(): number { return (2 * 128) / (this.chunks.a.length * this.bits); }

  /** Pairs for `cs.lookup`: "c = a AND b" where `q` is on. */
  lookupPairs(q: Expr, a: WordExpr, b: WordExpr, c: WordExpr): Array<[Expr, Expr]> {
    const out = this.qOut.expr();
    const up = -this.rowsPerOp / 2;
    const words: Record<Operand, WordExpr> = { a, b, c };
    return OPERANDS.flatMap((x): Array<[Expr, Expr]> => [
      [q.mul(words[x].lo), out.mul(this.acc[x].rot(up))],
      [q.mul(words[x].hi), out.mul(this.acc[x].cur())],
    ]);
  }

  /** Lays out `capacity` operation blocks: `ops` (pairs a, b), then all-zero blocks. */
  assign(layouter: Layouter, capacity: number, ops: ReadonlyArray<readonly [bigint, bigint]>): void {
    if (ops.length > capacity) throw new GadgetError('AndWordTable', `${ops.length} AND operations do not fit a capacity of ${capacity}`);
    const R = this.rowsPerOp;
    const perRow = this.chunks.a.length;
    const mask = (1n << BigInt(this.bits)) - 1n;
    layouter.assignRegion(`${this.name} rows`, (region) => {
      for (let op = 0; op < capacity; op++) {
        const [a, b] = ops[op] ?? [0n, 0n];
        const halves: Record<Operand, [bigint, bigint]> = { a: splitWord(a), b: splitWord(b), c: splitWord(a & b) };
        for (let r = 0; r < R; r++) {
          const row = op * R + r;
          const half = r < R / 2 ? 0 : 1;
          const inHalf = r % (R / 2);
          region.enableSelector(this.qRow, row);
          if (inHalf === 0) region.enableSelector(this.qHead, row);
          if (r === R - 1) region.enableSelector(this.qOut, row);
          for (const x of OPERANDS) {
            const value = halves[x][half];
            // rows of a half take its chunks most significant first
            const bitsLeft = BigInt(this.bits * perRow * (R / 2 - 1 - inHalf));
            this.chunks[x].forEach((col, i) => region.assignAdvice(`${x} chunk`, col, row, (value >> (bitsLeft + BigInt(this.bits * (perRow - 1 - i)))) & mask));
            region.assignAdvice(`${x} acc`, this.acc[x], row, value >> bitsLeft);
          }
        }
      }
    });
  }
}
