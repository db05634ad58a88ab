import { expect } from 'chai';
import { EMPTY_BYTE } from '../../../circuits/evm/gadgets/account.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';
import { addressOf, contract, errors, rowsIn } from './failing-calls.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;
const OOG = 'ErrorOutOfGasSelfdestruct';
const SHORT = 'aux bytes 0 … 7 = 25000 − gas − 1 (short of the new account)';

/** CALL(`gas`, `to`, 1 wei, no input or output); then SSTORE(slot, success). */
const callWithValue = (to: bigint, slot: number, gas: number) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH1', 1, 'PUSH20', to, 'PUSH2', gas, 'CALL', 'PUSH1', slot, 'SSTORE'] as const;

describe('evm circuit: SELFDESTRUCT out of gas on the new account\'s 25000 (ErrorOutOfGasSelfdestruct; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1 (value 5 to 90): 90 CALLs 91 and 92 with 1 wei and 10,000 gas (+ the 2300 stipend) each and stores the
    // successes (0): 91 SELFDESTRUCTs to a cold empty account (7600 paid, short of 25000), 92 to one it warmed with
    // BALANCE first; tx 2 (value 5 to 93): 93's root SELFDESTRUCT to a cold empty account with 9000 gas left
    b = await runPrograms([{ to: programAddress(90), value: 5n }, { to: programAddress(93), value: 5n, gasLimit: 21_000n + 3n + 9000n }], [
      contract(90, asm(...callWithValue(addressOf(91), 0, 10_000), ...callWithValue(addressOf(92), 1, 10_000), 'STOP')),
      contract(91, asm('PUSH20', 0xdead01n, 'SELFDESTRUCT')),
      contract(92, asm('PUSH20', 0xdead02n, 'BALANCE', 'POP', 'PUSH20', 0xdead02n, 'SELFDESTRUCT')),
      contract(93, asm('PUSH20', 0xdead03n, 'SELFDESTRUCT'))]);
    w = evmCase(b);
  });

  it('fails each SELFDESTRUCT as @ethereumjs did (all gas consumed, no balance moved; the caller continues, the root\'s tx fails); MockProver passes over the state circuit', () => {
    const oog = ['SELFDESTRUCT', 'out of gas'];
    expect(errors(b)).to.deep.equal([[1, [oog, oog], []], [0, [oog], []]]);
    const fails = rowsIn(w, OOG);
    expect(fails.map((r) => [w.steps[r - 1]!.spec.gadget.name, w.steps[r + 1]!.spec.gadget.name, w.steps[r + 1]!.gasLeft, w.steps[r]!.rws[1]!.value]))
      .to.deep.equal([['SelfdestructBeneficiary', 'CallReturn', 0n, 1n], ['SelfdestructBeneficiary', 'CallReturn', 0n, 1n], ['SelfdestructBeneficiary', 'EndTx', 0n, 5n]]);
    // no beneficiary's account is written (their warm marks are, and undone with the failing frame)
    expect(w.rws.filter((r) => r.isWrite && r.tag === RwTag.Account && [0xdead01n, 0xdead02n, 0xdead03n].includes(r.address))).to.deep.equal([]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: the gas claimed to cover 25000, no balance to send, a beneficiary claimed empty, the gas kept: MockProver names the rule', () => {
    const [cold, warm] = rowsIn(w, OOG) as [number, number];
    expect(failures([{ column: 'evm gas', row: cold, value: 25_000n }])).to.include(`gate evm ${OOG}/${SHORT}@${cold}`);
    // the balance read as 0 (and the RW table's row with it): its inverse then fails
    expect(failures([{ column: 'evm slot 1 lo', row: warm, value: 0n }, { column: 'evm slot 1 prev lo', row: warm, value: 0n }]))
      .to.include.members([`gate evm ${OOG}/a balance to send: (b lo + b hi)·inv = 1@${warm}`, `lookup evm rw slot 1@${warm}`]);
    // the beneficiary's empty byte cleared (as for one with code)
    expect(failures([{ column: `evm aux byte ${EMPTY_BYTE}`, row: cold - 1, value: 0n }])).to.include(`gate evm ${OOG}/to an empty beneficiary (EIP-161)@${cold}`);
    expect(failures([{ column: 'evm gas', row: cold + 1, value: 1n }])).to.include(`gate evm ${OOG}/all gas consumed: gas' = 0@${cold}`);
    expect(failures([{ column: 'evm gas', row: warm, value: (x) => x - 1n }])).to.include(`gate evm ${OOG}/gas carried@${warm}`);
  });

  it('the real verifier rejects the gas claimed to cover the new account', async () => {
    const cold = rowsIn(w, OOG)[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: cold, value: 25_000n }]))
      .to.include(`gate evm ${OOG}/${SHORT}@${cold}`);
  });
});
