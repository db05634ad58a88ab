/**
 * The polynomial identities of a proof, shared by keygen, prover and verifier: the circuit's gates
 * plus the constraints of the permutation, lookup (logUp) and shuffle arguments, all written as
 * Expr over columns. Argument polynomials are extra advice columns (committed by the prover), the
 * permutation's σ are extra fixed columns (in the verifying key), and l₀, l_last and X are
 * "virtual" columns the verifier evaluates itself.
 *
 * Rows: the arguments run over the usable rows 0..n−2 and close on the reserved last row n−1.
 *  permutation, chunk c of the equality columns (chunk size D − 2):
 *    l₀·(z₀ − 1),  l_last·(z_c(ωX) − z_{c−1}),  l_last·(z_last − 1),
 *    (1 − l_last)·(z_c(ωX)·Π(w_j + β·σ_j + γ) − z_c·Π(w_j + β·δ^j·X + γ))
 *  lookups (logUp), all tables in one running sum φ: table t (tag τ_t, multiplicities m_t) and its inputs f_j are
 *  compressed with θ behind the tag, (τ_t, e_0, e_1, …), so tuples of different tables never coincide. Every input
 *  term 1/(β + f_j) and table term −m_t/(β + t) is one term of a group G with a column h_G = Σ_{k∈G} c_k/(β + d_k)
 *  (c_k = 1 or −m_t), the groups packed so each constraint stays within the degree D (1 + Σ_{k∈G} deg d_k ≤ D):
 *    h_G·Π_{k∈G}(β + d_k) − Σ_{k∈G} c_k·Π_{i∈G, i≠k}(β + d_i),
 *    (1 − l_last)·((φ(ωX) − φ − Σ_G h_G)·Π_{k∈G₀}(β + d_k) − Σ_{k∈G₀} c_k·Π_{i∈G₀, i≠k}(β + d_i)),  l₀·φ,  l_last·φ
 *  where the running sum takes one group G₀ itself (weight ≤ D − 2), without an h column.
 *  shuffle of inputs f by s:  l₀·(z − 1),  l_last·(z − 1),  (1 − l_last)·(z(ωX)·(γ + s) − z·(γ + f))
 */
import { frPow } from '../field/fr-scalar.js';
import { FR_TWO_ADICITY, FR_MULTIPLICATIVE_GENERATOR } from '../field/constants.js';
import { Column, Expr, challenge, constant, sum } from './expression.js';
import type { Constraint, ConstraintSystem, Shuffle } from './constraint-system.js';
import type { G1Affine } from '../curve/index.js';


/** δ = g^(2^28) has odd order, so the cosets δ^j·H of the 2-power domains H are disjoint. */
export const DELTA = frPow(FR_MULTIPLICATIVE_GENERATOR, 1n << BigInt(FR_TWO_ADICITY));

export interface Challenges { readonly theta: bigint; readonly beta: bigint; readonly gamma: bigint }

/** One table's lookups: its tag in the compressed tuples and its multiplicity column. */
export interface LookupArgument {
  readonly names: readonly string[];
  readonly tag: bigint;
  readonly table: readonly Expr[];
  readonly inputs: ReadonlyArray<readonly Expr[]>;
  readonly m: Column;
}

/** A term of the logUp sum: input `input` of table `lookup` (1/(β + f)), or, without `input`, the table (−m/(β + t)). */
export interface LookupTerm { readonly lookup: number; readonly input?: number }

/** Terms whose sum one column h holds. */
export interface LookupGroup { readonly terms: readonly LookupTerm[]; readonly h: Column }

/** A polynomial the proof opens: a queried advice or fixed column, or quotient piece `piece` (opened at x only). */
export type Opened = { readonly column: Column; readonly piece?: undefined } | { readonly piece: number; readonly column?: undefined };

/** Polynomials opened at the same rotations, combined with powers of v (Horner, in member order) into one. */
export interface OpeningSet { readonly rotations: readonly number[]; readonly members: readonly Opened[] }

export interface ShuffleArgument { readonly shuffle: Shuffle; readonly z: Column }

