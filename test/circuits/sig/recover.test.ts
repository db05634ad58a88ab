import { expect } from 'chai';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ecrecover, pubToAddress, bytesToBigInt, setLengthLeft, bigIntToBytes } from '@ethereumjs/util';
import { SECP256K1, TOY_CURVE, type CurveParams } from '../../../circuits/ecc/index.js';
import { FIXED_TAG } from '../../../circuits/ecc/scalar-mul.js';
import { adviceColumns } from '../../../circuits/gadgets/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import { SIG_TABLE_FIELDS, SigCircuit, publicKeyBytes, sigLookupPairs, type SigCall, type SigLookupRow, type SigResult } from '../../../circuits/sig/index.js';
import { synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { modInverse, modPow } from '../../../circuits/field/modular.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';

const rng = new Rng(0x5167);
const halves = (w: bigint) => [w & ((1n << 128n) - 1n), w >> 128n];
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

/** SigCircuit for `curve` with a keccak fixture table of the valid calls' keys; `caller` adds a row that looks `claimed` up in the sig table. */
function sigCircuit(curve: CurveParams, calls: SigCall[], results: SigResult[], caller?: { claimed: bigint[] }) {
  const keys = () => calls.map((c) => reference(curve, c)).filter((r) => r.valid).map((r) => publicKeyBytes(r.qx, r.qy));
  const inner = new SigCircuit(calls, { configure: configureKeccakFixture, assign: (t, layouter) => assignKeccakFixture(t, layouter, keys()) }, curve);
  return new TestCircuit((cs) => {
    const cfg = inner.configure(cs);
    if (!caller) return { cfg };
    const q = cs.selector('caller');
    const cols = adviceColumns(cs, 'caller', SIG_TABLE_FIELDS);
    const row = Object.fromEntries(SIG_TABLE_FIELDS.map((f) => [f, cols[f].cur()])) as unknown as SigLookupRow;
    cs.lookup('signature', sigLookupPairs(cfg.table, q.expr(), row));
    return { cfg, callerCols: { q, cols } };
  }, ({ cfg, callerCols }, layouter) => {
    inner.synthesize(cfg, layouter);
    results.splice(0, results.length, ...inner.results);
    if (!callerCols || !caller) return;
    layouter.assignRegion('caller', (region) => {
      region.enableSelector(callerCols.q, 0);
      SIG_TABLE_FIELDS.forEach((f, i) => region.assignAdvice(`caller ${f}`, callerCols.cols[f], 0, caller.claimed[i]));
    });
  });
}

/** The ecrecover semantics on a curve, by @noble/curves point arithmetic: validity, Q and the address. */
function reference(curve: CurveParams, c: SigCall): { valid: boolean; qx: bigint; qy: bigint; address: bigint } {
  const Pt = curve === SECP256K1 ? secp256k1.Point : weierstrass({ p: curve.p, n: curve.n, h: 1n, a: 0n, b: curve.b, Gx: curve.gx, Gy: curve.gy });
  const invalid = { valid: false, qx: 0n, qy: 0n, address: 0n };
  const { n, p } = curve;
  if (c.r < 1n || c.r >= n || c.s < 1n || c.s >= n) return invalid;
  const cc = mod(c.r ** 3n + curve.b, p);
  const root = modPow(cc, (p + 1n) / 4n, p);
  if (mod(root * root, p) !== cc) return invalid;
  const R = Pt.fromAffine({ x: c.r, y: (root & 1n) === c.recId ? root : p - root });
  const rInv = modInverse(c.r, n);
  const Q = R.multiplyUnsafe(mod(c.s * rInv, n)).add(Pt.BASE.multiplyUnsafe(mod(-c.msgHash * rInv, n)));
  if (Q.is0()) return invalid;
  const q = Q.toAffine();
  const h = BigInt(`0x${bytesToHex(keccak_256(publicKeyBytes(q.x, q.y)))}`);
  return { valid: true, qx: q.x, qy: q.y, address: h & ((1n << 160n) - 1n) };
}

const expectedRow = (curve: CurveParams, c: SigCall) => {
  const r = reference(curve, c);
  return [...halves(c.msgHash), c.recId, ...halves(c.r), ...halves(c.s), r.address, r.valid ? 1n : 0n];
};

/** Keccak ids: each circuit holds one call, whose key (if valid) is fixture input 1. */
function withIds(curve: CurveParams, calls: Omit<SigCall, 'keccakId'>[]): SigCall[] {
  return calls.map((c) => ({ ...c, keccakId: reference(curve, { ...c, keccakId: 0 }).valid ? 1 : 0 }));
}

/** Mock-proves each call in its own circuit (one recovery fills k = 12 on the test curve) against the reference. */
function check(curve: CurveParams, k: number, calls: SigCall[]): SigResult[] {
  return calls.map((call, i) => {
    const results: SigResult[] = [];
    expect(honestFailures(sigCircuit(curve, [call], results), k)).to.deep.equal([]);
    expect(results[0].row.map((x) => x.value), `call ${i}`).to.deep.equal(expectedRow(curve, call));
    return results[0];
  });
}

function selectorRows(a: Assignment, name: string): number[] {
  const col = a.cs.fixed.find((f) => f.name === `selector:${name}`)!;
  return a.fixed[col.index].flatMap((v, row) => (v === 1n ? [row] : []));
}

describe('sig: ECDSA public-key recovery (ecrecover) into the signature table', function () {
  this.timeout(600_000);

  describe(`the generic chip on the 13-bit test curve (p = ${TOY_CURVE.p}, n = ${TOY_CURVE.n})`, () => {
    const c = TOY_CURVE;
    const G = weierstrass({ p: c.p, n: c.n, h: 1n, a: 0n, b: c.b, Gx: c.gx, Gy: c.gy }).BASE;
    /** A real ECDSA signature (nonce with R.x < n so that r = R.x) by key d. */
    const sign = (d: bigint, z: bigint) => {
      for (;;) {
        const k = rng.below(c.n - 1n) + 1n;
        const R = G.multiply(k).toAffine();
        const s = mod(modInverse(k, c.n) * (z + R.x * d), c.n);
        if (R.x < c.n && R.x !== 0n && s !== 0n) return { msgHash: z, recId: R.y & 1n, r: R.x, s };
      }
    };

    it('signatures by a key recover that key (Q = d·G) and its keccak address; MockProver passes', () => {
      const d = rng.below(c.n - 1n) + 1n;
      const calls = withIds(c, [sign(d, rng.below(1n << 256n)), sign(d, 77n)]);
      const results = check(c, 12, calls);
      const Q = G.multiply(d).toAffine();
      results.forEach((r) => expect([r.isValid.value, r.qx, r.qy].map((x) => (typeof x === 'bigint' ? x : x.limbs.reduce((a, l, i) => a + (l.value << BigInt(88 * i)), 0n))))
        .to.deep.equal([1n, Q.x, Q.y]));
    });

    it('invalid: r = 0, an r with no curve point; z = 0 (u1 = 0, so Q = u2·R alone) is valid', () => {
      const noPoint = (() => { for (let x = 1n; ; x++) if (modPow(mod(x ** 3n + c.b, c.p), (c.p - 1n) / 2n, c.p) !== 1n) return x; })();
      check(c, 12, withIds(c, [
        { msgHash: 5n, recId: 0n, r: 0n, s: 9n }, { msgHash: 5n, recId: 0n, r: noPoint, s: 9n },
        { msgHash: 0n, recId: 1n, r: sign(3n, 1n).r, s: 11n },
      ]));
    });

    it('invalid: Q = O (R = 5·G and z ≡ 5·s, given as z + n: the hash is reduced mod n)', () => {
      // Q = r⁻¹·(s·R − z·G) = r⁻¹·(5s − z)·G
      const R = G.multiply(5n).toAffine();
      expect(R.x < c.n).to.equal(true);
      const s = 123n;
      const [r] = check(c, 12, withIds(c, [{ msgHash: mod(5n * s, c.n) + c.n, recId: R.y & 1n, r: R.x, s }]));
      expect(r.isValid.value).to.equal(0n);
    });

    it('edge multipliers u1 = −z/r ∈ {0, 1, 2, n − 2, n − 1} (fixed-base chain) and u2 = s/r ∈ {1, 2, n − 2, n − 1} (witness)', () => {
      const R = G.multiply(11n).toAffine();
      expect(R.x < c.n).to.equal(true);
      const r = R.x;
      const call = (u1: bigint, u2: bigint) => ({ msgHash: mod(-u1 * r, c.n), recId: R.y & 1n, r, s: mod(u2 * r, c.n) });
      const pairs: Array<[bigint, bigint]> = [[0n, 1n], [1n, 2n], [2n, c.n - 2n], [c.n - 2n, c.n - 1n], [c.n - 1n, 1n], [2n, c.n - 1n]];
      for (const [u1, u2] of pairs) {
        const [sc] = withIds(c, [call(u1, u2)]);
        const results: SigResult[] = [];
        synthesize(sigCircuit(c, [sc], results), 12, [], true);
        expect(results[0].row.map((x) => x.value), `u1 = ${u1}, u2 = ${u2}`).to.deep.equal(expectedRow(c, sc));
      }
      // u1·G = −u2·R (u1 = 11·(n − u2)): Q = O, invalid; MockProver on one such call
      const [opposite] = withIds(c, [call(mod(-11n * 5n, c.n), 5n)]);
      expect(reference(c, opposite).valid).to.equal(false);
      check(c, 12, [opposite]);
    });

    it('invalid: s = n; edge words r = s = n − 1', () => {
      check(c, 12, withIds(c, [{ msgHash: 5n, recId: 1n, r: 9n, s: c.n }, { msgHash: 1n, recId: 0n, r: c.n - 1n, s: c.n - 1n }]));
    });

    describe('mutations, named by MockProver', () => {
      const d = 1234n;
      const calls = withIds(c, [sign(d, 42n)]);
      const results: SigResult[] = [];
      const circuit = sigCircuit(c, calls, results);
      const a = synthesize(circuit, 12, [], true);

      it('a flipped recId fails the parity gate (and its copy into the table)', () => {
        const row = selectorRows(a, 'sig parity')[0];
        const f = failuresAfter(circuit, 12, [], [{ column: 'nn aux', row, value: (v) => 1n - v }]);
        expect(f.filter((x) => !x.startsWith('copy '))).to.deep.equal([`gate sig parity/limb 0 = 2h + recId@${row}`]);
      });

      it('a wrong address in the digest block fails its gate; one in the sig table fails the copy', () => {
        const row = selectorRows(a, 'sig digest')[0];
        const f = failuresAfter(circuit, 12, [], [{ column: 'nn aux', row: row + 3, value: (v) => v + 1n }]);
        expect(f.filter((x) => !x.startsWith('copy '))).to.deep.equal([`gate sig digest/address = valid·(hashLo + 2^128·a32)@${row}`]);
        const t = results[0].row[SIG_TABLE_FIELDS.indexOf('address')];
        expect(failuresAfter(circuit, 12, [], [{ column: 'sig table address', row: t.row, value: (v) => v + 1n }]))
          .to.deep.equal([`copy nn aux@${row + 3}~sig table address@${t.row}`]);
      });

      it('a different key byte fails its keccak lookup', () => {
        const row = selectorRows(a, 'sig key bytes 11')[0];
        const f = failuresAfter(circuit, 12, [], [{ column: 'nn byte 3', row, value: (v) => (v + 1n) % 256n }]);
        expect(f).to.include(`lookup sig key byte 3@${row}`);
        expect(f.filter((x) => x.startsWith('lookup'))).to.deep.equal([`lookup sig key byte 3@${row}`]);
      });

      it('a changed table index in a window of u1·G (fixed tables) or of u2·R (R\'s table) fails exactly its lookup and digit sum', () => {
        const callTag = a.fixed[a.cs.fixed.find((f) => f.name === 'ec chain call tag')!.index];
        const windows = selectorRows(a, 'ec chain window');
        const fixed = windows.find((r) => callTag[r] >= FIXED_TAG)!;
        const variable = windows.find((r) => callTag[r] < FIXED_TAG)!;
        for (const row of [fixed, variable]) {
          expect(failuresAfter(circuit, 12, [], [{ column: 'nn aux', row: row + 7, value: (v) => v ^ 1n }])).to.deep.equal([
            `gate ec chain window/z = 16·z_prev + k@${row}`, `lookup ec chain multiple@${row}`,
          ]);
        }
      });

      it('a caller looking up the proven row passes; a wrong address fails the lookup', () => {
        const good = expectedRow(c, calls[0]);
        expect(honestFailures(sigCircuit(c, calls, [], { claimed: good }), 12)).to.deep.equal([]);
        const wrong = good.map((v, i) => (SIG_TABLE_FIELDS[i] === 'address' ? v ^ 1n : v));
        expect(honestFailures(sigCircuit(c, calls, [], { claimed: wrong }), 12)).to.deep.equal(['lookup signature@0']);
      });

      (process.env.SLOW ? it : it.skip)('real prover (k = 12): an honest recovery proves and verifies; a flipped recId is rejected (SLOW: 53 s under load)', async () => {
        const row = selectorRows(a, 'sig parity')[0];
        const f = await expectVerifierRejects(circuit, 12, [], [{ column: 'nn aux', row, value: (v) => 1n - v }]);
        expect(f).to.include(`gate sig parity/limb 0 = 2h + recId@${row}`);
      });
    });
  });

  describe('secp256k1 (k = 14: fixed-base u1·G, windowed u2·R)', () => {
    const c = SECP256K1;
    const priv = secp256k1.utils.randomSecretKey(Uint8Array.from(rng.bytes(48)));
    const msg = rng.bytes(32);
    const sig = secp256k1.Signature.fromBytes(secp256k1.sign(msg, priv, { prehash: false, format: 'recovered' }), 'recovered');
    const call: SigCall = { msgHash: bytesToBigInt(msg), recId: BigInt(sig.recovery!), r: sig.r, s: sig.s, keccakId: 1 };
    it('a real signature recovers the @ethereumjs/util ecrecover address (k = 14 MockProver, ~3.5 s)', () => {
      const [r] = check(c, 14, [call]);
      const pub = ecrecover(msg, BigInt(27 + sig.recovery!), setLengthLeft(bigIntToBytes(sig.r), 32), setLengthLeft(bigIntToBytes(sig.s), 32));
      expect(r.address.value).to.equal(bytesToBigInt(pubToAddress(pub)));
      expect(r.isValid.value).to.equal(1n);
    });
    it('invalid: s = 0 and r ≥ n (two k = 14 MockProver runs, ~3.5 s)', () => {
      check(c, 14, withIds(c, [{ ...call, s: 0n }]));
      check(c, 14, withIds(c, [{ ...call, r: c.n + 1n }]));
    });
  });
});
