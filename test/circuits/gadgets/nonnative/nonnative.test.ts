import { expect } from 'chai';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { mod } from '../../../../circuits/field/modular.js';
import { GadgetError, elementValue } from '../../../../circuits/gadgets/index.js';
import { MockProver, synthesize } from '../../../../circuits/plonk/index.js';
import { AT, ROWS, NonNativeHarness, type NonNativeCase } from '../../../../scripts/soundness/targets/nonnative.js';
import { Rng } from '../../field/rng.js';
import { expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../helpers.js';

const { p: SECP_P, n: SECP_N } = secp256k1.Point.CURVE();
const K = 10;
const rng = new Rng(0x11aa);
const circuit = (p: bigint, cases: readonly NonNativeCase[]) => new NonNativeHarness(p, cases);

function edgeCases(p: bigint): NonNativeCase[] {
  return [
    { a: 0n, b: 0n, spare: 0n, word: p - 1n },
    { a: 1n, b: p - 1n, spare: 1n, word: p },
    { a: p - 1n, b: p - 1n, spare: p - 1n, word: (1n << 256n) - 1n },
    { a: rng.below(p), b: rng.below(p), spare: rng.below(p), word: rng.bits(256) },
    { a: rng.below(p), b: 0n, spare: rng.below(p), word: 0n },
    { a: 5n, b: 5n, spare: 7n, word: rng.below(p) },
  ];
}

/** A v-column limb row set to `value` with its 12 bytes kept consistent (so only the gates reading the value can object). */
function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

for (const [field, p] of [['BN254 Fq', FQ_MODULUS], ['secp256k1 Fp', SECP_P], ['secp256k1 Fn (ECDSA scalars)', SECP_N]] as const) {
  describe(`gadgets: non-native arithmetic mod ${field}`, function () {
    this.timeout(120_000);
    const cases = edgeCases(p);

    it('add, sub, mul, is-equal, is-zero, select, word halves and [x ≥ p] match BigInt on 0, 1, p − 1 and random values', () => {
      const c = circuit(p, cases);
      expect(honestFailures(c, K)).to.deep.equal([]);
      cases.forEach(({ a, b, word }, i) => {
        const r = c.results[i];
        expect(elementValue(r.add)).to.equal(mod(a + b, p));
        expect(elementValue(r.sub)).to.equal(mod(a - b, p));
        expect(elementValue(r.mul)).to.equal(mod(a * b, p));
        expect(r.eq.value).to.equal(a === b ? 1n : 0n);
        expect(r.zero.value).to.equal(a === 0n ? 1n : 0n);
        expect(elementValue(r.sel)).to.equal(a < b ? a : b);
        expect(r.word.overflow.value).to.equal(word >= p ? 1n : 0n);
        expect([r.word.lo.value, r.word.hi.value]).to.deep.equal([word & ((1n << 128n) - 1n), word >> 128n]);
        expect((r.aWord.hi.value << 128n) | r.aWord.lo.value).to.equal(a);
      });
    });
  });
}

describe('gadgets: non-native mutations (BN254 Fq), each named by MockProver', function () {
  this.timeout(120_000);
  const p = FQ_MODULUS;
  const cases = edgeCases(p).slice(0, 4);
  const c = circuit(p, cases);
  const honest = synthesize(c, K, [], true);
  const valueAt = (row: number) => honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][row];
  // case 3 (random a, b): its region starts at 3·ROWS
  const base = 3 * ROWS;
  const at = (block: keyof typeof AT, row: number) => base + AT[block] + row;

  it('a quotient limb off by one (bytes consistent) breaks every column it multiplies into and the native check', () => {
    const q0 = at('mul', 14);
    expect(failuresAfter(c, K, [], limbEdit(q0, valueAt(q0) + 1n)))
      .to.deep.equal([0, 1, 2].map((i) => `gate fq mul/column ${i}@${at('mul', 0)}`).concat(`gate fq mul/native: L = q·p + r (mod r)@${at('mul', 0)}`));
  });

  it('a carry off by one breaks the columns it links (0 and 1) only', () => {
    const c0 = at('mul', 17);
    expect(failuresAfter(c, K, [], limbEdit(c0, valueAt(c0) + 1n)))
      .to.deep.equal([`gate fq mul/column 0@${at('mul', 0)}`, `gate fq mul/column 1@${at('mul', 0)}`]);
  });

  it('a result limb + 1 breaks the mul identity and the canonical rows', () => {
    const r1 = at('mul', 1);
    expect(failuresAfter(c, K, [], limbEdit(r1, valueAt(r1) + 1n))).to.deep.equal([
      `gate fq canonical/column 1: x + d + e0 = p − 1 + e1·2^88@${at('mul', 0)}`,
      `gate fq mul/column 1@${at('mul', 0)}`,
      `gate fq mul/native: L = q·p + r (mod r)@${at('mul', 0)}`,
    ]);
  });

  it('an add or sub result limb + 1 (bytes consistent) breaks exactly that op\'s column and native check', () => {
    for (const op of ['add', 'sub'] as const) {
      const r2 = at(op, 2);
      expect(failuresAfter(c, K, [], limbEdit(r2, valueAt(r2) + 1n))).to.deep.equal([
        `gate fq ${op}/column 2@${at(op, 0)}`,
        `gate fq ${op}/native: L = q·p + r (mod r)@${at(op, 0)}`,
        `gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at(op, 0)}`,
      ].sort());
    }
  });

  it('a loaded value claimed ≥ p (f = 1) fails the assertion and the canonical top column', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('a', 0), value: 1n }])).to.deep.equal([
      `gate fq assert canonical/x < p (f = 0)@${at('a', 0)}`,
      `gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('a', 0)}`,
    ]);
  });

  it('a canonical carry e0 of 2 fails the two columns it links (its booleanity follows from e1\'s, see chip.ts)', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn v', row: at('a', 6), value: 2n }])).to.deep.equal([
      `gate fq canonical/column 0: x + d = p − 1 + e0·2^88@${at('a', 0)}`,
      `gate fq canonical/column 1: x + d + e0 = p − 1 + e1·2^88@${at('a', 0)}`,
    ]);
  });

  it('a word\'s [x ≥ p] flag flipped fails the canonical top column only', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('word', 0), value: (v) => 1n - v }]))
      .to.deep.equal([`gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('word', 0)}`]);
  });

  it('a byte of 256 (limb value kept) fails that byte lookup only; a limb bit above 80 fails "byte 10 = 0"', () => {
    const row = at('b', 3);
    const [b0, b1] = [0n, 8n].map((s) => (valueAt(row) >> s) & 0xffn);
    expect(b1 > 0n).to.equal(true);
    expect(failuresAfter(c, K, [], [{ column: 'nn byte 0', row, value: b0 + 256n }, { column: 'nn byte 1', row, value: b1 - 1n }]))
      .to.deep.equal([`lookup nn limb byte 0@${row}`]);
    // d's top limb (80-bit row 5 of the load block) with byte 10 set and the value raised by 2^80
    const top = at('b', 5);
    expect(failuresAfter(c, K, [], limbEdit(top, valueAt(top) + (1n << 80n)))).to.deep.equal([
      `gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('b', 0)}`,
      `gate nn limb range/byte 10 = 0 at 80 bits@${top}`,
    ]);
  });

  it('select, equality and word halves: a flipped output is named by its own gate', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn v', row: at('sel', 6), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fq select/limb 0: r = b + cond·(a − b)@${at('sel', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('eq', 0), value: (v) => 1n - v }]))
      .to.deep.equal([`gate fq equal/out = 1 − value·inv@${at('eq', 0)}`, `gate fq equal/value·out = 0@${at('eq', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('aWord', 2), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fq word/hi = limb 1 bytes 5..10 + limb 2·2^48@${at('aWord', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('word', 1), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fq word/lo = limb 0 + limb 1 bytes 0..4@${at('word', 0)}`]);
  });

  it('a load of a value ≥ p is refused at synthesis (results, and so operands, stay below p)', () => {
    expect(() => MockProver.run(K, circuit(p, [{ a: p, b: 1n, spare: 0n, word: 0n }]), [])).to.throw(GadgetError, /is not in \[0, p\)/);
  });

  describe('real prover (k = 9)', () => {
    const small = circuit(p, cases.slice(3, 4));
    it('an honest non-native block proves and verifies; a corrupted carry is rejected', async () => {
      const c0 = AT.mul + 17;
      const f = await expectVerifierRejects(small, 9, [], limbEdit(c0, valueAt(base + c0) + 1n));
      expect(f).to.deep.equal([`gate fq mul/column 0@${AT.mul}`, `gate fq mul/column 1@${AT.mul}`]);
    });
  });

});