/** Π factors (1 for none). */
const product = (es: readonly Expr[]): Expr => (es.length === 0 ? constant(1) : es.reduce((a, b) => a.mul(b)));

/** θ-compression of a tuple, e_0 + θ·e_1 + θ²·e_2 + …, in Horner form. */
function compress(es: readonly Expr[]): Expr {
  const theta = challenge('theta');
  return es.slice(0, -1).reduceRight((acc, e) => acc.mul(theta).add(e), es[es.length - 1]);
}

export class Protocol {
  readonly n: number;
  /** Equality columns, chunked so each chunk's constraint stays within the degree. */
  readonly permChunks: Column[][] = [];
  readonly permZ: Column[] = [];
  readonly sigma: Column[] = [];
  readonly lookups: LookupArgument[] = [];
  readonly lookupGroups: LookupGroup[] = [];
  /** The lookups' one running sum (none without lookups). */
  readonly phi?: Column;
  /** Terms the running sum's constraint takes directly, without an h column. */
  readonly sumTerms: readonly LookupTerm[];
  readonly shuffles: ShuffleArgument[] = [];
  readonly l0 = new Column('virtual', 0, 'l_0');
  readonly lLast = new Column('virtual', 1, 'l_last');
  readonly x = new Column('virtual', 2, 'X');
  /** Columns committed after θ (lookup multiplicities) and after β, γ (running products/sums). */
  readonly phase1: Column[] = [];
  readonly phase2: Column[] = [];
  /** Max degree of any constraint; the quotient has degree − 1 pieces. */
  readonly degree: number;
  /** log2 of the extended-domain blow-up: 2^extension ≥ degree − 1. */
  readonly extension: number;

  /** Fixed columns (σ included) whose commitment equals an earlier one's: index → that earlier index. */
  readonly fixedAliases = new Map<number, number>();

  /**
   * With the key's fixed commitments, fixed columns that commit to the same point — the same polynomial, KZG being
   * binding — are opened once: queries() names the first of them, and canonical() maps the others to it.
   */
  constructor(readonly cs: ConstraintSystem, readonly k: number, fixedCommitments?: readonly G1Affine[]) {
    this.n = 1 << k;
    const first = new Map<string, number>();
    fixedCommitments?.forEach((c, i) => {
      const at = `${c.x},${c.y}`;
      const j = first.get(at);
      if (j === undefined) first.set(at, i); else this.fixedAliases.set(i, j);
    });
    let advice = cs.advice.length;
    const newAdvice = (name: string) => new Column('advice', advice++, name);
    // degree from everything but the permutation (whose chunking adapts to it); at least 3 and the circuit's minimum
    let d = Math.max(3, cs.minimumDegree, cs.maxGateDegree());
    const deg = (es: readonly Expr[]) => Math.max(...es.map((e) => e.degree()));
    const tables = cs.lookupTables();
    for (const g of tables) d = Math.max(d, 1 + deg(g.table), ...g.lookups.map((l) => 1 + deg(l.inputs)));
    for (const s of cs.shuffles) d = Math.max(d, 2 + Math.max(deg(s.inputs), deg(s.shuffle)));
    tables.forEach((g, t) => {
      const m = newAdvice(`lookup m [${g.lookups[0].name}]`);
      this.lookups.push({ names: g.lookups.map((l) => l.name), tag: BigInt(t + 1), table: g.table, inputs: g.lookups.map((l) => l.inputs), m });
      this.phase1.push(m);
    });
    // terms by decreasing degree (first fit decreasing packs tighter), inputs before their table
    const terms: Array<LookupTerm & { degree: number }> = this.lookups.flatMap((l, t) => [
      ...l.inputs.map((inp, input) => ({ lookup: t, input, degree: deg(inp) })), { lookup: t, degree: deg(l.table) }]);
    terms.sort((a, b) => b.degree - a.degree);
    // the running sum's constraint takes the first group itself (its degree has room for terms of weight d − 2)
    const [own, ...groups] = groupInputs(terms.map((x) => x.degree), d, d - 2);
    const term = (i: number): LookupTerm => ({ lookup: terms[i].lookup, input: terms[i].input });
    this.sumTerms = own.map(term);
    for (const members of groups) {
      const groupTerms = members.map(term);
      const h = newAdvice(`lookup h [${groupTerms.map((x) => this.termName(x)).join(', ')}]`);
      this.lookupGroups.push({ terms: groupTerms, h });
      this.phase2.push(h);
    }
    if (tables.length > 0) {
      this.phi = newAdvice('lookup φ');
      this.phase2.push(this.phi);
    }
    for (const s of cs.shuffles) {
      const z = newAdvice(`shuffle z [${s.name}]`);
      this.shuffles.push({ shuffle: s, z });
      this.phase2.push(z);
    }
    const chunk = d - 2;
    for (let i = 0; i < cs.equality.length; i += chunk) {
      this.permChunks.push(cs.equality.slice(i, i + chunk));
      const z = newAdvice(`permutation z${this.permZ.length}`);
      this.permZ.push(z);
      this.phase2.push(z);
    }
    cs.equality.forEach((c, j) => this.sigma.push(new Column('fixed', cs.fixed.length + j, `σ${j} [${c.name}]`)));
    this.degree = d;
    this.extension = Math.ceil(Math.log2(d - 1));
  }

