import { expect } from 'chai';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const TWO_256 = 1n << 256n;
const modPow = (a: bigint, e: bigint): bigint => {
  let [r, b, x] = [1n, a % TWO_256, e];
  for (; x > 0n; x >>= 1n, b = (b * b) % TWO_256) if ((x & 1n) === 1n) r = (r * b) % TWO_256;
  return r;
};
const byteLength = (e: bigint) => (e === 0n ? 0 : Math.ceil(e.toString(2).length / 8));
const rowsOf = (e: bigint) => (e === 0n ? 1 : e.toString(2).length + [...e.toString(2)].filter((c) => c === '1').length - 1);
const program = (cases: ReadonlyArray<readonly [bigint, bigint]>) => asm(...cases.flatMap(([a, e]) => ['PUSH32', e, 'PUSH32', a, 'EXP', 'POP']), 'STOP');
const tables = (steps: number, cases: ReadonlyArray<readonly [bigint, bigint]>) => ({
  steps, bitwiseOps: 0, arith: { mul: cases.reduce((n, [, e]) => n + rowsOf(e), 0), divMod: 0, addMod: 0, mulMod: 0, shr: cases.length },
});

/** 0^0, a^0, base 0, a^1, a wrapping base^2^255 (256 squares), a 2-byte exponent with a large base. */
const CASES: ReadonlyArray<readonly [bigint, bigint]> = [
  [0n, 0n], [3n, 0n], [0n, 5n], [7n, 1n], [3n, 1n << 255n], [TWO_256 - 3n, 0x1234n],
];
const SMALL: ReadonlyArray<readonly [bigint, bigint]> = [[new Rng(0xe4).bits(256), 0x0305n], [5n, 0x80n]];

describe('evm circuit: EXP by square-and-multiply over MUL rows (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  let small: EvmWitness;
  const T = tables(512, CASES);
  const S = tables(64, SMALL);
  const expRows = (x: EvmWitness) => x.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === 'EXP').map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(S.steps, small, S), 10, evmInstances(small), edits);

  before(async () => {
    [w, small] = [evmCase(await runPrograms([program(CASES)])), evmCase(await runPrograms([program(SMALL)]))];
  });

  it('0^0, 3^0, 0^5, 7^1, 3^(2^255), (−3)^0x1234: results as @ethereumjs computed them; gas 10 + 50·bytes; MockProver passes', () => {
    const rows = expRows(w);
    expect(rows.map((r) => w.steps[r]!.rws.map((x) => x.value))).to.deep.equal(CASES.map(([a, e]) => [a, e, modPow(a, e)]));
    expect(rows.map((r) => w.steps[r + 1 + rowsOf(w.steps[r]!.rws[1]!.value)]!.spec.name)).to.deep.equal(CASES.map(() => 'POP'));
    expect(rows.map((r) => w.steps[r]!.gasLeft - w.steps[r + 1]!.gasLeft)).to.deep.equal(CASES.map(([, e]) => 10n + 50n * BigInt(byteLength(e))));
    expect(honestFailures(evmTestCircuit(T.steps, w, T), 12, evmInstances(w))).to.deep.equal([]);
  });

  it('a wrong result word (stack write and its RW row) fails only the last row; a wrong product fails the MUL lookup and its hand-over', () => {
    const [r] = expRows(small);
    const last = r! + rowsOf(SMALL[0]![1]);
    const rw = small.steps[r!]!.rwCounter + 2 - 1;
    // the pushed word (and its RW row) changed: the hand-over to the chain holds, the last row's P does not match
    expect(failures([
      { column: 'evm slot 2 lo', row: r!, value: (v) => v + 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v + 1n },
      ...Array.from({ length: last - r! }, (_, i) => ({ column: 'evm slot 1 lo', row: r! + 1 + i, value: (v: bigint) => v + 1n })),
      ...Array.from({ length: last - r! }, (_, i) => ({ column: 'evm slot 1 prev lo', row: r! + 1 + i, value: (v: bigint) => v + 1n })),
    ])).to.deep.equal([`gate evm ExpStep/last: r = P lo@${last}`]);
    expect(failures([{ column: 'evm slot 2 lo', row: r! + 1, value: 1n }, { column: 'evm slot 2 prev lo', row: r! + 1, value: 1n }]))
      .to.deep.equal([`gate evm ExpStep/multiply: R' = P lo@${r! + 1}`, `lookup evm arith@${r! + 1}`]);
  });

  it('a skipped multiply fails the bit rule; a wrong byte length (gas) fails the SHR lookup and the gas transition', () => {
    const [, r] = expRows(small); // 5^0x80: square ×7, then the multiply at E = 1
    expect(small.steps.slice(r! + 1, r! + 9).map((s) => s.aux!.c0)).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n, 0n, 1n]);
    // the first row claims a multiply it does not do: E = 0x80 has lsb 0, so the next square would need b = 1
    expect(failures([{ column: 'evm c0', row: r! + 1, value: 1n }])).to.include(`gate evm ExpStep/multiply: the next row's b = 1@${r! + 1}`);
    expect(failures([{ column: 'evm aux byte 1', row: r!, value: 2n }]))
      .to.deep.equal([`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r!}`, `lookup evm arith@${r!}`]);
  });

  it('real prover: a wrong EXP result is rejected by the verifier', async () => {
    const tiny = evmCase(await runPrograms([program([[3n, 5n]])]));
    const [r] = expRows(tiny);
    expect(tiny.steps[r!]!.rws[2]!.value).to.equal(243n);
    const last = r! + rowsOf(5n);
    const failed = await expectVerifierRejects(evmTestCircuit(32, tiny, tables(32, [[3n, 5n]])), 9, evmInstances(tiny),
      [{ column: 'evm slot 2 lo', row: last, value: 244n }, { column: 'evm slot 2 prev lo', row: last, value: 244n }]);
    expect(failed).to.deep.equal([`gate evm ExpStep/last: r = P lo@${last}`, `lookup evm arith@${last}`]);
  });

  // 2^256 − 1 as exponent: 511 MUL rows (k = 13)
  (process.env.SLOW ? it : it.skip)('a random base to the power 2^256 − 1 (the longest chain) and a random 256-bit exponent (SLOW)', async () => {
    const cases: Array<[bigint, bigint]> = [[new Rng(0xe5).bits(256), TWO_256 - 1n], [new Rng(0xe6).bits(256), new Rng(0xe7).bits(256)]];
    const big = evmCase(await runPrograms([program(cases)]));
    expect(expRows(big).map((r) => big.steps[r]!.rws[2]!.value)).to.deep.equal(cases.map(([a, e]) => modPow(a, e)));
    const t = tables(1024, cases);
    expect(honestFailures(evmTestCircuit(t.steps, big, t), 14, evmInstances(big))).to.deep.equal([]);
  });
});

