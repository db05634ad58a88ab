import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { PublicInputChip } from '../../../circuits/pi/circuit.js';
import {
  BATCH_PI_WORD_FIELDS, PI_PREIMAGE_LENGTH, PublicInputError, publicInputInstances, publicInputPreimage, type BatchPublicInput,
} from '../../../circuits/pi/public-input.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { TestCircuit, expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';

const rng = new Rng(0x9151);
const word = (): `0x${string}` => `0x${Buffer.from(rng.bytes(32)).toString('hex')}`;
const PI: BatchPublicInput = {
  chainId: 31338n, prevStateRoot: word(), newStateRoot: word(), withdrawRoot: word(), txDataHash: word(),
  l1MessagesHash: `0x${'00'.repeat(32)}`,
};
const K = 9;
/** First row of the chip's region (the fixture table lives in other columns, so both start at row 0). */
const PI_ROW = 0;

/** The chip next to a fixture keccak table holding an unrelated hash (id 1) and the preimage (id 2). */
const circuit = (pi: BatchPublicInput) => new TestCircuit(
  (cs) => {
    const table = configureKeccakFixture(cs);
    return { table, chip: PublicInputChip.configure(cs, table, cs.instanceColumn('pi')) };
  },
  ({ table, chip }, layouter) => {
    assignKeccakFixture(table, layouter, [new TextEncoder().encode('abc'), publicInputPreimage(pi)]);
    chip.assign(layouter, pi, 2);
  },
);

describe('public input: encoding', () => {
  it('is the 168-byte abi.encodePacked preimage, hashed and split into [hi, lo]', () => {
    const pre = publicInputPreimage(PI);
    expect(pre.length).to.equal(PI_PREIMAGE_LENGTH);
    expect(Buffer.from(pre.subarray(0, 8)).toString('hex')).to.equal('0000000000007a6a');
    expect('0x' + Buffer.from(pre.subarray(8, 40)).toString('hex')).to.equal(PI.prevStateRoot);
    const h = BigInt('0x' + Buffer.from(keccak_256(pre)).toString('hex'));
    expect(publicInputInstances(PI)).to.deep.equal([h >> 128n, h & ((1n << 128n) - 1n)]);
  });

  it('the batch circuit\'s layout appends blockContextHash and the parent and last block summaries (264 bytes); without one it names the field', () => {
    const blockContextHash = word();
    const parentBlockSummary = { number: 4n, timestamp: 10n, baseFee: 7n, gasUsed: 21_000n };
    const lastBlockSummary = { number: 5n, timestamp: 11n, baseFee: (1n << 64n) - 1n, gasUsed: 0n };
    const pre = publicInputPreimage({ ...PI, blockContextHash, parentBlockSummary, lastBlockSummary }, BATCH_PI_WORD_FIELDS);
    expect(pre.length).to.equal(264);
    expect(Buffer.from(pre.subarray(0, 168)).equals(Buffer.from(publicInputPreimage(PI)))).to.equal(true);
    expect('0x' + Buffer.from(pre.subarray(168, 200)).toString('hex')).to.equal(blockContextHash);
    // uint64 number, timestamp, baseFee, gasUsed each, big-endian
    expect(Buffer.from(pre.subarray(200)).toString('hex')).to.equal(
      '0000000000000004' + '000000000000000a' + '0000000000000007' + '0000000000005208' + '0000000000000005' + '000000000000000b' + 'ffffffffffffffff' + '0000000000000000');
    expect(() => publicInputPreimage({ ...PI, parentBlockSummary, lastBlockSummary }, BATCH_PI_WORD_FIELDS)).to.throw(PublicInputError, /blockContextHash/);
    expect(() => publicInputPreimage({ ...PI, blockContextHash, parentBlockSummary }, BATCH_PI_WORD_FIELDS)).to.throw(PublicInputError, /lastBlockSummary/);
    expect(() => publicInputPreimage({ ...PI, blockContextHash, parentBlockSummary, lastBlockSummary: { ...lastBlockSummary, baseFee: 1n << 64n } }, BATCH_PI_WORD_FIELDS)).to.throw(PublicInputError, /baseFee/);
  });

  it('rejects a chainId over 64 bits and a malformed root, naming the field', () => {
    expect(() => publicInputPreimage({ ...PI, chainId: 1n << 64n })).to.throw(PublicInputError, /chainId/);
    expect(() => publicInputPreimage({ ...PI, txDataHash: '0x12' })).to.throw(PublicInputError, /txDataHash/);
  });
});

