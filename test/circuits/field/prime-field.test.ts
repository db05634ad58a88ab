/**
 * Fr and Fq of BN254 (wasm Montgomery kernel, 9×29-bit limbs) against a BigInt reference:
 * random identities, edge values, vector ops, square roots, serialization, and independence of
 * the results from where the operands live in memory.
 */
import { expect } from 'chai';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import {
  encode32,
  Fq,
  FQ_MODULUS,
  Fr,
  FR_MODULUS,
  FR_MULTIPLICATIVE_GENERATOR,
  FR_TWO_ADICITY,
  NonCanonicalFieldElementError,
  type PrimeField,
  type Ptr,
} from '../../../circuits/field/index.js';
import { ELEMENT_BYTES, LIMB_BITS, MONTGOMERY_R } from '../../../circuits/field/montgomery-wat.js';
import { Rng } from './rng.js';

const RANDOM_CASES = 10_000;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b = mod(b, m);
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r % m;
}

/** Values that stress carries, the final conditional subtraction and the limb boundaries. */
function edgeValues(p: bigint): bigint[] {
  const xs = [0n, 1n, 2n, 3n, p - 1n, p - 2n, p - 3n, (p - 1n) / 2n, (p + 1n) / 2n];
  xs.push((1n << 253n) - 1n, 1n << 253n, (1n << 253n) + 1n, p - (1n << 252n));
  for (let k = 1; k <= 8; k++) {
    const b = 1n << BigInt(LIMB_BITS * k);
    xs.push(b - 1n, b, b + 1n, p - b);
  }
  xs.push(MONTGOMERY_R % p, modPow(MONTGOMERY_R, p - 2n, p), (1n << 64n) - 1n, (1n << 128n) - 1n);
  return [...new Set(xs.map((x) => mod(x, p)))];
}

/** A mix of uniform elements, edge values, small values and values just below p. */
function sample(rng: Rng, p: bigint, edges: readonly bigint[]): bigint {
  const r = rng.int(16);
  if (r < 11) return rng.below(p);
  if (r < 13) return rng.pick(edges);
  if (r < 14) return rng.bits(1 + rng.int(64));
  if (r < 15) return p - 1n - rng.bits(1 + rng.int(64));
  // a random 29-bit limb pattern: some limbs all ones / zero
  let x = 0n;
  for (let k = 8; k >= 0; k--) x = (x << 29n) | BigInt(rng.pick([0, 1, 0x1fffffff, 0x10000000, rng.u32() & 0x1fffffff]));
  return mod(x, p);
}

/** Exponents for pow: 0, 1, small, 64-bit, full-size and beyond the modulus. */
function exponent(rng: Rng, p: bigint, i: number): bigint {
  const special = [0n, 1n, 2n, 3n, p - 1n, p - 2n, p, p + 1n, (1n << 256n) - 1n, 1n << 300n];
  if (i < special.length) return special[i];
  const r = rng.int(32);
  if (r < 4) return BigInt(rng.int(4));
  if (r === 31) return rng.bits(256);
  return rng.bits(1 + rng.int(64));
}

