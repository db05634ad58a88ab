import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 10;
const CAPACITY = 160;
/** A value of n bytes with no zero byte (0x01 0x02 …), so every pushed byte matters. */
const bytesValue = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i + 1)).reduce((acc, x) => (acc << 8n) | x, 0n);

describe('evm circuit: POP, PUSH0–PUSH32, DUP1–DUP16, SWAP1–SWAP16 (differential against @ethereumjs/evm)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  const rowOf = (name: string) => w.steps.findIndex((s) => s.spec.name === name);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);
  before(async () => {
    const pushes = ['PUSH0', ...Array.from({ length: 32 }, (_, i) => [`PUSH${i + 1}`, bytesValue(i + 1)])].flat();
    const dups = Array.from({ length: 16 }, (_, i) => [`DUP${i + 1}`, 'POP']).flat();
    const swaps = Array.from({ length: 16 }, (_, i) => `SWAP${i + 1}`);
    const pops = Array.from({ length: 33 }, () => 'POP');
    w = evmCase(await runPrograms([asm(...pushes, ...dups, ...swaps, ...pops, 'STOP')]));
  });

  it('all 33 PUSHes, 16 DUPs, 16 SWAPs and POPs: stack values as ethereumjs produced them; MockProver passes', () => {
    const pushed = w.steps.filter((s) => s.spec.name.startsWith('PUSH')).map((s) => s.rws[0]!.value);
    expect(pushed).to.deep.equal(Array.from({ length: 33 }, (_, n) => bytesValue(n)));
    const dup16 = w.steps.find((s) => s.spec.name === 'DUP16')!;
    expect(dup16.rws.map((r) => [r.isWrite, r.address, r.value])).to.deep.equal([[false, BigInt(dup16.sp + 15), bytesValue(17)], [true, BigInt(dup16.sp - 1), bytesValue(17)]]);
    const swap16 = w.steps.find((s) => s.spec.name === 'SWAP16')!;
    expect(swap16.rws.map((r) => [r.isWrite, Number(r.address) - swap16.sp])).to.deep.equal([[false, 0], [false, 16], [true, 0], [true, 16]]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a PUSH byte that is not the code byte fails only the push-data bytecode lookup (value and RW row changed with it)', () => {
    const r = rowOf('PUSH2'); // value 0x0102, byte 0 = 0x02 at code index pc + 2
    const rwRow = w.steps[r]!.rwCounter - 1;
    expect(failures([
      { column: 'evm aux byte 0', row: r, value: 3n }, { column: 'evm slot 0 lo', row: r, value: (v) => v + 1n },
      { column: 'rw table valueLo', row: rwRow, value: (v) => v + 1n },
    ])).to.deep.equal([`lookup evm push byte 0@${r}`]);
  });

  it('a PUSH mask one byte too long fails the mask sum (and looks up the opcode as push data)', () => {
    const r = rowOf('PUSH3');
    expect(failures([{ column: 'evm push flag 3', row: r, value: 1n }])).to.deep.equal([`gate evm step/Σ push flags = s_PUSH·n@${r}`, `lookup evm push byte 3@${r}`]);
  });

  it('a wrong DUP copy fails the DUP gate and the RW lookup; a wrong SWAP address fails its gate and the lookup', () => {
    const d = rowOf('DUP7');
    expect(failures([{ column: 'evm slot 1 lo', row: d, value: (v) => v + 1n }])).to.deep.equal([`gate evm DUP/copy lo@${d}`, `lookup evm rw slot 1@${d}`]);
    const s = rowOf('SWAP9');
    expect(failures([{ column: 'evm slot 3 address', row: s, value: (v) => v + 1n }])).to.deep.equal([`gate evm SWAP/slot 3 address@${s}`, `lookup evm rw slot 3@${s}`]);
  });

  it('a wrong stack pointer breaks the sp transitions around it and the step\'s stack lookups', () => {
    const r = rowOf('POP');
    expect(failures([{ column: 'evm sp', row: r, value: (v) => v + 1n }])).to.deep.equal([
      `gate evm POP/slot 0 address@${r}`,
      `gate evm transition/same call: sp' = sp + delta@${r - 1}`, `gate evm transition/same call: sp' = sp + delta@${r}`,
    ]);
  });
});