describe('public input: chip', function () {
  this.timeout(120_000);
  const c = circuit(PI);
  const instances = [publicInputInstances(PI)];
  const byteRow = (i: number) => PI_ROW + i;

  it('an honest witness satisfies every constraint', () => {
    expect(honestFailures(c, K, instances)).to.deep.equal([]);
  });

  it('other instances (another batch\'s public input) are refused', () => {
    const other = publicInputInstances({ ...PI, newStateRoot: word() });
    expect(honestFailures(c, K, [other])).to.deep.equal([
      `copy pi value@${byteRow(168)}~pi@0`, `copy pi value@${byteRow(169)}~pi@1`,
    ]);
  });

  it('a changed preimage byte breaks its accumulator step and its keccak lookup', () => {
    expect(failuresAfter(c, K, instances, [{ column: 'pi byte', row: byteRow(50), value: (v) => v ^ 1n }])).to.deep.equal([
      `gate pi preimage/acc = 256·acc_prev·(1 − segStart) + byte@${byteRow(50)}`, `lookup pi preimage byte in keccak table@${byteRow(50)}`,
    ]);
  });

  it('a changed accumulator is caught by the next step', () => {
    expect(failuresAfter(c, K, instances, [{ column: 'pi acc', row: byteRow(9), value: (v) => v + 1n }])).to.deep.equal([
      `gate pi preimage/acc = 256·acc_prev·(1 − segStart) + byte@${byteRow(10)}`, `gate pi preimage/acc = 256·acc_prev·(1 − segStart) + byte@${byteRow(9)}`,
    ]);
  });

  it('an exported segment value that is not the accumulated bytes is refused', () => {
    expect(failuresAfter(c, K, instances, [{ column: 'pi value', row: byteRow(7), value: (v) => v + 1n }])).to.deep.equal([
      `gate pi preimage/value = acc at a segment end@${byteRow(7)}`,
    ]);
  });

  it('switching keccak id mid-region is refused', () => {
    expect(failuresAfter(c, K, instances, [{ column: 'pi keccak id', row: byteRow(100), value: 1n }])).to.deep.equal([
      `gate pi preimage/id is constant@${byteRow(100)}`, `gate pi preimage/id is constant@${byteRow(99)}`, `lookup pi preimage byte in keccak table@${byteRow(100)}`,
    ]);
  });

  it('a wrong hash half fails its digest lookup and its instance copy; the real verifier rejects it', async () => {
    const edit = [{ column: 'pi value', row: byteRow(169), value: (v: bigint) => v + 1n }];
    expect(failuresAfter(c, K, instances, edit)).to.deep.equal([`copy pi value@${byteRow(169)}~pi@1`, `lookup pi digest in keccak table@${byteRow(168)}`]);
    expect(await expectVerifierRejects(c, K, instances, [{ column: 'pi byte', row: byteRow(3), value: 7n }])).to.include(`lookup pi preimage byte in keccak table@${byteRow(3)}`);
  });
});

describe('public input: chip composed with the keccak circuit (k = 12, two permutations)', function () {
  this.timeout(300_000);
  const composed = new TestCircuit(
    (cs) => {
      const keccak = KeccakChip.configure(cs);
      return { keccak, chip: PublicInputChip.configure(cs, keccak.table, cs.instanceColumn('pi')) };
    },
    ({ keccak, chip }, layouter) => {
      keccak.assign(layouter, keccakWitness([publicInputPreimage(PI)]));
      chip.assign(layouter, PI, 1);
    },
  );

  it('the instances are the keccak circuit\'s digest of the preimage; another batch\'s instances and a changed byte are refused', () => {
    const instances = [publicInputInstances(PI)];
    expect(honestFailures(composed, 12, instances)).to.deep.equal([]);
    const other = publicInputInstances({ ...PI, withdrawRoot: word() });
    expect(honestFailures(composed, 12, [other])).to.deep.equal([
      `copy pi value@${PI_ROW + 168}~pi@0`, `copy pi value@${PI_ROW + 169}~pi@1`,
    ]);
    expect(failuresAfter(composed, 12, instances, [
      { column: 'pi byte', row: PI_ROW + 40, value: (v) => v ^ 1n }, { column: 'pi acc', row: PI_ROW + 40, value: (v) => v ^ 1n },
    ])).to.deep.equal([`gate pi preimage/acc = 256·acc_prev·(1 − segStart) + byte@${PI_ROW + 41}`, `lookup pi preimage byte in keccak table@${PI_ROW + 40}`]);
  });
});
