import { expect } from 'chai';
import { createAddressFromString, generateAddress, Address } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace, TxTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { deploy } from '../witness/deploy.js';
import { asm, runPrograms } from '../witness/run.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { minK } from '../../../circuits/gadgets/index.js';
import { bindingRows, SmtBindingCircuit } from '../../../circuits/smt/index.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { TreeState } from '../smt/state-fixture.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 10;
const STEPS = 256;
const RW_ROWS = 400;

const addr = (hex: string) => createAddressFromString(hex);
const word = (a: Address) => BigInt(a.toString());

/**
 * Every account field the tx's RW rows leave, against what @ethereumjs left: the trace's last write of the field in
 * the tx, or its value before the tx's first access when it wrote none.
 */
function finalFieldsAgree(w: EvmWitness, tx: TxTrace, txId: number): void {
  const names = { [AccountField.Nonce]: 'nonce', [AccountField.Balance]: 'balance', [AccountField.CodeHash]: 'codeHash' } as const;
  const steps = w.steps.filter((s) => s.txId === txId);
  const [from, to] = [steps[0]!.rwCounter, steps.at(-1)!.rwCounter + steps.at(-1)!.rws.length];
  const ours = new Map<string, bigint>();
  // (HasStorage is no traced field: creations read it, create-collision.test.ts)
  for (const r of w.rws) if (r.tag === RwTag.Account && r.fieldTag !== AccountField.HasStorage && r.rwCounter >= from && r.rwCounter < to) ours.set(`${r.address}:${names[r.fieldTag as keyof typeof names]}`, r.value);
  expect(ours.size).to.be.greaterThan(0);
  for (const [key, value] of ours) {
    const accesses = tx.accounts.filter((a) => `${BigInt(a.address)}:${a.field}` === key);
    const theirs = accesses.filter((a) => a.isWrite).at(-1)?.value ?? accesses[0]?.valuePrev;
    expect(value, `tx ${tx.index} account field ${key}`).to.equal(theirs);
  }
}

