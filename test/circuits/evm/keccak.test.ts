import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { expect } from 'chai';
import { memoryCost } from '../../../circuits/evm/gadgets/memory.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 200;
const W = [EDGE_WORDS[4]!, (1n << 256n) - 1n - 0x1234n, 0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fn];
/** (offset, size) of each KECCAK256: empty, 1, 31, 32 bytes, 33 unaligned, 100 bytes past the 3 words in use (expands to 4), empty far out. */
const HASHES: ReadonlyArray<readonly [number, number]> = [[0, 0], [5, 1], [1, 31], [0, 32], [3, 33], [10, 100], [5000, 0]];

const hashOf = (bytes: Uint8Array): bigint => BigInt(`0x${bytesToHex(keccak_256(bytes))}`);
const wordBytes = (w: bigint): number[] => Array.from({ length: 32 }, (_, k) => Number((w >> BigInt(8 * (31 - k))) & 0xffn));

describe('evm circuit: KECCAK256 (differential against @ethereumjs/evm and @noble/hashes)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    const program = asm(
      'PUSH32', W[0]!, 'PUSH0', 'MSTORE', 'PUSH32', W[1]!, 'PUSH1', 32, 'MSTORE', 'PUSH32', W[2]!, 'PUSH1', 64, 'MSTORE',
      ...HASHES.flatMap(([offset, size]) => ['PUSH1', size, 'PUSH2', offset, 'KECCAK256', 'POP']),
      'STOP',
    );
    w = evmCase(await runPrograms([program]));
  });

  it('hashes 0, 1, 31, 32, 33 and 100 bytes of memory as @noble/hashes does; one KeccakBytes row per 4 bytes; MockProver passes', () => {
    const memory = new Uint8Array(128);
    memory.set([...wordBytes(W[0]!), ...wordBytes(W[1]!), ...wordBytes(W[2]!)]);
    const pushed = rowsOf('KECCAK256').map((r) => w.steps[r]!.rws[2]!.value);
    expect(pushed).to.deep.equal(HASHES.map(([offset, size]) => hashOf(offset + size > 128 ? new Uint8Array(0) : memory.subarray(offset, offset + size))));
    // one keccak input per distinct input: the empty input far out names the first one's id
    expect(w.keccakInputs.map((x) => x.length)).to.deep.equal(HASHES.slice(0, -1).map(([, size]) => size));
    const ids = rowsOf('KECCAK256').map((r) => w.steps[r]!.aux!.c1);
    expect([ids[0], ids.at(-1)]).to.deep.equal([1n, 1n]);
    expect(rowsOf('KeccakBytes')).to.have.length(HASHES.reduce((n, [, size]) => n + Math.max(1, Math.ceil(size / 4)), 0));
    expect(w.rws.filter((r) => r.tag === RwTag.Memory && !r.isWrite)).to.have.length(HASHES.reduce((n, [, size]) => n + size, 0));
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('charges 30 + 6·⌈size/32⌉ + memory expansion, as @ethereumjs did', () => {
    const r = rowsOf('KECCAK256')[5]!;
    const step = w.steps[r]!;
    const next = w.steps.slice(r + 1).find((s) => s.spec.name === 'POP')!;
    expect([step.memoryWords, next.memoryWords]).to.deep.equal([3, 4]);
    expect(step.gasLeft - next.gasLeft).to.equal(30n + 6n * 4n + memoryCost(4n) - memoryCost(3n));
  });

  it('a wrong hash word fails the digest lookup', () => {
    const r = rowsOf('KECCAK256')[3]!;
    const rwRow = w.steps[r]!.rwCounter + 2 - 1;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v ^ 1n }, { column: 'rw table valueLo', row: rwRow, value: (v) => v ^ 1n }]))
      .to.deep.equal([`lookup evm keccak digest@${r}`]);
  });

  it('a wrong memory byte fails its keccak input lookup (and its memory read, unless the RW table is forged too)', () => {
    const r = rowsOf('KeccakBytes')[3]!;
    const rwRow = w.steps[r]!.rwCounter + 1 - 1;
    const edits = [{ column: 'evm slot 1 lo', row: r, value: (v: bigint) => (v + 1n) % 256n }, { column: 'evm slot 1 prev lo', row: r, value: (v: bigint) => (v + 1n) % 256n }];
    expect(failures(edits)).to.deep.equal([`lookup evm keccak input 1@${r}`, `lookup evm rw slot 1@${r}`]);
    expect(failures([...edits, { column: 'rw table valueLo', row: rwRow, value: (v) => (v + 1n) % 256n }, { column: 'rw table valuePrevLo', row: rwRow, value: (v) => (v + 1n) % 256n }]))
      .to.deep.equal([`lookup evm keccak input 1@${r}`]);
  });

  it('a wrong word count (gas) fails its rule and the gas transition; a dropped byte fails the byte count; another id fails the chain', () => {
    const r = rowsOf('KECCAK256')[4]!;
    expect(failures([{ column: 'evm aux byte 8', row: r + 1, value: (v) => v - 1n }]))
      .to.deep.equal([`gate evm KECCAK256/32·w = size + 31 − t@${r}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`]);
    // the 33-byte input's first row claims 3 bytes: the row is not full but leaves 30
    expect(failures([{ column: 'evm slot 3 on', row: r + 1, value: 0n }]))
      .to.include(`gate evm KeccakBytes/a row not full leaves nothing@${r + 1}`);
    expect(failures([{ column: 'evm inv', row: r + 2, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm KeccakBytes/more: id' = id@${r + 1}`, `gate evm KeccakBytes/more: id' = id@${r + 2}`,
        ...[0, 1, 2, 3].map((j) => `lookup evm keccak input ${j}@${r + 2}`)]);
  });

  it('real prover: a wrong hash word is rejected by the verifier', async () => {
    const small = evmCase(await runPrograms([asm('PUSH1', 0x2a, 'PUSH0', 'MSTORE8', 'PUSH1', 3, 'PUSH0', 'KECCAK256', 'POP', 'STOP')]));
    const r = small.steps.findIndex((s) => s.spec.name === 'KECCAK256');
    expect(small.steps[r]!.rws[2]!.value).to.equal(hashOf(Uint8Array.of(0x2a, 0, 0)));
    const rwRow = small.steps[r]!.rwCounter + 2 - 1;
    const failed = await expectVerifierRejects(evmTestCircuit(48, small), 9, evmInstances(small),
      [{ column: 'evm slot 2 hi', row: r, value: (v) => v ^ 1n }, { column: 'rw table valueHi', row: rwRow, value: (v) => v ^ 1n }]);
    expect(failed).to.deep.equal([`lookup evm keccak digest@${r}`]);
  });
});
