import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 128;
/** 40 bytes of calldata: 1, 2, …, 40. */
const DATA = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
/** Offsets: a full word, one ending 5 bytes past the end, the last byte, the end, far past it. */
const OFFSETS = [0, 13, 39, 40, 1000];

describe('evm circuit: CALLDATALOAD (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  const contract = createAddressFromString('0x00000000000000000000000000000000000ca11d');

  before(async () => {
    const code = asm(...OFFSETS.flatMap((o) => ['PUSH2', o, 'CALLDATALOAD', 'POP']), 'STOP');
    w = evmCase(await runPrograms([{ to: contract, data: DATA }], [{ address: contract, code }]));
  });

  it('loads calldata words as @ethereumjs did, zero past the end; MockProver passes', () => {
    const word = (o: number) => Array.from({ length: 32 }, (_, k) => BigInt(DATA[o + k] ?? 0)).reduce((acc, b) => (acc << 8n) | b, 0n);
    expect(rowsOf('CALLDATALOAD').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal(OFFSETS.map(word));
    expect(rowsOf('CallDataRead')).to.have.length(8 * OFFSETS.length);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a byte past the end claimed non-zero fails its rule; a byte of the calldata claimed past the end fails the mask count', () => {
    // offset 13: bytes 27 … 31 of the word are past the end; the last row (row 7) holds bytes 28 … 31
    const last = rowsOf('CallDataRead')[15]!;
    expect(failures([{ column: 'evm aux byte 31', row: last, value: 7n }])).to.deep.equal([
      `gate evm CallDataRead/byte 0 past the calldata is 0@${last}`, `gate evm CallDataRead/more: next aux byte 31@${last - 1}`,
    ]);
    // the row before (bytes 24 … 27, 24 … 26 in the calldata): flag 2 cleared, as if byte 26 were past the end
    const r = last - 1;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: 0n }, { column: 'evm slot 2 prev lo', row: r, value: 0n }])).to.deep.equal([
      `gate evm CallDataRead/a row not full leaves nothing@${r}`, `gate evm CallDataRead/byte 2 past the calldata is 0@${r}`, `gate evm CallDataRead/more: r' = r − Σ f@${r}`,
    ]);
  });

  it('a word with a byte other than the calldata\'s fails the tx lookup; a wrong length fails the opcode row', () => {
    const r = rowsOf('CallDataRead')[0]!;
    expect(failures([{ column: 'evm aux byte 31', row: r, value: (v) => v + 1n }, { column: 'evm aux byte 27', row: r + 1, value: (v) => v }]).filter((f) => f.startsWith('lookup')))
      .to.deep.equal([`lookup evm tx lookup 0@${r}`]);
    const load = rowsOf('CALLDATALOAD')[1]!;
    expect(failures([{ column: 'evm c1', row: load, value: (v) => v + 1n }])).to.include(`lookup evm tx lookup 0@${load}`);
  });

  it('the real verifier rejects a load that hides the last calldata byte', async () => {
    const last = rowsOf('CallDataRead')[2 * 8]!; // offset 39: row 0 holds byte 39 = 40 and three bytes past the end
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [
      { column: 'evm slot 0 lo', row: last, value: 0n }, { column: 'evm slot 0 prev lo', row: last, value: 0n },
    ]);
    expect(failed).to.include(`gate evm CallDataRead/byte 0 past the calldata is 0@${last}`);
  });
});
