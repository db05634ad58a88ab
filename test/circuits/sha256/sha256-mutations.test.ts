/**
 * Soundness of the SHA-256 circuit: one corrupted witness cell (or a few, for a consistent attack)
 * per gate family and per lookup; MockProver must name exactly the broken constraints.
 * (sha256-prover.test.ts: the real prover/verifier.)
 */
import { expect } from 'chai';
import { DIGEST_OFFSET, Sha256Circuit, roundRow } from '../../../circuits/sha256/index.js';
import { MockProver, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const K = 9;
const D = DIGEST_OFFSET;
const ROUND_A = 'a = T1 + T2 mod 2^32';
const ROUND_E = 'e = d + T1 mod 2^32';
const SCHEDULE = 'w = σ1(w−2) + w−7 + σ0(w−15) + w−16 mod 2^32';
const gate = (g: string, c: string, row: number) => `gate sha256 ${g}/${c}@${row}`;

interface Case { name: string; edits: (a: Assignment) => Edit[]; expect: string[] }

const cellOf = (a: Assignment, column: string, row: number): bigint => a.advice[a.cs.advice.find((c) => c.name === column)!.index][row];

/** Bit i of an output row's a word that is 0 with bit i + 1 = 1 (the bits are read by nothing but their packing). */
function compensable(a: Assignment): { row: number; bit: number } {
  for (let row = 68; row < 72; row++) {
    for (let bit = 0; bit < 31; bit++) if (cellOf(a, `sha256 a bit ${bit}`, row) === 0n && cellOf(a, `sha256 a bit ${bit + 1}`, row) === 1n) return { row, bit };
  }
  throw new Error('no compensable bit pair');
}

/** "abc": bytes 0…2 data, byte 3 = 0x80, bytes 4…62 = 0, byte 63 = 0x18 (24 bits); one block. */
const ONE_BLOCK: Case[] = [
  {
    name: 'a state word off by one (packed a of round 10 only): its packing, its round, and the round reading it as d',
    edits: () => [{ column: 'sha256 a', row: roundRow(10), value: (v) => v + 1n }],
    expect: [gate('words', 'a = Σ a bits', 14), gate('round', ROUND_A, 14), gate('round', ROUND_E, 18)],
  },
  {
    name: 'a state word changed with its bits (bit 5 of e, round 20): its round and the four rounds reading it as e, f, g, h',
    edits: () => [{ column: 'sha256 e bit 5', row: roundRow(20), value: (v) => 1n - v }, { column: 'sha256 e', row: roundRow(20), value: (v) => v ^ 32n }],
    expect: [
      gate('round', ROUND_E, 24),
      ...[25, 26, 27, 28].flatMap((r) => [gate('round', ROUND_A, r), gate('round', ROUND_E, r)]),
    ],
  },
  {
    name: 'a scheduled word off by one (W20, packed only): its packing, schedule and round, and the schedules reading it as W(−7) and W(−16)',
    edits: () => [{ column: 'sha256 w', row: roundRow(20), value: (v) => v + 1n }],
    expect: [
      gate('round', ROUND_A, 24), gate('round', ROUND_E, 24), gate('round', 'w = Σ w bits', 24),
      gate('schedule', SCHEDULE, 24), gate('schedule', SCHEDULE, 31), gate('schedule', SCHEDULE, 40),
    ],
  },
  {
    name: 'a message word not the bytes (W3 and its bit 0): the copy from the word accumulator',
    edits: () => [{ column: 'sha256 w', row: roundRow(3), value: (v) => v ^ 1n }, { column: 'sha256 w bit 0', row: roundRow(3), value: (v) => 1n - v }],
    expect: [
      'copy sha256 word accumulator@15~sha256 w@7', gate('round', ROUND_A, 7), gate('round', ROUND_E, 7),
      gate('schedule', SCHEDULE, 22), gate('schedule', SCHEDULE, 23),
    ],
  },
  {
    name: 'a bit cell out of {0, 1} with its neighbour compensating (2·2^i + 0·2^(i+1) = 0·2^i + 1·2^(i+1)): only the boolean check',
    edits: (a) => {
      const { row, bit } = compensable(a);
      return [{ column: `sha256 a bit ${bit}`, row, value: 2n }, { column: `sha256 a bit ${bit + 1}`, row, value: 0n }];
    },
    expect: [], // filled in below from the compensable pair
  },
  {
    name: 'a flipped bit of an output word: its packing',
    edits: () => [{ column: 'sha256 e bit 3', row: 69, value: (v) => 1n - v }],
    expect: [gate('words', 'e = Σ e bits', 69)],
  },
  {
    name: 'an output word off by one (H5): its addition and packing, and the digest lo',
    edits: () => [{ column: 'sha256 e', row: 70, value: (v) => v + 1n }],
    expect: [gate('digest', 'table hash lo', D), gate('output', 'e = H + e(−4) mod 2^32', 70), gate('words', 'e = Σ e bits', 70)],
  },
  {
    name: 'the padded length 32 bits for 24 (byte 63 and its word accumulator consistent): the length field, and W15 no longer the bytes',
    edits: () => [{ column: 'sha256 byte', row: 63, value: 0x20n }, { column: 'sha256 word accumulator', row: 63, value: (v) => v + 8n }],
    expect: ['copy sha256 word accumulator@63~sha256 w@19', gate('length field', 'W14·2^32 + W15 = 8·length', 63)],
  },
  {
    name: 'the running length + 1 at the last byte: its count, the length field, the digest row copy',
    edits: () => [{ column: 'sha256 length', row: 63, value: (v) => v + 1n }],
    expect: [`copy sha256 length@63~sha256 length@${D}`, gate('length field', 'W14·2^32 + W15 = 8·length', 63), gate('next byte', 'length', 63)],
  },
  {
    name: 'padding byte 0x80 dropped',
    edits: () => [{ column: 'sha256 byte', row: 3, value: 0n }],
    expect: [gate('byte', 'word accumulator', 3), gate('padding', 'padding is 0x80 then 0', 3)],
  },
  {
    name: 'the block declared not final although byte 55 is padding',
    edits: () => [{ column: 'sha256 final', row: 55, value: 0n }],
    expect: [gate('final flag', 'final iff byte 55 is padding', 55), gate('next byte', 'same final flag', 55), gate('next byte', 'same final flag', 56)],
  },
  {
    name: 'wrong digest lo in the table',
    edits: () => [{ column: 'sha256 table hash lo', row: D, value: (v) => v + 1n }],
    expect: [gate('digest', 'table hash lo', D)],
  },
  {
    name: 'the first hash id is not 1',
    edits: () => [{ column: 'sha256 hash id', row: 0, value: 2n }],
    expect: [gate('byte', 'table id', 0), gate('first block', 'hash id', 0), gate('next byte', 'same hash id', 1)],
  },
  {
    name: 'a forged digest row (kind 2 past the blocks)',
    edits: () => [{ column: 'sha256 table kind', row: 100, value: 2n }],
    expect: ['gate sha256 table kind/kind = data on byte rows, 2·final on digest rows, else 0@100'],
  },
  {
    name: 'a byte out of range (byte 1 + 256, byte 0 − 1: the word and the table stay consistent): the byte lookup',
    edits: () => [
      { column: 'sha256 byte', row: 0, value: (v) => v - 1n }, { column: 'sha256 word accumulator', row: 0, value: (v) => v - 1n },
      { column: 'sha256 table byte', row: 0, value: (v) => v - 1n },
      { column: 'sha256 byte', row: 1, value: (v) => v + 256n }, { column: 'sha256 table byte', row: 1, value: (v) => v + 256n },
    ],
    expect: ['lookup sha256 byte@1'],
  },
];

describe('sha256 circuit: mutations are rejected (MockProver names the constraint)', function () {
  this.timeout(300_000);
  const honest = () => synthesize(Sha256Circuit.of([text('abc')]), K, [], true);
  before(() => {
    const a = honest();
    expect(summary(MockProver.fromAssignment(a).verify()), 'the honest witness of "abc"').to.deep.equal([]);
    const { row, bit } = compensable(a);
    ONE_BLOCK[4].expect = [gate('words', `a bit ${bit} is boolean`, row)];
  });
  for (const c of ONE_BLOCK) {
    it(c.name, () => {
      const a = honest();
      expect(summary(MockProver.fromAssignment(corrupt(a, c.edits(a))).verify())).to.have.members(c.expect);
    });
  }

  describe('two hashes ("" then "abc"): block chaining', () => {
    const B1 = 72;
    const two = () => synthesize(Sha256Circuit.of([text(''), text('abc')]), K, [], true);
    it('the state not reset at a new hash (start = 0 on the second block\'s init rows)', () => {
      const edits: Edit[] = [0, 1, 2, 3].map((j) => ({ column: 'sha256 start', row: B1 + j, value: 0n }));
      expect(summary(MockProver.fromAssignment(corrupt(two(), edits)).verify())).to.have.members([
        ...[0, 1, 2, 3].flatMap((j) => [gate('init', 'a = IV or the previous output', B1 + j), gate('init', 'e = IV or the previous output', B1 + j)]),
        gate('first byte', 'starts a hash iff the previous block was final', B1), gate('first byte', 'hash id', B1),
        // the previous hash ("") has length 0, so its length carries over unseen; its last byte is padding
        gate('first byte', 'data bytes come first', B1),
      ]);
    });
    it('the hash id not incremented at a new hash (the first byte reads the previous digest row)', () => {
      const edits: Edit[] = [{ column: 'sha256 hash id', row: B1, value: 1n }];
      expect(summary(MockProver.fromAssignment(corrupt(two(), edits)).verify())).to.have.members([
        gate('byte', 'table id', B1), gate('first byte', 'hash id', B1), gate('next byte', 'same hash id', B1 + 1),
      ]);
    });
  });
});
