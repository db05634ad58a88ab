import { expect } from 'chai';
import { initKernel, kernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { ELEMENT_BYTES, LIMB_BITS, LIMBS } from '../../../circuits/field/montgomery-wat.js';
import {
  DomainTooLargeError, EvaluationDomain, divideByLinear, evaluate, releaseTwiddles, rootOfUnity, twiddleTableLength,
} from '../../../circuits/poly/index.js';

const r = FR_MODULUS;
const mod = (a: bigint) => ((a % r) + r) % r;
function modPow(b: bigint, e: bigint): bigint {
  let acc = 1n;
  for (b = mod(b); e > 0n; e >>= 1n, b = (b * b) % r) if (e & 1n) acc = (acc * b) % r;
  return acc;
}
const horner = (coeffs: bigint[], x: bigint) => coeffs.reduceRight((acc, c) => (acc * x + c) % r, 0n);

/** Deterministic field elements (splitmix64, seeded). */
function rng(seed: bigint) {
  let s = seed;
  const next64 = () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
  return {
    field: () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % r,
    vec(n: number) { return Array.from({ length: n }, () => this.field()); },
  };
}

/** Raw limbs as an integer (Montgomery form): canonical iff below r. */
function isCanonicalVec(ptr: number, n: number): boolean {
  const u32 = kernel().u32();
  for (let i = 0; i < n; i++) {
    let m = 0n;
    for (let j = LIMBS - 1; j >= 0; j--) m = (m << BigInt(LIMB_BITS)) | BigInt(u32[(ptr >>> 2) + i * LIMBS + j]);
    if (m >= r) return false;
  }
  return true;
}

const bytesOf = (ptr: number, n: number) => kernel().u8().slice(ptr, ptr + n * ELEMENT_BYTES);

function withVec<T>(xs: bigint[], f: (ptr: number) => T): T {
  const ptr = Fr.alloc(Math.max(1, xs.length));
  Fr.writeVec(ptr, xs);
  try { return f(ptr); } finally { Fr.free(ptr); }
}

describe('poly: radix-2 NTT over Fr', function () {
  this.timeout(20000);
  before(async () => { await initKernel(); });

  it('ω_{2^k} has exact order 2^k for every k ≤ 28, and the kernel constants match', () => {
    for (let k = 0; k <= 28; k++) {
      const d = new EvaluationDomain(k);
      expect(modPow(d.omega, BigInt(d.n))).to.equal(1n);
      if (k > 0) expect(modPow(d.omega, BigInt(d.n / 2))).to.equal(r - 1n); // ω^(n/2) = -1 ⇒ order exactly n
      expect(mod(d.omega * d.omegaInv)).to.equal(1n);
      expect(mod(d.nInv * BigInt(d.n))).to.equal(1n);
      expect(Fr.read(d.ptrs.omega)).to.equal(d.omega);
      expect(Fr.read(d.ptrs.omegaInv)).to.equal(d.omegaInv);
      expect(Fr.read(d.ptrs.nInv)).to.equal(d.nInv);
    }
    expect(Fr.read(new EvaluationDomain(3).ptrs.cosetGenerator)).to.equal(7n);
    expect(mod(Fr.read(new EvaluationDomain(3).ptrs.cosetGeneratorInv) * 7n)).to.equal(1n);
    expect(rootOfUnity(1)).to.equal(r - 1n);
  });

  it('rejects domains above 2^28 with a clear error', () => {
    expect(() => new EvaluationDomain(29)).to.throw(DomainTooLargeError, /2\^29 is too large.*2-adicity 28/);
    expect(() => EvaluationDomain.ofSize(2 ** 28 + 1)).to.throw(DomainTooLargeError);
    expect(() => new EvaluationDomain(-1)).to.throw(RangeError);
    expect(EvaluationDomain.ofSize(5).n).to.equal(8);
    expect(EvaluationDomain.ofSize(8).n).to.equal(8);
    expect(EvaluationDomain.ofSize(1).n).to.equal(1);
  });

  it('NTT equals the naive O(n²) DFT and iNTT inverts it (n ≤ 64)', () => {
    const g = rng(1n);
    for (let k = 0; k <= 6; k++) {
      const d = new EvaluationDomain(k);
      const xs = g.vec(d.n);
      const expected = Array.from({ length: d.n }, (_, i) => horner(xs, modPow(d.omega, BigInt(i))));
      withVec(xs, (p) => {
        d.ntt(p);
        expect(Fr.readVec(p, d.n), `ntt 2^${k}`).to.deep.equal(expected);
        expect(isCanonicalVec(p, d.n)).to.equal(true);
        d.intt(p);
        expect(Fr.readVec(p, d.n), `intt 2^${k}`).to.deep.equal(xs);
        expect(isCanonicalVec(p, d.n)).to.equal(true);
      });
    }
  });

  it('iNTT(NTT(x)) = x for 2^1 … 2^14 (single-row and row/column paths)', () => {
    const g = rng(2n);
    for (let k = 1; k <= 14; k++) {
      const d = new EvaluationDomain(k);
      const xs = g.vec(d.n);
      withVec(xs, (p) => {
        d.ntt(p);
        // spot-check evaluations on the blocked path
        for (const i of [0, 1, d.n - 1]) expect(Fr.read(Fr.at(p, i))).to.equal(horner(xs, modPow(d.omega, BigInt(i))));
        expect(isCanonicalVec(p, d.n)).to.equal(true);
        d.intt(p);
        expect(Fr.readVec(p, d.n), `2^${k}`).to.deep.equal(xs);
      });
    }
  });

  it('coset NTT evaluates at g·ω^i, coset iNTT inverts it', () => {
    const g = rng(3n);
    for (let k = 0; k <= 6; k++) {
      const d = new EvaluationDomain(k);
      const xs = g.vec(d.n);
      const expected = Array.from({ length: d.n }, (_, i) => horner(xs, (7n * modPow(d.omega, BigInt(i))) % r));
      withVec(xs, (p) => {
        d.cosetNtt(p);
        expect(Fr.readVec(p, d.n), `cosetNtt 2^${k}`).to.deep.equal(expected);
        d.cosetIntt(p);
        expect(Fr.readVec(p, d.n), `cosetIntt 2^${k}`).to.deep.equal(xs);
      });
    }
    const d = new EvaluationDomain(13);
    const xs = g.vec(d.n);
    withVec(xs, (p) => {
      d.cosetNtt(p);
      for (const i of [0, 5, d.n - 1]) expect(Fr.read(Fr.at(p, i))).to.equal(horner(xs, (7n * modPow(d.omega, BigInt(i))) % r));
      d.cosetIntt(p);
      expect(Fr.readVec(p, d.n)).to.deep.equal(xs);
    });
  });

  it('parallel variants equal the sync ones at 2^16 (4 workers) and round-trip', async () => {
    const d = new EvaluationDomain(16);
    const xs = rng(4n).vec(d.n);
    const a = Fr.alloc(d.n);
    const b = Fr.alloc(d.n);
    try {
      Fr.writeVec(a, xs);
      const original = bytesOf(a, d.n);
      const kinds = [['ntt', 'nttParallel'], ['intt', 'inttParallel'], ['cosetNtt', 'cosetNttParallel'], ['cosetIntt', 'cosetInttParallel']] as const;
      for (const [sync, par] of kinds) {
        kernel().u8().set(original, a);
        kernel().u8().set(original, b);
        d[sync](a);
        await d[par](b, 4);
        expect(Buffer.from(bytesOf(b, d.n)).equals(Buffer.from(bytesOf(a, d.n))), par).to.equal(true);
        expect(isCanonicalVec(b, d.n)).to.equal(true);
      }
      kernel().u8().set(original, b);
      await d.nttParallel(b, 4);
      expect(Fr.read(Fr.at(b, 3))).to.equal(horner(xs, modPow(d.omega, 3n)));
      await d.inttParallel(b, 3); // an uneven split
      expect(Buffer.from(bytesOf(b, d.n)).equals(Buffer.from(original))).to.equal(true);
      await d.cosetNttParallel(b);
      await d.cosetInttParallel(b);
      expect(Fr.readVec(b, d.n)).to.deep.equal(xs);
    } finally {
      Fr.free(a);
      Fr.free(b);
    }
  });

  it('parallel variants below 2^12 run synchronously with the same result', async () => {
    const d = new EvaluationDomain(8);
    const xs = rng(5n).vec(d.n);
    await withVec(xs, async (p) => {
      await d.nttParallel(p, 4);
      expect(Fr.read(Fr.at(p, 7))).to.equal(horner(xs, modPow(d.omega, 7n)));
      await d.inttParallel(p, 4);
      expect(Fr.readVec(p, d.n)).to.deep.equal(xs);
    });
  });

  it('the shared twiddle table grows and serves smaller domains; release frees it', () => {
    releaseTwiddles();
    const before = kernel().heap.allocatedBytes;
    const g = rng(6n);
    for (const k of [3, 10, 5, 11, 2]) {
      const d = new EvaluationDomain(k);
      const xs = g.vec(d.n);
      withVec(xs, (p) => {
        d.ntt(p);
        expect(Fr.read(Fr.at(p, 1))).to.equal(horner(xs, d.omega));
        d.intt(p);
        expect(Fr.readVec(p, d.n)).to.deep.equal(xs);
      });
    }
    expect(twiddleTableLength()).to.equal(2 ** 10);
    releaseTwiddles();
    expect(kernel().heap.allocatedBytes).to.equal(before);
  });

  it('evaluate (Horner) matches BigInt, including aliasing out = x', () => {
    const g = rng(7n);
    for (const n of [0, 1, 2, 17, 256]) {
      const xs = g.vec(n);
      const x = g.field();
      withVec(xs, (p) => {
        const xp = Fr.from(x);
        const out = Fr.alloc(1);
        evaluate(p, n, xp, out);
        expect(Fr.read(out)).to.equal(horner(xs, x));
        evaluate(p, n, xp, xp);
        expect(Fr.read(xp)).to.equal(horner(xs, x));
        Fr.free(xp);
        Fr.free(out);
      });
    }
  });

  it('divideByLinear: p = q·(X - z) + p(z), into a separate buffer or in place', () => {
    const g = rng(8n);
    for (const n of [1, 2, 3, 33, 128]) {
      const xs = g.vec(n);
      const z = g.field();
      // reference synthetic division
      const q = new Array<bigint>(Math.max(0, n - 1)).fill(0n);
      let acc = 0n;
      for (let i = n - 1; i >= 1; i--) { acc = (acc * z + xs[i]) % r; q[i - 1] = acc; }
      const rem = (acc * z + xs[0]) % r;
      expect(rem).to.equal(horner(xs, z));
      // q·(X - z) + rem = p
      const back = Array.from({ length: n }, (_, i) => mod((i > 0 ? q[i - 1] : 0n) - (i < n - 1 ? z * q[i] : 0n) + (i === 0 ? rem : 0n)));
      expect(back).to.deep.equal(xs);
      withVec(xs, (p) => {
        const zp = Fr.from(z);
        const out = Fr.alloc(Math.max(1, n - 1));
        const rp = Fr.alloc(1);
        divideByLinear(p, n, zp, out, rp);
        expect(Fr.readVec(out, n - 1)).to.deep.equal(q);
        expect(Fr.read(rp)).to.equal(rem);
        divideByLinear(p, n, zp, p); // in place, no remainder
        expect(Fr.readVec(p, n - 1)).to.deep.equal(q);
        Fr.free(zp); Fr.free(out); Fr.free(rp);
      });
    }
  });
});
