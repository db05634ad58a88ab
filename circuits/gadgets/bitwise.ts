/**
 * BitwiseChip: AND, OR, XOR and NOT of w-bit chunks (bytes for w = 8), one row per operation,
 * through the AND table (see BitwiseTable for why only AND is tabulated):
 *
 *   advice a, b, out (copy-enabled), and; selectors q_and, q_or, q_xor, q_not
 *   lookup "<name> and":  q·(a, b, and) ∈ BitwiseTable, q = q_and + q_or + q_xor + q_not   (degree 3)
 *   gate "<name>":  q_and·(out − and) = 0
 *                   q_or ·(out − (a + b − and)) = 0
 *                   q_xor·(out − (a + b − 2·and)) = 0
 *                   q_not·(out − (2^w − 1 − a)) = 0,  q_not·b = 0   (the lookup range-checks a; and = 0)
 *
 * At most one op selector is on per row. The lookup bounds a and b, and out follows from them.
 */
import type { AssignedCell, Column, ConstraintSystem, Region, Selector } from '../plonk/index.js';
import { assignInput, lazy, type CellInput } from './common.js';
import type { BitwiseTable } from './bitwise-table.js';

export type BitwiseOp = 'and' | 'or' | 'xor' | 'not';

export interface BitwiseResult { a: AssignedCell; b: AssignedCell; out: AssignedCell }

export class BitwiseChip {
  private constructor(
    readonly name: string,
    readonly table: BitwiseTable,
    readonly a: Column,
    readonly b: Column,
    readonly out: Column,
    readonly and: Column,
    readonly selectors: Readonly<Record<BitwiseOp, Selector>>,
  ) {}

  static configure(cs: ConstraintSystem, name: string, table: BitwiseTable, a: Column, b: Column, out: Column, and: Column): BitwiseChip {
    const sel = {
      and: cs.selector(`${name} and`), or: cs.selector(`${name} or`), xor: cs.selector(`${name} xor`), not: cs.selector(`${name} not`),
    };
    for (const c of [a, b, out]) cs.enableEquality(c);
    const [x, y, o, t] = [a.cur(), b.cur(), out.cur(), and.cur()];
    const any = sel.and.expr().add(sel.or.expr()).add(sel.xor.expr()).add(sel.not.expr());
    table.lookup(cs, `${name} and`, any.mul(x), any.mul(y), any.mul(t));
    cs.createGate(name, {
      'and: out = and': sel.and.expr().mul(o.sub(t)),
      'or: out = a + b − and': sel.or.expr().mul(o.sub(x.add(y).sub(t))),
      'xor: out = a + b − 2·and': sel.xor.expr().mul(o.sub(x.add(y).sub(t.mul(2)))),
      'not: out = mask − a': sel.not.expr().mul(o.sub(table.mask).add(x)),
      'not: b = 0': sel.not.expr().mul(y),
    });
    return new BitwiseChip(name, table, a, b, out, and, sel);
  }

  /** out = a op b (b is ignored for 'not': pass 0n). */
  assign(region: Region, offset: number, op: BitwiseOp, a: CellInput, b: CellInput = 0n): BitwiseResult {
    region.enableSelector(this.selectors[op], offset);
    const ca = assignInput(region, `${this.name} a`, this.a, offset, a);
    const cb = assignInput(region, `${this.name} b`, this.b, offset, op === 'not' ? 0n : b);
    const [ra, rb] = [lazy(ca), lazy(cb)];
    const mask = this.table.mask;
    region.assignAdvice(`${this.name} and`, this.and, offset, () => ra() & rb());
    const out = region.assignAdvice(`${this.name} out`, this.out, offset, () => {
      const [x, y] = [ra(), rb()];
      switch (op) {
        case 'and': return x & y;
        case 'or': return x | y;
        case 'xor': return x ^ y;
        case 'not': return mask - x;
      }
    });
    return { a: ca, b: cb, out };
  }
}