describe('evm circuit: SELFDESTRUCT of a called contract (EIP-6780, EIP-2929, EIP-161; differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const funded = addr('0x000000000000000000000000000000000000f00d');
  const empty = addr('0x0000000000000000000000000000000000000e00');
  const empty2 = addr('0x0000000000000000000000000000000000000e01');
  const [toCold, toSender, toEmpty, toSelf, masked, nothing] = ['0ba1', '0ba2', '0ba3', '0ba4', '0ba5', '0ba6'].map((n) => addr(`0x000000000000000000000000000000000000${n}`)) as [Address, Address, Address, Address, Address, Address];
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // tx 1 funds `funded`; then each contract, sent some wei, self-destructs: to `funded` (cold, exists), to the sender
    // (warm), to `empty` (cold, empty: + 25000), to itself (no change), to a word ≥ 2^160 whose low 160 bits are
    // `funded`, and with nothing to send to `empty2` (cold, no surcharge)
    const code = (...beneficiary: Array<string | bigint>) => asm(...beneficiary, 'SELFDESTRUCT');
    const contracts = [
      { address: toCold, code: code('PUSH20', word(funded)) }, { address: toSender, code: code('CALLER') }, { address: toEmpty, code: code('PUSH20', word(empty)) },
      { address: toSelf, code: code('ADDRESS') }, { address: masked, code: code('PUSH32', (0xdeadn << 200n) | word(funded)) }, { address: nothing, code: code('PUSH20', word(empty2)) },
    ];
    block = await runPrograms([{ to: funded, value: 9n }, { to: toCold, value: 7n }, { to: toSender, value: 5n }, { to: toEmpty, value: 3n }, { to: toSelf, value: 4n }, { to: masked, value: 2n }, { to: nothing }], contracts);
    w = evmCase(block);
  });

  it('charges and moves what @ethereumjs did; every account field the txs leave agrees; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => t.status)).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
    expect(block.txs.flatMap(unsupportedOps)).to.deep.equal([]);
    const ops = rowsOf('SELFDESTRUCT');
    const traced = block.txs.slice(1).map((t) => t.steps.at(-1)!);
    expect(traced.map((s) => s.name)).to.deep.equal(Array(6).fill('SELFDESTRUCT'));
    // 5000, + 2600 cold, + 25000 to an empty account: the circuit's gas from the opcode row to EndTx, and @ethereumjs's cost
    const charged = ops.map((r) => w.steps[r]!.gasLeft - w.steps[r + 5]!.gasLeft);
    expect(charged).to.deep.equal([7600n, 5000n, 32600n, 5000n, 7600n, 7600n]);
    expect(traced.map((s) => s.gasCost)).to.deep.equal(charged);
    expect(ops.map((r) => w.steps[r + 5]!.spec.name)).to.deep.equal(Array(6).fill('EndTx'));
    // the masked word's beneficiary is `funded`
    expect(w.steps[ops[4]!]!.rws[1]!.address).to.equal(word(funded));
    block.txs.forEach((tx, i) => finalFieldsAgree(w, tx, i + 1));
    // halts like STOP: the txs succeed (EndTx's proven status) and no refund is counted (EIP-3529)
    expect(traced.map((s) => s.gasRefund)).to.deep.equal(Array(6).fill(0n));
    expect(rowsOf('EndTxRefund').map((r) => w.steps[r]!.rws[0]!.value)).to.deep.equal(Array(7).fill(0n));
    // to itself: the balance stays (debited then credited back), no account deleted
    const credit = w.steps[ops[3]! + 4]!.rws[0]!;
    expect([credit.address, credit.valuePrev, credit.value]).to.deep.equal([word(toSelf), 0n, 4n]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations: a wrong beneficiary balance, a cold access charged warm, the empty surcharge left out, the balance not zeroed, a beneficiary not the word\'s low 160 bits', () => {
    const [cold, , toEmpty, , masked] = rowsOf('SELFDESTRUCT') as [number, number, number, number, number];
    expect(failures([{ column: 'evm slot 0 lo', row: cold + 4, value: (v) => v + 1n }])).to.deep.equal([`gate evm SelfdestructCredit/balance = aux lo@${cold + 4}`, `lookup evm rw slot 0@${cold + 4}`]);
    expect(failures([{ column: 'evm aux byte 30', row: cold + 1, value: 0n }])).to.deep.equal([`gate evm SelfdestructPrewarm/cold = n3, not accessed before@${cold + 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${cold}`]);
    expect(failures([{ column: 'evm aux byte 1', row: toEmpty + 3, value: 0n }])).to.deep.equal([`gate evm SelfdestructDebit/gas' = gas − 25000·surcharge@${toEmpty + 3}`, `gate evm SelfdestructDebit/surcharge = empty, balance sent@${toEmpty + 3}`]);
    expect(failures([{ column: 'evm slot 0 lo', row: cold + 3, value: 7n }])).to.deep.equal([`gate evm SelfdestructDebit/balance → 0 lo@${cold + 3}`, `lookup evm rw slot 0@${cold + 3}`]);
    // the whole word as the beneficiary: its bytes 20 … 31 (0xdead…) would have to be zero in the address, which is bytes 0 … 19 only
    expect(failures([{ column: 'evm aux byte 25', row: masked, value: 0n }])).to.deep.equal([`gate evm SELFDESTRUCT/beneficiary word = aux hi@${masked}`]);
    // "self" carried wrong: the to-itself tx would burn the balance
    const self = rowsOf('SELFDESTRUCT')[3]!;
    expect(failures([{ column: 'evm aux byte 7', row: self + 2, value: 0n }])).to.deep.equal([`gate evm SelfdestructBeneficiary/self carried@${self + 2}`]);
  });

  it('out of gas: below the constant 5000 (ErrorOutOfGas), below a cold beneficiary\'s 2600 more (ErrorOutOfGasAccountAccess) and beyond (the new account\'s 25000: ErrorOutOfGasSelfdestruct) not refused', () => {
    const tx = block.txs[1]!;
    const at = (gasLeft: bigint): TxTrace => ({ ...tx, status: 0, steps: [...tx.steps.slice(0, -1), { ...tx.steps.at(-1)!, gasLeft, error: 'out of gas' }] });
    for (const gas of [4999n, 7599n, 7600n, 32_599n]) expect(unsupportedOps(at(gas))).to.deep.equal([]);
  });

  it('the real verifier rejects a beneficiary credited one wei more than the balance sent', async () => {
    const credit = rowsOf('SELFDESTRUCT')[0]! + 4;
    const edits = ['slot 0 lo', 'aux byte 0'].map((c) => ({ column: `evm ${c}`, row: credit, value: (v: bigint) => v + 1n }));
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    expect(failed).to.deep.equal([`gate evm SelfdestructCredit/lo: x + y = z + c0·2^128@${credit}`, `lookup evm rw slot 0@${credit}`]);
  });
});

