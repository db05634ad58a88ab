import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { BN254_G1, EC_MUL_TABLE_FIELDS, EcMulCircuit, SECP256K1, TOY_CURVE, assertCurve, type CurveParams, type EcMulCall } from '../../../circuits/ecc/index.js';
import { elementValue } from '../../../circuits/gadgets/index.js';
import { synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { Rng } from '../field/rng.js';
import { expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../gadgets/helpers.js';
import { withCaller } from './caller.js';

const rng = new Rng(0xec07);
const TWO_256 = 1n << 256n;
const halves = (w: bigint) => [w & ((1n << 128n) - 1n), w >> 128n];

type Point = { x: bigint; y: bigint };
/** A noble Point class for a curve's parameters (the toy curve has no preset). */
function nobleCurve(c: CurveParams) {
  return c === BN254_G1 ? bn254.G1.Point : c === SECP256K1 ? secp256k1.Point : weierstrass({ p: c.p, n: c.n, h: 1n, a: 0n, b: c.b, Gx: c.gx, Gy: c.gy });
}

/** EIP-196 ecMul by @noble/curves: success and the output words. */
function reference(c: CurveParams, call: EcMulCall): { success: bigint; x: bigint; y: bigint } {
  const Pt = nobleCurve(c);
  if (call.x === 0n && call.y === 0n) return { success: 1n, x: 0n, y: 0n };
  let P;
  try {
    P = Pt.fromAffine({ x: call.x, y: call.y });
    P.assertValidity();
  } catch {
    return { success: 0n, x: 0n, y: 0n };
  }
  const s = call.s % c.n;
  if (s === 0n) return { success: 1n, x: 0n, y: 0n };
  const r = P.multiply(s).toAffine();
  return { success: 1n, x: r.x, y: r.y };
}

function expectedRow(c: CurveParams, call: EcMulCall): bigint[] {
  const r = reference(c, call);
  return [r.success, ...[call.x, call.y, call.s, r.x, r.y].flatMap(halves)];
}

function randomPoint(c: CurveParams): Point {
  const Pt = nobleCurve(c);
  return Pt.BASE.multiply(rng.below(c.n - 1n) + 1n).toAffine();
}

/** Mock-proves the calls in one circuit and checks every table row and result against noble. */
function checkCalls(c: CurveParams, k: number, calls: EcMulCall[]): void {
  const circuit = new EcMulCircuit(calls, c);
  expect(honestFailures(circuit, k)).to.deep.equal([]);
  calls.forEach((call, i) => {
    const r = circuit.results[i];
    expect(r.row.map((cell) => cell.value), `call ${i}: s = ${call.s}`).to.deep.equal(expectedRow(c, call));
    const ref = reference(c, call);
    expect([r.success.value, elementValue(r.x), elementValue(r.y)]).to.deep.equal([ref.success, ref.x, ref.y]);
  });
}

/** Rows where a selector is enabled. */
function selectorRows(a: Assignment, name: string): number[] {
  const col = a.cs.fixed.find((f) => f.name === `selector:${name}`);
  if (!col) throw new Error(`no selector ${name}`);
  return a.fixed[col.index].flatMap((v, row) => (v === 1n ? [row] : []));
}

/** Edits that set a limb-range row ('nn v' and its 12 bytes) to a new value, so its range gate still holds. */
function limbEdits(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

describe('ecc: ecMul (0x07) by a windowed signed-digit chain of wide curve blocks', function () {
  this.timeout(300_000);

  it('curve presets match @noble/curves (p, n, b, generator); n·G = O on the toy curve; a wrong generator is refused', () => {
    for (const [c, Pt] of [[BN254_G1, bn254.G1.Point], [SECP256K1, secp256k1.Point]] as const) {
      const g = Pt.BASE.toAffine();
      expect([c.p, c.n, c.b, c.gx, c.gy]).to.deep.equal([Pt.CURVE().p, Pt.CURVE().n, Pt.CURVE().b, g.x, g.y]);
      assertCurve(c);
    }
    const toy = nobleCurve(TOY_CURVE);
    expect(toy.BASE.multiply(TOY_CURVE.n - 1n).add(toy.BASE).is0()).to.equal(true);
    expect(() => assertCurve({ ...SECP256K1, gy: SECP256K1.gy + 1n })).to.throw(RangeError);
  });

  describe(`the generic chip on a 13-bit curve of prime order ${TOY_CURVE.n} (all edge scalars, fast)`, () => {
    const c = TOY_CURVE;
    const G = { x: c.gx, y: c.gy };
    const A = randomPoint(c);
    const at = (P: Point, s: bigint): EcMulCall => ({ x: P.x, y: P.y, s });
    const groups: Array<[string, EcMulCall[]]> = [
      ['s = 0, 2, n − 2 (the substituted scalars: O, 2T, −2T)', [at(A, 0n), at(A, 2n), at(A, c.n - 2n)]],
      ['s = n, n + 1, 2^256 − 1', [at(G, c.n), at(G, c.n + 1n), at(A, TWO_256 - 1n)]],
      ['random scalars of every size', [at(A, rng.below(c.n)), at(G, rng.below(TWO_256)), at(randomPoint(c), rng.below(TWO_256))]],
      ['invalid or infinite points: P = O, not on the curve, x ≥ p', [at({ x: 0n, y: 0n }, 5n), at({ x: 1n, y: 3n }, 5n), { ...at(A, 7n), x: A.x + c.p }]],
    ];
    for (const [name, calls] of groups) {
      it(`${name}: table rows match @noble/curves; MockProver passes`, () => checkCalls(c, 12, calls));
    }

    it('every scalar 0 … 5 and n − 5 … n + 0 on one point (both ends of the digit chain; witness checks only)', () => {
      const scalars = [...Array.from({ length: 6 }, (_, i) => BigInt(i)), ...Array.from({ length: 6 }, (_, i) => c.n - 5n + BigInt(i))];
      // synthesizing the witness checks every block's identity (exact division, carries) and refuses exceptional steps
      for (let i = 0; i < scalars.length; i += 3) {
        const circuit = new EcMulCircuit(scalars.slice(i, i + 3).map((s) => at(A, s)), c);
        synthesize(circuit, 12, [], true);
        circuit.results.forEach((r, j) => expect(r.row.map((cell) => cell.value)).to.deep.equal(expectedRow(c, at(A, scalars[i + j]))));
      }
    });
  });

  describe('mutations on the toy curve, named by MockProver', () => {
    const c = TOY_CURVE;
    const K = 11;
    const circuit = new EcMulCircuit([{ x: c.gx, y: c.gy, s: 1234n }], c);
    const a = synthesize(circuit, K, [], true);
    const doubles = selectorRows(a, 'ec chain double');
    const adds = selectorRows(a, 'ec chain add');
    const windows = selectorRows(a, 'ec chain window');
    const value = (row: number) => a.advice[a.cs.advice.find((col) => col.name === 'nn v')!.index][row];

    it('a carry of a double block (bytes kept consistent) fails exactly its two column equations', () => {
      const d = doubles[3];
      const row = d + 9 + 7 + 3 + 3; // E1's carry c_3
      expect(failuresAfter(circuit, K, [], limbEdits(row, value(row) + 1n))).to.deep.equal([
        `gate ec chain double/E1 column 3@${d}`, `gate ec chain double/E1 column 4@${d}`,
      ]);
    });

    it('a slope limb of an add block + 1 fails its range gate and all three identities of the block', () => {
      const d = adds[2];
      const f = failuresAfter(circuit, K, [], [{ column: 'nn v', row: d + 6, value: (v) => v + 1n }]);
      expect(f).to.include(`gate nn limb range/value = Σ byte·256^i@${d + 6}`);
      expect(f.filter((x) => x.startsWith('gate ec chain add/')).map((x) => x.split('/')[1].split(' ')[0])).to.include.members(['E0', 'E1', 'E2']);
    });

    it('a flipped sign of a window digit fails the block\'s slope identity and the running digit sum', () => {
      const d = windows[1];
      expect(adds).to.include(d);
      const f = failuresAfter(circuit, K, [], [{ column: 'nn aux', row: d + 6, value: (v) => 1n - v }]);
      expect(f).to.include(`gate ec chain window/z = 16·z_prev + k@${d}`);
      expect(f.some((x) => x.startsWith(`gate ec chain add/E0 column`) && x.endsWith(`@${d}`))).to.equal(true);
      expect(f.every((x) => x.startsWith('gate ec chain add/E0') || x === `gate ec chain window/z = 16·z_prev + k@${d}`)).to.equal(true);
    });

    it('the bind block: flipping e fails 4z + 2b + e·n = s + 2^L − 1 (its low half: the toy n has no high half)', () => {
      const bind = selectorRows(a, 'ec bind')[0];
      expect(failuresAfter(circuit, K, [], [{ column: 'nn aux', row: bind + 4, value: (v) => 1n - v }])).to.deep.equal([
        `gate ec bind/low: 4·z_lo + 2b + e·n_lo + 2^129 − s_lo − K_lo = c·2^128@${bind}`,
      ]);
    });

    it('a wrong output word in the precompile table fails its copy constraint only', () => {
      const r = circuit.results[0];
      expect(failuresAfter(circuit, K, [], [{ column: 'ecmul x3 lo', row: 0, value: (v) => v + 1n }]))
        .to.deep.equal([`copy nn aux@${r.words[0].row}~ecmul x3 lo@0`]);
    });

    it(`real prover (k = ${K}, the toy chain): an honest call proves and verifies; a changed index into T's table is rejected`, async () => {
      const w = windows[0];
      expect(await expectVerifierRejects(circuit, K, [], [{ column: 'nn aux', row: w + 7, value: (v) => v ^ 1n }]))
        .to.deep.equal([`gate ec chain window/z = 16·z_prev + k@${w}`, `lookup ec chain multiple@${w}`]);
    });
  });

  describe('the precompile table as a lookup target (how the EVM circuit will use it; toy curve, k = 11)', () => {
    const c = TOY_CURVE;
    const valid: EcMulCall = { x: c.gx, y: c.gy, s: 1234n };
    const invalid: EcMulCall = { x: 1n, y: 3n, s: 5n };
    const at = (call: EcMulCall, claimed: bigint[]) => honestFailures(withCaller(new EcMulCircuit([call], c), claimed), 11);

    it('a caller claiming the proven tuple passes; a wrong output word, a claimed success on an invalid point and the all-zero tuple fail', () => {
      expect(at(valid, expectedRow(c, valid))).to.deep.equal([]);
      const wrongOutput = expectedRow(c, valid).map((v, i) => (EC_MUL_TABLE_FIELDS[i] === 'x3 lo' ? v + 1n : v));
      expect(at(valid, wrongOutput)).to.deep.equal(['lookup precompile call@0']);
      expect(at(invalid, [1n, ...expectedRow(c, invalid).slice(1)])).to.deep.equal(['lookup precompile call@0']);
      expect(at(valid, EC_MUL_TABLE_FIELDS.map(() => 0n))).to.deep.equal(['lookup precompile call@0']);
    });
  });

  describe('BN254 G1 (the precompile: 64 windows, k = 14)', () => {
    const c = BN254_G1;
    const n = c.n;
    const A = randomPoint(c);
    it(`one random call matches @noble/curves bn254; MockProver passes; ${EC_MUL_TABLE_FIELDS.length} table columns`, () => {
      checkCalls(c, 14, [{ x: A.x, y: A.y, s: rng.below(TWO_256) }]);
    });
    // a k = 14 MockProver run each, ~1–2.5 s under load (measured with the RowEvaluator MockProver): in CI
    const edges: Array<[string, EcMulCall]> = [
      ['s = 0', { x: A.x, y: A.y, s: 0n }], ['s = 1', { x: A.x, y: A.y, s: 1n }], ['s = n', { x: A.x, y: A.y, s: n }],
      ['s = n + 1', { x: A.x, y: A.y, s: n + 1n }], ['s = 2^256 − 1', { x: A.x, y: A.y, s: TWO_256 - 1n }],
      ['s = n − 2', { x: A.x, y: A.y, s: n - 2n }], ['P = O', { x: 0n, y: 0n, s: 5n }],
      ['not on the curve', { x: 1n, y: 3n, s: 5n }], ['x ≥ p', { x: c.gx + c.p, y: c.gy, s: 5n }],
    ];
    for (const [name, call] of edges) {
      it(`${name} (a k = 14 MockProver run)`, () => checkCalls(c, 14, [call]));
    }
    it('BN254 mutations of the 128-bit split (~2.5 s): the restarted digit sum of window 31 and both bind halves', () => {
      const circuit = new EcMulCircuit([{ x: A.x, y: A.y, s: rng.below(n) }], c);
      const a = synthesize(circuit, 14, [], true);
      const restart = selectorRows(a, 'ec chain window restart');
      expect(restart).to.have.length(2); // the first window (63) and window 31
      const r = restart[1];
      const f = failuresAfter(circuit, 14, [], [{ column: 'nn aux', row: r + 8, value: (v) => v + 1n }]);
      expect(f.filter((x) => x.startsWith('gate'))).to.deep.equal([`gate ec chain window restart/z = k@${r}`]);
      expect(f.filter((x) => x.startsWith('copy'))).to.deep.equal([`copy nn aux@${r + 8}~nn aux@${r + 150 + 9}`]);
      const bind = selectorRows(a, 'ec bind')[0];
      expect(failuresAfter(circuit, 14, [], [{ column: 'nn aux', row: bind + 4, value: (v) => 1n - v }])).to.deep.equal([
        `gate ec bind/high: 4·z_hi + e·n_hi + c − 2 − s_hi − K_hi = 0@${bind}`, `gate ec bind/low: 4·z_lo + 2b + e·n_lo + 2^129 − s_lo − K_lo = c·2^128@${bind}`,
      ]);
    });
    it('the same chip on secp256k1 (L = 257, n > 2^255): G times an even 255-bit scalar (~1 s)', () => {
      checkCalls(SECP256K1, 14, [{ x: SECP256K1.gx, y: SECP256K1.gy, s: (1n << 254n) + 2n * rng.below(1n << 253n) }]);
    });
  });
});
