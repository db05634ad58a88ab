/**
 * The pairing code run on BigFq (BigInt, the reference the circuit reproduces step for step) against
 * @noble/curves bn254 and @ethereumjs/evm's ecPairing (0x08): tower arithmetic, the G2 membership test,
 * the Miller loop, the final exponentiation and the EIP-197 input rules.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { NobleBN254 } from '@ethereumjs/evm';
import { FQ_MODULUS, FR_MODULUS } from '../../../../circuits/field/constants.js';
import {
  ATE_LOOP, BN_X, BigFq, PSI_DIGITS, PSI_SCALAR, PairingOps, fromNoble, pairingCheck, pairingRows, slotWords, toNoble,
  type Fq12, type Fq2, type Fq6, type G2, type LoopPair,
} from '../../../../circuits/ecc/pairing/index.js';
import { modPow } from '../../../../circuits/field/modular.js';
import { Rng } from '../../field/rng.js';
import { twistPointOutsideG2 } from './harness.js';

const P = FQ_MODULUS;
const R = FR_MODULUS;
const { Fp2, Fp6, Fp12 } = bn254.fields;
const rng = new Rng(0x0808);
const ops = () => new PairingOps(new BigFq(P));
const str = (x: unknown) => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

const fq2 = (): Fq2<bigint> => [rng.below(P), rng.below(P)];
const fq6 = (): Fq6<bigint> => [fq2(), fq2(), fq2()];
const fq12 = (): Fq12<bigint> => [fq6(), fq6()];
const nobleFp2 = (a: Fq2<bigint>) => ({ c0: a[0], c1: a[1] });
const nobleFp6 = (a: Fq6<bigint>) => ({ c0: nobleFp2(a[0]), c1: nobleFp2(a[1]), c2: nobleFp2(a[2]) });
const N12 = (a: Fq12<bigint>) => toNoble(a) as never;
const from12 = (a: unknown) => fromNoble(a as never);

const G1 = bn254.G1.Point;
const G2P = bn254.G2.Point;
type G1Pt = InstanceType<typeof G1>;
type G2Pt = InstanceType<typeof G2P>;
const scalar = () => rng.below(R - 1n) + 1n;
const g2Affine = (q: G2Pt): G2<bigint> => { const a = q.toAffine(); return { x: [a.x.c0, a.x.c1], y: [a.y.c0, a.y.c1] }; };
const loopPair = (p: G1Pt, q: G2Pt): LoopPair<bigint, bigint> => {
  const a = p.toAffine();
  return { yP: a.y, negXP: (P - a.x) % P, q: g2Affine(q), keep: 1n };
};

// EIP-197 encoding
const word = (v: bigint) => v.toString(16).padStart(64, '0');
const encG1 = (p: G1Pt) => (p.equals(G1.ZERO) ? word(0n) + word(0n) : word(p.toAffine().x) + word(p.toAffine().y));
const encG2Raw = (q: G2<bigint>) => word(q.x[1]) + word(q.x[0]) + word(q.y[1]) + word(q.y[0]);
const encG2 = (q: G2Pt) => (q.equals(G2P.ZERO) ? word(0n).repeat(4) : encG2Raw(g2Affine(q)));
const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));

/** ethereumjs's ecPairing: undefined on failure (bad length or an invalid point), else the output bit. */
function ethereumjs(input: Uint8Array): bigint | undefined {
  if (input.length % 192 !== 0) return undefined;
  try { return BigInt(new NobleBN254().pairing(input)[31]); } catch { return undefined; }
}

function check(input: Uint8Array, slots: number): { success: bigint; output: bigint } {
  const o = ops();
  return pairingCheck(o, (w) => (o.F as BigFq).read(w), BigInt(input.length), slotWords(input, slots));
}

