/**
 * MSM (Pippenger, signed digits, batch-affine buckets) against the naive sum with noble, on the
 * edge cases of the bucket method: n = 0, 1, 2, zero scalars, 1 and r - 1, duplicate points, P and
 * -P, points at infinity, all points in one bucket; and parallel runs equal to the sync one.
 */
import { expect } from 'chai';
import { FQ_MODULUS, FR_MODULUS, Fr } from '../../../circuits/field/index.js';
import { G1, G1_INFINITY, fromNoble, msm, msmSync, planMsm, toNoble, windowCount, type G1Affine, type NobleG1 } from '../../../circuits/curve/index.js';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import { Rng, naiveMsm, randomPoint, writeChainPoints } from './helpers.js';

describe('curve/msm: Pippenger with batch-affine buckets', () => {
  const rng = new Rng(7);
  before(async () => { await initKernel(); });

  /** Writes points and scalars to the kernel; runs f; frees. */
  async function withInputs<T>(points: G1Affine[], scalars: bigint[], f: (p: number, s: number) => Promise<T> | T): Promise<T> {
    const p = G1.allocAffine(points.length), s = Fr.alloc(Math.max(1, scalars.length));
    G1.writeAffineVec(p, points);
    Fr.writeVec(s, scalars);
    try { return await f(p, s); } finally { G1.free(p); Fr.free(s); }
  }

  /** MSM (sync, and parallel over 3 task lists) for each window size equals the reference. */
  async function check(points: G1Affine[], scalars: bigint[], label: string, windowBits: Array<number | undefined> = [undefined],
    want: NobleG1 = naiveMsm(points, scalars)): Promise<void> {
    await withInputs(points, scalars, async (p, s) => {
      const out = G1.allocAffine();
      for (const c of windowBits) {
        const got = msmSync(p, s, points.length, { out, windowBits: c });
        expect(toNoble(got).equals(want), `${label} c=${c} (sync)`).to.equal(true);
        expect(G1.readAffine(out)).to.deep.equal(got);
        const par = await msm(p, s, points.length, { windowBits: c, parallelism: 3 });
        expect(par, `${label} c=${c} (parallel)`).to.deep.equal(got);
      }
      G1.free(out);
    });
  }

  const randomPoints = (n: number) => Array.from({ length: n }, () => fromNoble(randomPoint(rng)));
  const randomScalars = (n: number) => Array.from({ length: n }, () => rng.scalar());

  it('n = 0 is the point at infinity', async () => {
    const out = G1.allocAffine();
    G1.writeAffine(out, fromNoble(randomPoint(rng)));
    expect(msmSync(0, 0, 0, { out })).to.deep.equal(G1_INFINITY);
    expect(G1.readAffine(out)).to.deep.equal(G1_INFINITY);
    expect(await msm(0, 0, 0)).to.deep.equal(G1_INFINITY);
    G1.free(out);
  });

  it('n = 1 and n = 2 (random, 0, 1, r - 1, P + P, P - P)', async () => {
    const [P, Q] = randomPoints(2);
    for (const s of [rng.scalar(), 0n, 1n, 2n, FR_MODULUS - 1n]) await check([P], [s], `n=1 s=${s}`);
    await check([P, Q], randomScalars(2), 'n=2');
    await check([P, P], [5n, 7n], 'n=2 duplicate');
    await check([P, P], [5n, FR_MODULUS - 5n], 'n=2 cancelling');
    await check([P, { x: P.x, y: FQ_MODULUS - P.y }], [3n, 3n], 'n=2 P + (-P)');
    await check([P, G1_INFINITY], [3n, 4n], 'n=2 with infinity');
  });

  it('random n = 100 over several window sizes', async () => {
    await check(randomPoints(100), randomScalars(100), 'n=100', [undefined, 2, 3, 7, 13]);
  });

  it('n = 1000 with zero scalars, 1, r - 1, duplicate points and points at infinity', async () => {
    const base = randomPoints(40);
    const points: G1Affine[] = [], scalars: bigint[] = [];
    const perBase = base.map(() => 0n);
    for (let i = 0; i < 1000; i++) {
      const j = rng.int(base.length), inf = rng.int(10) === 0;
      points.push(inf ? G1_INFINITY : base[j]);
      const t = rng.int(8);
      const s = t === 0 ? 0n : t === 1 ? 1n : t === 2 ? FR_MODULUS - 1n : t === 3 ? BigInt(rng.int(64)) : rng.scalar();
      scalars.push(s);
      if (!inf) perBase[j] = (perBase[j] + s) % FR_MODULUS;
    }
    // the reference by linearity: Σ over distinct points of (Σ of their scalars)·P, with noble
    await check(points, scalars, 'n=1000 mixed', [undefined, 9], naiveMsm(base, perBase));
  });

  it('degenerate buckets: one point, one scalar (all in one bucket); P and -P alternating', async () => {
    const [P] = randomPoints(1);
    const s = rng.scalar();
    await check(Array(300).fill(P), Array(300).fill(s), 'same point same scalar', [undefined], naiveMsm([P], [300n * s]));
    const negP = fromNoble(toNoble(P).negate());
    await check(Array.from({ length: 301 }, (_, i) => (i % 2 ? negP : P)), Array(301).fill(s), 'P, -P alternating', [undefined], naiveMsm([P], [s]));
    await check(randomPoints(64), Array(64).fill(0n), 'all scalars zero');
  });

  it('parallel MSM equals sync MSM on 2^12 points (1, 2, 3, 5 task lists), without leaking heap', async () => {
    const n = 1 << 12;
    const heapBefore = kernel().heap.allocatedBytes;
    const p = G1.allocAffine(n), s = Fr.alloc(n);
    writeChainPoints(p, n, rng);
    for (let i = 0; i < n; i++) Fr.write(Fr.at(s, i), rng.scalar());
    const want = msmSync(p, s, n);
    // spot check against noble on a prefix of the same data
    const prefix = 200;
    const got200 = msmSync(p, s, prefix);
    expect(toNoble(got200).equals(naiveMsm(G1.readAffineVec(p, prefix), Fr.readVec(s, prefix)))).to.equal(true);
    for (const parallelism of [1, 2, 3, 5]) {
      expect(await msm(p, s, n, { parallelism }), `parallelism ${parallelism}`).to.deep.equal(want);
    }
    expect(await msm(p, s, n)).to.deep.equal(want);
    G1.free(p); Fr.free(s);
    expect(kernel().heap.allocatedBytes).to.equal(heapBefore);
  });

  it('plans cover all windows and points; more task lists split windows by point ranges', () => {
    for (const [n, t] of [[1, 1], [100, 2], [1 << 16, 2], [1 << 16, 16], [1 << 18, 64]] as const) {
      const plan = planMsm(n, t);
      expect(plan.windows).to.equal(windowCount(plan.c));
      expect(plan.windows * plan.c).to.be.at.least(255);
      expect(plan.chunks.reduce((sum, [, k]) => sum + k, 0)).to.equal(n);
      expect(plan.tasks).to.be.at.most(t);
    }
    const wide = planMsm(1 << 16, 64);
    expect(wide.chunks.length).to.be.greaterThan(1);
  });

  it('rejects bad sizes and window bits', () => {
    expect(() => msmSync(0, 0, -1)).to.throw(RangeError);
    expect(() => msmSync(0, 0, 1.5)).to.throw(RangeError);
    expect(() => msmSync(0, 0, 1, { windowBits: 1 })).to.throw(RangeError);
  });
});
