/**
 * PairingChip's wiring at k ≤ 12: the words, length rules, validity flags and table rows of real calls,
 * with the three heavy pieces — Miller loop, final exponentiation, G2 membership — replaced by cheap
 * stand-ins (each is tested on its own in reference/circuit/slow tests). Everything else is the chip's
 * own code and gates: word reads, coordinate and curve checks, length flags, the table's copies, its
 * fixed `enabled` tag and a lookup into it; and one real-prover rejection of the wiring.
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { FlagChip } from '../../../../circuits/ecc/flags.js';
import {
  CircuitFq, EcPairingTable, ONE12, configureFqChips, type FqChips, PairingChip, PairingOps, slotWords, type EcPairingCall, type EcPairingResult, type Fq12, type G2, type LoopPair,
} from '../../../../circuits/ecc/pairing/index.js';
import { NonNativeChip, nonNativeColumns, type Element } from '../../../../circuits/gadgets/nonnative/index.js';
import { RangeTable } from '../../../../circuits/gadgets/range-table.js';
import { synthesize, type AssignedCell, type Layouter } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from '../../gadgets/helpers.js';

const P = FQ_MODULUS;
const SLOTS = 2;
const rng = new Rng(0x08c41);

/** Stand-ins: every on-curve Q counts as in G2, the Miller loop gives 1 and the final exponentiation is the identity. */
class WiringOps<T, B> extends PairingOps<T, B> {
  override g2InSubgroup(_q: G2<T>): B { return this.F.isZero(this.F.constant(0n)); }
  override millerLoop(_pairs: readonly LoopPair<T, B>[]): Fq12<T> { return this.fq12(ONE12); }
  override finalExponentiation(f: Fq12<T>): Fq12<T> { return f; }
}

class WiringChip extends PairingChip {
  static make(field: FqChips, flags: FlagChip, table: EcPairingTable): WiringChip {
    return new WiringChip(field, flags, table, SLOTS);
  }
  protected override pairingOps(F: CircuitFq): PairingOps<Element, AssignedCell> { return new WiringOps(F); }
}

const word = (v: bigint) => v.toString(16).padStart(64, '0');
const bytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const R = bn254.fields.Fr.ORDER;
const p1 = bn254.G1.Point.BASE.multiply(rng.below(R - 1n) + 1n).toAffine();
const q1 = bn254.G2.Point.BASE.multiply(rng.below(R - 1n) + 1n).toAffine();
const pair = (px: bigint, py: bigint) => word(px) + word(py) + word(q1.x.c1) + word(q1.x.c0) + word(q1.y.c1) + word(q1.y.c0);

const CALLS: Array<[string, string, bigint]> = [
  ['one valid pair', pair(p1.x, p1.y), 1n],
  ['empty input', '', 1n],
  ['length 191', pair(p1.x, p1.y).slice(0, 382), 0n],
  ['P not on the curve', pair(1n, 3n), 0n],
  ['two pairs, a coordinate ≥ p in the second', pair(p1.x, p1.y) + pair(p1.x, p1.y + P), 0n],
];

/** The table tuple of slot s of call i (fields order); under the stand-ins the output equals success. */
function expectedRow(i: number, s: number, input: Uint8Array, success: bigint): bigint[] {
  const w = slotWords(input, SLOTS)[s];
  const halves = (v: bigint) => [v & ((1n << 128n) - 1n), v >> 128n];
  return [BigInt(i), BigInt(s), success, success, ...halves(BigInt(input.length)), ...[w.x, w.y, w.xIm, w.xRe, w.yIm, w.yRe].flatMap(halves)];
}