  /** A lookup term by name: an input by its lookup's, a table by its first lookup's. */
  termName(x: LookupTerm): string {
    const l = this.lookups[x.lookup];
    return x.input === undefined ? `table of "${l.names[0]}"` : `"${l.names[x.input]}"`;
  }

  /** A term's compressed tuple behind its table's tag, (τ, e_0, e_1, …), and its numerator: 1 for an input, −m for a table. */
  termTuple(x: LookupTerm): { tuple: readonly Expr[]; numerator: Expr } {
    const l = this.lookups[x.lookup];
    return x.input === undefined
      ? { tuple: [constant(l.tag), ...l.table], numerator: l.m.cur().neg() }
      : { tuple: [constant(l.tag), ...l.inputs[x.input]], numerator: constant(1) };
  }

  /** The column whose evaluation stands for `c` in the proof: itself, or the first fixed column with its commitment. */
  canonical(c: Column): Column {
    const j = c.kind === 'fixed' ? this.fixedAliases.get(c.index) : undefined;
    if (j === undefined) return c;
    return j < this.cs.fixed.length ? this.cs.fixed[j] : this.sigma[j - this.cs.fixed.length];
  }

  /** All advice columns: the circuit's, then the arguments'. */
  get adviceCount(): number { return this.cs.advice.length + this.phase1.length + this.phase2.length; }
  /** All fixed columns: the circuit's (selectors included), then σ. */
  get fixedCount(): number { return this.cs.fixed.length + this.sigma.length; }

  private constraintList?: readonly Constraint[];
  private openingList?: readonly OpeningSet[];

  /**
   * The multi-opening's sets: every queried column by its (ascending) rotations, then the quotient pieces with the
   * columns opened at rotation 0 alone; sets in order of first member, members in queries() order. Built once.
   */
  openingSets(): readonly OpeningSet[] {
    this.openingList ??= this.buildOpeningSets();
    return this.openingList;
  }

  private buildOpeningSets(): OpeningSet[] {
    const byColumn = new Map<Column, number[]>();
    for (const q of this.queries()) byColumn.set(q.column, [...(byColumn.get(q.column) ?? []), q.rotation]);
    const sets = new Map<string, { rotations: number[]; members: Opened[] }>();
    const join = (rotations: number[], member: Opened) => {
      const k = rotations.join(',');
      if (!sets.has(k)) sets.set(k, { rotations, members: [] });
      sets.get(k)!.members.push(member);
    };
    for (const [column, rotations] of byColumn) join(rotations, { column });
    for (let piece = 0; piece < this.degree - 1; piece++) join([0], { piece });
    return [...sets.values()];
  }

  /** Every opening point as a rotation, ascending (0 always: the quotient pieces). */
  openingRotations(): number[] {
    return [...new Set(this.queries().map((q) => q.rotation).concat([0]))].sort((a, b) => a - b);
  }
  private queryList?: ReadonlyArray<{ column: Column; rotation: number }>;

