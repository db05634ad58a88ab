import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { Column, constant, type Expr } from '../../../circuits/plonk/expression.js';
import { challenge } from '../../../circuits/plonk/expression.js';
import { compileConstraints, ProgramEvaluator } from '../../../circuits/plonk/program.js';
import { ProgramOp } from '../../../circuits/poly/program-wat.js';
import { Rng } from '../field/rng.js';

const P = FR_MODULUS;
const mod = (x: bigint) => ((x % P) + P) % P;
const CH = { theta: 11n, beta: 13n, gamma: 17n };

/** Σ y^(m−1−i)·e_i(row) straight from the expressions (BigInt), cyclic rows. */
function direct(exprs: readonly Expr[], y: bigint, rows: number, cell: (c: Column, row: number) => bigint): bigint[] {
  return Array.from({ length: rows }, (_, r) => exprs.reduce((acc, e) => mod(acc * y + e.evaluate<bigint>({
    constant: (v) => mod(v),
    challenge: (name) => CH[name],
    query: (c, rot) => cell(c, (((r + rot) % rows) + rows) % rows),
    neg: (a) => mod(-a), sum: (a, b) => mod(a + b), product: (a, b) => mod(a * b),
  })), 0n));
}

/** Random expressions over `cols` with rotations −2..2, constants (0 and 1 included), challenges, and shared subtrees. */
function randomExprs(rng: Rng, cols: readonly Column[], count: number): Expr[] {
  const pool: Expr[] = [];
  const leaf = (): Expr => {
    const t = rng.int(5);
    if (t === 0) return constant(rng.pick([0n, 1n, P - 1n, rng.field()]));
    if (t === 1) return challenge(rng.pick(['theta', 'beta', 'gamma'] as const));
    return rng.pick(cols).rot(rng.int(5) - 2);
  };
  const build = (depth: number): Expr => {
    if (depth === 0) return leaf();
    if (pool.length > 0 && rng.int(4) === 0) return rng.pick(pool); // a subtree shared with another constraint
    const a = build(depth - 1);
    const b = build(depth - 1);
    const e = [a.add(b), a.sub(b), a.mul(b), a.neg(), a.mul(b.add(1))][rng.int(5)];
    pool.push(e);
    return e;
  };
  return Array.from({ length: count }, () => build(1 + rng.int(4)));
}

