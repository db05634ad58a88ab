import { expect } from 'chai';
import { COLD_BYTE } from '../../../circuits/evm/gadgets/account.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';
import { callers, contract, errors, ROOT } from './failing-calls.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;

const OOG = 'ErrorOutOfGasAccountAccess';
const SHORT = 'aux bytes 0 … 7 = gas cost + cold surcharge − gas − 1 (short of the cold cost)';
const COLD = 'ErrorOutOfGasAccountAccessCold';

describe('evm circuit: out of gas on a cold account (BALANCE, EXTCODE*, SELFDESTRUCT, the CALL family short of 2600; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const outsider = 0xf00dn;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1: 90 CALLs 91 … with 1000 gas each (SELFDESTRUCT: 6000, above its 5000) — each accesses the cold outsider and
    // fails — and stores the successes (0); tx 2: 120's own BALANCE of the outsider with 1000 gas left (the tx's gas limit)
    const calls = (op: string) => [...(op === 'CALL' || op === 'CALLCODE' ? ['PUSH0'] : []), 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0'];
    const reads: ReadonlyArray<readonly [readonly (string | number)[], string, (readonly (string | number)[])?]> = [[[], 'BALANCE'], [[], 'EXTCODESIZE'],
      [['PUSH0', 'PUSH0', 'PUSH0'], 'EXTCODECOPY'], [[], 'EXTCODEHASH'], [[], 'SELFDESTRUCT'],
      ...['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL'].map((op) => [calls(op), op, ['PUSH0']] as const)];
    b = await runPrograms([{ to: programAddress(90) }, { to: programAddress(ROOT), gasLimit: 21_000n + 3n + 1000n }], [
      ...callers(reads.map(([before, op, after]) => ({ ops: [...before, 'PUSH20', outsider, ...(after ?? []), op], gas: op === 'SELFDESTRUCT' ? 6000 : undefined }))),
      contract(ROOT, asm('PUSH20', outsider, 'BALANCE', 'STOP'))]);
    w = evmCase(b);
  });

  it('fails each access as @ethereumjs did (all gas consumed, the caller continues; the root call\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = (name: string) => [name, 'out of gas'];
    const ops = ['BALANCE', 'EXTCODESIZE', 'EXTCODECOPY', 'EXTCODEHASH', 'SELFDESTRUCT', 'CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL'];
    expect(errors(b)).to.deep.equal([[1, ops.map(oog), []], [0, [oog('BALANCE')], []]]);
    // each: the opcode's layout, AccountPrewarm (cold), the failing row; its gas left kept to the end, then 0
    const firsts = rowsOf(OOG);
    expect(firsts.map((r) => [w.steps[r + 1]!.spec.gadget.name, w.steps[r + 2]!.spec.gadget.name, w.steps[r + 1]!.aux?.aux !== undefined && ((w.steps[r + 1]!.aux!.aux! >> BigInt(8 * COLD_BYTE)) & 0xffn)]))
      .to.deep.equal(Array(10).fill(['AccountPrewarm', COLD, 1n]));
    expect(firsts.map((r) => w.steps[r]!.spec.opcode)).to.deep.equal([0x31, 0x3b, 0x3c, 0x3f, 0xff, 0xf1, 0xf2, 0xf4, 0xfa, 0x31]);
    expect(firsts.map((r) => w.steps[r]!.rws[1]!.address)).to.deep.equal(Array(10).fill(outsider));
    // the CALL family's account word is its second item (slot 2), the gas its first
    expect(firsts.map((r) => w.steps[r]!.rws.length)).to.deep.equal([2, 2, 2, 2, 2, 3, 3, 3, 3, 2]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover 2600, the account claimed warm or cold-free, the failure skipped or moved: MockProver names the rule', () => {
    const [first] = rowsOf(OOG);
    const [prewarm, end] = [first! + 1, first! + 2];
    expect(failures([{ column: 'evm gas', row: end, value: 2600n }])).to.include(`gate evm ${COLD}/${SHORT}@${end}`);
    // the warm flag read as 1: the RW table has no such access, and AccountPrewarm's cold byte would be 0
    expect(failures([{ column: 'evm slot 1 lo', row: first!, value: 1n }, { column: 'evm slot 1 prev lo', row: first!, value: 1n }]))
      .to.include.members([`lookup evm rw slot 1@${first}`, `gate evm AccountPrewarm/cold = n3, not accessed before@${prewarm}`]);
    // AccountPrewarm's cold byte 0 (as for a pre-warmed account): its own rule, and the failing row's
    expect(failures([{ column: `evm aux byte ${COLD_BYTE}`, row: prewarm, value: 0n }]))
      .to.deep.equal([`gate evm AccountPrewarm/cold = n3, not accessed before@${prewarm}`, `gate evm ${COLD}/the account is cold: AccountPrewarm's cold byte@${end}`]);
    // another account named (the address word's aux): the word read from the stack
    expect(failures([{ column: 'evm aux byte 0', row: first!, value: (x) => x + 1n }])).to.include(`gate evm ${OOG}/account word = aux lo@${first}`);
    // a CALL's account word claimed to be its top (the gas, 0): the flags say sp + 1
    const call = rowsOf(OOG)[5]!;
    expect(failures([{ column: 'evm slot 2 on', row: call, value: 0n }])).to.include(`gate evm ${OOG}/slot 2 read iff the account is at sp + 1@${call}`);
    // the access goes on as a free one (the failing row replaced by ErrorOutOfGas, which its own rule refuses too)
    expect(failures(evmStateCells('ErrorOutOfGas', end)))
      .to.include(`gate evm AccountPrewarm/${COLD} follows ${OOG}, only@${prewarm}`);
    // the first row's pc moved on
    expect(failures([{ column: 'evm pc', row: prewarm, value: (x) => x + 1n }, { column: 'evm pc', row: end, value: (x) => x + 1n }])).to.include(`gate evm ${OOG}/pc' = pc@${first}`);
    // the failing row fetched at an opcode that reads no account (SLOAD's byte and gas)
    expect(failures([{ column: 'evm opcode', row: end, value: 0x54n }])).to.include(`gate evm ${COLD}/the opcode is the flagged one@${end}`);
    // the failing row without its first row two rows before (that row claimed BALANCE's)
    expect(failures(evmStateCells('BALANCE', first!))).to.include(`gate evm ${COLD}/after ${OOG} and its AccountPrewarm@${end}`);
  });

  it('the real verifier rejects the gas claimed to cover the cold access', async () => {
    const end = rowsOf(COLD)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: end, value: 2600n }]))
      .to.include(`gate evm ${COLD}/${SHORT}@${end}`);
  });

  it('EXTCODECOPY of a warm account out of gas on its memory expansion is proven by the memory states (its warm cost a floor), not as a cold access', async () => {
    // 91 copies 65536 bytes of its own (pre-warmed) code with 1000 gas: the expansion's 14336 gas runs it out
    const warm = await runPrograms([{ to: programAddress(90) }], callers([{ ops: ['PUSH3', 0x10000, 'PUSH0', 'PUSH0', 'ADDRESS', 'EXTCODECOPY'] }]));
    expect(errors(warm)).to.deep.equal([[1, [['EXTCODECOPY', 'out of gas']], []]]);
    const r = evmCase(warm);
    expect(r.steps.filter((s) => s.spec.gadget.name === 'ErrorOutOfGasMemory').map((s) => s.spec.opcode)).to.deep.equal([0x3c]);
    expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
  });
});
