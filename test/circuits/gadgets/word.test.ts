import { expect } from 'chai';
import { MockProver, synthesize, type Layouter } from '../../../circuits/plonk/index.js';
import {
  GadgetError, RangeTable, SelectChip, TWO_256, WordArithChip, WordChip, joinWord, wordValue, type AssignedWord, type WordArithResult, type WordCells,
} from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from './helpers.js';

const K = 9;
const MAX = TWO_256 - 1n;
const LO_MAX = (1n << 128n) - 1n;
const rng = new Rng(0x3017);
const PAIRS: Array<[bigint, bigint]> = [
  [MAX, 1n],                     // wraps to 0, carry out
  [LO_MAX, 1n],                  // carry from lo into hi
  [0n, 1n],                      // sub borrows out: 2^256 − 1
  [1n << 128n, 1n],              // sub borrows from hi
  [rng.bits(256), rng.bits(256)],
  [rng.bits(256), rng.bits(256)],
  [rng.bits(100), rng.bits(256)],
];

interface Config { table: RangeTable; word: WordChip; arith: WordArithChip; select?: SelectChip }
interface PairResult { x: AssignedWord; y: AssignedWord; add: WordArithResult; sub: WordArithResult; sel?: WordCells }

/** Per pair: x, y decomposed; x + y; x − y; (x + y overflows) ? x : y — without the select when `select` is false. */
function circuit(pairs = PAIRS, results: PairResult[] = [], select = true) {
  return new TestCircuit<Config>((cs) => {
    const table = RangeTable.configure(cs, 'byte', 8);
    const value = cs.adviceColumn('word');
    const bytes = Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`byte ${i}`));
    const word = WordChip.configure(cs, 'word', table, value, bytes);
    const [a, b, carry] = ['a', 'b', 'carry'].map((n) => cs.adviceColumn(n));
    const arith = WordArithChip.configure(cs, 'word', word, a, b, carry);
    if (!select) return { table, word, arith };
    const [cond, sa, sb, out] = ['cond', 'sel a', 'sel b', 'sel out'].map((n) => cs.adviceColumn(n));
    return { table, word, arith, select: SelectChip.configure(cs, 'select', cond, sa, sb, out) };
  }, (cfg, layouter: Layouter) => {
    results.length = 0;
    cfg.table.load(layouter);
    pairs.forEach(([x, y], i) => {
      results.push(layouter.assignRegion(`pair ${i}`, (region) => {
        const wx = cfg.word.assign(region, 0, x);
        const wy = cfg.word.assign(region, 2, y);
        const add = cfg.arith.add(region, 4, wx, wy);
        const sub = cfg.arith.sub(region, 6, wx, wy);
        const sel = cfg.select?.selectWord(region, 8, add.carry, wx, wy);
        return { x: wx, y: wy, add, sub, sel };
      }));
    });
  });
}

