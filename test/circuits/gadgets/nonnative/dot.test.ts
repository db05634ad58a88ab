import { expect } from 'chai';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { mod } from '../../../../circuits/field/modular.js';
import {
  BIGINT_RING, DOT, DOT_CARRY_SHIFT, NonNativeChip, NonNativeDotChip, RangeTable, carryChain, dotColumns, elementValue, fromLimbs, nonNativeColumns, toLimbs,
  type Element, type Limbs,
} from '../../../../circuits/gadgets/index.js';
import { synthesize } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../helpers.js';

const P = FQ_MODULUS;
const K = 10;
const rng = new Rng(0xd07);
interface Case { a: bigint; b: bigint; c: bigint; d: bigint }
/** Per case: loads of a, b, c, d (8 rows each), then a·b + c·d and a·b − c·d blocks. */
const AT = { plus: 32, minus: 32 + DOT.rows, rows: 32 + 2 * DOT.rows } as const;

function harness(cases: readonly Case[]) {
  const results: { plus: Element; minus: Element }[] = [];
  const circuit = new TestCircuit(
    (cs) => {
      const table = RangeTable.configure(cs, 'byte', 8);
      const fq = NonNativeChip.configure(cs, 'fq', P, nonNativeColumns(cs, 'nn', table));
      return { table, fq, dot: NonNativeDotChip.configure(cs, 'fq', fq) };
    },
    ({ table, fq, dot }, layouter) => {
      results.length = 0;
      table.load(layouter);
      cases.forEach((c, i) => results.push(layouter.assignRegion(`case ${i}`, (region) => {
        const [a, b, cc, d] = [c.a, c.b, c.c, c.d].map((v, j) => fq.load(region, 8 * j, v));
        return { plus: dot.assign(region, AT.plus, 1, a, b, cc, d), minus: dot.assign(region, AT.minus, -1, a, b, cc, d) };
      })));
    },
  );
  return { circuit, results };
}

const CASES: Case[] = [
  { a: 0n, b: 0n, c: 0n, d: 0n },
  { a: P - 1n, b: P - 1n, c: P - 1n, d: P - 1n },
  { a: 0n, b: 5n, c: P - 1n, d: P - 1n },
  { a: P - 1n, b: P - 1n, c: 0n, d: 1n },
  { a: rng.below(P), b: rng.below(P), c: rng.below(P), d: rng.below(P) },
  { a: rng.below(P), b: rng.below(P), c: rng.below(P), d: rng.below(P) },
];

/** A v-column limb row set to `value` with its 12 bytes consistent. */
function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

