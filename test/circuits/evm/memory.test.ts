import { expect } from 'chai';
import { memoryCost } from '../../../circuits/evm/gadgets/memory.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 128;
const W1 = EDGE_WORDS[4]!;
const W2 = (1n << 256n) - 1n - 0x1234n;

describe('evm circuit: MLOAD, MSTORE, MSTORE8 and memory expansion (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    // aligned store and load; an unaligned store over two words and loads across it; MSTORE8; a load of memory never
    // written; a load far out (33 words: ⌊33²/512⌋ = 2 in the expansion cost); loads that do not expand
    const program = asm(
      'PUSH32', W1, 'PUSH0', 'MSTORE', 'PUSH0', 'MLOAD', 'POP',
      'PUSH32', W2, 'PUSH1', 5, 'MSTORE', 'PUSH1', 3, 'MLOAD', 'POP',
      'PUSH2', 0x1abc, 'PUSH1', 64, 'MSTORE8', 'PUSH1', 40, 'MLOAD', 'POP',
      'PUSH2', 1000, 'MLOAD', 'POP', 'PUSH1', 7, 'MLOAD', 'MSIZE', 'POP', 'POP', 'STOP',
    );
    w = evmCase(await runPrograms([program]));
  });

  it('each word access is its opcode row and 8 continuation rows of 4 bytes, MSTORE8 one; values as @ethereumjs computed them; MockProver passes', () => {
    const names = w.steps.filter((s) => s.spec.gadget.flow !== 'internal').map((s) => s.spec.name);
    const eight = (name: string) => Array<string>(8).fill(name);
    expect(names.slice(1, 12)).to.deep.equal(['PUSH0', 'MSTORE', ...eight('MemoryWrite'), 'PUSH0']);
    expect(names.filter((n) => n === 'MemoryRead')).to.have.length(8 * 5);
    expect(names.filter((n) => n === 'MemoryByte')).to.have.length(1);
    const loads = rowsOf('MLOAD').map((r) => w.steps[r]!.rws[1]!.value);
    const bytes = new Uint8Array(1032);
    const put = (offset: number, word: bigint) => { for (let i = 0; i < 32; i++) bytes[offset + i] = Number((word >> BigInt(8 * (31 - i))) & 0xffn); };
    const get = (offset: number) => bytes.subarray(offset, offset + 32).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    put(0, W1);
    const first = get(0);
    put(5, W2);
    const across = get(3);
    bytes[64] = 0xbc;
    expect(loads).to.deep.equal([first, across, get(40), 0n, get(7)]);
    expect(w.rws.filter((r) => r.tag === RwTag.Memory && r.isWrite).length).to.equal(32 + 32 + 1);
    const msize = w.steps[rowsOf('MSIZE')[0]!]!.rws[0]!.value;
    expect(msize).to.equal(33n * 32n);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('charges 3 + C_mem(m\') − C_mem(m) per access, as @ethereumjs did (the witness builder checks every step\'s cost)', () => {
    const far = w.steps[rowsOf('MLOAD')[3]!]!;
    const next = w.steps[rowsOf('MLOAD')[3]! + 1]!;
    expect([far.memoryWords, next.memoryWords]).to.deep.equal([3, 33]);
    expect(far.gasLeft - next.gasLeft).to.equal(3n + memoryCost(33n) - memoryCost(3n));
    expect(memoryCost(33n)).to.equal(99n + 2n);
    const inside = w.steps[rowsOf('MLOAD')[4]!]!;
    expect(inside.gasLeft - w.steps[rowsOf('MLOAD')[4]! + 1]!.gasLeft).to.equal(3n);
  });

  it('a load claiming another byte than memory holds fails the byte gate and the RW lookup', () => {
    const r = rowsOf('MemoryRead')[9]!;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v ^ 1n }, { column: 'evm slot 2 prev lo', row: r, value: (v) => v ^ 1n }]))
      .to.deep.equal([`gate evm MemoryRead/byte 2 lo@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a loaded word other than the continuation\'s bytes fails the hand-over; an aux word not shifted by 4 bytes fails the chain', () => {
    const load = rowsOf('MLOAD')[1]!;
    expect(failures([{ column: 'evm slot 1 lo', row: load, value: (v) => v + 1n }, { column: 'evm slot 1 prev lo', row: load, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm MLOAD/continuation's aux = value lo@${load}`, `lookup evm rw slot 1@${load}`]);
    const r = load + 3;
    expect(failures([{ column: 'evm aux byte 20', row: r, value: (v) => (v + 1n) % 256n }]))
      .to.deep.equal([`gate evm MemoryRead/more: next aux byte 20@${r - 1}`, `gate evm MemoryRead/more: next aux byte 24@${r}`]);
  });

  it('a word access cut short or run long fails the row count; MSTORE8 has exactly one continuation row', () => {
    const store = rowsOf('MSTORE')[0]!;
    // the continuation claims one row fewer (c1 = 7 on its first row, each row one lower)
    expect(failures(Array.from({ length: 8 }, (_, i) => ({ column: 'evm c1', row: store + 1 + i, value: (v: bigint) => v - 1n }))))
      .to.deep.equal([`gate evm MSTORE/continuation's c1 = 8@${store}`, `gate evm MemoryWrite/last: c1 = 1@${store + 8}`]);
    const byte = rowsOf('MemoryByte')[0]!;
    expect(failures([{ column: 'evm c1', row: byte, value: 1n }])).to.deep.equal([`gate evm MemoryByte/c1 = 0@${byte}`]);
  });

  it('an expansion charged too little fails the cost identity; memory that does not grow fails the size rule', () => {
    const far = rowsOf('MLOAD')[3]!;
    // F' one lower: less gas charged, every later row's gas following
    const later = Array.from({ length: w.steps.length - far - 1 }, (_, i) => ({ column: 'evm gas', row: far + 1 + i, value: (v: bigint) => v + 1n }));
    const cheaper = failures([{ column: 'evm aux byte 18', row: far, value: (v) => v - 1n }, ...later]);
    expect(cheaper.filter((f) => f.includes(`@${far}`))).to.deep.equal([`gate evm MLOAD/m'² = 512·F' + G'@${far}`]);
    const flat = failures(Array.from({ length: 9 }, (_, i) => ({ column: 'evm memoryWords', row: far + 1 + i, value: 3n })));
    expect(flat.filter((f) => f.includes(`@${far}`))).to.include(`gate evm MLOAD/m' = expands ? q : m@${far}`);
  });

  it('the real verifier rejects a store whose memory bytes are not the stored word', async () => {
    const r = rowsOf('MemoryWrite')[0]!;
    const failed = await expectVerifierRejects(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [
      { column: 'evm slot 0 lo', row: r, value: (v) => v ^ 0x80n }, { column: 'evm slot 0 prev lo', row: r, value: (v) => v },
    ]);
    expect(failed).to.include(`gate evm MemoryWrite/byte 0 lo@${r}`);
  });
});

