/**
 * A tx whose callee is MODEXP (0x05) (gadgets/modexp.ts PrecompileRootModexp, ModexpRootInput): the calls' windows over
 * the tx's calldata; its gas (the MODEXP table's, EIP-2565) and status as @ethereumjs/vm computes them; mutations named
 * by MockProver and refused by the real verifier.
 */
import { expect } from 'chai';
import { Address } from '@ethereumjs/util';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { evmStateCells } from '../../../circuits/evm/index.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmWithState, txRowsAfterFunds } from './harness.js';

const K = 12;
const CAPACITY = { steps: 700, bitwiseOps: 0, arith: { mul: 0, divMod: 24, addMod: 0, mulMod: 24, shl: 8, shr: 24, sar: 0, slt: 0, sgt: 0 } };
const MODEXP_CAPACITY = { steps: 28, squares: 16 };
const RW_ROWS = 1200;
const MODEXP_AT = new Address(Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 5 : 0)));

const be = (v: bigint, n: number) => Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));
/** EIP-198's input: the three lengths as words, then base, exponent and modulus big-endian in their lengths. */
const modexpInput = (base: bigint, bl: number, exp: bigint, el: number, mod: bigint, ml: number) =>
  Uint8Array.from([...be(BigInt(bl), 32), ...be(BigInt(el), 32), ...be(BigInt(ml), 32), ...be(base, bl), ...be(exp, el), ...be(mod, ml)]);
const calldataGas = (data: Uint8Array) => BigInt(data.reduce((n, b) => n + (b === 0 ? 4 : 16), 0));
const SMALL = modexpInput(3n, 1, 5n, 1, 7n, 1);
// a 2-byte exponent of 9 bits over 20-byte operands: EIP-2565's max(200, ⌊3²·8/3⌋) = 200
const MIXED = modexpInput((1n << 150n) + 3n, 20, 0x1f1n, 2, (1n << 159n) + 5n, 20);
const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n % m;
  for (let x = b % m, k = e; k > 0n; k >>= 1n, x = (x * x) % m) if ((k & 1n) === 1n) r = (r * x) % m;
  return r;
};
const circuit = (w: EvmWitness) => evmWithState(w, RW_ROWS, CAPACITY, MODEXP_CAPACITY);