describe('evm circuit: EXP out of gas on its 50 per exponent byte (ErrorOutOfGasExp; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const K_OOG = 10;
  const STEPS = 128;
  /** One SHR slot per failing row (its byte length), no MUL rows. */
  const OOG_TABLES = { bitwiseOps: 0, arith: { mul: 0, divMod: 0, addMod: 0, mulMod: 0, shr: 2 } };
  const rows = () => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === 'ErrorOutOfGasExp').map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w, OOG_TABLES), K_OOG, evmInstances(w), edits);

  before(async () => {
    // 2^(2^255) (a 32-byte exponent: 10 + 1600 gas) with 1000 gas left, and 3^0x1234 (2 bytes: 110) with 100: each tx's root call fails
    const exp = (a: bigint, e: bigint) => asm('PUSH32', e, 'PUSH32', a, 'EXP', 'STOP');
    const b = await runPrograms([{ to: programAddress(0), gasLimit: 21_000n + 6n + 1000n }, { to: programAddress(1), gasLimit: 21_000n + 6n + 100n }],
      [{ address: programAddress(0), code: exp(2n, 1n << 255n) }, { address: programAddress(1), code: exp(3n, 0x1234n) }]);
    expect(b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error]), unsupportedOps(t)]))
      .to.deep.equal([[0, [['EXP', 'out of gas']], []], [0, [['EXP', 'out of gas']], []]]);
    w = evmCase(b);
  });

  it('one failing row after the reads, n as EXP proves it (32, 2); MockProver passes', () => {
    expect(rows().map((r) => [w.steps[r]!.spec.opcode, Number((w.steps[r]!.aux!.aux! >> 8n) & 0xffn), w.steps[r + 1]!.spec.gadget.name])).to.deep.equal([[0x0a, 32, 'EndTx'], [0x0a, 2, 'EndTx']]);
    expect(honestFailures(evmTestCircuit(STEPS, w, OOG_TABLES), K_OOG, evmInstances(w))).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover it, a shorter exponent, another opcode: MockProver names the rule', () => {
    const [r] = rows();
    expect(failures([{ column: 'evm gas', row: r!, value: 1610n }])).to.include(`gate evm ErrorOutOfGasExp/aux bytes 2 … 9 = gas cost + 50·n − gas − 1 (short of gas)@${r}`);
    // n = 1 with the top byte e's (0x80): the SHR row of e by 0 is e itself, not that byte
    expect(failures([{ column: 'evm aux byte 1', row: r!, value: 1n }])).to.include.members([`lookup evm arith@${r}`, `gate evm ErrorOutOfGasExp/aux bytes 2 … 9 = gas cost + 50·n − gas − 1 (short of gas)@${r}`]);
    expect(failures([{ column: 'evm opcode', row: r!, value: 0x0bn }])).to.include(`gate evm ErrorOutOfGasExp/the opcode is EXP@${r}`);
  });

  it('the real verifier rejects the gas claimed to cover it', async () => {
    const [r] = rows();
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w, OOG_TABLES), K_OOG, evmInstances(w), [{ column: 'evm gas', row: r!, value: 1610n }]))
      .to.include(`gate evm ErrorOutOfGasExp/aux bytes 2 … 9 = gas cost + 50·n − gas − 1 (short of gas)@${r}`);
  });
});
