import { expect } from 'chai';
import hre from 'hardhat';
import { Address, hexToBytes } from '@ethereumjs/util';
import { encodeFunctionData, type Hex } from 'viem';
import { compiledArtifact } from '../../node/artifacts.js';
import { arithSlots } from '../../../circuits/evm/arith-table.js';
import { evmTableOps } from '../../../circuits/evm/circuit.js';
import { modexpTableOps, padModexpCalls } from '../../../circuits/modexp/index.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmWithState } from './harness.js';

const K = 12;
const STEPS = 1400;
const RW_ROWS = 2600;
// (a MULMOD slot takes ~50 rows of the arithmetic table: 32-byte exponents of many bits are for the batch circuits' capacity)
const CAPACITY = { steps: STEPS, bitwiseOps: 0, arith: { mul: 0, divMod: 48, addMod: 0, mulMod: 48, shl: 8, shr: 24, sar: 0, slt: 0, sgt: 0 } };
const MODEXP_CAPACITY = { steps: 64, squares: 40 };

const rowOf = (w: EvmWitness, name: string, from = 0) => w.steps.findIndex((s, i) => i >= from && s.spec.gadget.name === name);
const rowsOf = (w: EvmWitness, name: string) => w.steps.flatMap((s, i) => (s.spec.gadget.name === name ? [i] : []));
const names = (w: EvmWitness) => w.steps.map((s) => s.spec.gadget.name);
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [a.slot, a.value]));
const circuit = (w: EvmWitness) => evmWithState(w, RW_ROWS, CAPACITY, MODEXP_CAPACITY);

const be = (v: bigint, n: number) => Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));
/** EIP-198's input: the three lengths as words, then base, exponent and modulus big-endian in their lengths. */
const modexpInput = (base: bigint, bl: number, exp: bigint, el: number, mod: bigint, ml: number) =>
  Uint8Array.from([...be(BigInt(bl), 32), ...be(BigInt(el), 32), ...be(BigInt(ml), 32), ...be(base, bl), ...be(exp, el), ...be(mod, ml)]);
/** MSTOREs writing `bytes` at memory 0 (whole words: the bytes after it are zeros). */
const write = (bytes: Uint8Array) => Array.from({ length: Math.ceil(bytes.length / 32) }, (_, i) => ['PUSH32', BigInt(`0x${Buffer.from(bytes.slice(32 * i, 32 * i + 32)).toString('hex').padEnd(64, '0')}`), 'PUSH2', 32 * i, 'MSTORE']).flat();
/**
 * STATICCALL of 0x05 (all gas left, or `gas`) with input memory[0, size) and 32 bytes asked back at 0x200; then slot
 * `slot` = its success, slot + 1 = the word at 0x200, slot + 2 = RETURNDATASIZE.
 */
const modexp = (size: number, slot: number, gas?: number) => ['PUSH1', 32, 'PUSH2', 0x200, 'PUSH2', size, 'PUSH0', 'PUSH1', 5, ...(gas === undefined ? ['GAS'] : ['PUSH2', gas]), 'STATICCALL',
  'PUSH1', slot, 'SSTORE', 'PUSH2', 0x200, 'MLOAD', 'PUSH1', slot + 1, 'SSTORE', 'RETURNDATASIZE', 'PUSH1', slot + 2, 'SSTORE'];
const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  if (m === 0n) return 0n;
  let r = 1n % m;
  for (let x = b % m, k = e; k > 0n; k >>= 1n, x = (x * x) % m) if ((k & 1n) === 1n) r = (r * x) % m;
  return r;
};