describe('gadgets: 256-bit words (lo, hi) with bytes, add/sub with carry, select', function () {
  this.timeout(60_000);

  it('edge and random pairs: sum, difference, carries, bytes and select match BigInt; MockProver passes', () => {
    const results: PairResult[] = [];
    const c = circuit(PAIRS, results);
    expect(honestFailures(c, K)).to.deep.equal([]);
    PAIRS.forEach(([x, y], i) => {
      const r = results[i];
      expect(wordValue(r.x)).to.equal(x);
      expect(r.x.bytes.map((b) => b.value)).to.deep.equal(Array.from({ length: 32 }, (_, j) => (x >> BigInt(8 * j)) & 0xffn));
      expect(wordValue(r.add.result)).to.equal((x + y) % TWO_256);
      expect(r.add.carry.value).to.equal(x + y >= TWO_256 ? 1n : 0n);
      expect(wordValue(r.sub.result)).to.equal((x - y + TWO_256) % TWO_256);
      expect(r.sub.carry.value).to.equal(x < y ? 1n : 0n);
      expect(joinWord(r.sel!.lo.value, r.sel!.hi.value)).to.equal(x + y >= TWO_256 ? x : y);
    });
  });

  // pair 0 (2^256 − 1 + 1) sits at rows 0..9: add at 4, 5; sub at 6, 7; select at 8, 9
  it('a wrong carry out (add) fails the hi equation (and its copy into the select condition)', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'carry', row: 5, value: 0n }]))
      .to.deep.equal(['copy carry@5~cond@8', 'gate word add/hi: a + b + carry = c + carry out·2^128@4']);
  });

  it('a wrong carry between the halves fails both the lo and hi equations', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'carry', row: 4, value: 0n }]))
      .to.deep.equal(['gate word add/hi: a + b + carry = c + carry out·2^128@4', 'gate word add/lo: a + b = c + carry·2^128@4']);
  });

  it('a wrong borrow (sub) fails the sub gate; a carry of 2 fails the boolean check', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'carry', row: 17, value: 1n }]))
      .to.deep.equal(['gate word sub/hi: c + b + borrow = a + borrow out·2^128@16']);
    // pair 1 (2^128 − 1 + 1): lo sum 2^128 = 0 + carry·2^128; carry 2 with result lo = −2^128 keeps lo, breaks hi + boolean
    expect(failuresAfter(circuit(), K, [], [{ column: 'carry', row: 14, value: 2n }]).filter((f) => f.includes('boolean')))
      .to.deep.equal(['gate word add/carry is boolean@14']);
  });

  it('a result byte cell of 256 (recomposition kept) fails that byte\'s lookup only', () => {
    // pair 4 (rows 40..49), add result lo at row 44: byte 3 += 256, byte 4 −= 1 (needs byte 4 ≥ 1)
    const results: PairResult[] = [];
    synthesize(circuit(PAIRS, results), K, [], true);
    const b4 = results[4].add.result.bytes[4].value;
    expect(b4 > 0n).to.equal(true);
    expect(failuresAfter(circuit(), K, [], [{ column: 'byte 3', row: 44, value: (v) => v + 256n }, { column: 'byte 4', row: 44, value: (v) => v - 1n }]))
      .to.deep.equal(['lookup word byte 3@44']);
  });

  it('a wrong result half fails the add equation and its byte recomposition; a wrong operand copy fails the copy constraint', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'word', row: 45, value: (v) => v + 1n }]))
      .to.deep.equal(['gate word add/hi: a + b + carry = c + carry out·2^128@44', 'gate word bytes/value = Σ byte·256^i@45']);
    expect(failuresAfter(circuit(), K, [], [{ column: 'a', row: 44, value: (v) => v + 1n }]))
      .to.deep.equal(['copy word@40~a@44', 'gate word add/lo: a + b = c + carry·2^128@44']);
  });

  it('select: a flipped output fails the select gate; a non-boolean condition fails "cond is boolean"', () => {
    expect(failuresAfter(circuit(), K, [], [{ column: 'sel out', row: 48, value: (v) => v + 1n }]))
      .to.deep.equal(['gate select/out = b + cond·(a − b)@48']);
    const f = failuresAfter(circuit(), K, [], [{ column: 'cond', row: 49, value: 2n }]);
    expect(f).to.include('gate select/cond is boolean@49');
    expect(f).to.include('copy cond@48~cond@49');
  });

  it('words outside [0, 2^256) are refused at synthesis; a layout without witness (keygen) never evaluates them', () => {
    expect(() => MockProver.run(K, circuit([[TWO_256, 0n]]), [])).to.throw(GadgetError, /not a 256-bit word/);
    expect(() => synthesize(circuit([[TWO_256, 0n]]), K, [], false)).not.to.throw();
  });

  describe(`real prover (k = ${K})`, () => {
    // one key for both: pair 0 alone (rows 0..9)
    const real = circuit(PAIRS.slice(0, 1));

    it('an honest word add/sub/select proof verifies; a wrong carry out is rejected', async () => {
      expect(await expectVerifierRejects(real, K, [], [{ column: 'carry', row: 5, value: 0n }]))
        .to.deep.equal(['copy carry@5~cond@8', 'gate word add/hi: a + b + carry = c + carry out·2^128@4']);
    });

    it('select: a flipped output is rejected by the verifier', async () => {
      expect(await expectVerifierRejects(real, K, [], [{ column: 'sel out', row: 8, value: (v) => v + 1n }]))
        .to.deep.equal(['gate select/out = b + cond·(a − b)@8']);
    });
  });
});
