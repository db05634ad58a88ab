import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { erc20Transfer } from '../witness/erc20.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 10;
const STEPS = 64;
const RW_ROWS = 160;
const WORD = (1n << 255n) + 0xdeadn;

/** The EVM circuit over the state circuit's RW table (a failed call's RW rows must be a consistent table too). */
const withState = (w: EvmWitness) => evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 });
const rowOf = (w: EvmWitness, name: string) => w.steps.findIndex((s) => s.spec.gadget.name === name);

/**
 * A call that runs out of gas on a constant-gas opcode: an MSTORE far out burns all but ~50 of the 979 000 gas the
 * call starts with (runPrograms: gas limit 10^6), then a JUMPDEST, PUSH1, JUMP loop (12 gas a round) runs dry.
 */
function outOfGasProgram(): Uint8Array {
  const start = 1_000_000n - 21_000n - 9n; // PUSH1, PUSH4, MSTORE: 3 each before the expansion
  let words = 1n;
  while (start - (3n * (words + 1n) + (words + 1n) ** 2n / 512n) > 50n) words++;
  return asm('PUSH1', 1, 'PUSH4', 32n * (words - 1n), 'MSTORE', 'JUMPDEST', 'PUSH1', 8, 'JUMP');
}

describe('evm circuit: failing root calls (REVERT, INVALID) and the implicit STOP (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);

  it('REVERT with data: status 0, the returned word is the revert data, the unused gas refunded; MockProver passes over the state circuit', async () => {
    const block = await runPrograms([asm('PUSH32', WORD, 'PUSH1', 0, 'MSTORE', 'PUSH1', 32, 'PUSH1', 0, 'REVERT')]);
    const tx = block.txs[0]!;
    expect(tx.status).to.equal(0);
    expect(BigInt(`0x${Buffer.from(tx.returnData).toString('hex')}`)).to.equal(WORD);
    const w = evmCase(block); // the builder checks the tx's gas used against the circuit's rules
    const r = rowOf(w, 'REVERT');
    expect(w.steps[r + 1]!.spec.name).to.equal('EndTx');
    expect(w.steps[r + 1]!.gasLeft, 'the gas left after REVERT is refunded').to.equal(tx.gasLimit - tx.gasUsed);
    expect(w.steps[r + 1]!.gasLeft).to.equal(w.steps[r]!.gasLeft); // the word is in memory already: REVERT costs 0
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
  });

  it('INVALID (0xfe) and an unassigned byte consume all the gas; running past the code\'s end stops there', async () => {
    const block = await runPrograms([Uint8Array.of(0x60, 1, 0xfe), Uint8Array.of(0x60, 1, 0x0c), asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'POP')]);
    expect(block.txs.map((t) => t.status)).to.deep.equal([0, 0, 1]);
    expect(block.txs.slice(0, 2).map((t) => t.gasUsed)).to.deep.equal(block.txs.slice(0, 2).map((t) => t.gasLimit));
    const w = evmCase(block);
    const ends = w.steps.filter((s) => s.spec.name === 'EndTx');
    expect(ends.map((s) => s.gasLeft).slice(0, 2)).to.deep.equal([0n, 0n]);
    const stop = w.steps[rowOf(w, 'ImplicitStop')]!;
    expect([stop.pc, stop.sp]).to.deep.equal([6, 1024]);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
  });

  it('a solc ERC-20 transfer above the balance reverts (InsufficientBalance) before any write: provable; MockProver passes', async () => {
    const { block } = await erc20Transfer(5000n);
    const tx = block.txs[0]!;
    expect(tx.status).to.equal(0);
    expect(tx.steps.at(-1)!.name).to.equal('REVERT');
    expect(unsupportedOps(tx)).to.deep.equal([]);
    const w = evmCase(block);
    expect(w.rws.filter((r) => r.tag === RwTag.Storage).every((r) => !r.isWrite)).to.equal(true);
    // the fixture's RW table of the ~1000 operations needs k = 11 (as erc20.test.ts)
    const tables = { bitwiseOps: 8, arith: { mul: 2, divMod: 2, addMod: 0, mulMod: 0, shl: 8, shr: 8, sar: 0, slt: 2, sgt: 2 } };
    expect(honestFailures(evmTestCircuit(500, w, tables), 11, evmInstances(w))).to.deep.equal([]);
  });

  it('out of gas below the opcode\'s constant gas: all gas consumed; MockProver passes over the state circuit; a cost other than the opcode\'s fails the fetched-opcode lookup', async () => {
    const w = evmCase(await runPrograms([outOfGasProgram()]));
    const r = rowOf(w, 'ErrorOutOfGas');
    const oog = w.steps[r]!;
    expect(oog.gasLeft < BigInt(oog.spec.gas)).to.equal(true);
    expect(w.steps[r + 1]!.gasLeft).to.equal(0n);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
    // claiming a cost above the gas left that is not the opcode's
    const f = failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gasCost', row: r, value: oog.gasLeft + 1n }]);
    expect(f).to.deep.equal([`gate evm ErrorOutOfGas/aux bytes 0 … 7 = gas cost − gas − 1@${r}`, `lookup evm fetched opcode@${r}`]);
  });

  it('stack underflow (ADD on none, SWAP2 on two): all gas consumed; MockProver passes; a need other than the opcode\'s fails the fetched-opcode lookup', async () => {
    const block = await runPrograms([asm('ADD'), asm('PUSH1', 1, 'DUP1', 'SWAP2')]);
    expect(block.txs.map((t) => t.steps.at(-1)!.error)).to.deep.equal(['stack underflow', 'stack underflow']);
    const w = evmCase(block);
    const rows = w.steps.flatMap((s, i) => (s.spec.gadget.name === 'ErrorStackUnderflow' ? [i] : []));
    expect(rows.map((r) => w.steps[r]!.spec.param)).to.deep.equal([2, 3]);
    expect(rows.map((r) => w.steps[r + 1]!.gasLeft)).to.deep.equal([0n, 0n]);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
    // SWAP2 claimed to need 2 items, which the stack holds: the aux rule wraps, and SWAP2's row says 3
    const f = failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm param', row: rows[1]!, value: 2n }]);
    expect(f).to.deep.equal([`gate evm ErrorStackUnderflow/aux bytes 0, 1 = need − stack length − 1@${rows[1]}`, `lookup evm fetched opcode@${rows[1]}`]);
  });

  it('stack underflow of operands a continuation reads (LOG2 on three items, CALL on six): the opcode\'s full need (4, 7); MockProver passes', async () => {
    const block = await runPrograms([asm('PUSH0', 'PUSH0', 'PUSH0', 'LOG2'), asm(...Array<string>(6).fill('PUSH0'), 'CALL')]);
    expect(block.txs.map((t) => [t.status, t.steps.at(-1)!.error, unsupportedOps(t)])).to.deep.equal([[0, 'stack underflow', []], [0, 'stack underflow', []]]);
    const w = evmCase(block);
    const rows = w.steps.flatMap((s, i) => (s.spec.gadget.name === 'ErrorStackUnderflow' ? [i] : []));
    expect(rows.map((r) => w.steps[r]!.spec.param)).to.deep.equal([4, 7]);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
  });

  it('stack overflow (a 1025th PUSH0): all gas consumed; MockProver passes; a stack delta other than the opcode\'s fails the rule and the fetched-opcode lookup', async () => {
    const block = await runPrograms([asm(...Array<string>(1025).fill('PUSH0'))]);
    expect(block.txs[0]!.steps.at(-1)!.error).to.equal('stack overflow');
    const w = evmCase(block);
    const r = rowOf(w, 'ErrorStackOverflow');
    expect([w.steps[r]!.sp, w.steps[r + 1]!.gasLeft]).to.deep.equal([0, 0n]);
    const circuit = (x: EvmWitness) => evmTestCircuit(1100, x);
    expect(honestFailures(circuit(w), 11, evmInstances(w))).to.deep.equal([]);
    const f = failuresAfter(circuit(w), 11, evmInstances(w), [{ column: 'evm spDelta', row: r, value: 0n }]);
    expect(f).to.deep.equal([`gate evm ErrorStackOverflow/the opcode pushes one more: sp delta = −1@${r}`, `lookup evm fetched opcode@${r}`]);
  });

  it('invalid jumps (past the code, into PUSH data, onto ADD by JUMPI): all gas consumed; MockProver passes; a JUMPDEST claimed as another byte fails the code-byte lookup', async () => {
    const block = await runPrograms([
      asm('PUSH1', 100, 'JUMP'), asm('PUSH2', 0x5b5b, 'PUSH1', 1, 'JUMP'), asm('PUSH1', 1, 'PUSH1', 5, 'JUMPI', 'ADD'),
    ]);
    expect(block.txs.map((t) => t.steps.at(-1)!.error!.split(' at ')[0])).to.deep.equal(['invalid JUMP', 'invalid JUMP', 'invalid JUMP']);
    const w = evmCase(block);
    const rows = w.steps.flatMap((s, i) => (s.spec.gadget.name === 'ErrorInvalidJump' ? [i] : []));
    expect(rows.map((r) => w.steps[r + 1]!.gasLeft)).to.deep.equal([0n, 0n, 0n]);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
    // the PUSH data byte 0x5b claimed to be code: v = 0 has no inverse, and the table says isCode = 0
    const f = failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 17', row: rows[1]!, value: 1n }]);
    expect(f).to.deep.equal([`gate evm ErrorInvalidJump/v = far ? dest hi : isCode·(byte − JUMPDEST) + 1 − isCode@${rows[1]}`, `lookup evm code byte@${rows[1]}`]);
  });

  it('invalid jumps to 2^128 or more (JUMP to 2^128, JUMPI to 2^256 − 1): all gas consumed; MockProver passes; a far flag on a near destination and a near claim on a far one are refused', async () => {
    const block = await runPrograms([asm('PUSH17', 1n << 128n, 'JUMP'), asm('PUSH1', 1, 'PUSH32', (1n << 256n) - 1n, 'JUMPI'), asm('PUSH1', 100, 'JUMP')]);
    expect(block.txs.map((t) => [t.steps.at(-1)!.error!.split(' at ')[0], unsupportedOps(t)])).to.deep.equal([['invalid JUMP', []], ['invalid JUMP', []], ['invalid JUMP', []]]);
    const w = evmCase(block);
    const [far, farJumpi, near] = w.steps.flatMap((s, i) => (s.spec.gadget.name === 'ErrorInvalidJump' ? [i] : [])) as [number, number, number];
    expect([far, farJumpi, near].map((r) => w.steps[r + 1]!.gasLeft)).to.deep.equal([0n, 0n, 0n]);
    expect(honestFailures(withState(w), K)).to.deep.equal([]);
    const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    // 100 (hi = 0) claimed far: v = dest hi = 0 has no inverse (and aux lo must be 0)
    expect(failures([{ column: 'evm aux byte 18', row: near, value: 1n }, { column: 'evm aux byte 0', row: near, value: 0n }, { column: 'evm slot 3 hi', row: near, value: 0n }, { column: 'evm slot 3 prev hi', row: near, value: 0n }]))
      .to.deep.equal([`gate evm ErrorInvalidJump/v ≠ 0: v · inv = 1@${near}`]);
    // 2^128 claimed near: its hi must be 0
    expect(failures([{ column: 'evm aux byte 18', row: far, value: 0n }])).to.include.members([`gate evm ErrorInvalidJump/near: dest hi = 0@${far}`]);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 18', row: farJumpi, value: 0n }]))
      .to.include(`gate evm ErrorInvalidJump/near: dest hi = 0@${farJumpi}`);
  });

});

describe('evm circuit: a failed call cannot keep a wrong gas refund (its kept writes: reversion.test.ts)', function () {
  this.timeout(300_000);
  let invalid: EvmWitness;
  before(async () => {
    invalid = evmCase(await runPrograms([Uint8Array.of(0x60, 1, 0xfe)]));
  });
  const failures = (w: EvmWitness, edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  /** INVALID's gas kept for the refund: EndTx starts with 1 gas (its range check and EndTxRefund's carry see the edit too). */
  const keptGas = () => [{ column: 'evm gas', row: rowOf(invalid, 'INVALID') + 1, value: 1n }];
  const keptGasFailures = (r: number) => [`gate evm EndTx/aux bytes 0 … 7 = gas left@${r + 1}`, `gate evm EndTxRefund/gas carried@${r + 2}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`];

  it('INVALID that keeps gas for a refund fails its gas transition', () => {
    expect(failures(invalid, keptGas())).to.deep.equal(keptGasFailures(rowOf(invalid, 'INVALID')));
  });

  it('the real verifier rejects an INVALID whose gas is refunded', async () => {
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, invalid), K, evmInstances(invalid), keptGas());
    expect(failed).to.deep.equal(keptGasFailures(rowOf(invalid, 'INVALID')));
  });
});