describe('field: Fr and Fq (wasm Montgomery kernel)', function () {
  this.timeout(60_000);
  before(async () => {
    await initKernel();
  });

  it('has the BN254 moduli and Fr 2-adicity 28', () => {
    expect(Fr.modulus).to.equal(FR_MODULUS);
    expect(Fq.modulus).to.equal(FQ_MODULUS);
    const t = (FR_MODULUS - 1n) >> BigInt(FR_TWO_ADICITY);
    expect(t & 1n).to.equal(1n);
    expect(t << BigInt(FR_TWO_ADICITY)).to.equal(FR_MODULUS - 1n);
    expect(FQ_MODULUS % 4n).to.equal(3n);
  });

  for (const [F, seed] of [[Fr, 0xf00d], [Fq, 0xbeef]] as Array<[PrimeField, number]>) {
    const p = F.modulus;

    describe(`${F.name}`, () => {
      // scratch elements: a, b, c, out, tmp, one
      let a: Ptr, b: Ptr, c: Ptr, o: Ptr, t: Ptr, one: Ptr;
      let heapBefore: number;
      before(() => {
        heapBefore = kernel().heap.allocatedBytes;
        a = F.alloc(); b = F.alloc(); c = F.alloc(); o = F.alloc(); t = F.alloc(); one = F.alloc();
        F.one(one);
      });
      after(() => {
        for (const x of [a, b, c, o, t, one]) F.free(x);
        expect(kernel().heap.allocatedBytes, 'heap leak').to.equal(heapBefore);
      });

      it(`agrees with BigInt on ${RANDOM_CASES} random cases (add sub mul sqr neg double inv pow, laws)`, () => {
        const rng = new Rng(seed);
        const edges = edgeValues(p);
        for (let i = 0; i < RANDOM_CASES; i++) {
          const x = sample(rng, p, edges), y = sample(rng, p, edges), z = sample(rng, p, edges);
          const ctx = (op: string) => `${F.name} case ${i} ${op}: x=0x${x.toString(16)} y=0x${y.toString(16)}`;
          F.write(a, x); F.write(b, y); F.write(c, z);
          F.add(a, b, o); expect(F.read(o), ctx('add')).to.equal((x + y) % p);
          F.sub(a, b, o); expect(F.read(o), ctx('sub')).to.equal(mod(x - y, p));
          F.mul(a, b, o); expect(F.read(o), ctx('mul')).to.equal((x * y) % p);
          F.sqr(a, o); expect(F.read(o), ctx('sqr')).to.equal((x * x) % p);
          F.neg(a, o); expect(F.read(o), ctx('neg')).to.equal(mod(-x, p));
          F.double(a, o); expect(F.read(o), ctx('double')).to.equal((2n * x) % p);
          // distributivity in the kernel: x·(y+z) = x·y + x·z
          F.add(b, c, t); F.mul(a, t, o);
          F.mul(a, b, t); F.mul(a, c, c); F.add(t, c, t);
          expect(F.eq(o, t), ctx('distributivity')).to.equal(true);
          // commutativity: x·y = y·x, x+y = y+x
          F.mul(a, b, o); F.mul(b, a, t); expect(F.eq(o, t), ctx('mul commutes')).to.equal(true);
          // inverse: x·x⁻¹ = 1 in the kernel and in BigInt
          if (x !== 0n) {
            F.inv(a, o);
            const xi = F.read(o);
            expect((x * xi) % p, ctx('inv')).to.equal(1n);
            F.mul(a, o, t); expect(F.eq(t, one), ctx('a·a⁻¹')).to.equal(true);
          }
          const e = exponent(rng, p, i);
          F.pow(a, e, o);
          expect(F.read(o), `${ctx('pow')} e=0x${e.toString(16)}`).to.equal(modPow(x, e, p));
        }
      });

      it('handles edge values (0, 1, p−1, p−2, near 2^253, 2^29k limb boundaries) pairwise', () => {
        const edges = edgeValues(p);
        for (const x of edges) {
          F.write(a, x);
          expect(F.read(a)).to.equal(x);
          F.neg(a, o); expect(F.read(o), `neg ${x}`).to.equal(mod(-x, p));
          F.double(a, o); expect(F.read(o), `double ${x}`).to.equal((2n * x) % p);
          F.sqr(a, o); expect(F.read(o), `sqr ${x}`).to.equal((x * x) % p);
          expect(F.isZero(a)).to.equal(x === 0n);
          if (x !== 0n) { F.inv(a, o); expect((F.read(o) * x) % p, `inv ${x}`).to.equal(1n); }
          for (const y of edges) {
            F.write(b, y);
            F.add(a, b, o); expect(F.read(o), `add ${x} ${y}`).to.equal((x + y) % p);
            F.sub(a, b, o); expect(F.read(o), `sub ${x} ${y}`).to.equal(mod(x - y, p));
            F.mul(a, b, o); expect(F.read(o), `mul ${x} ${y}`).to.equal((x * y) % p);
            expect(F.eq(a, b)).to.equal(x === y);
          }
        }
      });

      it('reduces integers outside [0, p) on write; zero/one/copy; inv(0) throws; pow(0, 0) = 1', () => {
        for (const [x, want] of [[p, 0n], [p + 5n, 5n], [-1n, p - 1n], [-p - 2n, p - 2n], [(1n << 256n) - 1n, ((1n << 256n) - 1n) % p]] as const) {
          F.write(a, x);
          expect(F.read(a), `write ${x}`).to.equal(want);
        }
        F.zero(a); expect(F.read(a)).to.equal(0n); expect(F.isZero(a)).to.equal(true);
        F.one(a); expect(F.read(a)).to.equal(1n); expect(F.isZero(a)).to.equal(false);
        F.write(a, 12345n); F.copy(a, b); expect(F.read(b)).to.equal(12345n);
        F.zero(a);
        expect(() => F.inv(a, o)).to.throw(RangeError, /inverse of zero/);
        F.pow(a, 0n, o); expect(F.read(o)).to.equal(1n);
        F.pow(a, 5n, o); expect(F.read(o)).to.equal(0n);
        expect(() => F.pow(a, -1n, o)).to.throw(RangeError, /negative exponent/);
        // Fermat: x^(p-1) = 1
        F.write(a, 0xdeadbeefn); F.pow(a, p - 1n, o); expect(F.read(o)).to.equal(1n);
      });

      it('vector ops match BigInt (incl. zeros, n = 0, 1, odd sizes, aliasing out = a / out = b)', () => {
        const rng = new Rng(seed + 1);
        const edges = edgeValues(p);
        for (const n of [0, 1, 2, 3, 17, 64, 257]) {
          const xs = Array.from({ length: n }, () => (rng.int(8) === 0 ? 0n : sample(rng, p, edges)));
          const ys = Array.from({ length: n }, () => (rng.int(8) === 0 ? 0n : sample(rng, p, edges)));
          const s = sample(rng, p, edges);
          const va = F.alloc(Math.max(1, n)), vb = F.alloc(Math.max(1, n)), vo = F.alloc(Math.max(1, n));
          const sp = F.from(s);
          try {
          const reset = () => { F.writeVec(va, xs); F.writeVec(vb, ys); };
          const cases: Array<[string, (out: Ptr) => void, (x: bigint, y: bigint) => bigint]> = [
            ['vecAdd', (out) => F.vecAdd(va, vb, out, n), (x, y) => (x + y) % p],
            ['vecSub', (out) => F.vecSub(va, vb, out, n), (x, y) => mod(x - y, p)],
            ['vecMul', (out) => F.vecMul(va, vb, out, n), (x, y) => (x * y) % p],
            ['vecScale', (out) => F.vecScale(va, sp, out, n), (x) => (x * s) % p],
          ];
          for (const [name, run, ref] of cases) {
            const want = xs.map((x, i) => ref(x, ys[i]));
            for (const [where, out] of [['separate', vo], ['out = a', va], ['out = b', vb]] as const) {
              if (name === 'vecScale' && where === 'out = b') continue;
              reset();
              run(out);
              expect(F.readVec(out, n), `${F.name} ${name} n=${n} ${where}`).to.deep.equal(want);
            }
          }
          // vecScale whose scalar lives inside the vector being overwritten
          if (n > 0) {
            reset();
            const s0 = xs[0];
            F.vecScale(va, va, va, n);
            expect(F.readVec(va, n), `${F.name} vecScale(a, &a[0], a) n=${n}`).to.deep.equal(xs.map((x) => (x * s0) % p));
          }
          // batch inversion, separate output and in place
          const inv = xs.map((x) => (x === 0n ? 0n : modPow(x, p - 2n, p)));
          reset();
          F.batchInvert(va, vo, n);
          expect(F.readVec(vo, n), `${F.name} batchInvert n=${n}`).to.deep.equal(inv);
          expect(F.readVec(va, n), 'batchInvert input untouched').to.deep.equal(xs);
          F.batchInvert(va, va, n);
          expect(F.readVec(va, n), `${F.name} batchInvert in place n=${n}`).to.deep.equal(inv);
          } finally {
            for (const x of [va, vb, vo, sp]) F.free(x);
          }
        }
        // all zeros, and a single non-zero among zeros
        const v = F.alloc(5);
        F.writeVec(v, [0n, 0n, 0n, 0n, 0n]);
        F.batchInvert(v, v, 5);
        expect(F.readVec(v, 5)).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
        F.writeVec(v, [0n, 0n, 7n, 0n, 0n]);
        F.batchInvert(v, v, 5);
        expect(F.readVec(v, 5)).to.deep.equal([0n, 0n, modPow(7n, p - 2n, p), 0n, 0n]);
        F.free(v);
      });

      it('sqrt: squares have a root r with r² = a, non-residues return false and leave out unchanged', () => {
        const rng = new Rng(seed + 2);
        const edges = edgeValues(p);
        // a fixed non-residue: 7 generates Fr^*; for Fq (p ≡ 3 mod 4) −1 is a non-residue
        const nonResidue = F === Fr ? FR_MULTIPLICATIVE_GENERATOR : p - 1n;
        expect(modPow(nonResidue, (p - 1n) / 2n, p)).to.equal(p - 1n);
        for (let i = 0; i < 200; i++) {
          const x = sample(rng, p, edges);
          const sq = (x * x) % p;
          F.write(a, sq);
          F.write(o, 42n);
          expect(F.sqrt(a, o), `sqrt of square ${sq}`).to.equal(true);
          const r = F.read(o);
          expect((r * r) % p).to.equal(sq);
          expect(r === x || r === mod(-x, p)).to.equal(true);
          if (x !== 0n) {
            F.write(a, (sq * nonResidue) % p);
            F.write(o, 42n);
            expect(F.sqrt(a, o), 'non-residue').to.equal(false);
            expect(F.read(o), 'out unchanged on a non-residue').to.equal(42n);
          }
        }
        F.zero(a); expect(F.sqrt(a, o)).to.equal(true); expect(F.read(o)).to.equal(0n);
        F.one(a); expect(F.sqrt(a, a), 'sqrt in place').to.equal(true);
        expect(F.read(a) === 1n || F.read(a) === p - 1n).to.equal(true);
      });

      if (F === Fr) {
        it('sqrt: Tonelli–Shanks on roots of unity of every 2-power order (2-adicity 28)', () => {
          // ω_k has order 2^k; it is a square iff k < 28, and its root has order 2^(k+1)
          const t = (p - 1n) >> BigInt(FR_TWO_ADICITY);
          const w28 = modPow(FR_MULTIPLICATIVE_GENERATOR, t, p);
          let w = w28;
          const roots: bigint[] = [w28];
          for (let k = FR_TWO_ADICITY - 1; k >= 0; k--) roots[FR_TWO_ADICITY - k] = w = (w * w) % p;
          // roots[j] = ω of order 2^(28 - j)
          for (let j = 0; j <= FR_TWO_ADICITY; j++) {
            const order = FR_TWO_ADICITY - j;
            expect(modPow(roots[j], 1n << BigInt(order), p)).to.equal(1n);
            F.write(a, roots[j]);
            const ok = F.sqrt(a, o);
            expect(ok, `sqrt of ω of order 2^${order}`).to.equal(order < FR_TWO_ADICITY);
            if (ok) {
              const r = F.read(o);
              expect((r * r) % p, `root of ω of order 2^${order}`).to.equal(roots[j]);
            }
            // a random element times ω: exercises every loop depth with a non-trivial odd part
            const x = 0x1234567n + BigInt(j);
            F.write(a, (x * x % p) * roots[j] % p);
            expect(F.sqrt(a, o)).to.equal(order < FR_TWO_ADICITY);
            if (order < FR_TWO_ADICITY) expect(F.read(o) ** 2n % p).to.equal((x * x % p) * roots[j] % p);
          }
        });
      }

      it('toBytes/fromBytes round-trip (32-byte big-endian)', () => {
        const rng = new Rng(seed + 3);
        const edges = edgeValues(p);
        F.write(a, 1n);
        const oneBytes = F.toBytes(a);
        expect(oneBytes.length).to.equal(32);
        expect(Array.from(oneBytes)).to.deep.equal([...new Array(31).fill(0), 1]);
        F.write(a, 0x0102n);
        expect(Array.from(F.toBytes(a).slice(30))).to.deep.equal([1, 2]);
        for (let i = 0; i < 1000; i++) {
          const x = i < edges.length ? edges[i] : sample(rng, p, edges);
          F.write(a, x);
          const bytes = F.toBytes(a);
          expect(bytes).to.deep.equal(encode32(x));
          expect(F.decode(bytes)).to.equal(x);
          F.fromBytes(bytes, b);
          expect(F.eq(a, b), `round trip ${x}`).to.equal(true);
          expect(F.read(b)).to.equal(x);
        }
      });

      it('rejects non-canonical encodings with NonCanonicalFieldElementError naming the problem', () => {
        F.write(o, 42n);
        const cases: Array<[string, Uint8Array, RegExp]> = [
          ['p', encode32(p), /≥ modulus/],
          ['p + 1', encode32(p + 1n), /≥ modulus/],
          ['2^256 − 1', new Uint8Array(32).fill(0xff), /0xf{64} ≥ modulus/],
          ['31 bytes', new Uint8Array(31), /expected 32 bytes, got 31/],
          ['33 bytes', new Uint8Array(33), /expected 32 bytes, got 33/],
          ['empty', new Uint8Array(0), /expected 32 bytes, got 0/],
        ];
        for (const [what, bytes, msg] of cases) {
          let err: unknown;
          try { F.fromBytes(bytes, o); } catch (e) { err = e; }
          expect(err, what).to.be.instanceOf(NonCanonicalFieldElementError);
          const e = err as NonCanonicalFieldElementError;
          expect(e).to.be.instanceOf(Error);
          expect(e.name).to.equal('NonCanonicalFieldElementError');
          expect(e.field).to.equal(F.name);
          expect(e.message, what).to.match(msg);
          expect(e.message, what).to.contain(`${F.name}: non-canonical field element`);
          expect(() => F.decode(bytes), what).to.throw(NonCanonicalFieldElementError);
          expect(F.read(o), `${what}: output untouched`).to.equal(42n);
        }
        expect(() => F.decode(encode32(p))).to.throw(NonCanonicalFieldElementError, `0x${p.toString(16)} ≥ modulus`);
        // p − 1 and 0 are canonical
        expect(F.decode(encode32(p - 1n))).to.equal(p - 1n);
        expect(F.decode(new Uint8Array(32))).to.equal(0n);
      });

      it('results do not depend on memory location (unaligned pointers, outputs aliasing inputs)', () => {
        const rng = new Rng(seed + 4);
        const edges = edgeValues(p);
        const k = kernel();
        const region = k.heap.alloc(64 * ELEMENT_BYTES + 64);
        try {
          // offsets within the region: 64-aligned, 4-aligned, and not even 4-byte aligned
          const offsets = [0, 4, 8, 36, 100, 1, 2, 3, 37, 71, 1001];
          for (let i = 0; i < 300; i++) {
            const x = sample(rng, p, edges), y = sample(rng, p, edges);
            const e = rng.bits(40);
            const [pa, pb, po] = [0, 1, 2].map((j) => region + offsets[(i + 3 * j) % offsets.length] + 400 * j);
            const where = `a@+${pa - region} b@+${pb - region} out@+${po - region}`;
            F.write(pa, x); F.write(pb, y);
            expect(F.read(pa), `read back ${where}`).to.equal(x);
            const ops: Array<[string, () => void, bigint]> = [
              ['add', () => F.add(pa, pb, po), (x + y) % p],
              ['sub', () => F.sub(pa, pb, po), mod(x - y, p)],
              ['mul', () => F.mul(pa, pb, po), (x * y) % p],
              ['sqr', () => F.sqr(pa, po), (x * x) % p],
              ['neg', () => F.neg(pa, po), mod(-x, p)],
              ['double', () => F.double(pa, po), (2n * x) % p],
              ['pow', () => F.pow(pa, e, po), modPow(x, e, p)],
            ];
            for (const [name, run, want] of ops) {
              run();
              expect(F.read(po), `${F.name} ${name} ${where}`).to.equal(want);
            }
            const bytes = F.toBytes(pa);
            F.fromBytes(bytes, po);
            expect(F.read(po), `fromBytes ${where}`).to.equal(x);
            if (x !== 0n) {
              F.inv(pa, po);
              expect((F.read(po) * x) % p, `inv ${where}`).to.equal(1n);
            }
          }
          // a vector at an unaligned address
          const n = 9;
          const xs = Array.from({ length: n }, () => sample(rng, p, edges));
          const va = region + 3, vo = region + 3 + n * ELEMENT_BYTES + 5;
          F.writeVec(va, xs);
          F.vecMul(va, va, vo, n);
          expect(F.readVec(vo, n)).to.deep.equal(xs.map((x) => (x * x) % p));
          F.batchInvert(va, vo, n);
          expect(F.readVec(vo, n).map((v, i) => (v * xs[i]) % p)).to.deep.equal(xs.map((x) => (x === 0n ? 0n : 1n)));
        } finally {
          k.heap.release(region);
        }

        // every scalar op with its output aliasing one or both inputs
        for (let i = 0; i < 300; i++) {
          const x = sample(rng, p, edges), y = sample(rng, p, edges);
          const e = rng.bits(64);
          const aliased: Array<[string, (a: Ptr, b: Ptr) => void, 'a' | 'b', bigint]> = [
            ['add(a,b,a)', (a, b) => F.add(a, b, a), 'a', (x + y) % p],
            ['add(a,b,b)', (a, b) => F.add(a, b, b), 'b', (x + y) % p],
            ['add(a,a,a)', (a) => F.add(a, a, a), 'a', (2n * x) % p],
            ['sub(a,b,a)', (a, b) => F.sub(a, b, a), 'a', mod(x - y, p)],
            ['sub(a,b,b)', (a, b) => F.sub(a, b, b), 'b', mod(x - y, p)],
            ['sub(a,a,a)', (a) => F.sub(a, a, a), 'a', 0n],
            ['mul(a,b,a)', (a, b) => F.mul(a, b, a), 'a', (x * y) % p],
            ['mul(a,b,b)', (a, b) => F.mul(a, b, b), 'b', (x * y) % p],
            ['mul(a,a,a)', (a) => F.mul(a, a, a), 'a', (x * x) % p],
            ['sqr(a,a)', (a) => F.sqr(a, a), 'a', (x * x) % p],
            ['neg(a,a)', (a) => F.neg(a, a), 'a', mod(-x, p)],
            ['double(a,a)', (a) => F.double(a, a), 'a', (2n * x) % p],
            ['pow(a,e,a)', (a) => F.pow(a, e, a), 'a', modPow(x, e, p)],
            ['copy(a,a)', (a) => F.copy(a, a), 'a', x],
          ];
          if (x !== 0n) aliased.push(['inv(a,a)', (a) => F.inv(a, a), 'a', modPow(x, p - 2n, p)]);
          for (const [name, run, out, want] of aliased) {
            F.write(a, x); F.write(b, y);
            run(a, b);
            expect(F.read(out === 'a' ? a : b), `${F.name} ${name} x=${x} y=${y}`).to.equal(want);
          }
        }
      });
    });
  }
});