describe('evm circuit: the MODEXP precompile (0x05) called from code (differential against @ethereumjs/evm)', function () {
  this.timeout(900_000);
  const rng = new Rng(0x5e);
  // a 32-byte base and modulus, a 32-byte exponent 65537 (RSA's): 16 squares
  const [B, E, M] = [rng.bits(256), 0x10001n, rng.bits(255) | 1n];
  const small = modexpInput(3n, 1, 5n, 1, 7n, 1);
  const full = modexpInput(B, 32, E, 32, M, 32);
  let calls: EvmWitness;
  let callsBlock: BlockTrace;
  let edges: EvmWitness;
  let edgesBlock: BlockTrace;

  before(async () => {
    // 3^5 mod 7 (1-byte operands); 32-byte operands; the small input cut to 98 bytes (exponent and modulus read as 0: 0 output bytes of 1 … the modulus 0)
    callsBlock = await runPrograms([asm(...write(small), ...modexp(small.length, 0), ...write(full), ...modexp(full.length, 3), ...write(small), ...modexp(98, 6), 'STOP')]);
    calls = evmCase(callsBlock);
    // an exponent 0 (1 mod m); a modulus 0 (2 zero bytes); no modulus bytes (empty output); mixed lengths (5, 3, 17); out of gas (199 gas),
    // then the same input with its gas (two runs of one input, two outcomes)
    edgesBlock = await runPrograms([asm(
      ...write(modexpInput(9n, 1, 0n, 1, 10n, 1)), ...modexp(99, 0), ...write(modexpInput(9n, 1, 3n, 1, 0n, 2)), ...modexp(100, 3),
      ...write(modexpInput(9n, 1, 3n, 1, 0n, 0)), ...modexp(98, 6), ...write(modexpInput(0x0102030405n, 5, 0x10001n, 3, (1n << 130n) + 7n, 17)), ...modexp(121, 9),
      ...write(small), ...modexp(small.length, 12, 199), ...modexp(small.length, 15), 'STOP')]);
    edges = evmCase(edgesBlock);
  });

  it('1- and 32-byte operands and a cut input: the result returned, EIP-2565 gas; storage as @ethereumjs; MockProver passes over the state circuit', () => {
    expect(callsBlock.txs.map((t) => [t.status, t.precompiles.map((p) => p.success), unsupportedOps(t)])).to.deep.equal([[1, [true, true, true], []]]);
    expect(storageWrites(calls)).to.deep.equal(traced(callsBlock));
    expect(calls.modexpCalls.map((c) => [c.result, c.gas])).to.deep.equal([[5n, 200n], [modPow(B, E, M), 200n], [0n, 200n]]);
    // the word at 0x200 after each call: the output at its first bytes, then what the earlier calls left
    expect(storageWrites(calls).map((x) => x[1]).slice(0, 3)).to.deep.equal([1n, 5n << 248n, 1n]);
    const head = rowOf(calls, 'PrecompileModexp');
    const operands = [0, 1, 2].flatMap(() => [...Array(8).fill('ModexpInput'), 'ModexpOperand']);
    expect(names(calls).slice(head, head + 56)).to.deep.equal(['PrecompileModexp', ...Array(24).fill('ModexpInput'), 'ModexpLengths', ...operands, 'ModexpResult', 'ModexpOutput', 'CallReturn']);
    expect(honestFailures(circuit(calls), K)).to.deep.equal([]);
  });

  it('edges: exponent 0, modulus 0, no modulus bytes, mixed lengths, out of gas (all its gas, 0 pushed), the same input again with its gas; MockProver passes', () => {
    expect(edgesBlock.txs.map((t) => [t.status, t.precompiles.map((p) => p.success), unsupportedOps(t)])).to.deep.equal([[1, [true, true, true, true, false, true], []]]);
    expect(storageWrites(edges)).to.deep.equal(traced(edgesBlock));
    expect(edges.modexpCalls.map((c) => c.result)).to.deep.equal([1n, 0n, 0n, modPow(0x0102030405n, 0x10001n, (1n << 130n) + 7n), 5n, 5n]);
    // RETURNDATASIZE: 1, 2, 0, 17, 0, 1
    expect(storageWrites(edges).map((x) => x[1]).filter((_, i) => i % 3 === 2)).to.deep.equal([1n, 2n, 0n, 17n, 0n, 1n]);
    expect(names(edges).filter((n) => n === 'ModexpOutOfGas')).to.have.length(1);
    expect(honestFailures(circuit(edges), K)).to.deep.equal([]);
  });

  it('a Solidity contract (contracts/test/ModExpLog.sol) with 32-byte operands: results stored as @ethereumjs; MockProver passes', async () => {
    const at = new Address(hexToBytes('0x0000000000000000000000000000000000005e05'));
    const { abi } = await compiledArtifact('ModExpLog');
    const code = hexToBytes((await hre.artifacts.readArtifact('ModExpLog')).deployedBytecode as Hex);
    const power = (b: bigint, e: bigint, m: bigint) => hexToBytes(encodeFunctionData({ abi, functionName: 'power', args: [b, e, m] }));
    // a Fermat check: 2^(p − 1) mod p = 1 for the prime p = 65521 (its Solidity memory traffic fills the RW table at this k)
    const p = 65521n;
    const b = await runPrograms([{ to: at, data: power(2n, p - 1n, p) }], [{ address: at, code }]);
    expect(b.txs.map((t) => [t.status, t.precompiles.map((x) => x.success), unsupportedOps(t)])).to.deep.equal([[1, [true], []]]);
    const w = evmCase(b);
    expect(w.modexpCalls.map((c) => c.result)).to.deep.equal([1n]);
    const writes = storageWrites(w);
    expect(writes).to.deep.equal(traced(b));
    expect(writes.map((x) => x[1])).to.deep.equal([1n, 1n]);
    // the arithmetic table holds exactly the slots its ops take (its rows are this k's limit)
    const ops = evmTableOps(w.steps);
    const arith = arithSlots([...ops.arith, ...modexpTableOps(padModexpCalls(w.modexpCalls, MODEXP_CAPACITY))]);
    expect(honestFailures(evmWithState(w, 4000, { steps: STEPS, arith, bitwiseOps: ops.and.length }, MODEXP_CAPACITY), K)).to.deep.equal([]);
  });

  it('a DELEGATECALL of 0x05 runs the same rows (the frame runs as its caller; CallCredit picks the rows by the code address); MockProver passes', async () => {
    const delegate = ['PUSH1', 32, 'PUSH2', 0x200, 'PUSH2', small.length, 'PUSH0', 'PUSH1', 5, 'GAS', 'DELEGATECALL', 'PUSH0', 'SSTORE', 'PUSH2', 0x200, 'MLOAD', 'PUSH1', 1, 'SSTORE'];
    const b = await runPrograms([asm(...write(small), ...delegate, 'STOP')]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const w = evmCase(b);
    expect(w.modexpCalls.map((c) => c.result)).to.deep.equal([5n]);
    expect(storageWrites(w).map((x) => x[1])).to.deep.equal([1n, 5n << 248n]);
    expect(honestFailures(circuit(w), K)).to.deep.equal([]);
  });

  it('operands longer than 32 bytes are refused with the reason (coverage and the witness builder agree)', async () => {
    const long = modexpInput(2n, 33, 3n, 1, 5n, 1);
    const b = await runPrograms([asm(...write(long), ...modexp(long.length, 0), 'STOP')]);
    expect(unsupportedOps(b.txs[0]!)).to.deep.equal(['a MODEXP call with an operand longer than 32 bytes (lengths 33, 1, 1): not supported yet']);
    expect(() => evmCase(b)).to.throw(UnsupportedExecutionError, /operand longer than 32 bytes/);
  });

  it('mutations are named: the result, an operand, a length, the clamp, an input byte, an output byte, the gas; the real verifier rejects', async () => {
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(circuit(calls), K, [], edits);
    const head = rowOf(calls, 'PrecompileModexp');
    const [op1, , op3] = rowsOf(calls, 'ModexpOperand');
    const result = rowOf(calls, 'ModexpResult');
    // another result claimed: the MODEXP table has no such row
    expect(rr([{ column: 'evm slot 2 lo', row: op3!, value: (x) => x + 1n }])).to.include(`lookup evm modexp@${op3}`);
    // another base (its window's shift): the arithmetic table refuses it
    expect(rr([{ column: 'evm slot 0 lo', row: op1!, value: (x) => x + 1n }])).to.include(`lookup evm arith@${op1}`);
    // the base length claimed 2: the window's shift and the table row disagree
    expect(rr([{ column: 'evm aux byte 9', row: head + 26, value: 2n }])).to.include(`gate evm ModexpLengths/length 0: the base window's queue@${head + 25}`);
    // the header window claimed shorter (95 bytes: ml's last byte read as 0)
    expect(rr([{ column: 'evm c1', row: head + 1, value: 95n }])).to.include(`gate evm PrecompileModexp/window: c1' = high ? W : neither ? x : 0@${head}`);
    // an input byte other than memory's
    expect(rr([{ column: 'evm inv', row: head + 24, value: (x) => x + 1n }])).to.include(`gate evm ModexpInput/inv = the half so far: its bytes after the previous rows' (none where z)@${head + 24}`);
    // an output byte other than the result's
    const out = rowOf(calls, 'ModexpOutput');
    expect(rr([{ column: 'evm slot 0 lo', row: out, value: (x) => x ^ 1n }])).to.include(`gate evm ModexpOutput/written byte 0 lo = aux byte 31@${out}`);
    // cheaper than the table's gas
    expect(rr([{ column: 'evm gas', row: result + 1, value: (x) => x + 1n }])).to.include(`gate evm ModexpResult/not short: gas' = gas − G@${result}`);
    expect(await expectVerifierRejects(circuit(calls), K, [], [{ column: 'evm slot 2 lo', row: op3!, value: (x) => x + 1n }])).to.include(`lookup evm modexp@${op3}`);
  });

  it('mutations of the edges are named: out of gas claimed with the gas there, output rows skipped', () => {
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(circuit(edges), K, [], edits);
    const results = rowsOf(edges, 'ModexpResult');
    const oog = rowOf(edges, 'ModexpOutOfGas');
    expect(rr([{ column: 'evm gas', row: oog, value: 200n }, { column: 'evm gas', row: oog - 1, value: 200n }])).to.include(`gate evm ModexpResult/aux bytes 0 … 7 = short ? G − gas − 1 : gas − G@${oog - 1}`);
    // the 17-byte output's length claimed 16 (its last row writes 1 byte fewer)
    const outs = rowsOf(edges, 'ModexpOutput').filter((r) => r > results[3]! && r < results[4]!);
    expect(rr([{ column: 'evm c1', row: results[3]! + 1, value: 16n }])).to.include(`gate evm ModexpResult/output: c1' = ml@${results[3]}`);
    expect(outs).to.have.length(5);
  });
});
