/**
 * Synthetic benchmark circuit: fills every usable row of a 2^k circuit with a valid witness drawn
 * from a seeded RNG, using each kind of constraint the prover handles — a degree-4 custom gate, a
 * lookup into a fixed byte table and a permutation over several columns plus an instance column.
 * It is the workload of `npm run bench:prover`; its shape, not its meaning, is what matters.
 *
 *   advice a, b, c, d, e, f, g, h, u, w (10); selector q; fixed "byte" = 0..T−1 with
 *   T = min(256, usable rows) (the full byte table from k = 9 on); instance "pub" = [a₀, f_last]
 *   gate "synthetic" (max degree 4, with the selector):
 *     q·(a·b·c − d)               d is the triple product
 *     q·(d + e + g·h − f)         f accumulates
 *     q·(u − w·w − b[+1])         reads the next row
 *   lookup "e byte": q·e ∈ byte
 *   copies (equality on a, b, f, w, pub): a[i+1] = f[i], b[i+1] = w[i], a[0] = pub[0], f[last] = pub[1]
 *     — f of one row feeds a of the next, so the witness is one long chain through all rows.
 *   b₀, c, g, h, w are random field elements, e a random table value.
 */
import type { AssignedCell, Circuit, Column, ConstraintSystem, Layouter, Selector } from '../index.js';
import { FR_MODULUS } from '../../field/constants.js';
import { Rng } from './rng.js';

const P = FR_MODULUS;

export interface SyntheticConfig {
  a: Column; b: Column; c: Column; d: Column; e: Column; f: Column; g: Column; h: Column; u: Column; w: Column;
  q: Selector;
  byte: Column;
  pub: Column;
}

/** The witness of every usable row, column by column (index = row). */
export interface SyntheticWitness {
  readonly rows: number;
  readonly tableSize: number;
  readonly columns: Readonly<Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'u' | 'w', readonly bigint[]>>;
  readonly instances: bigint[][];
}

export class SyntheticCircuit implements Circuit<SyntheticConfig> {
  private cached?: SyntheticWitness;

  /** A circuit for size 2^k (k ≥ 3); `seed` picks the witness. */
  constructor(readonly k: number, readonly seed = 1) {
    if (!Number.isInteger(k) || k < 3 || k > 26) throw new RangeError(`SyntheticCircuit: k must be an integer in [3, 26], got ${k}`);
  }

  /** Rows filled: every usable row (2^k − 1; the last row is reserved by the protocol). */
  get rows(): number { return (1 << this.k) - 1; }

  configure(cs: ConstraintSystem): SyntheticConfig {
    const [a, b, c, d, e, f, g, h, u, w] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'u', 'w'].map((n) => cs.adviceColumn(n));
    const q = cs.selector('synthetic');
    const byte = cs.fixedColumn('byte table');
    const pub = cs.instanceColumn('pub');
    for (const col of [a, b, f, w, pub]) cs.enableEquality(col);
    const s = q.expr();
    cs.createGate('synthetic', [
      ['a·b·c = d', s.mul(a.cur().mul(b.cur()).mul(c.cur()).sub(d.cur()))],
      ['d + e + g·h = f', s.mul(d.cur().add(e.cur()).add(g.cur().mul(h.cur())).sub(f.cur()))],
      ['u = w² + b[+1]', s.mul(u.cur().sub(w.cur().square()).sub(b.next()))],
    ]);
    cs.lookup('e byte', [[s.mul(e.cur()), byte.cur()]]);
    return { a, b, c, d, e, f, g, h, u, w, q, byte, pub };
  }

  /** The witness (computed once per circuit object, deterministic in k and seed). */
  witness(): SyntheticWitness {
    if (this.cached) return this.cached;
    const m = this.rows;
    const tableSize = Math.min(256, m);
    const rng = new Rng(this.seed);
    const col = () => new Array<bigint>(m);
    const [a, b, c, d, e, f, g, h, u, w] = Array.from({ length: 10 }, col);
    const a0 = rng.field();
    for (let i = 0; i < m; i++) {
      a[i] = i === 0 ? a0 : f[i - 1];
      b[i] = i === 0 ? rng.field() : w[i - 1];
      c[i] = rng.field();
      d[i] = (((a[i] * b[i]) % P) * c[i]) % P;
      e[i] = BigInt(rng.int(tableSize));
      g[i] = rng.field();
      h[i] = rng.field();
      f[i] = (d[i] + e[i] + g[i] * h[i]) % P;
      w[i] = rng.field();
    }
    // u reads b of the next row; the row after the last usable one is the reserved row (zero)
    for (let i = 0; i < m; i++) u[i] = (w[i] * w[i] + (i + 1 < m ? b[i + 1] : 0n)) % P;
    this.cached = { rows: m, tableSize, columns: { a, b, c, d, e, f, g, h, u, w }, instances: [[a0, f[m - 1]]] };
    return this.cached;
  }

  /** The public inputs: [a₀, f_last]. */
  instances(): bigint[][] {
    return this.witness().instances.map((col) => [...col]);
  }

  synthesize(cfg: SyntheticConfig, layouter: Layouter): void {
    if (layouter.assignment.k !== this.k) {
      throw new RangeError(`SyntheticCircuit was built for k = ${this.k}, laid out at k = ${layouter.assignment.k}`);
    }
    const m = this.rows;
    const tableSize = Math.min(256, m);
    // keygen lays the circuit out without a witness: skip computing one there
    const wit = layouter.assignment.withWitness ? this.witness().columns : undefined;
    const val = (name: keyof SyntheticWitness['columns'], row: number): bigint => (wit ? wit[name][row] : 0n);

    layouter.assignRegion('byte table', (t) => {
      for (let v = 0; v < tableSize; v++) t.assignFixed('byte', cfg.byte, v, BigInt(v));
    });
    layouter.assignRegion('synthetic rows', (region) => {
      let prevF: AssignedCell | undefined;
      let prevW: AssignedCell | undefined;
      for (let row = 0; row < m; row++) {
        region.enableSelector(cfg.q, row);
        if (row === 0) region.assignAdviceFromInstance('a₀', cfg.pub, 0, cfg.a, 0);
        else region.constrainEqual(prevF!, region.assignAdvice('a', cfg.a, row, val('a', row)));
        const b = region.assignAdvice('b', cfg.b, row, val('b', row));
        if (row > 0) region.constrainEqual(prevW!, b);
        region.assignAdvice('c', cfg.c, row, val('c', row));
        region.assignAdvice('d', cfg.d, row, val('d', row));
        region.assignAdvice('e', cfg.e, row, val('e', row));
        prevF = region.assignAdvice('f', cfg.f, row, val('f', row));
        region.assignAdvice('g', cfg.g, row, val('g', row));
        region.assignAdvice('h', cfg.h, row, val('h', row));
        region.assignAdvice('u', cfg.u, row, val('u', row));
        prevW = region.assignAdvice('w', cfg.w, row, val('w', row));
      }
    });
    // the last f is public
    layouter.constrainInstance({ column: cfg.f, row: m - 1 }, cfg.pub, 1);
  }
}
