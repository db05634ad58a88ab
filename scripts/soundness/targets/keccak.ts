/**
 * Keccak family (circuits/keccak): the keccak256 circuit over "" then "abc" (two blocks, two hashes,
 * so the block chaining is exercised), one step per row, k = 12 (the normalize table's size).
 *
 * Each negative test is one attack refused by exactly one item. Most stay local through the
 * parity trick: adding 2 to a digit of a normalize row's input (and to the part holding it) leaves
 * every parity output unchanged, and for χ adding 1 maps digit 1 → 2 or 3 → 4, same output; so an
 * operand or an input can be moved without touching anything downstream but the one constraint
 * that ties it. Attacks whose only consistent witness changes the absorbed bytes (and so the whole
 * permutation) are posed as tampered blocks (`inputs`), which the chip carries through every row;
 * the few that no block can express are exceptions, each with its reason.
 *
 * On demand only (`npm run soundness -- --circuit keccak`): at k = 12 one MockProver run takes
 * seconds, so the CI fast mode, which rebuilds mutants for every item, would take far too long.
 */
import { FULL_SLOTS, KeccakCircuit, keccakLayout, keccakWitness, unitColumn, type KeccakBlock } from '../../../circuits/keccak/index.js';
import { lane, ROUNDS, toSparse } from '../../../circuits/keccak/sparse.js';
import type { CircuitRun, NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';

/** One step per row: every step on unit 0. */
const L = keccakLayout(1);
const c = (n: string) => `keccak ${n}`;
const u = (n: string) => unitColumn(0, n);
/** Row of `offset` in block b (block 0 hashes "", block 1 hashes "abc"). */
const at = (b: number, offset: number) => b * L.rows + offset;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const ROUNDS_LIST = range(0, ROUNDS);
const D1 = at(1, L.digest.row);
const D0 = at(0, L.digest.row);
/** A row of block 1 past its byte rows that is not its digest row. */
const QUIET = at(1, 200);

const digit0 = (w: WitnessEditor, row: number) => Number(w.get(u('part in 0'), row) & 7n);
/** The first row whose slot-0 digit 0 satisfies `ok` (the honest witness is fixed, so the choice is too). */
function pick(w: WitnessEditor, rows: readonly number[], ok: (digit: number) => boolean): number {
  const row = rows.find((r) => ok(digit0(w, r)));
  if (row === undefined) throw new Error('no row with a suitable digit');
  return row;
}
/** Input and slot-0 part of a normalize step + delta (digit 0 of both). */
function shiftInput(w: WitnessEditor, row: number, delta: bigint): void {
  w.add(u('in'), row, delta);
  w.add(u('part in 0'), row, delta);
}
/** Parity digits go up to 3 (θ, absorb, ι) or 5 (θ-sum): +2 keeps the parity where there is room. */
const parityRoom = (max: number) => (d: number) => d + 2 <= max;
const chiTwin = (d: number) => d === 1 || d === 3;

/** Adds `delta` to every cell of `column` on the rows. */
function addAll(w: WitnessEditor, column: string, rows: readonly number[], delta: bigint): void {
  for (const r of rows) w.add(c(column), r, delta);
}
/** Hash ids of block 1 (bytes, digest, the data rows' table id) + delta; `from` skips earlier byte rows. */
function shiftHashId1(w: WitnessEditor, delta: bigint, from = 0): void {
  addAll(w, 'hash id', [...range(at(1, from), at(1, 136)), D1], delta);
  addAll(w, 'table id', [...range(at(1, Math.max(from, 0)), at(1, 3)), D1], delta);
}

const INPUTS = [new Uint8Array(0), new TextEncoder().encode('abc')];

/**
 * The circuit over hand-made blocks: the chip computes every row from the blocks' bytes, so a wrong
 * byte is carried consistently through the whole permutation and only the rule it breaks refuses it.
 */
function tampered(edit: (blocks: KeccakBlock[]) => KeccakBlock[]): () => CircuitRun {
  return () => ({ circuit: new KeccakCircuit(edit(keccakWitness(INPUTS)), 1), k: 12, instances: [] });
}
function withByte(block: number, index: number, value: number): () => CircuitRun {
  return tampered((blocks) => blocks.map((b, i) => {
    if (i !== block) return b;
    const bytes = Uint8Array.from(b.bytes);
    bytes[index] = value;
    return { ...b, bytes };
  }));
}

/** Block `block` with its first bytes and its data flags replaced (flags past the given ones: 0). */
function withFlags(block: number, bytes: readonly number[], flags: readonly bigint[]): () => CircuitRun {
  return tampered((blocks) => blocks.map((b, i) => {
    if (i !== block) return b;
    const out = Uint8Array.from(b.bytes);
    out.set(bytes);
    return { ...b, bytes: out, flags: [...flags, ...new Array<bigint>(136 - flags.length).fill(0n)] };
  }));
}

const negatives: NegativeTest[] = [
  { name: 'absorb: the state is not reset at a new hash (cont = 1 after "")', inputs: tampered((blocks) => blocks.map((b, i) => (i === 1 ? { ...b, cont: 1n } : b))) },
  // data flag 2 on byte 0 makes the byte row a kind-2 (digest) row: "keccak of 2 bytes is 0"
  { name: 'byte: a data flag of 2 poses a byte row as a digest row (bytes 01 02 0… 80)', inputs: withFlags(1, [0x01, 0x02, 0, 0], [2n]) },
  { name: 'next byte: a data byte after the padding started ("abc" 01 X 01 …)', inputs: withFlags(1, [0x61, 0x62, 0x63, 0x01, 0x58, 0x01], [1n, 1n, 1n, 0n, 1n]) },
  { name: 'first block: the padding of "" starts with 0x02 (permutation computed over it)', inputs: withByte(0, 0, 0x02) },
  { name: 'first byte: block 1 hashes "" with padding 0x02 (permutation computed over it)', inputs: withFlags(1, [0x02, 0, 0, 0], []) },
  { name: 'next byte: SHA3 padding 0x06 after "abc" (permutation computed over it)', inputs: withByte(1, 3, 0x06) },
  {
    name: 'constants: the last hash never ends (136 data bytes, no padding)',
    inputs: () => ({ circuit: new KeccakCircuit([{ id: 1, bytes: new Uint8Array(136).fill(0x61), dataBytes: 136, start: 0, last: false }], 1), k: 12, instances: [] }),
  },
  { name: 'normalize: a χ part no longer sums to the input', mutate: (w) => w.add(u('part in 3'), at(1, L.chi(5, 7).row), 1n) },
  {
    name: 'normalize: a squeeze step\'s out is not its recombination (forged hash hi, consistent in the digest row)',
    mutate: (w) => { for (const [col, row] of [[u('out'), at(1, L.squeeze(0).row)], [u('op0'), D1], [c('table hash hi'), D1]] as const) w.add(col, row, 1n); },
  },
  { name: 'θ-sum: in is not Σ_y A[x][y]', mutate: (w) => shiftInput(w, pick(w, ROUNDS_LIST.map((r) => at(1, L.thetaSum(r, 0).row)), parityRoom(5)), 2n) },
  {
    name: 'θ-sum: out rot1 is not rot1(out) (+2, passed on consistently to its five θ steps)',
    mutate: (w) => {
      for (const r of ROUNDS_LIST) {
        for (let x = 0; x < 5; x++) {
          const users = range(0, 5).map((y) => at(1, L.theta(r, lane(x + 4, y)).row));
          if (!users.every((row) => digit0(w, row) <= 1)) continue;
          w.add(u('out rot1'), at(1, L.thetaSum(r, x).row), 2n);
          for (const row of users) { w.add(u('op2'), row, 2n); shiftInput(w, row, 2n); }
          return;
        }
      }
      throw new Error('no θ-sum step whose five θ steps have room');
    },
  },
  { name: 'θ: in is not A + C[x−1] + rot1(C[x+1])', mutate: (w) => shiftInput(w, pick(w, ROUNDS_LIST.map((r) => at(1, L.theta(r, 6).row)), parityRoom(3)), 2n) },
  { name: 'χ: in is not 3 − 2a + b − c', mutate: (w) => shiftInput(w, pick(w, ROUNDS_LIST.map((r) => at(1, L.chi(r, 6).row)), chiTwin), 1n) },
  { name: 'ι: in is not A + RC', mutate: (w) => shiftInput(w, pick(w, ROUNDS_LIST.map((r) => at(1, L.iota(r).row)), parityRoom(3)), 2n) },
  { name: 'absorb: in is not cont·A + block', mutate: (w) => shiftInput(w, pick(w, range(0, 25).map((l) => at(1, L.absorb(l).row)), parityRoom(3)), 2n) },
  {
    name: 'squeeze: in is not the lane (byte 8 of the digest flipped consistently)',
    mutate: (w) => {
      const row = at(1, L.squeeze(1).row);
      const bit = w.get(u('part in 0'), row) & 1n;
      const weight = (bit === 1n ? -1n : 1n) * (1n << 56n);
      for (const col of ['in', 'part in 0', 'part out 0']) w.add(u(col), row, bit === 1n ? -1n : 1n);
      w.add(u('out'), row, weight);
      w.add(u('op1'), D1, weight);
      w.add(c('table hash hi'), D1, weight);
    },
  },
  {
    name: 'byte: an input byte changed on its whole row (table, byte, sparse byte)',
    mutate: (w) => { w.set(c('table byte'), at(1, 1), 0x63n); w.set(c('byte'), at(1, 1), 0x63n); w.set(c('sparse byte'), at(1, 1), toSparse(0x63n, 8)); },
  },
  { name: 'byte: table id differs from the hash id', mutate: (w) => w.add(c('table id'), at(1, 0), 1n) },
  { name: 'byte: table index differs from the position', mutate: (w) => w.add(c('table index/length'), at(1, 0), 1n) },
  { name: 'byte: table byte differs from the byte', mutate: (w) => w.add(c('table byte'), at(1, 0), 1n) },
  { name: 'byte: hash lo on an input row', mutate: (w) => w.set(c('table hash lo'), at(1, 0), 1n) },
  { name: 'byte: hash hi on an input row', mutate: (w) => w.set(c('table hash hi'), at(1, 0), 1n) },
  { name: 'first byte: a new hash reuses the previous id', mutate: (w) => shiftHashId1(w, -1n) },
  {
    name: 'first byte: a new hash\'s length does not start at 0',
    mutate: (w) => { addAll(w, 'length', [...range(at(1, 0), at(1, 136)), D1], 5n); addAll(w, 'table index/length', [...range(at(1, 0), at(1, 3)), D1], 5n); },
  },
  { name: 'next byte: the hash id changes inside a block', mutate: (w) => shiftHashId1(w, 1n, 5) },
  { name: 'next byte: the length jumps inside a block', mutate: (w) => { addAll(w, 'length', [...range(at(1, 5), at(1, 136)), D1], 1n); w.add(c('table index/length'), D1, 1n); } },
  { name: 'digest: wrong id', mutate: (w) => w.add(c('table id'), D1, 1n) },
  { name: 'digest: wrong length', mutate: (w) => w.add(c('table index/length'), D1, 1n) },
  { name: 'digest: a byte on the digest row', mutate: (w) => w.set(c('table byte'), D1, 1n) },
  { name: 'digest: wrong hash hi', mutate: (w) => w.add(c('table hash hi'), D1, 1n) },
  { name: 'digest: wrong hash lo', mutate: (w) => w.add(c('table hash lo'), D1, 1n) },
  { name: 'table kind: a forged digest row on a round row', mutate: (w) => w.set(c('table kind'), QUIET, 2n) },
  ...range(0, FULL_SLOTS).map((j): NegativeTest => ({
    name: `lookup slot ${j}: garbage in an unused slot (the digest row has no step)`,
    mutate: (w) => w.set(u(`part out ${j}`), D0, 1n),
  })),
  { name: 'lookup byte: garbage past the byte rows', mutate: (w) => w.set(c('sparse byte'), QUIET, 1n) },
  ...range(0, 5).map((y): NegativeTest => ({
    name: `copy: θ-sum operand ${y} is not the lane it reads`,
    mutate: (w) => {
      const row = pick(w, ROUNDS_LIST.map((r) => at(1, L.thetaSum(r, 2).row)), parityRoom(5));
      w.add(u(`op${y}`), row, 2n);
      shiftInput(w, row, 2n);
    },
  })),
  {
    name: 'copy: θ operand rot1(C) is not the θ-sum step\'s out rot1',
    mutate: (w) => { const row = pick(w, ROUNDS_LIST.map((r) => at(1, L.theta(r, 3).row)), parityRoom(3)); w.add(u('op2'), row, 2n); shiftInput(w, row, 2n); },
  },
  {
    name: 'copy: an absorbed block lane is not the byte rows\' accumulator',
    mutate: (w) => { const row = pick(w, range(0, 17).map((l) => at(1, L.absorb(l).row)), parityRoom(3)); w.add(u('op1'), row, 2n); shiftInput(w, row, 2n); },
  },
  {
    name: 'copy: the digest row drops its hash (last flag cleared, table row zeroed)',
    mutate: (w) => { w.set(c('data'), D1, 1n); for (const col of ['table kind', 'table id', 'table index/length', 'table hash hi', 'table hash lo']) w.set(c(col), D1, 0n); },
  },
  { name: 'copy: the digest row\'s id is not the block\'s', mutate: (w) => { w.add(c('hash id'), D1, 1n); w.add(c('table id'), D1, 1n); } },
  { name: 'copy: the digest row\'s length is not the block\'s', mutate: (w) => { w.add(c('length'), D1, 1n); w.add(c('table index/length'), D1, 1n); } },
  {
    name: 'first block: ids do not start at 1 (every id + 5)',
    mutate: (w) => {
      addAll(w, 'hash id', [...range(at(0, 0), at(0, 136)), D0], 5n);
      w.add(c('table id'), D0, 5n);
      shiftHashId1(w, 5n);
    },
  },
  {
    name: 'first block: the length does not start at 0 (block 0 lengths + 7; block 1 starts a new hash)',
    mutate: (w) => { addAll(w, 'length', [...range(at(0, 0), at(0, 136)), D0], 7n); w.add(c('table index/length'), D0, 7n); },
  },
  { name: 'constants: block 0 absorbs a non-zero previous state', mutate: (w) => w.add(u('op0'), at(0, L.absorb(0).row), 5n) },
  {
    name: 'constants: a capacity lane absorbs a non-zero block lane',
    mutate: (w) => { const row = pick(w, range(17, 25).map((l) => at(1, L.absorb(l).row)), parityRoom(3)); w.add(u('op1'), row, 2n); shiftInput(w, row, 2n); },
  },
  { name: 'constants: block 0 absorbs with cont = 1', mutate: (w) => w.set(u('op2'), at(0, L.absorb(0).row), 1n) },
];

export const keccak: SoundnessTarget = {
  name: 'keccak',
  family: 'keccak',
  description: 'circuits/keccak: keccak256 of "" and "abc" (two blocks, one step per row), sparse normalize steps, padding, keccak table',
  honest: () => ({ circuit: KeccakCircuit.of(INPUTS, undefined, 1), k: 12, instances: [] }),
  negatives,
  allow: [PADDING],
  exceptions: [
    { item: 'gate keccak table kind/kind = data on byte rows, 2·last on digest rows, else 0', reason: 'lint only: the gate has no selector on purpose (it zeroes the kind on every row that is not a table row)' },
  ],
};

export const keccakTargets: readonly SoundnessTarget[] = [keccak];