  /** Every constraint, named, in a fixed order (the quotient combines them with powers of y); built once. */
  constraints(): readonly Constraint[] {
    this.constraintList ??= this.buildConstraints();
    return this.constraintList;
  }

  private buildConstraints(): Constraint[] {
    const out: Constraint[] = [];
    for (const g of this.cs.gates) for (const c of g.constraints) out.push({ name: `gate "${g.name}" / "${c.name}"`, expr: c.expr });
    const beta = challenge('beta');
    const gamma = challenge('gamma');
    const l0 = this.l0.cur();
    const lLast = this.lLast.cur();
    const active = constant(1).sub(lLast);

    // permutation
    const zs = this.permZ;
    if (zs.length > 0) {
      out.push({ name: 'permutation: z0 starts at 1', expr: l0.mul(zs[0].cur().sub(1)) });
      // z_c(row 0) = z_{c−1}(row n−1), stated on the last row: it reads z_c at +1 and z_{c−1} at 0, rotations the
      // chunk constraints open anyway (at row 0 it would cost an opening of each z_{c−1} at −1)
      for (let c = 1; c < zs.length; c++) out.push({ name: `permutation: z${c} continues z${c - 1}`, expr: lLast.mul(zs[c].next().sub(zs[c - 1].cur())) });
      out.push({ name: 'permutation: product is 1', expr: lLast.mul(zs[zs.length - 1].cur().sub(1)) });
      let j = 0;
      this.permChunks.forEach((cols, c) => {
        let left: Expr = zs[c].next();
        let right: Expr = zs[c].cur();
        for (const col of cols) {
          const w = col.cur();
          left = left.mul(w.add(this.sigma[j].cur().mul(beta)).add(gamma));
          right = right.mul(w.add(this.x.cur().mul(frPow(DELTA, BigInt(j))).mul(beta)).add(gamma));
          j++;
        }
        out.push({ name: `permutation: chunk ${c}`, expr: active.mul(left.sub(right)) });
      });
    }

    // lookups (logUp). h·Π(β + d_k) = Σ c_k·Π_{i≠k}(β + d_i) pins h to Σ c_k/(β + d_k) only where every β + d_k ≠ 0;
    // β is drawn after the inputs and m are committed, so a zero denominator has probability ≤ rows·terms/r
    // Σ c_k/(β + d_k) over `terms` as (Π(β + d_k), Σ c_k·Π_{i≠k}(β + d_i))
    const fraction = (terms: readonly LookupTerm[]) => {
      const parts = terms.map((x) => this.termTuple(x));
      const dens = parts.map((x) => compress(x.tuple).add(beta));
      const num = sum(parts.map((x, k) => {
        const others = dens.filter((_, i) => i !== k);
        return others.length === 0 ? x.numerator : x.numerator.mul(product(others));
      }));
      return { den: product(dens), num };
    };
    for (const { terms, h } of this.lookupGroups) {
      const { den, num } = fraction(terms);
      const inputs = terms.filter((x) => x.input !== undefined).length;
      const tables = terms.length - inputs;
      const f = inputs === 0 ? '' : inputs === 1 ? '1/(β + f)' : 'Σ 1/(β + f)';
      const t = tables === 0 ? '' : `${f ? ' − ' : '−'}${tables === 1 ? 'm/(β + t)' : 'Σ m/(β + t)'}`;
      const what = `h = ${f}${t}`;
      out.push({ name: `lookup ${terms.map((x) => this.termName(x)).join(', ')}: ${what}`, expr: h.cur().mul(den).sub(num) });
    }
    if (this.phi) {
      const phi = this.phi;
      // (φ(ωX) − φ − Σ h)·Π(β + d_k) = Σ c_k·Π_{i≠k}(β + d_i) over the sum's own terms
      const own = fraction(this.sumTerms);
      const step = phi.next().sub(phi.cur()).sub(sum(this.lookupGroups.map((g) => g.h.cur())));
      const with_ = this.sumTerms.length === 0 ? '' : ` (and ${this.sumTerms.map((x) => this.termName(x)).join(', ')})`;
      out.push({ name: `lookups: running sum${with_}`, expr: active.mul(this.sumTerms.length === 0 ? step : step.mul(own.den).sub(own.num)) });
      out.push({ name: 'lookups: sum starts at 0', expr: l0.mul(phi.cur()) });
      out.push({ name: 'lookups: sum ends at 0', expr: lLast.mul(phi.cur()) });
    }

    // shuffles
    for (const { shuffle, z } of this.shuffles) {
      const f = compress(shuffle.inputs).add(gamma);
      const s = compress(shuffle.shuffle).add(gamma);
      out.push({ name: `shuffle "${shuffle.name}": z starts at 1`, expr: l0.mul(z.cur().sub(1)) });
      out.push({ name: `shuffle "${shuffle.name}": z ends at 1`, expr: lLast.mul(z.cur().sub(1)) });
      out.push({ name: `shuffle "${shuffle.name}": product`, expr: active.mul(z.next().mul(s).sub(z.cur().mul(f))) });
    }
    return out;
  }