describe('ecc pairing: reference (BigFq) against @noble/curves and @ethereumjs', function () {
  this.timeout(120_000);

  it('Fq2 mul, square, ·ξ; Fq6 mul; Fq12 mul, square, × line, frobenius (p, p², p³) and conjugation match noble', () => {
    const t = ops();
    for (let i = 0; i < 4; i++) {
      const [a, b] = [fq2(), fq2()];
      expect(str(t.fq2Mul(a, b))).to.equal(str([Fp2.mul(nobleFp2(a), nobleFp2(b))].map((x) => [x.c0, x.c1])[0]));
      expect(str(t.fq2Square(a))).to.equal(str([Fp2.sqr(nobleFp2(a))].map((x) => [x.c0, x.c1])[0]));
      expect(str(t.fq2MulXi(a))).to.equal(str(t.fq2Mul(a, [9n, 1n])));
      const [c, d] = [fq6(), fq6()];
      const n6 = (x: ReturnType<typeof Fp6.mul>) => [x.c0, x.c1, x.c2].map((y) => [y.c0, y.c1]);
      expect(str(t.fq6Mul(c, d))).to.equal(str(n6(Fp6.mul(nobleFp6(c) as never, nobleFp6(d) as never))));
      const [e, f] = [fq12(), fq12()];
      expect(str(t.fq12Mul(e, f))).to.equal(str(from12(Fp12.mul(N12(e), N12(f)))));
      expect(str(t.fq12Square(e))).to.equal(str(from12(Fp12.sqr(N12(e)))));
      expect(str(t.fq12Conj(e))).to.equal(str(from12(Fp12.conjugate(N12(e)))));
      for (const n of [1, 2, 3] as const) expect(str(t.fq12Frobenius(e, n))).to.equal(str(from12(Fp12.frobeniusMap(N12(e), n))));
      const [g0, h0, h1] = [rng.below(P), fq2(), fq2()];
      const line: Fq12<bigint> = [[[g0, 0n], [0n, 0n], [0n, 0n]], [h0, h1, [0n, 0n]]];
      expect(str(t.fq12MulLine(e, g0, h0, h1))).to.equal(str(t.fq12Mul(e, line)));
    }
  });

  it('the cyclotomic square equals the square on the cyclotomic subgroup (f^((p⁶ − 1)(p² + 1))), not off it', () => {
    const t = ops();
    const f = fq12();
    const f1 = t.fq12Mul(t.fq12Conj(f), from12(Fp12.inv(N12(f))));
    const g = t.fq12Mul(t.fq12Frobenius(f1, 2), f1);
    expect(str(t.fq12CyclotomicSquare(g))).to.equal(str(t.fq12Square(g)));
    expect(str(t.fq12CyclotomicSquare(f))).to.not.equal(str(t.fq12Square(f)));
  });

  it('the hard-part decomposition and the final exponentiation equal f^((p¹² − 1)/r)', () => {
    const x = BN_X;
    const l = [-36n * x ** 3n - 30n * x * x - 18n * x - 2n, -36n * x ** 3n - 18n * x * x - 12n * x + 1n, 6n * x * x + 1n, 1n];
    expect(l[0] + l[1] * P + l[2] * P ** 2n + l[3] * P ** 3n).to.equal((P ** 4n - P ** 2n + 1n) / R);
    expect((P ** 4n - P ** 2n + 1n) % R).to.equal(0n);
    const f = fq12();
    expect(str(ops().finalExponentiation(f))).to.equal(str(from12(Fp12.pow(N12(f), (P ** 12n - 1n) / R))));
  });

  it('noble\'s final exponentiation of our Miller loop is noble\'s pairing (random P, Q)', () => {
    for (let i = 0; i < 2; i++) {
      const [p, q] = [G1.BASE.multiply(scalar()), G2P.BASE.multiply(scalar())];
      const f = ops().millerLoop([loopPair(p, q)]);
      expect(str(from12(Fp12.finalExponentiate(N12(f))))).to.equal(str(from12(bn254.pairing(p, q))));
    }
  });

  it('no Miller-loop step is exceptional for Q ∈ G2: 6x + 2 ∓ p and 6x + 2 + p ± p² are non-zero mod r', () => {
    for (const v of [ATE_LOOP - P, ATE_LOOP + P, ATE_LOOP + P - P * P, ATE_LOOP + P + P * P]) expect(((v % R) + R) % R).to.not.equal(0n);
    expect(PSI_SCALAR < 1n << 127n, "6x² fits 127 bits").to.equal(true);
  });

  it('G2 membership: ψ(Q) = [6x²]Q holds on G2 and fails on twist points outside it; on-curve checks', () => {
    const t = ops();
    expect(t.g2InSubgroup(g2Affine(G2P.BASE.multiply(scalar())))).to.equal(1n);
    const bad = twistPointOutsideG2(rng);
    expect(t.g2OnCurve(bad)).to.equal(1n);
    expect(t.g2InSubgroup(bad)).to.equal(0n);
    expect(t.g2OnCurve({ x: bad.x, y: [bad.y[0], (bad.y[1] + 1n) % P] })).to.equal(0n);
    expect(t.g1OnCurve({ x: 1n, y: 2n })).to.equal(1n);
    expect(t.g1OnCurve({ x: 1n, y: 3n })).to.equal(0n);
  });

  it('the [6x²]Q chain of the G2 membership test has no exceptional step for any point on the twist', () => {
    // #E'(Fq2) = r·h₂, h₂ = 2p − r = 10069 · 5864401 · 1875725156269 · q₁₇₇ (all prime). A step is
    // exceptional for Q of order d iff d divides k (doubling or adding to [k]Q = O) or k ∓ 1 (adding ±Q
    // to [k]Q = ±Q); k < 2^128, so only products of the three small primes can (r, q₁₇₇ exceed 2^128).
    const small = [10069n, 5864401n, 1875725156269n];
    const big = 197620364512881247228717050342013327560683201906968909n;
    expect(small.reduce((a, b) => a * b) * big).to.equal(2n * P - R);
    const probablePrime = (n: bigint) => [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n].every((a) => {
      let [d, s] = [n - 1n, 0];
      while (d % 2n === 0n) [d, s] = [d / 2n, s + 1];
      let y = modPow(a, d, n);
      if (y === 1n || y === n - 1n) return true;
      for (let i = 1; i < s; i++) if ((y = (y * y) % n) === n - 1n) return true;
      return false;
    });
    expect([...small, big].every(probablePrime)).to.equal(true);
    expect(big > 1n << 128n).to.equal(true);
    const hits: string[] = [];
    for (let m = 1; m < 8; m++) {
      const d = small.reduce((a, p, i) => ((m >> i) & 1 ? a * p : a), 1n);
      let k = 1n;
      for (const digit of PSI_DIGITS.slice(1)) {
        if (k % d === 0n) hits.push(`double at k = ${k}, d = ${d}`);
        k *= 2n;
        if (digit !== 0 && [k, k - 1n, k + 1n].some((v) => v % d === 0n)) hits.push(`add at k = ${k}, d = ${d}`);
        k += BigInt(digit);
      }
      expect(k).to.equal(PSI_SCALAR);
      expect(PSI_DIGITS[0]).to.equal(1);
    }
    expect(hits).to.deep.equal([]);
  });

  describe('EIP-197 rules (pairingCheck on 2 slots) agree with @ethereumjs/evm\'s ecPairing', () => {
    const [a, b] = [scalar(), scalar()];
    const [p, q] = [G1.BASE.multiply(a), G2P.BASE.multiply(b)];
    const pq = G1.BASE.multiply((a * b) % R).negate();
    const bad = twistPointOutsideG2(rng);
    const cases: Array<[string, string, bigint[]]> = [
      ['empty input → 1', '', [1n, 1n]],
      ['e(aG, bH)·e(−abG, H) = 1', encG1(p) + encG2(q) + encG1(pq) + encG2(G2P.BASE), [1n, 1n]],
      ['e(aG, bH)·e(abG, H) ≠ 1', encG1(p) + encG2(q) + encG1(pq.negate()) + encG2(G2P.BASE), [1n, 0n]],
      ['one pair e(aG, bH) ≠ 1', encG1(p) + encG2(q), [1n, 0n]],
      ['P at infinity → 1', encG1(G1.ZERO) + encG2(q), [1n, 1n]],
      ['Q at infinity → 1', encG1(p) + encG2(G2P.ZERO), [1n, 1n]],
      ['P not on the curve', word(1n) + word(3n) + encG2(q), [0n, 0n]],
      ['Q not on the twist', encG1(p) + encG2Raw({ x: bad.x, y: [bad.y[0], (bad.y[1] + 1n) % P] }), [0n, 0n]],
      ['Q on the twist, outside G2', encG1(p) + encG2Raw(bad), [0n, 0n]],
      ['P not on the curve, Q at infinity (each point must be valid)', word(1n) + word(3n) + encG2(G2P.ZERO), [0n, 0n]],
      ['P at infinity, Q outside G2', encG1(G1.ZERO) + encG2Raw(bad), [0n, 0n]],
      ['a valid pair, then an invalid one', encG1(p) + encG2(q) + encG1(p) + encG2Raw(bad), [0n, 0n]],
      ['a coordinate ≥ p (P.y + p)', word(p.toAffine().x) + word(p.toAffine().y + P) + encG2(q), [0n, 0n]],
      ['a G2 coordinate ≥ p (x_re + p)', encG1(p) + word(g2Affine(q).x[1]) + word(g2Affine(q).x[0] + P) + word(g2Affine(q).y[1]) + word(g2Affine(q).y[0]), [0n, 0n]],
      ['length 191 (not a multiple of 192)', (encG1(p) + encG2(q)).slice(0, 382), [0n, 0n]],
      ['length 193', encG1(p) + encG2(q) + '00', [0n, 0n]],
    ];
    for (const [name, hex, expected] of cases) {
      it(name, () => {
        const input = bytes(hex);
        const want = ethereumjs(input);
        const got = check(input, 2);
        expect(want === undefined ? [0n, 0n] : [1n, want], 'ethereumjs').to.deep.equal(expected);
        expect([got.success, got.output]).to.deep.equal(expected);
      });
    }
  });

  it('rows per call: fixed per slot count, linear in the slots, one pair below 2^20 (figures logged)', () => {
    const [one, two, three] = [1, 2, 3].map((s) => pairingRows(s));
    expect(three.nonNative - two.nonNative).to.equal(two.nonNative - one.nonNative);
    expect(one.nonNative).to.be.below((1 << 20) - 1);
    console.log(`      ecPairing rows: 1 pair ${one.nonNative} (+${one.flags} flag rows), each extra pair +${two.nonNative - one.nonNative}`);
  });

  it('an input longer than the slots is refused when the witness is made', () => {
    expect(() => slotWords(new Uint8Array(3 * 192), 2)).to.throw(/exceeds the capacity of 2 pairs/);
  });
});
