/**
 * Expressions evaluated row by row on an assignment, as the MockProver (and tools that re-check a few rows, like
 * scripts/soundness) read them: compiled once into closures, and multisets of evaluated tuples.
 */
import { FR_MODULUS } from '../field/constants.js';
import type { Column, Expr } from './expression.js';
import type { Assignment } from './layouter.js';

/** A module-local copy: an imported binding is a property read (a getter under CommonJS) on every use in the hot loops. */
const P = FR_MODULUS;

/** An expression compiled against one assignment: its value at a row, ≡ mod r but not reduced (sums stay unreduced). */
export type RowFn = (row: number) => bigint;

/** The representative in [0, r). */
export const canonical = (v: bigint): bigint => {
  const m = v % P;
  return m < 0n ? m + P : m;
};

/**
 * Expressions compiled into closures over the assignment's column arrays (shared subtrees once): no per-row
 * tree walk or visitor, a rotation is an index mask (n is a power of two). A product evaluates its smaller
 * factor first and skips the other when that is 0 — 0·x = 0 in Fr, so every value is the one the expression
 * defines; it is what makes a gate's rows with its selector off cost one read. Cells are read when a closure
 * runs (edit them freely between runs), but the column arrays are bound when an expression is compiled: make
 * an evaluator per check.
 */
export class RowEvaluator {
  readonly mask: number;
  private readonly compiled = new Map<Expr, RowFn>();
  private readonly sizes = new Map<Expr, number>();

  constructor(private readonly a: Assignment) {
    this.mask = a.n - 1;
  }

  private values(c: Column): readonly bigint[] {
    const a = this.a;
    return (c.kind === 'advice' ? a.advice : c.kind === 'fixed' ? a.fixed : a.instance)[c.index];
  }

  /** The cell as assigned (not reduced), at a row taken mod n. */
  cell(c: Column, row: number): bigint {
    return this.values(c)[row & this.mask];
  }

  compile(e: Expr): RowFn {
    let f = this.compiled.get(e);
    if (!f) this.compiled.set(e, f = this.build(e));
    return f;
  }

  /** Node count: the cost of evaluating a subtree, to order a product's factors. */
  private size(e: Expr): number {
    let s = this.sizes.get(e);
    if (s === undefined) {
      const n = e.node;
      s = n.kind === 'neg' ? 1 + this.size(n.a) : n.kind === 'sum' || n.kind === 'product' ? 1 + this.size(n.a) + this.size(n.b) : 1;
      this.sizes.set(e, s);
    }
    return s;
  }

  private build(e: Expr): RowFn {
    const n = e.node;
    switch (n.kind) {
      case 'constant': {
        const v = n.value;
        return () => v;
      }
      case 'challenge':
        throw new Error(`expression uses the challenge ${n.name}, which has no value in this evaluation`);
      case 'query': {
        const col = this.values(n.column);
        const rot = n.rotation;
        const mask = this.mask;
        return rot === 0 ? (r) => col[r] : (r) => col[(r + rot) & mask];
      }
      case 'neg': {
        const x = this.compile(n.a);
        return (r) => -x(r);
      }
      case 'sum': {
        const x = this.compile(n.a);
        if (n.b.node.kind === 'neg') {
          const y = this.compile(n.b.node.a);
          return (r) => x(r) - y(r);
        }
        const y = this.compile(n.b);
        return (r) => x(r) + y(r);
      }
      case 'product': {
        const [first, second] = this.size(n.a) <= this.size(n.b) ? [n.a, n.b] : [n.b, n.a];
        const x = this.compile(first);
        const y = this.compile(second);
        return (r) => {
          const u = x(r);
          return u === 0n ? 0n : (u * y(r)) % P;
        };
      }
    }
  }

  /** The tuple of the expressions' canonical values at a row. */
  tupleFn(es: readonly Expr[]): (row: number) => bigint[] {
    const fs = es.map((e) => this.compile(e));
    return (r) => fs.map((f) => canonical(f(r)));
  }

  /** The multiset of the tuples on the usable rows. */
  tuples(es: readonly Expr[]): TupleCounts {
    const t = new TupleCounts();
    const f = this.tupleFn(es);
    for (let row = 0; row < this.a.usableRows; row++) t.add(f(row));
    return t;
  }
}

type Level = Map<bigint, Level | number>;

/** A multiset of equal-length tuples as nested maps, one level a component (cheaper than joining them into strings). */
export class TupleCounts {
  private readonly root: Level = new Map();

  private leaf(t: readonly bigint[], create: boolean): Level | undefined {
    let m = this.root;
    for (let i = 0; i < t.length - 1; i++) {
      let next = m.get(t[i]) as Level | undefined;
      if (!next) {
        if (!create) return undefined;
        m.set(t[i], next = new Map());
      }
      m = next;
    }
    return m;
  }

  add(t: readonly bigint[]): void {
    const m = this.leaf(t, true)!;
    const last = t[t.length - 1];
    m.set(last, ((m.get(last) as number | undefined) ?? 0) + 1);
  }

  count(t: readonly bigint[]): number {
    return (this.leaf(t, false)?.get(t[t.length - 1]) as number | undefined) ?? 0;
  }

  /** Removes one occurrence of the tuple; false if there is none. */
  take(t: readonly bigint[]): boolean {
    const m = this.leaf(t, false);
    const last = t[t.length - 1];
    const c = (m?.get(last) as number | undefined) ?? 0;
    if (c === 0) return false;
    m!.set(last, c - 1);
    return true;
  }
}
