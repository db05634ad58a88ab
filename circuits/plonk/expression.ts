/**
 * Columns and polynomial expressions over cells at rotations — the language of custom gates,
 * lookups and shuffles. An expression is an immutable tree; its degree is the degree of the
 * polynomial identity it becomes in the prover (each cell query has degree 1).
 */
/**
 * advice: witness, committed by the prover; fixed: circuit constants, committed in the verifying
 * key; instance: public inputs; virtual: polynomials the verifier computes itself (the protocol's
 * Lagrange selectors and X), never used by circuits.
 */
export type ColumnKind = 'advice' | 'fixed' | 'instance' | 'virtual';

export class Column {
  constructor(readonly kind: ColumnKind, readonly index: number, readonly name: string) {}
  /** The cell of this column at `rotation` rows from the current one (−1 previous, +1 next). */
  rot(rotation: number): Expr {
    if (!Number.isInteger(rotation)) throw new RangeError(`rotation must be an integer, got ${rotation}`);
    return new Expr({ kind: 'query', column: this, rotation });
  }
  cur(): Expr { return this.rot(0); }
  next(): Expr { return this.rot(1); }
  prev(): Expr { return this.rot(-1); }
  toString(): string { return `${this.kind}[${this.index}] "${this.name}"`; }
}

/** A boolean fixed column switching a gate on at the rows where a region enables it. */
export class Selector {
  constructor(readonly name: string, readonly column: Column) {}
  expr(): Expr { return this.column.cur(); }
}

/** Verifier challenges the protocol's argument constraints use (θ compresses tuples). */
export type ChallengeName = 'theta' | 'beta' | 'gamma';

export type ExprNode =
  | { kind: 'constant'; value: bigint }
  | { kind: 'challenge'; name: ChallengeName }
  | { kind: 'query'; column: Column; rotation: number }
  | { kind: 'neg'; a: Expr }
  | { kind: 'sum'; a: Expr; b: Expr }
  | { kind: 'product'; a: Expr; b: Expr };

export type ExprLike = Expr | bigint | number;

/** What an expression evaluates to, one case per node kind (see Expr.evaluate). */
export interface ExprVisitor<T> {
  constant(value: bigint): T;
  query(column: Column, rotation: number): T;
  /** Only protocol constraints use challenges; a visitor without it rejects them. */
  challenge?(name: ChallengeName): T;
  neg(a: T): T;
  sum(a: T, b: T): T;
  product(a: T, b: T): T;
}

export class Expr {
  constructor(readonly node: ExprNode) {}

  static from(x: ExprLike): Expr {
    return x instanceof Expr ? x : constant(x);
  }

  add(b: ExprLike): Expr { return new Expr({ kind: 'sum', a: this, b: Expr.from(b) }); }
  sub(b: ExprLike): Expr { return this.add(Expr.from(b).neg()); }
  mul(b: ExprLike): Expr { return new Expr({ kind: 'product', a: this, b: Expr.from(b) }); }
  neg(): Expr { return new Expr({ kind: 'neg', a: this }); }
  square(): Expr { return this.mul(this); }

  /** Polynomial degree in the cell values. */
  degree(): number {
    const n = this.node;
    switch (n.kind) {
      case 'constant': case 'challenge': return 0;
      case 'query': return 1;
      case 'neg': return n.a.degree();
      case 'sum': return Math.max(n.a.degree(), n.b.degree());
      case 'product': return n.a.degree() + n.b.degree();
    }
  }

  evaluate<T>(v: ExprVisitor<T>): T {
    const n = this.node;
    switch (n.kind) {
      case 'constant': return v.constant(n.value);
      case 'query': return v.query(n.column, n.rotation);
      case 'challenge':
        if (!v.challenge) throw new Error(`expression uses the challenge ${n.name}, which has no value in this evaluation`);
        return v.challenge(n.name);
      case 'neg': return v.neg(n.a.evaluate(v));
      case 'sum': return v.sum(n.a.evaluate(v), n.b.evaluate(v));
      case 'product': return v.product(n.a.evaluate(v), n.b.evaluate(v));
    }
  }

  /** Every (column, rotation) the expression reads, each once. */
  queries(): Array<{ column: Column; rotation: number }> {
    const seen = new Map<string, { column: Column; rotation: number }>();
    this.evaluate<void>({
      constant: () => {},
      challenge: () => {},
      query: (column, rotation) => { seen.set(`${column.kind}:${column.index}@${rotation}`, { column, rotation }); },
      neg: () => {}, sum: () => {}, product: () => {},
    });
    return [...seen.values()];
  }

  /** A canonical text form: equal strings mean structurally equal expressions. */
  toString(): string {
    return this.evaluate<string>({
      constant: (v) => v.toString(),
      query: (c, r) => `${c.kind[0]}${c.index}${r === 0 ? '' : r > 0 ? `@+${r}` : `@${r}`}`,
      challenge: (name) => name,
      neg: (a) => `-(${a})`,
      sum: (a, b) => `(${a} + ${b})`,
      product: (a, b) => `${a}·${b}`,
    });
  }
}

export function challenge(name: ChallengeName): Expr {
  return new Expr({ kind: 'challenge', name });
}

export function constant(x: bigint | number): Expr {
  return new Expr({ kind: 'constant', value: BigInt(x) });
}

/** Σ terms (0 for none). */
export function sum(terms: readonly ExprLike[]): Expr {
  return terms.length === 0 ? constant(0) : terms.map(Expr.from).reduce((a, b) => a.add(b));
}
