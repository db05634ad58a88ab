/**
 * LtChip (LessThan over n bytes, as in the PSE zkEVM): lt = (a < b) for a, b ∈ [0, 256^n), one row:
 *
 *   advice a, b (copy-enabled), lt, diff_0 … diff_{n−1}; selector q
 *   gate "<name>":  q·lt·(1 − lt) = 0
 *                   q·(a − b + lt·256^n − Σ diff_i·256^i) = 0                       (degree 2)
 *   lookups "<name> diff byte i":  q·diff_i ∈ byte table
 *
 * a − b + lt·256^n lies in [0, 256^n) exactly when lt is the truth: with lt = 0 and a < b it is
 * negative (a field element ≥ r − 256^n, no n-byte decomposition), with lt = 1 and a ≥ b it is
 * ≥ 256^n. Soundness needs a, b < 256^n — the caller's job (they usually come from a byte
 * decomposition) — and 8n < 253 so nothing wraps: n ≤ 31.
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region, Selector } from '../plonk/index.js';
import { constant, sum } from '../plonk/index.js';
import { assignInput, GadgetError, lazy, mod, type CellInput } from './common.js';
import type { RangeTable } from './range-table.js';

export interface LtResult { a: AssignedCell; b: AssignedCell; lt: AssignedCell; diff: AssignedCell[] }

export class LtChip {
  private constructor(
    readonly name: string,
    readonly a: Column,
    readonly b: Column,
    readonly lt: Column,
    readonly diff: readonly Column[],
    readonly q: Selector,
  ) {}

  /** n = diff.length bytes; `byteTable` must be an 8-bit RangeTable. */
  static configure(cs: ConstraintSystem, name: string, byteTable: RangeTable, a: Column, b: Column, lt: Column, diff: readonly Column[]): LtChip {
    const n = diff.length;
    if (n < 1 || n > 31) throw new GadgetError('LtChip', `n = ${n} bytes: need 1 ≤ n ≤ 31`);
    if (byteTable.bits !== 8) throw new GadgetError('LtChip', `needs the byte table, got a ${byteTable.bits}-bit table`);
    const q = cs.selector(name);
    for (const c of [a, b, lt]) cs.enableEquality(c);
    const s = q.expr();
    const l = lt.cur();
    const recomposed = sum(diff.map((d, i) => d.cur().mul(1n << BigInt(8 * i))));
    cs.createGate(name, {
      'lt is boolean': s.mul(l).mul(constant(1).sub(l)),
      'a − b + lt·256^n = Σ diff·256^i': s.mul(a.cur().sub(b.cur()).add(l.mul(1n << BigInt(8 * n))).sub(recomposed)),
    });
    diff.forEach((d, i) => byteTable.lookup(cs, `${name} diff byte ${i}`, s.mul(d.cur())));
    return new LtChip(name, a, b, lt, diff, q);
  }

  get bytes(): number { return this.diff.length; }

  /** lt on the current row, as an expression for other gates. */
  isLess(): Expr { return this.lt.cur(); }

  assign(region: Region, offset: number, a: CellInput, b: CellInput): LtResult {
    region.enableSelector(this.q, offset);
    const ca = assignInput(region, `${this.name} a`, this.a, offset, a);
    const cb = assignInput(region, `${this.name} b`, this.b, offset, b);
    const [ra, rb] = [lazy(ca), lazy(cb)];
    const range = 1n << BigInt(8 * this.bytes);
    const check = (x: bigint, what: string) => {
      if (x < 0n || x >= range) throw new GadgetError('LtChip', `${this.name}: ${what} = ${x} does not fit ${this.bytes} bytes`);
      return x;
    };
    const lt = region.assignAdvice(`${this.name} lt`, this.lt, offset, () => (check(ra(), 'a') < check(rb(), 'b') ? 1n : 0n));
    const diffValue = () => mod(ra() - rb() + lt.value * range);
    const diff = this.diff.map((col, i) => region.assignAdvice(`${this.name} diff ${i}`, col, offset, () => (diffValue() >> BigInt(8 * i)) & 0xffn));
    return { a: ca, b: cb, lt, diff };
  }
}
