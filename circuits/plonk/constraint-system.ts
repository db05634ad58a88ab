/**
 * The shape of a PLONKish circuit: its columns, named gates, lookups, shuffles and which columns
 * take part in copy constraints. A circuit's `configure` fills one in; keygen, the prover, the
 * verifier and MockProver all read it.
 *
 * Row convention: of the 2^k rows, the last is reserved (the permutation and lookup running
 * products/sums close there), so `usableRows = 2^k − 1`. Gates hold on every row, lookups and
 * copy constraints on the usable rows.
 */
import { Column, Expr, Selector, type ColumnKind, type ExprLike } from './expression.js';

export interface Constraint { readonly name: string; readonly expr: Expr }
export interface Gate { readonly name: string; readonly constraints: readonly Constraint[] }

/** Every input tuple (on every usable row) must occur among the table tuples (logUp argument). */
export interface Lookup { readonly name: string; readonly inputs: readonly Expr[]; readonly table: readonly Expr[] }

/** The input tuples are a permutation (as a multiset) of the shuffle tuples, over the usable rows. */
export interface Shuffle { readonly name: string; readonly inputs: readonly Expr[]; readonly shuffle: readonly Expr[] }

export class ConstraintSystemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConstraintSystemError';
  }
}

export class ConstraintSystem {
  readonly advice: Column[] = [];
  readonly fixed: Column[] = [];
  readonly instance: Column[] = [];
  readonly selectors: Selector[] = [];
  readonly gates: Gate[] = [];
  readonly lookups: Lookup[] = [];
  readonly shuffles: Shuffle[] = [];
  /** Columns whose cells may be copy-constrained (the permutation argument's columns), in order. */
  readonly equality: Column[] = [];
  /** Fixed columns that hold constants for constrainConstant / assignAdviceFromConstant. */
  readonly constants: Column[] = [];
  /**
   * The least degree the proof's constraints may take (halo2's minimum degree): a higher one packs more lookup terms
   * per h column and more equality columns per permutation z, so a proof commits fewer polynomials (each an ecMul and
   * an evaluation on-chain) at the price of a larger extended domain for the quotient. 0: the gates decide.
   */
  minimumDegree = 0;
  private readonly names = new Set<string>();

  private column(kind: ColumnKind, list: Column[], name: string): Column {
    const key = `column:${name}`;
    if (this.names.has(key)) throw new ConstraintSystemError(`duplicate column name "${name}"`);
    this.names.add(key);
    const c = new Column(kind, list.length, name);
    list.push(c);
    return c;
  }

  adviceColumn(name: string): Column { return this.column('advice', this.advice, name); }
  fixedColumn(name: string): Column { return this.column('fixed', this.fixed, name); }
  instanceColumn(name: string): Column { return this.column('instance', this.instance, name); }

  /** A selector: a fixed 0/1 column that regions enable row by row. */
  selector(name: string): Selector {
    const s = new Selector(name, this.fixedColumn(`selector:${name}`));
    this.selectors.push(s);
    return s;
  }

  /** Lets cells of the column take part in copy constraints. */
  enableEquality(column: Column): void {
    if (!this.equality.includes(column)) this.equality.push(column);
  }

  /** Makes a fixed column the home of constants (also enables equality on it). */
  enableConstant(column: Column): void {
    if (column.kind !== 'fixed') throw new ConstraintSystemError(`constants live in fixed columns, not in ${column}`);
    if (!this.constants.includes(column)) this.constants.push(column);
    this.enableEquality(column);
  }

  private claim(kind: string, name: string): void {
    const key = `${kind}:${name}`;
    if (this.names.has(key)) throw new ConstraintSystemError(`duplicate ${kind} name "${name}"`);
    this.names.add(key);
  }

  /**
   * A custom gate: named polynomial constraints that must vanish on every row. Multiply each by
   * the gate's selector so it only binds where regions enable it.
   */
  createGate(name: string, constraints: Record<string, ExprLike> | Array<[string, ExprLike]>): Gate {
    this.claim('gate', name);
    const list = (Array.isArray(constraints) ? constraints : Object.entries(constraints))
      .map(([n, e]) => ({ name: n, expr: Expr.from(e) }));
    if (list.length === 0) throw new ConstraintSystemError(`gate "${name}" has no constraints`);
    const seen = new Set<string>();
    for (const c of list) {
      if (seen.has(c.name)) throw new ConstraintSystemError(`gate "${name}" has two constraints named "${c.name}"`);
      seen.add(c.name);
    }
    const gate = { name, constraints: list };
    this.gates.push(gate);
    return gate;
  }

  /**
   * A lookup of input tuples into a table of tuples. Inputs are evaluated on every usable row, so
   * multiply them by a selector and make sure the table holds the tuple of zeros (unassigned table
   * rows are zero, so any table shorter than the usable rows does).
   */
  lookup(name: string, pairs: Array<[input: ExprLike, table: ExprLike]>): Lookup {
    this.claim('lookup', name);
    if (pairs.length === 0) throw new ConstraintSystemError(`lookup "${name}" has no columns`);
    const l = { name, inputs: pairs.map(([i]) => Expr.from(i)), table: pairs.map(([, t]) => Expr.from(t)) };
    this.lookups.push(l);
    return l;
  }

  /** A shuffle (multiset equality) of input tuples and shuffle tuples over the usable rows. */
  shuffle(name: string, pairs: Array<[input: ExprLike, shuffled: ExprLike]>): Shuffle {
    this.claim('shuffle', name);
    if (pairs.length === 0) throw new ConstraintSystemError(`shuffle "${name}" has no columns`);
    const s = { name, inputs: pairs.map(([i]) => Expr.from(i)), shuffle: pairs.map(([, t]) => Expr.from(t)) };
    this.shuffles.push(s);
    return s;
  }

  /** Lookups grouped by identical table: each group shares one multiplicity column. */
  lookupTables(): Array<{ table: readonly Expr[]; lookups: Lookup[] }> {
    const groups = new Map<string, { table: readonly Expr[]; lookups: Lookup[] }>();
    for (const l of this.lookups) {
      const key = l.table.map(String).join(' | ');
      const g = groups.get(key);
      if (g) g.lookups.push(l);
      else groups.set(key, { table: l.table, lookups: [l] });
    }
    return [...groups.values()];
  }

  /** The largest degree among gate constraints (the quotient's extended domain follows from it). */
  maxGateDegree(): number {
    let d = 0;
    for (const g of this.gates) for (const c of g.constraints) d = Math.max(d, c.expr.degree());
    return d;
  }

  /** Raises the proof's degree to at least `degree` (see minimumDegree). */
  setMinimumDegree(degree: number): void {
    if (!Number.isInteger(degree) || degree < 3) throw new ConstraintSystemError(`a minimum degree is an integer ≥ 3, got ${degree}`);
    this.minimumDegree = degree;
  }

  /** Every column, by kind. */
  columns(kind: ColumnKind): readonly Column[] {
    return kind === 'advice' ? this.advice : kind === 'fixed' ? this.fixed : this.instance;
  }
}