describe('plonk: constraint programs (the quotient evaluator)', () => {
  before(async () => { await initKernel(); });

  const cols = [new Column('advice', 0, 'a'), new Column('advice', 1, 'b'), new Column('fixed', 0, 'q'), new Column('virtual', 1, 'l')];

  for (const rows of [16, 1024]) {
    it(`the kernel's run of the compiled program equals the expressions evaluated directly (${rows} rows${rows > 256 ? ', on the worker pool' : ''})`, async () => {
      const rng = new Rng(rows);
      const exprs = randomExprs(rng, cols, 60);
      const y = rng.field();
      const values = new Map(cols.map((c) => [c, Array.from({ length: rows }, () => (rng.int(3) === 0 ? BigInt(rng.int(3)) : rng.field()))]));
      const program = compileConstraints(exprs, CH, y);
      expect(program.margin).to.equal(2);
      const ev = new ProgramEvaluator(program, rows);
      try {
        for (const c of ev.columns) Fr.writeVec(ev.columnBuffer(c), values.get(c)!);
        const got = Fr.readVec(await ev.run(), rows);
        expect(got).to.deep.equal(direct(exprs, y, rows, (c, r) => values.get(c)![r]));
      } finally {
        ev.free();
      }
    });
  }

  it('folds constants and challenges into scalars and computes a subexpression shared by constraints once', () => {
    const [a, b, q] = cols;
    const shared = a.cur().add(b.next().mul(challenge('theta'))).add(challenge('beta'));
    const exprs = [
      q.cur().mul(shared).sub(1),
      q.cur().mul(constant(3)).mul(a.cur().add(b.next().mul(challenge('theta'))).add(challenge('beta'))), // same tuple, rebuilt
      constant(0).mul(a.cur().mul(b.cur())), // folds to 0: no instruction reads a·b
    ];
    const p = compileConstraints(exprs, CH, 5n);
    const ops = p.instructions.map((i) => i.op);
    // shared: SCALE (b·θ), ADD, ADDS (+β); then q·shared (MUL), −1 (ADDS), q·3 (SCALE), ·shared (MUL); 3 Horner steps
    // on the accumulator, the zero constraint as acc·y (SCALE)
    expect(ops.filter((o) => o === ProgramOp.MUL)).to.have.length(2);
    expect(ops.filter((o) => o === ProgramOp.HORNER)).to.have.length(2);
    expect(p.instructions).to.have.length(10);
    expect(p.instructions.some((i) => i.a.kind === 'query' && i.b.kind === 'query' && i.b.column === b && i.b.rotation === 0)).to.equal(false);
    expect(p.scalars).to.include.members([5n, CH.theta, CH.beta, 3n, P - 1n]);
  });

  it('reuses a temporary once its last reader has run: 50 constraints sharing a·b need two temporaries', () => {
    const [a, b] = cols;
    const exprs = Array.from({ length: 50 }, (_, i) => a.cur().mul(b.cur()).add(i + 1).mul(a.next()));
    const p = compileConstraints(exprs, CH, 7n);
    expect(p.instructions.filter((i) => i.op === ProgramOp.MUL)).to.have.length(51);
    expect(p.temps).to.equal(2);
  });

  it('a column holding one value on every row folds like a constant: not read, and the same accumulator', async () => {
    const [a, b, q] = cols;
    const rows = 32;
    const rng = new Rng(3);
    const exprs = [q.cur().mul(a.cur().sub(b.prev())), q.cur().mul(b.next()).add(a.cur().square()), a.cur().mul(b.cur()).sub(7)];
    const values = new Map([[a, Array.from({ length: rows }, () => rng.field())], [b, Array.from({ length: rows }, () => rng.field())], [q, new Array<bigint>(rows).fill(0n)]]);
    const y = 99n;
    for (const qValue of [0n, 1n, 5n]) {
      values.set(q, new Array<bigint>(rows).fill(qValue));
      const folded = compileConstraints(exprs, CH, y, (c) => (c === q ? qValue : undefined));
      const ev = new ProgramEvaluator(folded, rows);
      try {
        expect(ev.columns).to.not.include(q);
        for (const c of ev.columns) Fr.writeVec(ev.columnBuffer(c), values.get(c)!);
        expect(Fr.readVec(await ev.run(), rows), `q = ${qValue}`).to.deep.equal(direct(exprs, y, rows, (c, r) => values.get(c)![r]));
      } finally {
        ev.free();
      }
      // q = 0 drops the first constraint's work and q·b[+1], q = 1 the products by q; q = 5 keeps them as SCALEs
      expect(folded.instructions.length).to.equal({ '0': 6, '1': 8, '5': 10 }[qValue.toString()]);
    }
  });

  it('a run of constraints with the same factor (a gate\'s selector) multiplies by it once: acc·y^L + q·Σ y^(L−1−i)·e_i', async () => {
    const [a, b, q, l] = cols;
    const rows = 64;
    const rng = new Rng(9);
    const gate = Array.from({ length: 6 }, (_, i) => q.cur().mul(a.cur().mul(i + 2).sub(b.next())));
    const exprs = [
      ...gate,
      q.cur().mul(q.cur()), // the factor is also the inner value (it joins the gate's run)
      l.cur().mul(a.cur().add(b.cur())), // a run of one
      q.cur().mul(constant(5)), // a scalar inner: no run, one SCALE
      a.cur().sub(b.cur()), // no factor
      ...gate.slice(0, 3).map((g) => l.cur().mul(g)), // a run under another factor, of products
    ];
    const values = new Map(cols.map((c) => [c, Array.from({ length: rows }, () => rng.field())]));
    const y = rng.field();
    const p = compileConstraints(exprs, CH, y);
    const ev = new ProgramEvaluator(p, rows);
    try {
      for (const c of ev.columns) Fr.writeVec(ev.columnBuffer(c), values.get(c)!);
      expect(Fr.readVec(await ev.run(), rows)).to.deep.equal(direct(exprs, y, rows, (c, r) => values.get(c)![r]));
    } finally {
      ev.free();
    }
    // gate + q·q: one multiplication by q and one Horner step into acc, not 7 of each; then l·(a + b), q·5 (a SCALE
    // of q, no run), a − b and the l run
    expect(p.instructions.filter((i) => i.op === ProgramOp.HORNER && i.dst.kind === 'acc')).to.have.length(5);
    expect(p.instructions.filter((i) => i.op === ProgramOp.MUL && i.b.kind === 'query' && i.b.column === q)).to.have.length(1);
  });

  it('refuses a rotation that does not fit the domain', () => {
    const p = compileConstraints([cols[0].rot(20)], CH, 1n);
    expect(() => new ProgramEvaluator(p, 16)).to.throw(RangeError, /rotation of 20 rows/);
  });
});
