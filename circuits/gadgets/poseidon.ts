/**
 * PoseidonChip: the circomlib-compatible Poseidon permutation (circuits/poseidon) of width t, one
 * row per round, degree 3:
 *
 *   advice s_0 … s_{t−1} (the state entering the round; copy-enabled), x2_j, x4_j (S-box steps)
 *   fixed  c_0 … c_{t−1} (the round's constants);  selectors q_full, q_partial, q_init
 *   gate "<name> full round"   (every lane):  x2_j = (s_j + c_j)²,  x4_j = x2_j²,
 *                                             s_i' = Σ_j M_ij·x4_j·(s_j + c_j)
 *   gate "<name> partial round" (lane 0 only): x2_0 = (s_0 + c_0)²,  x4_0 = x2_0²,
 *                                             s_i' = M_i0·x4_0·(s_0 + c_0) + Σ_{j≥1} M_ij·(s_j + c_j),
 *                                             unused S-box cells x2_j, x4_j (j ≥ 1) are 0
 *   gate "<name> init":  q_init·s_0 = 0   (hashing: the capacity lane starts at 0)
 *
 * where s' is the next row. (s + c)^5 = x4·(s + c), so no constraint exceeds degree 3 (with the
 * selector) — the degree the byte lookups need anyway, so the chip does not raise a circuit's
 * quotient degree. A permutation takes R_F + R_P rounds + 1 output row: 66 rows for t = 3.
 * Columns for t = 3: 9 advice, 3 fixed, 3 selectors.
 * (Denser layouts — several partial rounds per row, as halo2's Pow5 chip does — trade rows for
 * degree; this one keeps degree 3.)
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Region, Selector } from '../plonk/index.js';
import { sum } from '../plonk/index.js';
import { poseidonParams, type PoseidonParams } from '../poseidon/index.js';
import { assignInput, GadgetError, lazy, mod, P, type CellInput } from './common.js';

export interface PoseidonColumns { state: readonly Column[]; x2: readonly Column[]; x4: readonly Column[]; constants: readonly Column[] }

export class PoseidonChip {
  private constructor(
    readonly name: string,
    readonly params: PoseidonParams,
    readonly cols: PoseidonColumns,
    readonly qFull: Selector,
    readonly qPartial: Selector,
    readonly qInit: Selector,
  ) {}

  /** Creates the chip's columns (named "<name> s0", …) for width t ∈ [2, 17] (inputs = t − 1). */
  static configure(cs: ConstraintSystem, name: string, width: number, columns?: Partial<PoseidonColumns>): PoseidonChip {
    const params = poseidonParams(width);
    const t = params.width;
    const make = (given: readonly Column[] | undefined, what: string, f: (n: string) => Column) => {
      if (given && given.length !== t) throw new GadgetError('PoseidonChip', `${what}: ${t} columns needed, ${given.length} given`);
      return given ?? Array.from({ length: t }, (_, j) => f(`${name} ${what}${j}`));
    };
    const cols: PoseidonColumns = {
      state: make(columns?.state, 's', (n) => cs.adviceColumn(n)),
      x2: make(columns?.x2, 'x2_', (n) => cs.adviceColumn(n)),
      x4: make(columns?.x4, 'x4_', (n) => cs.adviceColumn(n)),
      constants: make(columns?.constants, 'c', (n) => cs.fixedColumn(n)),
    };
    for (const c of cols.state) cs.enableEquality(c);
    const qFull = cs.selector(`${name} full round`);
    const qPartial = cs.selector(`${name} partial round`);
    const qInit = cs.selector(`${name} init`);
    const s = cols.state.map((c) => c.cur());
    const next = cols.state.map((c) => c.next());
    const x2 = cols.x2.map((c) => c.cur());
    const x4 = cols.x4.map((c) => c.cur());
    const arc = s.map((v, j) => v.add(cols.constants[j].cur()));
    const sbox = (j: number) => x4[j].mul(arc[j]);
    const mds = params.mds;
    const mix = (terms: (j: number) => Expr) => (i: number) => sum(mds[i].map((m, j) => terms(j).mul(m)));

    const full = qFull.expr();
    const fullMix = mix(sbox);
    const fullConstraints: Array<[string, Expr]> = [];
    for (let j = 0; j < t; j++) {
      fullConstraints.push([`x2_${j} = (s${j} + c${j})²`, full.mul(x2[j].sub(arc[j].square()))]);
      fullConstraints.push([`x4_${j} = x2_${j}²`, full.mul(x4[j].sub(x2[j].square()))]);
    }
    for (let i = 0; i < t; i++) fullConstraints.push([`lane ${i}: s${i}' = Σ M·S(s + c)`, full.mul(next[i].sub(fullMix(i)))]);
    cs.createGate(`${name} full round`, fullConstraints);

    const part = qPartial.expr();
    const partMix = mix((j) => (j === 0 ? sbox(0) : arc[j]));
    const partConstraints: Array<[string, Expr]> = [
      ['x2_0 = (s0 + c0)²', part.mul(x2[0].sub(arc[0].square()))],
      ['x4_0 = x2_0²', part.mul(x4[0].sub(x2[0].square()))],
    ];
    for (let i = 0; i < t; i++) partConstraints.push([`lane ${i}: s${i}' = M·(S(s0 + c0), s + c)`, part.mul(next[i].sub(partMix(i)))]);
    for (let j = 1; j < t; j++) {
      partConstraints.push([`x2_${j} unused = 0`, part.mul(x2[j])]);
      partConstraints.push([`x4_${j} unused = 0`, part.mul(x4[j])]);
    }
    cs.createGate(`${name} partial round`, partConstraints);
    cs.createGate(`${name} init`, { 'capacity s0 = 0': qInit.expr().mul(s[0]) });
    return new PoseidonChip(name, params, cols, qFull, qPartial, qInit);
  }

  get width(): number { return this.params.width; }
  get rounds(): number { return this.params.roundsFull + this.params.roundsPartial; }
  /** Rows one permutation takes: a row per round plus the output row. */
  get rows(): number { return this.rounds + 1; }

  /**
   * The permutation of `state` (t inputs) at rows offset … offset + rounds; returns the t output
   * cells (on the last row).
   */
  permute(region: Region, offset: number, state: readonly CellInput[]): AssignedCell[] {
    const t = this.width;
    if (state.length !== t) throw new GadgetError('PoseidonChip', `${this.name}: permutation of ${state.length} lanes, width is ${t}`);
    const { roundConstants: c, mds, roundsFull, roundsPartial } = this.params;
    const half = roundsFull / 2;
    const isFull = (r: number) => r < half || r >= half + roundsPartial;
    const inputs = state.map((x, j) => assignInput(region, `${this.name} in ${j}`, this.cols.state[j], offset, x));
    const reads = inputs.map(lazy);

    // the whole trace, computed once on first use: rows[r] = state entering round r (r = rounds: output)
    let trace: { s: bigint[][]; x2: bigint[][]; x4: bigint[][] } | undefined;
    const run = () => {
      if (trace) return trace;
      const tr = { s: [reads.map((f) => mod(f()))], x2: [] as bigint[][], x4: [] as bigint[][] };
      for (let r = 0; r < this.rounds; r++) {
        const cur = tr.s[r];
        const arc = cur.map((v, j) => (v + c[r * t + j]) % P);
        const lanes = isFull(r) ? t : 1;
        const x2 = arc.map((v, j) => (j < lanes ? (v * v) % P : 0n));
        const x4 = x2.map((v, j) => (j < lanes ? (v * v) % P : 0n));
        const out = arc.map((v, j) => (j < lanes ? (x4[j] * v) % P : v));
        tr.x2.push(x2);
        tr.x4.push(x4);
        tr.s.push(mds.map((row) => row.reduce((acc, m, j) => (acc + m * out[j]) % P, 0n)));
      }
      trace = tr;
      return tr;
    };

    for (let r = 0; r < this.rounds; r++) {
      region.enableSelector(isFull(r) ? this.qFull : this.qPartial, offset + r);
      for (let j = 0; j < t; j++) {
        region.assignFixed(`${this.name} c${j}`, this.cols.constants[j], offset + r, c[r * t + j]);
        if (r > 0) region.assignAdvice(`${this.name} s${j}`, this.cols.state[j], offset + r, () => run().s[r][j]);
        region.assignAdvice(`${this.name} x2_${j}`, this.cols.x2[j], offset + r, () => run().x2[r][j]);
        region.assignAdvice(`${this.name} x4_${j}`, this.cols.x4[j], offset + r, () => run().x4[r][j]);
      }
    }
    const last = this.rounds;
    return this.cols.state.map((col, j) => region.assignAdvice(`${this.name} out ${j}`, col, offset + last, () => run().s[last][j]));
  }

  /**
   * Poseidon of t − 1 inputs (circomlib's poseidon(inputs)): the permutation of [0, inputs…] with
   * the capacity lane constrained to 0; returns the hash cell (lane 0 of the output row).
   */
  hash(region: Region, offset: number, inputs: readonly CellInput[]): AssignedCell {
    if (inputs.length !== this.width - 1) throw new GadgetError('PoseidonChip', `${this.name}: ${inputs.length} inputs, width ${this.width} hashes ${this.width - 1}`);
    region.enableSelector(this.qInit, offset);
    return this.permute(region, offset, [0n, ...inputs])[0];
  }
}
