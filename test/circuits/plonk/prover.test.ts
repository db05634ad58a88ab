import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import {
  keygen, MockProver, type Column, type ConstraintSystem, type Layouter, type Selector, prove, protocolInfo, synthesize, verify, type Circuit, type ProvingKey, failureSummary,
} from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';
import { Rng } from '../field/rng.js';

interface Example {
  name: string;
  k: number;
  circuit: Circuit<unknown>;
  instances: bigint[][];
  /** Corrupts one witness cell of the assignment and names the failures MockProver must report. */
  corrupt: { column: string; row: number; delta: bigint; expect: string[] };
}

/** A lookup into an advice (witness) table: q·x must occur in t. */
class DynamicTableCircuit implements Circuit<{ x: Column; t: Column; q: Selector }> {
  constructor(readonly table: readonly bigint[], readonly xs: readonly bigint[]) {}
  configure(cs: ConstraintSystem) {
    const x = cs.adviceColumn('x');
    const t = cs.adviceColumn('t');
    const q = cs.selector('q');
    cs.lookup('x in t', [[q.expr().mul(x.cur()), t.cur()]]);
    return { x, t, q };
  }
  synthesize(cfg: { x: Column; t: Column; q: Selector }, layouter: Layouter) {
    layouter.assignRegion('rows', (r) => {
      this.table.forEach((v, i) => r.assignAdvice('t', cfg.t, i, v));
      this.xs.forEach((v, i) => { r.enableSelector(cfg.q, i); r.assignAdvice('x', cfg.x, i, v); });
    });
  }
}

const fib = new FibonacciCircuit(10);
const EXAMPLES: Example[] = [
  { name: 'Fibonacci (gate, permutation over 3 advice + instance)', k: 4, circuit: fib as Circuit<unknown>, instances: fib.instances(),
    corrupt: { column: 'c', row: 3, delta: 1n, expect: ['copy c@3~b@4', 'gate fib/a + b = c@3'] } },
  { name: 'range-checked addition (three lookups, one table)', k: 9, circuit: new RangeAddCircuit([[1n, 2n], [100n, 155n], [7n, 9n]]) as Circuit<unknown>, instances: [],
    corrupt: { column: 'x', row: 1, delta: 200n, expect: ['gate add/x + y = z@1', 'lookup x byte@1'] } },
  { name: 'lookup into an advice (dynamic) table', k: 4, circuit: new DynamicTableCircuit([5n, 7n, 9n, 11n], [7n, 7n, 11n, 5n, 9n]) as Circuit<unknown>, instances: [],
    corrupt: { column: 'x', row: 1, delta: 1n, expect: ['lookup x in t@1'] } },
  { name: 'rotations −1/+1 and a shuffle', k: 4, circuit: new RotationsCircuit(9) as Circuit<unknown>, instances: [],
    corrupt: { column: 'u', row: 2, delta: 1n, expect: ['shuffle u is w reordered@6'] } },
];

const summary = failureSummary;

describe('plonk prover/verifier (KZG, SHPLONK openings)', function () {
  this.timeout(120_000);
  let srs: Srs;
  const keys = new Map<string, { pk: ProvingKey; proof: Uint8Array }>();

  before(async () => {
    await initKernel();
    srs = devSrs(10);
    for (const ex of EXAMPLES) {
      const pk = await keygen(srs, ex.circuit, ex.k);
      keys.set(ex.name, { pk, proof: await prove(pk, srs, ex.circuit, ex.instances) });
    }
  });

  for (const ex of EXAMPLES) {
    describe(ex.name, () => {
      it('an honest proof verifies', () => {
        const { pk, proof } = keys.get(ex.name)!;
        expect(verify(pk.vk, ex.instances, proof)).to.deep.equal({ ok: true });
      });

      it(`corrupting ${ex.corrupt.column}[${ex.corrupt.row}]: MockProver names exactly the broken constraints, the proof is rejected`, async () => {
        const { pk } = keys.get(ex.name)!;
        const a = synthesize(ex.circuit, ex.k, ex.instances, true);
        const col = a.cs.advice.find((c) => c.name === ex.corrupt.column)!;
        a.advice[col.index][ex.corrupt.row] += ex.corrupt.delta;
        expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal(ex.corrupt.expect);
        const proof = await proveAssignment(pk, srs, a);
        const r = verify(pk.vk, ex.instances, proof);
        expect(r.ok).to.equal(false);
        if (!r.ok) expect(r.reason).to.match(/quotient identity failed/);
      });
    });
  }

  it('reports its degree, k and the extended domain', () => {
    const info = protocolInfo(keys.get(EXAMPLES.find((e) => e.name.startsWith('rotations'))!.name)!.pk.vk.protocol);
    // rotations: a degree-2 gate, but the shuffle of degree-2 inputs (q·w) makes 2 + 2 = 4; no equality
    expect(info).to.deep.include({ k: 4, degree: 4, extendedK: 6, quotientPieces: 3, advice: 2, argumentColumns: 1, shuffles: 1, permutationChunks: 0 });
    const fibInfo = protocolInfo(keys.get(EXAMPLES[0].name)!.pk.vk.protocol);
    expect(fibInfo).to.deep.include({ degree: 3, permutationChunks: 4, instance: 1 });
  });

  it('wrong public inputs are rejected (each instance value, and a missing one)', () => {
    const { pk, proof } = keys.get(EXAMPLES[0].name)!;
    const [pub] = fib.instances();
    for (let i = 0; i < pub.length; i++) {
      const bad = pub.map((v, j) => (j === i ? v + 1n : v));
      expect(verify(pk.vk, [bad], proof).ok, `instance ${i}`).to.equal(false);
    }
    expect(verify(pk.vk, [pub.slice(0, 2)], proof).ok).to.equal(false);
    expect(verify(pk.vk, [], proof)).to.deep.include({ ok: false });
  });

  it('a proof for one circuit does not verify under another circuit\'s key', () => {
    const a = keys.get(EXAMPLES[1].name)!;
    const b = keys.get(EXAMPLES[2].name)!;
    expect(verify(b.pk.vk, [], a.proof).ok).to.equal(false);
    expect(verify(a.pk.vk, [], b.proof).ok).to.equal(false);
  });

  it('truncated and oversized proofs give a clear reason, never an exception', () => {
    const { pk, proof } = keys.get(EXAMPLES[0].name)!;
    const inst = EXAMPLES[0].instances;
    expect(verify(pk.vk, inst, proof.subarray(0, proof.length - 1))).to.deep.include({ ok: false });
    const r1 = verify(pk.vk, inst, proof.subarray(0, 100));
    expect(r1.ok === false && r1.reason).to.match(/proof too short/);
    const long = new Uint8Array(proof.length + 32);
    long.set(proof);
    const r2 = verify(pk.vk, inst, long);
    expect(r2.ok === false && r2.reason).to.match(/proof too long: 32 trailing bytes/);
    expect(verify(pk.vk, inst, new Uint8Array(0))).to.deep.include({ ok: false });
  });

  it('1,020 random single-bit flips of valid proofs are all rejected', () => {
    const rng = new Rng(0xb17f);
    for (const ex of EXAMPLES) {
      const { pk, proof } = keys.get(ex.name)!;
      for (let i = 0; i < 340; i++) {
        const bad = proof.slice();
        const bit = rng.int(bad.length * 8);
        bad[bit >> 3] ^= 1 << (bit & 7);
        expect(verify(pk.vk, ex.instances, bad).ok, `${ex.name}: bit ${bit}`).to.equal(false);
      }
    }
  });
});
