/**
 * Review forgeries (soundness; session 11's review of create-opcode.ts and the call return): witnesses that passed
 * MockProver, also over the keccak, bytecode and state circuits, while the EVM did otherwise. Each is refused now by
 * the rule named.
 */
import { expect } from 'chai';
import { EvmFixtureCircuit, evmFixtureInput, evmFixtureInstances } from '../../../circuits/evm/fixture.js';
import type { RwRow } from '../../../circuits/state/table.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness, ExecStep } from '../../../circuits/witness/evm.js';
import { honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmComposedOf } from './harness.js';

const K = 11;
const STEPS = 512;
const COMPOSED = { steps: STEPS, bitwiseOps: 0, rw: 1024, bytecode: 512 };
const SALT = 0x5a17n;

/**
 * Drops steps [from, to) and their RW operations, renumbering the operations and steps after them, and lowering
 * the `reversible` cell of the steps after by `reversibleDrop`.
 */
function cut(w: EvmWitness, from: number, to: number, reversibleDrop: bigint): { steps: ExecStep[]; rws: RwRow[] } {
  const lo = w.steps[from]!.rwCounter;
  const hi = w.steps[to]!.rwCounter;
  const shift = hi - lo;
  const renumbered = new Map<RwRow, RwRow>();
  const rws: RwRow[] = [];
  for (const r of w.rws) {
    if (r.rwCounter >= lo && r.rwCounter < hi) continue;
    const n = { ...r, rwCounter: r.rwCounter >= hi ? r.rwCounter - shift : r.rwCounter };
    renumbered.set(r, n);
    rws.push(n);
  }
  const steps = w.steps.flatMap((s, i) => {
    if (i >= from && i < to) return [];
    const after = i >= to;
    return [{ ...s, rwCounter: after ? s.rwCounter - shift : s.rwCounter, rws: s.rws.map((r) => renumbered.get(r)!), reversible: after ? s.reversible - reversibleDrop : s.reversible }];
  });
  return { steps, rws };
}