  /**
   * The (column, rotation) evaluations a proof carries, in proof order: advice (circuit and
   * argument) then fixed (circuit and σ), each sorted by column then rotation. Instance and
   * virtual columns are evaluated by the verifier. Built once.
   */
  queries(): ReadonlyArray<{ column: Column; rotation: number }> {
    this.queryList ??= this.buildQueries();
    return this.queryList;
  }

  private buildQueries(): Array<{ column: Column; rotation: number }> {
    const seen = new Map<string, { column: Column; rotation: number }>();
    for (const c of this.constraints()) {
      for (const { column, rotation } of c.expr.queries()) {
        const q = { column: this.canonical(column), rotation };
        if (q.column.kind === 'advice' || q.column.kind === 'fixed') seen.set(`${q.column.kind}:${q.column.index}:${q.rotation}`, q);
      }
    }
    const order = (k: string) => (k === 'advice' ? 0 : 1);
    return [...seen.values()].sort((a, b) => order(a.column.kind) - order(b.column.kind) || a.column.index - b.column.index || a.rotation - b.rotation);
  }
}

/**
 * Terms of degrees `degrees` into groups whose h constraint has degree 1 + Σ deg ≤ `degree`: first fit in the order
 * given (a term of degree 0 counts as 1, so no group outgrows degree − 1 terms). With `first`, the first group is
 * one of at most that weight, filled first and returned first even when empty. Returns indices into `degrees`.
 */
export function groupInputs(degrees: readonly number[], degree: number, first?: number): number[][] {
  const groups: Array<{ inputs: number[]; load: number; room: number }> = first === undefined ? [] : [{ inputs: [], load: 0, room: first }];
  degrees.forEach((dj, j) => {
    const w = Math.max(1, dj);
    const g = groups.find((x) => x.load + w <= x.room);
    if (g) { g.inputs.push(j); g.load += w; } else groups.push({ inputs: [j], load: w, room: degree - 1 });
  });
  return groups.map((g) => g.inputs);
}

/** What a proof of this circuit costs: sizes the prover reports (CLI, logs, benchmarks). */
export interface ProtocolInfo {
  k: number;
  degree: number;
  extendedK: number;
  quotientPieces: number;
  advice: number;
  argumentColumns: number;
  fixed: number;
  instance: number;
  lookups: number;
  shuffles: number;
  permutationChunks: number;
  openingPoints: number;
}

export function protocolInfo(p: Protocol): ProtocolInfo {
  return {
    k: p.k,
    degree: p.degree,
    extendedK: p.k + p.extension,
    quotientPieces: p.degree - 1,
    advice: p.cs.advice.length,
    argumentColumns: p.phase1.length + p.phase2.length,
    fixed: p.fixedCount,
    instance: p.cs.instance.length,
    lookups: p.cs.lookups.length,
    shuffles: p.cs.shuffles.length,
    permutationChunks: p.permChunks.length,
    openingPoints: new Set(p.queries().map((q) => q.rotation).concat([0])).size,
  };
}