function circuitOf(calls: readonly EcPairingCall[], query: bigint[]) {
  const results: EcPairingResult[] = [];
  const circuit = new TestCircuit(
    (cs) => {
      const byteTable = RangeTable.configure(cs, 'byte', 8);
      const fq = NonNativeChip.configure(cs, 'fq', P, nonNativeColumns(cs, 'nn', byteTable));
      const table = EcPairingTable.configure(cs, 'ecpairing');
      const chip = WiringChip.make(configureFqChips(cs, 'fq', fq), FlagChip.configure(cs, 'flag', cs.adviceColumn('flag')), table);
      // a caller looking up one tuple: query columns gated by a selector
      const q = cs.selector('query');
      const cols = table.fields.map((f) => cs.adviceColumn(`query ${f}`));
      table.lookup(cs, 'query', q.expr(), cols.map((c) => q.expr().mul(c.cur())));
      return { byteTable, chip, q, cols };
    },
    ({ byteTable, chip, q, cols }, layouter: Layouter) => {
      results.length = 0;
      byteTable.load(layouter);
      calls.forEach((c, i) => results.push(chip.assign(layouter, c, i)));
      layouter.assignRegion('query', (region) => {
        region.enableSelector(q, 0);
        cols.forEach((c, j) => region.assignAdvice('query', c, 0, query[j]));
      });
    },
  );
  return { circuit, results };
}

describe('ecc pairing: PairingChip wiring (stand-ins for the heavy pieces)', function () {
  this.timeout(300_000);
  const K = 12;
  const calls = CALLS.map(([, hex]) => ({ input: bytes(hex) }));
  // each circuit's query is its call 0's slot 0 tuple (so the honest lookup passes)
  const queryOf = (i: number) => expectedRow(0, 0, calls[i].input, CALLS[i][2]);
  const query = queryOf(0);
  // 3 calls of ~1,250 rows fit k = 12: two circuits cover the five calls
  const groups = [[0, 3, 4], [1, 2]].map((idx) => ({ idx, ...circuitOf(idx.map((i) => calls[i]), queryOf(idx[0])) }));

  it('every table row holds the call id, slot, success, output, length and slot words of its call', () => {
    for (const { idx, circuit, results } of groups) {
      expect(honestFailures(circuit, K)).to.deep.equal([]);
      idx.forEach((i, j) => {
        const [name, , success] = CALLS[i];
        expect(results[j].success.value, name).to.equal(success);
        results[j].rows.forEach((row, s) => expect(row.map((c) => c.value), `${name}, slot ${s}`).to.deep.equal(expectedRow(j, s, calls[i].input, success)));
      });
    }
  });

  it('a lookup of a tuple no call proves fails: a wrong output, and an all-zero tuple (the fixed enabled tag)', () => {
    const one = calls.slice(0, 1);
    const wrong = [...query];
    wrong[3] = 0n;
    expect(honestFailures(circuitOf(one, wrong).circuit, 11)).to.deep.equal(['lookup query@0']);
    expect(honestFailures(circuitOf(one, query.map(() => 0n)).circuit, 11)).to.deep.equal(['lookup query@0']);
  });

  it('a flipped success flag fails the and-not gate that made it, and its copies into the table and the output', () => {
    const { circuit, results } = groups[0];
    synthesize(circuit, K, [], true);
    const cell = results[0].success;
    const failures = failuresAfter(circuit, K, [], [{ column: 'flag', row: cell.row, value: 0n }]);
    expect(failures.filter((f) => !f.startsWith('copy '))).to.deep.equal([`gate flag and not/out = a·(1 − b)@${cell.row - 2}`]);
    expect(failures.filter((f) => f.startsWith('copy ')).length).to.equal(SLOTS + 1);
  });

  it('a table cell changed breaks its copy constraint only', () => {
    const { circuit, results } = groups[0];
    synthesize(circuit, K, [], true);
    const cell = results[1].rows[0][2];
    const failures = failuresAfter(circuit, K, [], [{ column: 'ecpairing success', row: cell.row, value: 1n }]);
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(new RegExp(`^copy flag@\\d+~ecpairing success@${cell.row}$`));
  });

  it('real prover (k = 11, one call): an honest call proves and verifies; a flipped success flag is rejected', async () => {
    const { circuit, results } = circuitOf(calls.slice(0, 1), query);
    synthesize(circuit, 11, [], true);
    const cell = results[0].success;
    const failures = await expectVerifierRejects(circuit, 11, [], [{ column: 'flag', row: cell.row, value: 0n }]);
    expect(failures.filter((f) => !f.startsWith('copy '))).to.deep.equal([`gate flag and not/out = a·(1 − b)@${cell.row - 2}`]);
  });
});
