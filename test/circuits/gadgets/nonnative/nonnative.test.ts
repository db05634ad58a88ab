import { expect } from 'chai';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { mod } from '../../../../circuits/field/modular.js';
import {
  GadgetError, NonNativeChip, RangeTable, elementValue, nonNativeColumns, type Element, type NonNativeColumns,
} from '../../../../circuits/gadgets/index.js';
import { MockProver, synthesize, type AssignedCell, type Layouter } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../helpers.js';

const SECP_P = secp256k1.Point.CURVE().p;
const K = 10;
const rng = new Rng(0x11aa);

interface Config { table: RangeTable; cols: NonNativeColumns; chip: NonNativeChip }
interface PairResult {
  a: Element; b: Element; add: Element; sub: Element; mul: Element; eq: AssignedCell; zero: AssignedCell; sel: Element;
  word: { overflow: AssignedCell; lo: AssignedCell; hi: AssignedCell }; mulWord: { lo: AssignedCell; hi: AssignedCell };
}
interface Case { a: bigint; b: bigint; word: bigint }

/** Block offsets inside a case's region (see `circuit`). */
const AT = { a: 0, b: 8, add: 16, sub: 36, mul: 56, eq: 76, zero: 82, sel: 88, word: 97, mulWord: 105 } as const;
const ROWS = 108;

/** Per case: load a, b; a + b, a − b, a·b; a = b; a = 0; (a = 0) ? a : b; a word x with [x ≥ p]; a·b's halves. */
function circuit(p: bigint, cases: readonly Case[], results: PairResult[] = []) {
  return new TestCircuit<Config>((cs) => {
    const table = RangeTable.configure(cs, 'byte', 8);
    const cols = nonNativeColumns(cs, 'nn', table);
    return { table, cols, chip: NonNativeChip.configure(cs, 'fp', p, cols) };
  }, ({ table, chip }, layouter: Layouter) => {
    results.length = 0;
    table.load(layouter);
    cases.forEach((c, i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
      const a = chip.load(region, AT.a, c.a);
      const b = chip.load(region, AT.b, c.b);
      const mul = chip.mul(region, AT.mul, a, b);
      const zero = chip.isZeroElement(region, AT.zero, a);
      const w = chip.fromWord(region, AT.word, c.word);
      return {
        a, b, mul, zero,
        add: chip.add(region, AT.add, a, b),
        sub: chip.sub(region, AT.sub, a, b),
        eq: chip.isEqual(region, AT.eq, a, b),
        sel: chip.select(region, AT.sel, zero, a, b),
        word: { overflow: w.overflow, lo: w.lo, hi: w.hi },
        mulWord: chip.toWord(region, AT.mulWord, mul),
      };
    })));
  });
}

function edgeCases(p: bigint): Case[] {
  return [
    { a: 0n, b: 0n, word: p - 1n },
    { a: 1n, b: p - 1n, word: p },
    { a: p - 1n, b: p - 1n, word: (1n << 256n) - 1n },
    { a: rng.below(p), b: rng.below(p), word: rng.bits(256) },
    { a: rng.below(p), b: 0n, word: 0n },
    { a: 5n, b: 5n, word: rng.below(p) },
  ];
}

/** A v-column limb row set to `value` with its 12 bytes kept consistent (so only the gates reading the value can object). */
function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

