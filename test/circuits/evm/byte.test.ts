import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit, pairsProgram } from './harness.js';

const K = 10;
const STEPS = 160;
/** As indices: 0, 31 (the last byte), 32 (past the word), one with a non-zero hi half; as words: these and a random one. */
const WORDS = [0n, 31n, 32n, (1n << 128n) + 3n, EDGE_WORDS[4]!];
const TABLES = { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shl: WORDS.length ** 2 } };
const byteOf = (i: bigint, x: bigint): bigint => (i < 32n ? (x >> (8n * (31n - i))) & 0xffn : 0n);

describe('evm circuit: BYTE through an SHL row of the word arithmetic table (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const rowOf = (i: bigint, x: bigint) => w.steps.findIndex((s) => s.spec.name === 'BYTE' && s.rws[0]!.value === i && s.rws[1]!.value === x);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w), edits);
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['BYTE'], WORDS)])); });

  it('every (index, word) pair: the byte @ethereumjs pushed; MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.name === 'BYTE').map((s) => s.rws.map((r) => r.value));
    expect(results).to.have.length(WORDS.length ** 2);
    for (const [i, x, r] of results) expect(r, `BYTE ${i} ${x}`).to.equal(byteOf(i!, x!));
    expect(honestFailures(evmTestCircuit(STEPS, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong byte fails the result rule; an index below 32 claimed past fails the comparison and the SHL lookup; a large index claimed within fails', () => {
    const r = rowOf(31n, EDGE_WORDS[4]!);
    const rwRow = w.steps[r]!.rwCounter + 2 - 1;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v ^ 1n }, { column: 'rw table valueLo', row: rwRow, value: (v) => v ^ 1n }]))
      .to.deep.equal([`gate evm BYTE/result lo = aux byte 31@${r}`]);
    expect(failures([{ column: 'evm c1', row: r, value: 1n }]))
      .to.deep.equal([`gate evm BYTE/p, i hi = 0: bytes 0 … 15 = i lo − 32@${r}`, `lookup evm arith@${r}`]);
    const big = rowOf((1n << 128n) + 3n, EDGE_WORDS[4]!);
    expect(failures([{ column: 'evm c1', row: big, value: 0n }])).to.deep.equal([
      `gate evm BYTE/i hi ≠ 0 ⇒ p@${big}`, `gate evm BYTE/not p: byte 0 + byte 1 = 31@${big}`, `gate evm BYTE/not p: byte 0 = i lo@${big}`, `lookup evm arith@${big}`,
    ]);
  });

  it('real prover: a wrong byte is rejected by the verifier', async () => {
    const small = evmCase(await runPrograms([asm('PUSH32', EDGE_WORDS[4]!, 'PUSH1', 5, 'BYTE', 'POP', 'STOP')]));
    const r = small.steps.findIndex((s) => s.spec.name === 'BYTE');
    expect(small.steps[r]!.rws[2]!.value).to.equal(byteOf(5n, EDGE_WORDS[4]!));
    const failed = await expectVerifierRejects(evmTestCircuit(48, small, { ...TABLES, arith: { ...TABLES.arith, shl: 1 } }), 9, evmInstances(small),
      [{ column: 'evm aux byte 31', row: r, value: (v) => (v + 1n) % 256n }, { column: 'evm slot 2 lo', row: r, value: (v) => (v + 1n) % 256n },
        { column: 'rw table valueLo', row: small.steps[r]!.rwCounter + 2 - 1, value: (v) => (v + 1n) % 256n }]);
    expect(failed).to.deep.equal([`lookup evm arith@${r}`]);
  });
});

const SIGNED = [0n, 31n, 0x80n, (1n << 128n) + 3n, EDGE_WORDS[4]!];
const signExtend = (b: bigint, x: bigint): bigint => {
  if (b >= 31n) return x;
  const bits = 8n * (b + 1n);
  const low = x & ((1n << bits) - 1n);
  return (x >> (bits - 1n)) & 1n ? low | (((1n << 256n) - 1n) ^ ((1n << bits) - 1n)) : low;
};

describe('evm circuit: SIGNEXTEND as SAR(SHL(x, s), s) over two rows (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const tables = { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shl: SIGNED.length ** 2, sar: SIGNED.length ** 2 } };
  const rowOf = (b: bigint, x: bigint) => w.steps.findIndex((s) => s.spec.name === 'SIGNEXTEND' && s.rws[0]!.value === b && s.rws[1]!.value === x);
  before(async () => { w = evmCase(await runPrograms([pairsProgram(['SIGNEXTEND'], SIGNED)])); });

  it('every (byte index, word) pair: the word @ethereumjs pushed, each step one SignExtendSar row; MockProver passes', () => {
    const results = w.steps.filter((s) => s.spec.name === 'SIGNEXTEND').map((s) => s.rws.map((r) => r.value));
    expect(results).to.have.length(SIGNED.length ** 2);
    for (const [b, x, r] of results) expect(r, `SIGNEXTEND ${b} ${x}`).to.equal(signExtend(b!, x!));
    expect(w.steps[rowOf(0n, 0x80n)]!.rws[2]!.value).to.equal((1n << 256n) - 0x80n);
    expect(w.steps.filter((s) => s.spec.name === 'SignExtendSar')).to.have.length(SIGNED.length ** 2);
    expect(honestFailures(evmTestCircuit(STEPS, w, tables), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a result other than the SAR row\'s fails the arithmetic lookup and the hand-over', () => {
    const r = rowOf(0n, 0x80n);
    expect(failuresAfter(evmTestCircuit(STEPS, w, tables), K, evmInstances(w), [{ column: 'evm slot 0 lo', row: r + 1, value: (v) => v ^ 1n }, { column: 'evm slot 0 prev lo', row: r + 1, value: (v) => v ^ 1n }]))
      .to.deep.equal([`gate evm SIGNEXTEND/continuation's r = result lo@${r}`, `lookup evm arith@${r + 1}`]);
  });
});