describe('evm circuit: SELFDESTRUCT in a creation\'s init code (EIP-6780: the new account deleted; differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  const COMPOSED_K = 12;
  // over the state, bytecode and keccak circuits (a creation hashes its RLP and init code)
  const composed = () => evmComposed(w, { steps: 96, bitwiseOps: 0, rw: 128, bytecode: 64 }, 2);
  let block: BlockTrace;
  let w: EvmWitness;
  const beneficiary = addr('0x000000000000000000000000000000000000be11');
  const created = (nonce: number) => word(new Address(generateAddress(SENDER.bytes, nonce === 0 ? new Uint8Array() : Uint8Array.of(nonce))));
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);

  before(async () => {
    // a creation with value 6 that self-destructs to a cold account, one that self-destructs to itself (burned)
    block = await runPrograms([deploy(asm('PUSH20', word(beneficiary), 'SELFDESTRUCT'), 6n), deploy(asm('ADDRESS', 'SELFDESTRUCT'), 8n)]);
    w = evmCase(block);
  });

  it('sends or burns the value and deletes the account as @ethereumjs did; MockProver passes over the state circuit', () => {
    expect(block.txs.map((t) => [t.status, t.steps.at(-1)!.name])).to.deep.equal([[1, 'SELFDESTRUCT'], [1, 'SELFDESTRUCT']]);
    block.txs.forEach((tx, i) => finalFieldsAgree(w, tx, i + 1));
    const last = (a: bigint, field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === a && r.fieldTag === field).at(-1)!.value;
    for (const n of [0, 1]) expect([AccountField.Nonce, AccountField.Balance, AccountField.CodeHash].map((f) => last(created(n), f))).to.deep.equal([0n, 0n, KECCAK_EMPTY]);
    expect(last(word(beneficiary), AccountField.Balance)).to.equal(6n);
    const ops = rowsOf('SELFDESTRUCT');
    expect(ops.map((r) => w.steps[r]!.gasLeft - w.steps[r + 5]!.gasLeft)).to.deep.equal([32600n, 5000n]);
    expect(honestFailures(composed(), COMPOSED_K)).to.deep.equal([]);
  });

  it('mutations: the created account\'s nonce kept, its nonce write left out, the self-beneficiary\'s balance kept instead of burned, a storage write before it', () => {
    const [toOther, toSelf] = rowsOf('SelfdestructDebit') as [number, number];
    const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    expect(failures(['lo', 'prev lo'].map((c) => ({ column: `evm slot 3 ${c}`, row: toOther, value: 1n })))).to.deep.equal([`gate evm SelfdestructDebit/created: nonce → 0 lo@${toOther}`, `lookup evm rw slot 3@${toOther}`]);
    expect(failures([{ column: 'evm slot 3 on', row: toOther, value: 0n }])).to.include(`gate evm SelfdestructDebit/created: nonce written@${toOther}`);
    expect(failures([{ column: 'evm aux byte 2', row: toSelf, value: 0n }])).to.deep.equal([`gate evm SelfdestructCredit/lo: x + y = z + c0·2^128@${toSelf + 1}`, `gate evm SelfdestructDebit/burn = self, created@${toSelf}`]);
    // one more reversible row before it (what an SSTORE or TSTORE in the init code would add)
    expect(failures([{ column: 'evm reversible', row: toOther, value: (v) => v + 1n }])).to.include(`gate evm SelfdestructDebit/created: no storage written@${toOther}`);
  });

  it('the SMT binding applies the rows as @ethereumjs\'s post-state: the created accounts absent, the beneficiary credited', async () => {
    const pre = await TreeState.create([{ address: word(SENDER), balance: 10n ** 24n }]);
    const binding = await smtBindingWitness(w.rws, pre);
    const final = (a: bigint, field: 'nonce' | 'balance') => block.txs.flatMap((t) => t.accounts).filter((x) => BigInt(x.address) === a && x.field === field && x.isWrite).at(-1)!.value;
    const coinbase = BigInt(block.header.coinbase);
    const post = await TreeState.create([
      { address: word(SENDER), nonce: final(word(SENDER), 'nonce'), balance: final(word(SENDER), 'balance') },
      { address: word(beneficiary), balance: 6n }, { address: coinbase, balance: final(coinbase, 'balance') },
    ]);
    expect(binding.newRoot).to.equal(await post.state.stateRoot());
    // the created accounts: absent before and after (checks of absence: their storage, EIP-7610, then their fields), the others updated or inserted
    const created2 = [created(0), created(1)];
    expect(binding.rows.filter((r) => r.op.kind === 'account' && created2.includes(r.op.address)).map((r) => r.smt.check)).to.deep.equal([true, true, true, true]);
  });

  it('the SMT binding circuit passes MockProver on these rows (k = 12)', async () => {
    const rws = stateWitness(w.rws, w.rws.length + 1);
    const c = new SmtBindingCircuit(rws, await smtBindingWitness(w.rws, await TreeState.create([{ address: word(SENDER), balance: 10n ** 24n }])));
    const k = minK(Math.max(bindingRows(c.capacity), rws.length, 256));
    // sender, coinbase, beneficiary, and the two created accounts' absence (their storage's, then their fields')
    expect([k, c.capacity.ops]).to.deep.equal([12, 7]);
    expect(honestFailures(c, k, c.instances())).to.deep.equal([]);
  });

  it('a created account that is the block\'s coinbase is refused (EndTx would credit it after its deletion); the gate without the inverse', async () => {
    // Ethereum pays the coinbase the priority fee, then deletes the account: the circuit's rows would credit the cleared account
    const coinbase = new Address(generateAddress(SENDER.bytes, new Uint8Array()));
    const trace = await runPrograms([deploy(asm('PUSH20', word(beneficiary), 'SELFDESTRUCT'), 6n)], [], { coinbase });
    expect([trace.txs[0]!.status, trace.txs[0]!.contractAddress, trace.header.coinbase.toLowerCase()]).to.deep.equal([1, coinbase.toString(), coinbase.toString()]);
    expect(() => evmCase(trace)).to.throw(UnsupportedExecutionError, "which is the block's coinbase");
    // the honest rows' inverse of callee − coinbase taken away: only a callee equal to the coinbase has none
    const [toOther] = rowsOf('SelfdestructDebit') as [number];
    const failures = failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm c0', row: toOther, value: 0n }]);
    expect(failures).to.deep.equal([`gate evm SelfdestructDebit/created: callee ≠ coinbase@${toOther}`]);
  });

  it('a created account that wrote storage first is refused (its storage cannot be deleted)', async () => {
    const trace = await runPrograms([deploy(asm('PUSH1', 1, 'PUSH1', 0, 'SSTORE', 'CALLER', 'SELFDESTRUCT'))]);
    expect(() => evmCase(trace)).to.throw(UnsupportedExecutionError, 'SELFDESTRUCT of an account created in the tx after SSTORE/TSTORE');
  });
});