describe('evm circuit: a tx to MODEXP (differential against @ethereumjs/vm)', function () {
  this.timeout(900_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (i: number) => txRowsAfterFunds(w, i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(circuit(w), K, [], edits);

  before(async () => {
    block = await runPrograms([
      { to: MODEXP_AT, data: SMALL, value: 5n }, // 3^5 mod 7
      { to: MODEXP_AT, data: MIXED }, // 20-, 2- and 20-byte operands
      { to: MODEXP_AT }, // no input: lengths 0, the minimum 200
      { to: MODEXP_AT, data: SMALL.subarray(0, 97), value: 2n }, // cut after the base: exponent and modulus read as 0 (result 0)
      { to: MODEXP_AT, data: SMALL, value: 3n, gasLimit: 21_000n + calldataGas(SMALL) + 199n }, // one gas short: all consumed, the value returned
    ]);
    w = evmCase(block);
  });

  it('charges the MODEXP table\'s gas, or all of it short of it, as @ethereumjs; the rows read the tx\'s calldata; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []], [1, []], [1, []], [1, []], [0, []]]);
    expect(block.txs.map((t) => t.gasUsed - 21_000n - calldataGas(t.data))).to.deep.equal([200n, 200n, 200n, 200n, 199n]);
    expect(w.modexpCalls.map((c) => [c.result, c.gas])).to.deep.equal([[5n, 200n], [modPow((1n << 150n) + 3n, 0x1f1n, (1n << 159n) + 5n), 200n], [0n, 200n], [0n, 200n], [5n, 200n]]);
    const window = [...Array(8).fill('ModexpRootInput'), 'ModexpOperand'];
    const rows = ['BeginTxPrecompile', 'PrecompileRootModexp', ...Array(24).fill('ModexpRootInput'), 'ModexpLengths', ...window, ...window, ...window, 'ModexpResult'];
    expect(block.txs.map((_, i) => rowsOf(i).names)).to.deep.equal([rows, rows, rows, rows, [...rows, 'ModexpOutOfGas']]);
    // the precompile's balance: 5 and 2 kept; the failed tx's 3 credited, then undone by its reversion write
    const credits = w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Balance && r.isWrite && r.address === 5n).map((r) => [r.valuePrev, r.value]);
    expect(credits).to.deep.equal([[0n, 5n], [5n, 5n], [5n, 5n], [5n, 7n], [7n, 10n], [10n, 7n]]);
    expect(honestFailures(circuit(w), K)).to.deep.equal([]);
  });

  it('the input is the tx\'s calldata: a byte changed, a byte where none is; the windows may not switch to memory reads', () => {
    const first = rowsOf(0).begin + 3;
    // the input's byte 31 (bl's low byte, 1) claimed 2, the half in inv following it
    const lengthRow = first + 7;
    expect(failures([{ column: 'evm aux byte 23', row: lengthRow, value: 2n }, { column: 'evm inv', row: lengthRow, value: (x) => x + 1n }]))
      .to.include(`lookup evm tx lookup 3@${lengthRow}`);
    // the cut input's last row holds byte 96 only: byte 97 (the exponent's) claimed there without a flag
    const cut = rowsOf(3).begin + 28; // the base window's first row
    expect(w.steps[cut]!.spec.name).to.equal('ModexpRootInput');
    expect(failures([{ column: 'evm aux byte 21', row: cut, value: 5n }])).to.include(`gate evm ModexpRootInput/off: byte 1 = 0@${cut}`);
    // a memory window in a tx's call: ModexpLengths' next row must read the calldata as the header did
    const lengths = rowsOf(0).begin + 27;
    expect(w.steps[lengths]!.spec.name).to.equal('ModexpLengths');
    expect(failures(evmStateCells('ModexpInput', lengths + 1))).to.include(`gate evm ModexpLengths/the windows' input kept: the tx's iff the last window's@${lengths}`);
  });

  it('gas: the head\'s is BeginTxPrecompile\'s; the table\'s G charged; short of it all consumed', () => {
    const head = rowsOf(0).begin + 2;
    expect(failures([{ column: 'evm gas', row: head, value: (x) => x + 1n }])).to.include(`gate evm PrecompileRootModexp/gas carried@${head}`);
    const result = rowsOf(0).begin + 2 + 1 + 24 + 1 + 27;
    expect(w.steps[result]!.spec.name).to.equal('ModexpResult');
    expect(failures([{ column: 'evm gas', row: result + 1, value: (x) => x + 1n }])).to.include(`gate evm ModexpResult/not short: gas' = gas − G@${result}`);
    const short = rowsOf(4).begin + 2 + 54;
    expect(w.steps[short]!.spec.name).to.equal('ModexpOutOfGas');
    expect(failures([{ column: 'evm gas', row: short + 1, value: 1n }])).to.include(`gate evm ModexpOutOfGas/all gas consumed: gas' = 0@${short}`);
  });

  it('the real verifier rejects a calldata byte changed', async () => {
    const lengthRow = rowsOf(0).begin + 3 + 7;
    expect(await expectVerifierRejects(circuit(w), K, [], [{ column: 'evm aux byte 23', row: lengthRow, value: 2n }, { column: 'evm inv', row: lengthRow, value: (x) => x + 1n }]))
      .to.include(`lookup evm tx lookup 3@${lengthRow}`);
  });

  it('operands longer than 32 bytes: refused with the reason (coverage and the witness builder agree)', async () => {
    const long = await runPrograms([{ to: MODEXP_AT, data: modexpInput(3n, 33, 5n, 1, 7n, 1) }]);
    expect(unsupportedOps(long.txs[0]!)).to.deep.equal(['a tx to MODEXP with an operand longer than 32 bytes (lengths 33, 1, 1): not supported yet']);
    expect(() => evmCase(long)).to.throw(UnsupportedExecutionError, /operand longer than 32 bytes/);
  });
});