describe('gadgets: non-native dot product a·b ± c·d (BN254 Fq)', function () {
  this.timeout(180_000);
  const { circuit, results } = harness(CASES);
  const honest = synthesize(circuit, K, [], true);
  const valueAt = (row: number) => honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][row];
  // case 4 (random) starts at 4 · AT.rows (the byte table uses other columns)
  const base = 4 * AT.rows;

  it('a·b + c·d and a·b − c·d match BigInt on 0, p − 1 and random operands', () => {
    expect(honestFailures(circuit, K)).to.deep.equal([]);
    CASES.forEach(({ a, b, c, d }, i) => {
      expect(elementValue(results[i].plus)).to.equal(mod(a * b + c * d, P));
      expect(elementValue(results[i].minus)).to.equal(mod(a * b - c * d, P));
    });
    expect(results[4].plus.limbs[0].row).to.equal(base + AT.plus);
  });

  it('a quotient limb + 1 (bytes consistent) breaks every column it enters and the native check', () => {
    const row = base + AT.minus + DOT.q;
    expect(failuresAfter(circuit, K, [], limbEdit(row, valueAt(row) + 1n)))
      .to.deep.equal([0, 1, 2].map((i) => `gate fq dot −/column ${i}@${base + AT.minus}`).concat(`gate fq dot −/native: L = q·p + r (mod r)@${base + AT.minus}`));
  });

  it('a carry + 1 breaks the two columns it links only', () => {
    const row = base + AT.plus + DOT.carry;
    expect(failuresAfter(circuit, K, [], limbEdit(row, valueAt(row) + 1n)))
      .to.deep.equal([`gate fq dot +/column 0@${base + AT.plus}`, `gate fq dot +/column 1@${base + AT.plus}`]);
  });

  it('a result limb + 1 breaks the dot column and native check and the canonical column', () => {
    const row = base + AT.plus + 1;
    expect(failuresAfter(circuit, K, [], limbEdit(row, valueAt(row) + 1n))).to.deep.equal([
      `gate fq canonical/column 1: x + d + e0 = p − 1 + e1·2^88@${base + AT.plus}`,
      `gate fq dot +/column 1@${base + AT.plus}`,
      `gate fq dot +/native: L = q·p + r (mod r)@${base + AT.plus}`,
    ]);
  });

  it('an operand copy changed (bytes consistent) breaks its copy constraint and the identity', () => {
    const row = base + AT.minus + DOT.c;
    const failures = failuresAfter(circuit, K, [], limbEdit(row, valueAt(row) + 1n));
    expect(failures).to.include(`gate fq dot −/native: L = q·p + r (mod r)@${base + AT.minus}`);
    expect(failures.filter((f) => f.startsWith('copy '))).to.deep.equal([`copy nn v@${base + 16}~nn v@${row}`]);
  });

  it('a result r + p with q − 1 (a consistent witness but for r < p) is refused by the canonical assertion only', () => {
    const at = base + AT.plus;
    const { a, b, c, d } = CASES[4];
    const L = a * b + c * d;
    const [r, q] = [L % P + P, L / P - 1n];
    const dd = (1n << 256n) + P - 1n - r;
    const [rl, dl, ql] = [toLimbs(r), toLimbs(dd), toLimbs(q)];
    const pm1 = toLimbs(P - 1n);
    const e = carryChain([0, 1].map((i) => rl[i] + dl[i] - pm1[i]));
    const limbs = (x: bigint) => toLimbs(x) as Limbs<bigint>;
    const carries = carryChain(dotColumns(1, { a: limbs(a), b: limbs(b), c: limbs(c), d: limbs(d), q: ql, r: rl, p: limbs(P), k: [0n, 0n, 0n] }, BIGINT_RING, (x) => -x));
    expect(fromLimbs(rl)).to.equal(r);
    const edits: Edit[] = [
      ...rl.flatMap((l, i) => limbEdit(at + i, l)), ...dl.flatMap((l, i) => limbEdit(at + 3 + i, l)),
      { column: 'nn v', row: at + 6, value: e[0] }, { column: 'nn v', row: at + 7, value: e[1] }, { column: 'nn aux', row: at, value: 1n },
      ...ql.flatMap((l, i) => limbEdit(at + DOT.q + i, l)), ...carries.flatMap((cv, i) => limbEdit(at + DOT.carry + i, cv + DOT_CARRY_SHIFT)),
    ];
    expect(failuresAfter(circuit, K, [], edits)).to.deep.equal([`gate fq assert canonical/x < p (f = 0)@${at}`]);
  });

  it('the real verifier rejects a proof with a forged quotient limb', async () => {
    const small = harness(CASES.slice(4, 5));
    const row = AT.plus + DOT.q + 2;
    const h = synthesize(small.circuit, 9, [], true);
    const old = h.advice[h.cs.advice.find((x) => x.name === 'nn v')!.index][row];
    const failures = await expectVerifierRejects(small.circuit, 9, [], limbEdit(row, old + 1n));
    expect(failures).to.deep.equal([`gate fq dot +/column 2@${AT.plus}`, `gate fq dot +/native: L = q·p + r (mod r)@${AT.plus}`]);
  });
});
