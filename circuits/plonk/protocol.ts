/**
 * The polynomial identities of a proof, shared by keygen, prover and verifier: the circuit's gates
 * plus the constraints of the permutation, lookup (logUp) and shuffle arguments, all written as
 * Expr over columns. Argument polynomials are extra advice columns (committed by the prover), the
 * permutation's σ are extra fixed columns (in the verifying key), and l₀, l_last and X are
 * "virtual" columns the verifier evaluates itself.
 *
 * Rows: the arguments run over the usable rows 0..n−2 and close on the reserved last row n−1.
 *  permutation, chunk c of the equality columns (chunk size D − 2):
 *    l₀·(z₀ − 1),  l₀·(z_c − z_{c−1}(ω⁻¹X)),  l_last·(z_last − 1),
 *    (1 − l_last)·(z_c(ωX)·Π(w_j + β·σ_j + γ) − z_c·Π(w_j + β·δ^j·X + γ))
 *  lookup into table t with inputs f_j (tuples compressed with θ), grouped so that each group G has one column
 *  h_G = Σ_{j∈G} 1/(β + f_j) and its constraint stays within the degree D (1 + Σ_{j∈G} deg f_j ≤ D):
 *    h_G·Π_{j∈G}(β + f_j) − Σ_{j∈G} Π_{i∈G, i≠j}(β + f_i),
 *    (1 − l_last)·((φ(ωX) − φ − Σ_G h_G)·(β + t) + m),  l₀·φ,  l_last·φ
 *  shuffle of inputs f by s:  l₀·(z − 1),  l_last·(z − 1),  (1 − l_last)·(z(ωX)·(γ + s) − z·(γ + f))
 */
import { frPow } from '../field/fr-scalar.js';
import { FR_TWO_ADICITY, FR_MULTIPLICATIVE_GENERATOR } from '../field/constants.js';
import { Column, Expr, challenge, constant, sum } from './expression.js';
import type { Constraint, ConstraintSystem, Shuffle } from './constraint-system.js';


/** δ = g^(2^28) has odd order, so the cosets δ^j·H of the 2-power domains H are disjoint. */
export const DELTA = frPow(FR_MULTIPLICATIVE_GENERATOR, 1n << BigInt(FR_TWO_ADICITY));

export interface Challenges { readonly theta: bigint; readonly beta: bigint; readonly gamma: bigint }

/** Lookup inputs (indices into LookupArgument.inputs) whose inverses one column h sums. */
export interface LookupGroup { readonly inputs: readonly number[]; readonly h: Column }

export interface LookupArgument {
  readonly names: readonly string[];
  readonly table: readonly Expr[];
  readonly inputs: ReadonlyArray<readonly Expr[]>;
  readonly m: Column;
  readonly groups: readonly LookupGroup[];
  readonly phi: Column;
}

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

  constructor(readonly cs: ConstraintSystem, readonly k: number) {
    this.n = 1 << k;
    let advice = cs.advice.length;
    const newAdvice = (name: string) => new Column('advice', advice++, name);
    // degree from everything but the permutation (whose chunking adapts to it); at least 3
    let d = Math.max(3, cs.maxGateDegree());
    const deg = (es: readonly Expr[]) => Math.max(...es.map((e) => e.degree()));
    const tables = cs.lookupTables();
    for (const g of tables) d = Math.max(d, 2 + deg(g.table), ...g.lookups.map((l) => 1 + deg(l.inputs)));
    for (const s of cs.shuffles) d = Math.max(d, 2 + Math.max(deg(s.inputs), deg(s.shuffle)));
    for (const g of tables) {
      const m = newAdvice(`lookup m [${g.lookups[0].name}]`);
      const groups = groupInputs(g.lookups.map((l) => deg(l.inputs)), d).map((inputs) => ({
        inputs, h: newAdvice(`lookup h [${inputs.map((j) => g.lookups[j].name).join(', ')}]`),
      }));
      const phi = newAdvice(`lookup φ [${g.lookups[0].name}]`);
      this.lookups.push({ names: g.lookups.map((l) => l.name), table: g.table, inputs: g.lookups.map((l) => l.inputs), m, groups, phi });
      this.phase1.push(m);
      this.phase2.push(...groups.map((gr) => gr.h), phi);
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

  /** All advice columns: the circuit's, then the arguments'. */
  get adviceCount(): number { return this.cs.advice.length + this.phase1.length + this.phase2.length; }
  /** All fixed columns: the circuit's (selectors included), then σ. */
  get fixedCount(): number { return this.cs.fixed.length + this.sigma.length; }

  private constraintList?: readonly Constraint[];
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
      for (let c = 1; c < zs.length; c++) out.push({ name: `permutation: z${c} continues z${c - 1}`, expr: l0.mul(zs[c].cur().sub(zs[c - 1].prev())) });
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

    // lookups (logUp)
    // h·Π(β + f_j) = Σ_j Π_{i≠j}(β + f_i) pins h to Σ 1/(β + f_j) only where every β + f_j ≠ 0; β is drawn after
    // the inputs are committed, so a zero denominator has probability ≤ (rows·inputs)/r (as for one input per h)
    for (const l of this.lookups) {
      const t = compress(l.table).add(beta);
      for (const { inputs, h } of l.groups) {
        const dens = inputs.map((j) => compress(l.inputs[j]).add(beta));
        const others = dens.map((_, j) => product(dens.filter((__, i) => i !== j)));
        const names = `"${inputs.map((j) => l.names[j]).join('", "')}"`;
        const what = inputs.length === 1 ? 'h = 1/(β + f)' : 'h = Σ 1/(β + f)';
        out.push({ name: `lookup ${names}: ${what}`, expr: dens.reduce((a, b) => a.mul(b), h.cur()).sub(sum(others)) });
      }
      const step = l.phi.next().sub(l.phi.cur()).sub(sum(l.groups.map((g) => g.h.cur())));
      out.push({ name: `lookup "${l.names.join('", "')}": running sum`, expr: active.mul(step.mul(t).add(l.m.cur())) });
      out.push({ name: `lookup "${l.names[0]}": sum starts at 0`, expr: l0.mul(l.phi.cur()) });
      out.push({ name: `lookup "${l.names[0]}": sum ends at 0`, expr: lLast.mul(l.phi.cur()) });
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
      for (const q of c.expr.queries()) {
        if (q.column.kind === 'advice' || q.column.kind === 'fixed') seen.set(`${q.column.kind}:${q.column.index}:${q.rotation}`, q);
      }
    }
    const order = (k: string) => (k === 'advice' ? 0 : 1);
    return [...seen.values()].sort((a, b) => order(a.column.kind) - order(b.column.kind) || a.column.index - b.column.index || a.rotation - b.rotation);
  }
}

/**
 * Lookup inputs of degrees `degrees` into groups whose h constraint has degree 1 + Σ deg ≤ `degree`: first fit in
 * input order (an input of degree 0 counts as 1, so no group outgrows degree − 1 inputs). Returns input indices.
 */
export function groupInputs(degrees: readonly number[], degree: number): number[][] {
  const groups: Array<{ inputs: number[]; load: number }> = [];
  degrees.forEach((dj, j) => {
    const w = Math.max(1, dj);
    const g = groups.find((x) => 1 + x.load + w <= degree);
    if (g) { g.inputs.push(j); g.load += w; } else groups.push({ inputs: [j], load: w });
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