describe('evm circuit: RETURN of the root call (memory expansion only)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(64, w), K, evmInstances(w), edits);

  before(async () => {
    // an empty return at an offset far past any memory (no expansion, valid), and 64 bytes at offset 100 (4 → 6 words)
    w = evmCase(await runPrograms([
      asm('PUSH0', 'PUSH32', 1n << 255n, 'RETURN'),
      asm('PUSH1', 1, 'PUSH1', 96, 'MSTORE', 'PUSH1', 64, 'PUSH1', 100, 'RETURN'),
    ]));
  });

  it('charges the expansion @ethereumjs charged (none for an empty return); MockProver passes', () => {
    const [empty, full] = rowsOf('RETURN').map((r) => w.steps[r]!);
    expect([empty!.memoryWords, full!.memoryWords]).to.deep.equal([0, 4]);
    const endGas = (r: number) => w.steps[r + 1]!.gasLeft;
    expect(empty!.gasLeft - endGas(rowsOf('RETURN')[0]!)).to.equal(0n);
    expect(full!.gasLeft - endGas(rowsOf('RETURN')[1]!)).to.equal(memoryCost(6n) - memoryCost(4n));
    expect(honestFailures(evmTestCircuit(64, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('an empty return claimed non-empty, or a return that expands claimed not to, fails the expansion rules', () => {
    const [empty, full] = rowsOf('RETURN');
    expect(failures([{ column: 'evm c0', row: empty!, value: 0n }])).to.include(`gate evm RETURN is zero/out = 1 − value·inv@${empty}`);
    // m' claimed 4 (no expansion): 6 gas less charged, the end's gas following
    const cheaper = failures([{ column: 'evm c1', row: full!, value: 4n }, { column: 'evm gas', row: full! + 1, value: (v) => v + 6n }]);
    expect(cheaper).to.include(`gate evm RETURN/m' = expands ? q : m@${full}`);
  });

  it('the real verifier rejects a return whose expansion is not charged', async () => {
    const full = rowsOf('RETURN')[1]!;
    const failed = await expectVerifierRejects(evmTestCircuit(64, w), K, evmInstances(w), [{ column: 'evm c1', row: full, value: 4n }]);
    expect(failed).to.include(`gate evm RETURN/m' = expands ? q : m@${full}`);
  });
});
