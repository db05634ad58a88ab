/**
 * Non-native field arithmetic (circuits/gadgets/nonnative) over BN254 Fq: one case of every block
 * in a harness circuit, and one forgery per item — most rebuild a whole block's witness so that
 * exactly one constraint objects (e.g. a product off by 2^264 that only the native check sees).
 */
import { FQ_MODULUS, FR_MODULUS } from '../../../circuits/field/constants.js';
import { mod, modInverse } from '../../../circuits/field/modular.js';
import {
  BIGINT_RING, BLOCK, CARRY_SHIFT, NonNativeChip, RangeTable, carryChain, fromLimbs, identityColumns, nonNativeColumns, toLimbs,
  type Element, type NonNativeOp,
} from '../../../circuits/gadgets/index.js';
import type { AssignedCell, Circuit, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

export interface NonNativeCase { a: bigint; b: bigint; spare: bigint; word: bigint }
export interface NonNativeCaseResult {
  a: Element; b: Element; add: Element; sub: Element; mul: Element; eq: AssignedCell; zero: AssignedCell; sel: Element;
  word: { overflow: AssignedCell; lo: AssignedCell; hi: AssignedCell }; aWord: { lo: AssignedCell; hi: AssignedCell };
}
interface HarnessConfig { table: RangeTable; chip: NonNativeChip }

/** Block offsets inside a case's region; a case takes ROWS rows. */
export const AT = { a: 0, b: 8, spare: 16, add: 24, sub: 44, mul: 64, eq: 84, zero: 90, sel: 96, word: 105, aWord: 113 } as const;
export const ROWS = 116;

/**
 * Per case: load a, b and an unused `spare`; a + b, a − b, a·b; a = b; a = 0; (a < b) ? a : b with
 * the condition a plain witness; a word with [word ≥ p] and its halves; a's halves. Results end
 * here (nothing copies them), so a forged result is seen by its own block only.
 */
export class NonNativeHarness implements Circuit<HarnessConfig> {
  readonly results: NonNativeCaseResult[] = [];
  constructor(readonly p: bigint, readonly cases: readonly NonNativeCase[]) {}

  configure(cs: ConstraintSystem): HarnessConfig {
    const table = RangeTable.configure(cs, 'byte', 8);
    return { table, chip: NonNativeChip.configure(cs, 'fq', this.p, nonNativeColumns(cs, 'nn', table)) };
  }

  synthesize({ table, chip }: HarnessConfig, layouter: Layouter): void {
    this.results.length = 0;
    table.load(layouter);
    this.cases.forEach((c, i) => this.results.push(layouter.assignRegion(`case ${i}`, (region) => {
      const a = chip.load(region, AT.a, c.a);
      const b = chip.load(region, AT.b, c.b);
      chip.load(region, AT.spare, c.spare);
      const w = chip.fromWord(region, AT.word, c.word);
      return {
        a, b,
        add: chip.add(region, AT.add, a, b),
        sub: chip.sub(region, AT.sub, a, b),
        mul: chip.mul(region, AT.mul, a, b),
        eq: chip.isEqual(region, AT.eq, a, b),
        zero: chip.isZeroElement(region, AT.zero, a),
        sel: chip.select(region, AT.sel, c.a < c.b ? 1n : 0n, a, b),
        word: { overflow: w.overflow, lo: w.lo, hi: w.hi },
        aWord: chip.toWord(region, AT.aWord, a),
      };
    })));
  }
}

const P = FQ_MODULUS;
const R = FR_MODULUS;
const ONES_88 = (1n << 88n) - 1n;
/** a < p with limb 0 all ones (so a's canonical carry e0 is 1); b, spare, word < p, fixed. */
const CASE: NonNativeCase = {
  a: (((P >> 88n) - 1n) << 88n) | ONES_88,
  b: 0x1d2c3b4a59687786950a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abn,
  spare: 0x2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081n,
  word: 0x0fedcba9876543210fedcba9876543210fedcba9876543210fedcba98765432n,
};

const inv2 = (bits: number) => modInverse(1n << BigInt(bits), R);
const V = 'nn v';

/** Reads a block's three limbs (rows at, at + 1, at + 2) as an integer. */
const limbsAt = (w: WitnessEditor, at: number) => fromLimbs([0, 1, 2].map((i) => w.get(V, at + i)));

/** Sets a limb row's value and its 12 bytes consistently (the range row stays satisfied). */
export function setRow(w: WitnessEditor, row: number, value: bigint): void {
  w.set(V, row, value);
  for (let i = 0; i < 12; i++) w.set(`nn byte ${i}`, row, (value >> BigInt(8 * i)) & 0xffn);
}

/** Sets 3 limb rows from an integer < 2^256. */
function setLimbs(w: WitnessEditor, at: number, x: bigint): void {
  toLimbs(x).forEach((l, i) => setRow(w, at + i, l));
}

/** Rewrites a canonical block's d, e0, e1 and f for x (at block start `at`) and the claimed d. */
function setCanonical(w: WitnessEditor, at: number, d: bigint, f: bigint): void {
  const x = toLimbs(limbsAt(w, at + BLOCK.x));
  const dl = toLimbs(d);
  const pm1 = toLimbs(P - 1n);
  setLimbs(w, at + BLOCK.d, d);
  // field carries: exact integers for an honest d, multiples of 2^−88 otherwise
  const e0 = mod((x[0] + dl[0] - pm1[0]) * inv2(88), R);
  const e1 = mod((x[1] + dl[1] + e0 - pm1[1]) * inv2(88), R);
  w.set(V, at + BLOCK.e, e0);
  w.set(V, at + BLOCK.e + 1, e1);
  w.set('nn aux', at, f);
}

/**
 * An op block rebuilt so that L − q·p − r = T (q, r, d, e recomputed; r < p) and column j's
 * equation is off by `err` (the carries absorb the rest): T = −2^264, err = 0 breaks only the
 * native check; T a multiple of r with T ≡ err·2^(88j) (mod 2^264) breaks only column j.
 */
function forgeOp(op: NonNativeOp, name: string, forged: () => { T: bigint; column: number; err: bigint }): NegativeTest {
  return {
    name: `${op}: ${name}`,
    mutate: (w) => {
      const at = AT[op];
      const { T, column, err } = forged();
      const [a, b] = [limbsAt(w, at + BLOCK.a), limbsAt(w, at + BLOCK.b)];
      const l = (op === 'mul' ? a * b : op === 'add' ? a + b : a - b + P) - T;
      const [q, r] = [l / P, l % P];
      setLimbs(w, at + BLOCK.r, r);
      setCanonical(w, at, P - 1n - r, 0n);
      setLimbs(w, at + BLOCK.q, q);
      const cols = identityColumns(op, toLimbs(a), toLimbs(b), toLimbs(q), toLimbs(r), toLimbs(P), BIGINT_RING, (x) => -x);
      carryChain(cols.map((c, i) => (i === column ? c - err : c))).forEach((c, i) => setRow(w, at + BLOCK.c + i, c + CARRY_SHIFT));
    },
  };
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

/** A short (k, t) ≠ 0 with k·r ≡ t (mod m): Lagrange reduction of the lattice {(1, r), (0, m)}; both ≈ √m. */
function shortMultiple(m: bigint): [bigint, bigint] {
  let u: [bigint, bigint] = [1n, R % m];
  let v: [bigint, bigint] = [0n, m];
  const dot = (x: [bigint, bigint], y: [bigint, bigint]) => x[0] * y[0] + x[1] * y[1];
  for (;;) {
    if (dot(u, u) > dot(v, v)) [u, v] = [v, u];
    const mu = floorDiv(2n * dot(u, v) + dot(u, u), 2n * dot(u, u));
    if (mu === 0n) return u;
    v = [v[0] - mu * u[0], v[1] - mu * u[1]];
  }
}

/** T = k·2^(88j)·r < 0 with T ≡ t·2^(88j) (mod 2^264), t ≈ 2^(132 − 44j): column j alone sees t. */
function columnForgery(j: number): { T: bigint; column: number; err: bigint } {
  let [k, t] = shortMultiple(1n << BigInt(264 - 88 * j));
  if (k > 0n) [k, t] = [-k, -t];
  return { T: k * R << BigInt(88 * j), column: j, err: t };
}

/** A limb row whose bytes 0 and 1 are both non-zero (room to move 1 between bytes). */
function rowWithRoom(w: WitnessEditor, rows: readonly number[]): number {
  const row = rows.find((r) => w.get('nn byte 0', r) > 0n && w.get('nn byte 1', r) > 0n);
  if (row === undefined) throw new Error(`no row among ${rows.join(', ')} has non-zero bytes 0 and 1`);
  return row;
}

/** Byte i out of the table with the value kept: byte i += 2^(−8i) mod r, byte 0 −= 1 (byte 0: += 256, byte 1 −= 1). */
function byteLookup(i: number): NegativeTest {
  return {
    name: `byte ${i} outside 0..255 with the limb value kept`,
    mutate: (w) => {
      // byte 11 may be non-zero only on 96-bit rows (the carries); the others on a d limb
      const candidates = i === 11 ? [0, 1, 2].map((k) => AT.mul + BLOCK.c + k) : [AT.a, AT.b, AT.spare].flatMap((s) => [s + BLOCK.d, s + BLOCK.d + 1]);
      const row = rowWithRoom(w, candidates);
      if (i === 0) {
        w.add('nn byte 0', row, 256n);
        w.add('nn byte 1', row, -1n);
      } else {
        w.add(`nn byte ${i}`, row, inv2(8 * i));
        w.add('nn byte 0', row, -1n);
      }
    },
  };
}

export const nonNative: SoundnessTarget = {
  name: 'nonnative-fq',
  family: 'gadgets',
  description: 'circuits/gadgets/nonnative: every block (canonical, add/sub/mul, select, equal, word) mod BN254 Fq',
  honest: () => ({ circuit: new NonNativeHarness(P, [CASE]), k: 9, instances: [] }),
  negatives: [
    { name: 'range row: a byte changed under its limb', mutate: (w) => w.add('nn byte 2', AT.a + BLOCK.d, w.get('nn byte 2', AT.a + BLOCK.d) > 0n ? -1n : 1n) },
    {
      name: '88-bit row: d0 + 2^88 (byte 11 = 1) balanced by e0 + 1 and d1 − 1',
      mutate: (w) => {
        // b's block: its d1 is non-zero (a's is 0: a is within 2^89 of p)
        setRow(w, AT.b + BLOCK.d, w.get(V, AT.b + BLOCK.d) + (1n << 88n));
        w.add(V, AT.b + BLOCK.e, 1n);
        setRow(w, AT.b + BLOCK.d + 1, w.get(V, AT.b + BLOCK.d + 1) - 1n);
      },
    },
    {
      name: '80-bit row: d2 + 2^80 (byte 10 = 1) balanced by a word flag f = 1',
      mutate: (w) => {
        setRow(w, AT.word + BLOCK.d + 2, w.get(V, AT.word + BLOCK.d + 2) + (1n << 80n));
        w.add('nn aux', AT.word, 1n);
      },
    },
    ...Array.from({ length: 12 }, (_, i) => byteLookup(i)),
    ...[0, 1, 2].map((i): NegativeTest => ({
      name: `canonical: d limb ${i} off by one`,
      mutate: (w) => { const row = AT.a + BLOCK.d + i; setRow(w, row, w.get(V, row) + (w.get(V, row) > 0n ? -1n : 1n)); },
    })),
    {
      name: 'canonical: d + r with field-valued carries (the wrap e1\'s boolean check stops)',
      mutate: (w) => setCanonical(w, AT.b, P - 1n - limbsAt(w, AT.b) + R, 0n),
    },
    {
      name: 'canonical: d2 − 1 balanced by a non-boolean f = −2^−80',
      mutate: (w) => {
        setRow(w, AT.word + BLOCK.d + 2, w.get(V, AT.word + BLOCK.d + 2) - 1n);
        w.set('nn aux', AT.word, mod(-inv2(80), R));
      },
    },
    {
      name: 'load of x + p (≥ p) with an honest canonical witness (f = 1)',
      mutate: (w) => {
        const x = limbsAt(w, AT.spare) + P;
        setLimbs(w, AT.spare, x);
        setCanonical(w, AT.spare, P - 1n - x + (1n << 256n), 1n);
      },
    },
    { name: 'word: lo + 1', mutate: (w) => w.add('nn aux', AT.word + 1, 1n) },
    { name: 'word: hi + 1', mutate: (w) => w.add('nn aux', AT.word + 2, 1n) },
    ...(['add', 'sub', 'mul'] as const).flatMap((op): NegativeTest[] => [
      forgeOp(op, 'result of L + 2^264 (a wrong residue)', () => ({ T: -(1n << 264n), column: 0, err: 0n })),
      forgeOp(op, 'L − q·p − r a multiple of r that is t mod 2^264 (column 0 sees t)', () => columnForgery(0)),
      forgeOp(op, 'L − q·p − r a multiple of r that is t·2^88 mod 2^264 (column 1 sees t)', () => columnForgery(1)),
      { name: `${op}: top carry + 1`, mutate: (w) => setRow(w, AT[op] + BLOCK.c + 2, w.get(V, AT[op] + BLOCK.c + 2) + 1n) },
    ]),
    {
      name: 'select: cond = 2 with r = b + 2·(a − b)',
      mutate: (w) => {
        w.set('nn aux', AT.sel, 2n);
        for (let i = 0; i < 3; i++) w.set(V, AT.sel + 6 + i, 2n * w.get(V, AT.sel + i) - w.get(V, AT.sel + 3 + i));
      },
    },
    ...[0, 1, 2].map((i): NegativeTest => ({ name: `select: limb ${i} + 1`, mutate: (w) => w.add(V, AT.sel + 6 + i, 1n) })),
    { name: 'equal: wrong inverse (a ≠ b)', mutate: (w) => w.add('nn inverse', AT.eq, 1n) },
    { name: 'equal: a ≠ b claimed equal (out = 1, inverse 0)', mutate: (w) => { w.set('nn aux', AT.eq, 1n); w.set('nn inverse', AT.eq, 0n); } },
    {
      name: 'copy: a\'s limb 0 in its word block − 1 (bytes and lo follow)',
      mutate: (w) => { setRow(w, AT.aWord, w.get(V, AT.aWord) - 1n); w.add('nn aux', AT.aWord + 1, -1n); },
    },
    {
      name: 'copy: a zero-test constant limb set to 1 (inverse follows)',
      mutate: (w) => {
        w.set(V, AT.zero + 3, 1n);
        const value = [0, 1, 2].reduce((s, i) => s + (w.get(V, AT.zero + i) - w.get(V, AT.zero + 3 + i)) ** 2n, 0n);
        w.set('nn inverse', AT.zero, modInverse(mod(value, R), R));
      },
    },
  ],
  allow: [PADDING],
};

export const nonNativeTargets: readonly SoundnessTarget[] = [nonNative];