for (const [field, p] of [['BN254 Fq', FQ_MODULUS], ['secp256k1 Fp', SECP_P]] as const) {
  describe(`gadgets: non-native arithmetic mod ${field}`, function () {
    this.timeout(120_000);
    const cases = edgeCases(p);

    it('add, sub, mul, is-equal, is-zero, select, word halves and [x ≥ p] match BigInt on 0, 1, p − 1 and random values', () => {
      const results: PairResult[] = [];
      const c = circuit(p, cases, results);
      expect(honestFailures(c, K)).to.deep.equal([]);
      cases.forEach(({ a, b, word }, i) => {
        const r = results[i];
        expect(elementValue(r.add)).to.equal(mod(a + b, p));
        expect(elementValue(r.sub)).to.equal(mod(a - b, p));
        expect(elementValue(r.mul)).to.equal(mod(a * b, p));
        expect(r.eq.value).to.equal(a === b ? 1n : 0n);
        expect(r.zero.value).to.equal(a === 0n ? 1n : 0n);
        expect(elementValue(r.sel)).to.equal(a === 0n ? a : b);
        expect(r.word.overflow.value).to.equal(word >= p ? 1n : 0n);
        expect([r.word.lo.value, r.word.hi.value]).to.deep.equal([word & ((1n << 128n) - 1n), word >> 128n]);
        expect((r.mulWord.hi.value << 128n) | r.mulWord.lo.value).to.equal(mod(a * b, p));
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
      .to.deep.equal([0, 1, 2].map((i) => `gate fp mul/column ${i}@${at('mul', 0)}`).concat(`gate fp mul/native: L = q·p + r (mod r)@${at('mul', 0)}`));
  });

  it('a carry off by one breaks the columns it links (0 and 1) only', () => {
    const c0 = at('mul', 17);
    expect(failuresAfter(c, K, [], limbEdit(c0, valueAt(c0) + 1n)))
      .to.deep.equal([`gate fp mul/column 0@${at('mul', 0)}`, `gate fp mul/column 1@${at('mul', 0)}`]);
  });

  it('a result limb + 1 breaks the mul identity, the canonical rows and the copy into the word block', () => {
    const r1 = at('mul', 1);
    expect(failuresAfter(c, K, [], limbEdit(r1, valueAt(r1) + 1n))).to.deep.equal([
      `copy nn v@${r1}~nn v@${at('mulWord', 1)}`,
      `gate fp canonical/column 1: x + d + e0 = p − 1 + e1·2^88@${at('mul', 0)}`,
      `gate fp mul/column 1@${at('mul', 0)}`,
      `gate fp mul/native: L = q·p + r (mod r)@${at('mul', 0)}`,
    ]);
  });

  it('an add or sub result limb + 1 (bytes consistent) breaks exactly that op\'s column and native check', () => {
    for (const op of ['add', 'sub'] as const) {
      const r2 = at(op, 2);
      expect(failuresAfter(c, K, [], limbEdit(r2, valueAt(r2) + 1n))).to.deep.equal([
        `gate fp ${op}/column 2@${at(op, 0)}`,
        `gate fp ${op}/native: L = q·p + r (mod r)@${at(op, 0)}`,
        `gate fp canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at(op, 0)}`,
      ].sort());
    }
  });

  it('a loaded value claimed ≥ p (f = 1) fails the assertion and the canonical top column', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('a', 0), value: 1n }])).to.deep.equal([
      `gate fp assert canonical/x < p (f = 0)@${at('a', 0)}`,
      `gate fp canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('a', 0)}`,
    ]);
  });

  it('a canonical carry of 2 fails "e0 is boolean" and the two columns it links', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn v', row: at('a', 6), value: 2n }])).to.deep.equal([
      `gate fp canonical/column 0: x + d = p − 1 + e0·2^88@${at('a', 0)}`,
      `gate fp canonical/column 1: x + d + e0 = p − 1 + e1·2^88@${at('a', 0)}`,
      `gate fp canonical/e0 is boolean@${at('a', 0)}`,
    ]);
  });

  it('a word\'s [x ≥ p] flag flipped fails the canonical top column only', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('word', 0), value: (v) => 1n - v }]))
      .to.deep.equal([`gate fp canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('word', 0)}`]);
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
      `gate fp canonical/column 2: x + d + e1 = p − 1 + f·2^80@${at('b', 0)}`,
      `gate nn limb range/byte 10 = 0 at 80 bits@${top}`,
    ]);
  });

  it('select, equality and word halves: a flipped output is named by its own gate', () => {
    expect(failuresAfter(c, K, [], [{ column: 'nn v', row: at('sel', 6), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fp select/limb 0: r = b + cond·(a − b)@${at('sel', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('eq', 0), value: (v) => 1n - v }]))
      .to.deep.equal([`gate fp equal/out = 1 − value·inv@${at('eq', 0)}`, `gate fp equal/value·out = 0@${at('eq', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('mulWord', 2), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fp word/hi = limb 1 bytes 5..10 + limb 2·2^48@${at('mulWord', 0)}`]);
    expect(failuresAfter(c, K, [], [{ column: 'nn aux', row: at('word', 1), value: (v) => v + 1n }]))
      .to.deep.equal([`gate fp word/lo = limb 0 + limb 1 bytes 0..4@${at('word', 0)}`]);
  });

  it('a load of a value ≥ p is refused at synthesis (results, and so operands, stay below p)', () => {
    expect(() => MockProver.run(K, circuit(p, [{ a: p, b: 1n, word: 0n }]), [])).to.throw(GadgetError, /is not in \[0, p\)/);
  });

  describe('real prover (k = 9)', () => {
    const small = circuit(p, cases.slice(3, 4));
    it('an honest non-native block proves and verifies; a corrupted carry is rejected', async () => {
      const c0 = AT.mul + 17;
      const f = await expectVerifierRejects(small, 9, [], limbEdit(c0, valueAt(base + c0) + 1n));
      expect(f).to.deep.equal([`gate fp mul/column 0@${AT.mul}`, `gate fp mul/column 1@${AT.mul}`]);
    });
  });

});
