import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import {
  AssignmentError, ConstraintSystem, ConstraintSystemError, MockProver, UnsatisfiedCircuitError, constant,
  type Circuit, type Column, type Layouter, failureSummary,
} from '../../../circuits/plonk/index.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';

const summary = failureSummary;

const col = (p: MockProver, name: string) => p.cs.advice.find((c) => c.name === name)!.index;

describe('plonk/MockProver', () => {
  describe('Fibonacci (gate, 3-column permutation, instance)', () => {
    const circuit = new FibonacciCircuit(10);

    it('is satisfied by the honest witness', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      expect(p.verify()).to.deep.equal([]);
      expect(() => p.assertSatisfied()).not.to.throw();
      expect(circuit.instances()[0][2]).to.equal(144n); // 1 1 2 3 5 8 13 21 34 55 89 144
    });

    it('a corrupted c cell breaks exactly its gate row and its copy into the next row', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      p.assignment.advice[col(p, 'c')][3] += 1n;
      expect(summary(p.verify())).to.deep.equal(['copy c@3~b@4', 'gate fib/a + b = c@3']);
    });

    it('a wrong public output breaks exactly the copy to the instance cell', () => {
      const [pub] = circuit.instances();
      const p = MockProver.run(4, circuit, [[pub[0], pub[1], pub[2] + 1n]]);
      expect(summary(p.verify())).to.deep.equal(['copy c@9~pub@2']);
    });

    it('a broken chain copy (b[i] ≠ a[i+1]) is reported with both cells and values', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      const a = col(p, 'a');
      const c = col(p, 'c');
      // keep row 5's gate satisfied: raise a[5] and c[5] together, so only the copy b[4] = a[5] breaks… and c[5] = b[6]
      p.assignment.advice[a][5] += 1n;
      p.assignment.advice[c][5] += 1n;
      const f = p.verify();
      expect(summary(f)).to.deep.equal(['copy b@4~a@5', 'copy c@5~b@6']);
      const first = f.find((x) => x.kind === 'copy' && x.b.column === 'a')!;
      expect(first).to.deep.include({ kind: 'copy' });
      if (first.kind === 'copy') expect(first.b.value).to.equal(first.a.value + 1n);
    });

    // found by scripts/soundness: each item needs a test refused by it alone
    it('a forged output with a last row to match breaks only the gate', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      p.assignment.advice[col(p, 'c')][9] += 1n;
      p.assignment.instance[0][2] += 1n;
      expect(summary(p.verify())).to.deep.equal(['gate fib/a + b = c@9']);
    });

    it('a sequence restarted at a[5], later rows and output honest for it, breaks only the copy b[4] = a[5]', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      const [a, b, c] = ['a', 'b', 'c'].map((n) => p.assignment.advice[col(p, n)]);
      a[5] += 1n;
      for (let row = 5; row < 10; row++) {
        if (row > 5) { a[row] = b[row - 1]; b[row] = c[row - 1]; }
        c[row] = a[row] + b[row];
      }
      p.assignment.instance[0][2] = c[9];
      expect(summary(p.verify())).to.deep.equal(['copy b@4~a@5']);
    });

    it('a seed other than the public one breaks only its copy to the instance', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      p.assignment.instance[0][1] += 1n;
      expect(summary(p.verify())).to.deep.equal(['copy b@0~pub@1']);
    });

    it('assertSatisfied names gate, constraint, row, region and cell values', () => {
      const p = MockProver.run(4, circuit, circuit.instances());
      p.assignment.advice[col(p, 'c')][0] = 7n;
      expect(() => p.assertSatisfied()).to.throw(UnsatisfiedCircuitError, /gate "fib" constraint "a \+ b = c" is not satisfied at row 0 \(region "fibonacci rows" offset 0\): .*c = 7/);
    });
  });

  describe('range-checked addition (lookups sharing a table)', () => {
    const pairs = [[1n, 2n], [100n, 155n], [0n, 0n], [17n, 38n]] as const;

    it('is satisfied; the three lookups share one table', () => {
      const p = MockProver.run(9, new RangeAddCircuit(pairs), []);
      expect(p.verify()).to.deep.equal([]);
      expect(p.cs.lookupTables()).to.have.length(1);
      expect(p.cs.lookupTables()[0].lookups.map((l) => l.name)).to.deep.equal(['x byte', 'y byte', 'z byte']);
    });

    it('a sum that leaves the byte range fails exactly the z lookup at that row', () => {
      const p = MockProver.run(9, new RangeAddCircuit([...pairs, [200n, 100n]]), []);
      expect(summary(p.verify())).to.deep.equal(['lookup z byte@4']);
    });

    it('a corrupted lookup input fails its lookup (and the gate it feeds)', () => {
      const p = MockProver.run(9, new RangeAddCircuit(pairs), []);
      p.assignment.advice[col(p, 'y')][1] = 256n;
      expect(summary(p.verify())).to.deep.equal(['gate add/x + y = z@1', 'lookup y byte@1']);
      p.assignment.advice[col(p, 'y')][1] = 155n;
      p.assignment.advice[col(p, 'z')][2] = 1n;
      expect(summary(p.verify())).to.deep.equal(['gate add/x + y = z@2']);
    });

    it('x = r − 1 satisfies x + y = z in the field (−1 + 4 = 3); only the x range lookup refuses it', () => {
      const p = MockProver.run(9, new RangeAddCircuit(pairs), []);
      const [x, y, z] = ['x', 'y', 'z'].map((n) => p.assignment.advice[col(p, n)]);
      [x[0], y[0], z[0]] = [FR_MODULUS - 1n, 4n, 3n];
      expect(summary(p.verify())).to.deep.equal(['lookup x byte@0']);
      [x[0], y[0], z[0]] = [4n, FR_MODULUS - 1n, 3n];
      expect(summary(p.verify())).to.deep.equal(['lookup y byte@0']);
    });

    it('refuses rows outside the usable rows with a clear error', () => {
      expect(() => MockProver.run(8, new RangeAddCircuit(pairs), [])).to.throw(AssignmentError, /row 255 .* outside the 255 usable rows \(k = 8\); use a larger k/);
    });
  });

  describe('rotations −1/+1 and a shuffle', () => {
    it('is satisfied', () => {
      expect(MockProver.run(4, new RotationsCircuit(8), []).verify()).to.deep.equal([]);
    });

    it('a corrupted w cell fails the three gate rows that read it (next, cur, prev) and the shuffle', () => {
      const p = MockProver.run(4, new RotationsCircuit(8), []);
      p.assignment.advice[col(p, 'w')][3] += 1n;
      const g = 'gate recurrence/w[+1] = w + w[-1]';
      expect(summary(p.verify())).to.deep.equal([`${g}@2`, `${g}@3`, `${g}@4`, 'shuffle u is w reordered@3']);
    });

    it('w off the recurrence with u changed to match breaks only the gate (the multisets stay equal)', () => {
      const p = MockProver.run(4, new RotationsCircuit(8), []);
      p.assignment.advice[col(p, 'w')][3] += 1n;
      p.assignment.advice[col(p, 'u')][4] += 1n; // u lists w backwards: u[4] = w[3]
      const g = 'gate recurrence/w[+1] = w + w[-1]';
      expect(summary(p.verify())).to.deep.equal([`${g}@2`, `${g}@3`, `${g}@4`]);
    });

    it('a shuffled column that is not a permutation fails the shuffle only', () => {
      const p = MockProver.run(4, new RotationsCircuit(8), []);
      // u[0] held w[7] = 34; now 5 (a second copy of w[3]): w[7] is the input without a counterpart
      p.assignment.advice[col(p, 'u')][0] = 5n;
      expect(summary(p.verify())).to.deep.equal(['shuffle u is w reordered@7']);
      // a permutation with a repeated value is not a permutation of distinct values
      const q = MockProver.run(4, new RotationsCircuit(8, [0, 0, 2, 3, 4, 5, 6, 7]), []);
      expect(summary(q.verify())).to.deep.equal(['shuffle u is w reordered@1']);
    });
  });

  describe('constants, configuration errors', () => {
    class ConstantCircuit implements Circuit<{ a: Column; k?: Column }> {
      constructor(readonly withConstantColumn: boolean, readonly value: bigint) {}
      configure(cs: ConstraintSystem) {
        const a = cs.adviceColumn('a');
        cs.enableEquality(a);
        if (!this.withConstantColumn) return { a };
        const k = cs.fixedColumn('constants');
        cs.enableConstant(k);
        return { a, k };
      }
      synthesize(cfg: { a: Column }, layouter: Layouter) {
        layouter.assignRegion('const', (r) => { r.assignAdviceFromConstant('seven', cfg.a, 0, this.value); });
      }
    }

    it('assignAdviceFromConstant copies from a constants column; corrupting the cell breaks the copy', () => {
      const p = MockProver.run(3, new ConstantCircuit(true, 7n), []);
      expect(p.verify()).to.deep.equal([]);
      expect(p.assignment.fixed[p.cs.constants[0].index][0]).to.equal(7n);
      p.assignment.advice[0][0] = 8n;
      expect(summary(p.verify())).to.deep.equal(['copy a@0~constants@0']);
    });

    it('constants without a constants column, copies without equality, duplicates: clear errors', () => {
      expect(() => MockProver.run(3, new ConstantCircuit(false, 7n), [])).to.throw(ConstraintSystemError, /cs\.enableConstant/);
      const cs = new ConstraintSystem();
      cs.adviceColumn('a');
      expect(() => cs.adviceColumn('a')).to.throw(ConstraintSystemError, /duplicate column name "a"/);
      cs.createGate('g', { one: constant(0) });
      expect(() => cs.createGate('g', { two: constant(0) })).to.throw(ConstraintSystemError, /duplicate gate name "g"/);
      expect(() => cs.createGate('h', [['x', 0n], ['x', 1n]])).to.throw(ConstraintSystemError, /two constraints named "x"/);
      class NoEquality implements Circuit<Column> {
        configure(c: ConstraintSystem) { return c.adviceColumn('a'); }
        synthesize(a: Column, l: Layouter) {
          l.assignRegion('r', (r) => { const x = r.assignAdvice('x', a, 0, 1n); const y = r.assignAdvice('y', a, 1, 1n); r.constrainEqual(x, y); });
        }
      }
      expect(() => MockProver.run(3, new NoEquality(), [])).to.throw(AssignmentError, /does not have equality enabled/);
      expect(() => MockProver.run(3, new NoEquality(), [[1n]])).to.throw(AssignmentError, /0 instance columns, 1 given/);
    });

    it('expressions: degree, canonical text, field reduction of negatives', () => {
      const cs = new ConstraintSystem();
      const a = cs.adviceColumn('a');
      const q = cs.selector('q');
      const e = q.expr().mul(a.cur().mul(a.next()).sub(a.prev()).add(3));
      expect(e.degree()).to.equal(3);
      expect(String(e)).to.equal('f0·((a0·a0@+1 + -(a0@-1)) + 3)');
      // values are reduced mod r: a = r − 1 satisfies a + 1 = 0; the reserved last row holds 0 and fails
      const p = MockProver.run(2, {
        configure: (c: ConstraintSystem) => { const x = c.adviceColumn('a'); c.createGate('neg', { 'a = -1': x.cur().add(1) }); return x; },
        synthesize: (x: Column, l: Layouter) => l.assignRegion('r', (r) => { for (let i = 0; i < 3; i++) r.assignAdvice('a', x, i, FR_MODULUS - 1n); }),
      }, []);
      expect(summary(p.verify())).to.deep.equal(['gate neg/a = -1@3']);
    });
  });
});
