import { expect } from 'chai';
import { sha256 } from '@noble/hashes/sha2.js';
import { BLOCK_ROWS, K as ROUND_K, IV, Sha256CapacityError, Sha256Circuit, blocksFor, padSha256 } from '../../../circuits/sha256/index.js';
import { MockProver, failureSummary, synthesize } from '../../../circuits/plonk/index.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { expectedTable, readKeccakTable } from '../keccak/helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (x: Uint8Array) => Buffer.from(x).toString('hex');

/** MockProver-checks the circuit over `inputs` and compares its SHA-256 table with @noble/hashes. */
function checkHashes(inputs: Uint8Array[], k = 12, capacity?: number): void {
  const a = synthesize(Sha256Circuit.of(inputs, capacity), k, [], true);
  expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
  const table = readKeccakTable(a, 'sha256');
  const expected = expectedTable(inputs, sha256);
  expect(table.inputs).to.deep.equal(expected.inputs);
  expect(table.digests.slice(0, inputs.length)).to.deep.equal(expected.digests);
}

describe('sha256 circuit: FIPS 180-4 vectors and @noble/hashes', function () {
  this.timeout(120_000);

  it('IV and K match FIPS 180-4 (first and last words)', () => {
    expect([IV[0], IV[7], ROUND_K[0], ROUND_K[63]]).to.deep.equal([0x6a09e667, 0x5be0cd19, 0x428a2f98, 0xc67178f2]);
  });

  it('NIST vectors: "abc", the 448-bit message, the empty message (digests as published)', () => {
    const inputs = [text('abc'), text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), text('')];
    const a = synthesize(Sha256Circuit.of(inputs), 12, [], true);
    expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
    expect(readKeccakTable(a, 'sha256').digests).to.deep.equal([
      { id: 1, length: 3, hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      { id: 2, length: 56, hash: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1' },
      { id: 3, length: 0, hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
  });

  it('padding: 55 bytes fit one block, 56 and 64 need two (0x80 and the length in the second), 119 two, 120 three', () => {
    expect([0, 55, 56, 63, 64, 119, 120].map(blocksFor)).to.deep.equal([1, 1, 2, 2, 2, 2, 3]);
    expect(hex(padSha256(text('abc')).subarray(0, 4))).to.equal('61626380');
    expect(hex(padSha256(text('abc')).subarray(56))).to.equal('0000000000000018');
  });

  const rng = new Rng(256);
  it('block boundaries 55, 56, 63, 64, 65 bytes in one circuit (multi-hash, multi-block) vs @noble/hashes',
    () => checkHashes([55, 56, 63, 64, 65].map((n) => rng.bytes(n)), 12));

  it('random inputs (0 … 200 bytes) vs @noble/hashes', () => checkHashes(Array.from({ length: 6 }, () => rng.bytes(Number(rng.below(201n)))), 12));

  it('unused capacity hashes the empty input under the next ids', () => {
    const c = Sha256Circuit.of([text('abc')], 3);
    expect(c.blocks.map((b) => [b.id, b.dataBytes, b.last])).to.deep.equal([[1, 3, true], [2, 0, true], [3, 0, true]]);
    expect(c.rows).to.equal(3 * BLOCK_ROWS);
    checkHashes([text('abc')], 10, 3);
  });

  it('refuses more blocks than its capacity, with the count', () => {
    expect(() => Sha256Circuit.of([new Uint8Array(56)], 1)).to.throw(Sha256CapacityError, 'need 2 SHA-256 blocks');
  });
});