describe('evm circuit: review forgeries of a creation and a call return, refused (soundness regressions)', function () {
  this.timeout(600_000);

  it('a CREATE2 chain stopped after CreateHash (nonce bumped, no frame, no account, the salt left as the "pushed" word) is refused: CreateHash is followed by its input rows', async () => {
    // CREATE2(value 0, empty init code, salt); JUMPDEST; POP; STOP
    const block = await runPrograms([asm('PUSH32', SALT, 'PUSH1', 0, 'PUSH0', 'PUSH1', 0, 'CREATE2', 'JUMPDEST', 'POP', 'STOP')]);
    const input = evmFixtureInput(block);
    const w = input.witness;
    const names = w.steps.map((s) => s.spec.gadget.name);
    expect(honestFailures(new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, input), K, evmFixtureInstances(w))).to.deep.equal([]);
    const hash = names.indexOf('CreateHash');
    const jumpdest = names.indexOf('JUMPDEST');
    expect(names.slice(hash + 1, jumpdest)).to.include.members(['CreateInputBytes', 'CreateGas', 'CreateSave', 'CreateSwitch', 'CreateAccount', 'CallDebit', 'CallCredit', 'CallReturn', 'CallResume']);
    // the forged trace: CREATE2, KeccakBytes, CreateInit, CreateSender, CreateHash, JUMPDEST (with CreateInputBytes row 0's
    // aux, c0, c1, inv: the input's first 32 bytes, index 0, length 85, its keccak id), POP (reads the salt), STOP, EndTx …
    const firstInput = w.steps[hash + 1]!.aux!;
    const drop = w.steps[jumpdest]!.reversible - (w.steps[hash]!.reversible + 1n);
    const { steps, rws } = cut(w, hash + 1, jumpdest, drop);
    const at = hash + 1;
    expect(steps[at]!.spec.gadget.name).to.equal('JUMPDEST');
    steps[at] = { ...steps[at]!, aux: { aux: firstInput.aux, c0: firstInput.c0, c1: firstInput.c1, inv: firstInput.inv } };
    // POP reads the stack top: the salt (nothing was pushed over it)
    const pop = steps[at + 1]!;
    expect(pop.spec.gadget.name).to.equal('POP');
    const read = pop.rws[0]!;
    const salted = { ...read, value: SALT, valuePrev: SALT };
    rws[rws.indexOf(read)] = salted;
    steps[at + 1] = { ...pop, rws: [salted] };
    const forged: EvmWitness = { ...w, steps, rws, rwCounterEnd: w.rwCounterEnd - (w.steps[jumpdest]!.rwCounter - w.steps[hash + 1]!.rwCounter) };
    // the new account is never made (no nonce 0 → 1 at the CREATE2 address), no frame ran, yet every constraint holds
    const created = w.steps[names.indexOf('CreateAccount')]!.rws[2]!;
    expect([created.tag, created.fieldTag, created.valuePrev, created.value]).to.deep.equal([RwTag.Account, AccountField.Nonce, 0n, 1n]);
    expect(forged.rws.filter((r) => r.tag === RwTag.Account && r.address === created.address)).to.deep.equal([]);
    const circuit = new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, { ...input, witness: forged });
    // (it passed every rule before: the JUMPDEST row's cells satisfy what CreateHash asks of its next row)
    expect(honestFailures(circuit, K, evmFixtureInstances(forged))).to.deep.equal([`gate evm CreateHash/next is CreateInputBytes@${at - 1}`]);
    expect(honestFailures(evmComposedOf(input, COMPOSED, 8), 12)).to.deep.equal([]);
    expect(honestFailures(evmComposedOf({ ...input, witness: forged }, COMPOSED, 8), 12)).to.include(`gate evm CreateHash/next is CreateInputBytes@${at - 1}`);
  });
  it('a callee that overspends (gas left p − 2 at its RETURN) claimed to succeed, its overdraft paid from the caller\'s kept 64th, is refused: CallRestoreStatic range-checks the gas it hands back', async () => {
    // the callee B: PUSH0 PUSH0 RETURN (4 gas). The caller CALLs B with g = SLOAD(0) gas and stores the success flag at slot 1.
    const b = programAddress(41);
    const caller = asm('PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', BigInt(b.toString()), 'PUSH0', 'SLOAD', 'CALL', 'PUSH1', 1, 'SSTORE', 'STOP');
    // honest world: slot 0 holds 4, B has exactly its 4 gas and succeeds
    const block = await runPrograms([{ to: programAddress(40) }], [{ address: programAddress(40), code: caller, storage: [[0n, 4n]] }, { address: b, code: asm('PUSH0', 'PUSH0', 'RETURN') }]);
    const input = evmFixtureInput(block);
    const w = input.witness;
    const names = w.steps.map((x) => x.spec.gadget.name);
    expect(honestFailures(new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, input), K, evmFixtureInstances(w))).to.deep.equal([]);
    // what the EVM does with slot 0 = 2: B fails (out of gas), slot 1 is written 0
    const real = await runPrograms([{ to: programAddress(40) }], [{ address: programAddress(40), code: caller, storage: [[0n, 2n]] }, { address: b, code: asm('PUSH0', 'PUSH0', 'RETURN') }]);
    expect(real.txs[0]!.steps.some((x) => x.depth === 1 && x.error !== undefined)).to.equal(true);
    expect(real.txs[0]!.storage.filter((a) => a.isWrite).map((a) => [a.slot, a.value])).to.deep.equal([[1n, 0n]]);
    // forged world: slot 0 holds 2, so B gets 2 gas: @ethereumjs runs it out of gas at its second PUSH0 (CALL pushes 0,
    // slot 1 stays 0). The forged witness: B's rows run on to gas −2 (field p − 2), RETURN, success 1 pushed and stored.
    const rws = [...w.rws];
    const steps = [...w.steps];
    const patch = (i: number, f: (s: ExecStep) => Partial<ExecStep>, rw: Record<number, (r: RwRow) => Partial<RwRow>> = {}) => {
      const st = steps[i]!;
      const newRws = st.rws.map((r, j) => {
        if (rw[j] === undefined) return r;
        const n = { ...r, ...rw[j]!(r) };
        rws[rws.indexOf(r)] = n;
        return n;
      });
      steps[i] = { ...st, ...f(st), rws: newRws };
    };
    const sload = names.indexOf('SLOAD');
    expect(w.steps[sload]!.aux!.aux).to.equal(4n);
    patch(sload, (st) => ({ aux: { ...st.aux!, aux: 2n } }), { 1: () => ({ value: 2n, valuePrev: 2n, committedValue: 2n }), 3: () => ({ value: 2n }) });
    const gas = names.indexOf('CallGas');
    expect(w.steps[gas]!.rws[2]!.value).to.equal(4n);
    expect(w.steps[gas]!.aux!.inv).to.equal(4n);
    // G = min(g, L) = 2: L − g − 1 grows by 2, inv = 2
    patch(gas, (st) => ({ aux: { ...st.aux!, aux: st.aux!.aux! + (2n << 16n), inv: 2n } }), { 2: () => ({ value: 2n, valuePrev: 2n }) });
    for (const n of ['CallStatic', 'CallSave', 'CallSwitch']) patch(names.indexOf(n), (st) => ({ gasLeft: st.gasLeft + 2n }), n === 'CallSave' ? { 2: (r) => ({ value: r.value + 2n }) } : {});
    const [debit, resume] = [names.indexOf('CallDebit'), names.indexOf('CallResume')];
    for (let i = debit; i <= resume; i++) patch(i, (st) => ({ gasLeft: st.gasLeft - 2n }), names[i] === 'CallRestore' ? { 0: (r) => ({ value: r.value + 2n, valuePrev: r.valuePrev + 2n }) } : {});
    const ret = names.indexOf('RETURN');
    expect(ret).to.be.within(debit, resume);
    const forged: EvmWitness = { ...w, steps, rws };
    // B's RETURN runs at gas −2 (it had 2, spent 4), its caller resumes with 2 gas less than it saved, and success is stored
    expect(forged.steps[ret]!.gasLeft).to.equal(-2n);
    expect(forged.steps[names.indexOf('CallSwitch')]!.rws[1]!.value).to.equal(1n);
    const circuit = new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, { ...input, witness: forged });
    const restore = names.indexOf('CallRestoreStatic');
    expect(honestFailures(circuit, K, evmFixtureInstances(forged))).to.deep.equal([`gate evm CallRestoreStatic/aux bytes 0 … 7 = the callee's gas left (≥ 0)@${restore}`]);
    expect(honestFailures(evmComposedOf({ ...input, witness: forged }, COMPOSED, 8), 12)).to.include(`gate evm CallRestoreStatic/aux bytes 0 … 7 = the callee's gas left (≥ 0)@${restore}`);
  });
});
