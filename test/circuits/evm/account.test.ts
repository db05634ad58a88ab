import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { createAddressFromString } from '@ethereumjs/util';
import { CallContextField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { stateWitness } from '../../../circuits/witness/state.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 10;
const STEPS = 192;
const RW_ROWS = 320;

describe('evm circuit: SELFBALANCE, BALANCE and EXTCODEHASH (EIP-2929), RETURNDATASIZE, BLOBHASH, BLOBBASEFEE (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const contract = createAddressFromString('0x0000000000000000000000000000000000000ba1');
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  const withState = () => evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 });

  const funded = createAddressFromString('0x000000000000000000000000000000000000f00d');
  const empty = createAddressFromString('0x0000000000000000000000000000000000000e00');
  const other = createAddressFromString('0x0000000000000000000000000000000000000c0d');
  const otherCode = asm('PUSH1', 1, 'STOP');

  before(async () => {
    // tx 1 sends 9 wei to `funded`; txs 2, 3 send 7 then 5 wei to the contract: SELFBALANCE sees 7, then 12; BALANCE of
    // `funded` (cold, then warm), of `empty` (cold, 0), each tx afresh; BLOBHASH of index 0 and of 2^255 (no blobs: 0)
    const balance = (a: typeof funded) => ['PUSH20', BigInt(a.toString()), 'BALANCE', 'POP'];
    // EXTCODEHASH of a contract (cold), of an EOA (warm: keccak("")), of a never-touched address (warm: 0, EIP-1052)
    const hash = (a: typeof funded) => ['PUSH20', BigInt(a.toString()), 'EXTCODEHASH', 'POP'];
    const code = asm('SELFBALANCE', 'POP', ...balance(funded), ...balance(funded), ...balance(empty), ...hash(other), ...hash(funded), ...hash(empty), 'RETURNDATASIZE', 'POP',
      'PUSH0', 'BLOBHASH', 'POP', 'PUSH32', 1n << 255n, 'BLOBHASH', 'POP', 'BLOBBASEFEE', 'POP', 'STOP');
    w = evmCase(await runPrograms([{ to: funded, value: 9n }, { to: contract, value: 7n }, { to: contract, value: 5n }], [{ address: contract, code }, { address: other, code: otherCode }]));
  });

  it('pushes what @ethereumjs pushed (balance 7 then 12, return data size 0, blob hashes 0); MockProver passes over the state circuit', () => {
    expect(rowsOf('SELFBALANCE').map((r) => w.steps[r]!.rws[2]!.value)).to.deep.equal([7n, 12n]);
    expect(rowsOf('SELFBALANCE').map((r) => w.steps[r]!.rws[1]!.address)).to.deep.equal([BigInt(contract.toString()), BigInt(contract.toString())]);
    expect(rowsOf('RETURNDATASIZE').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal([0n, 0n]);
    expect(rowsOf('BLOBHASH').map((r) => w.steps[r]!.rws[1]!.value)).to.deep.equal([0n, 0n, 0n, 0n]);
    // runBlock's txs are type 2 (EIP-1559): the type BLOBHASH reads from the tx table
    expect(rowsOf('BLOBHASH').map((r) => w.steps[r]!.aux?.aux)).to.deep.equal([2n, 2n, 2n, 2n]);
    // no block has excess blob gas: the blob base fee is its minimum, 1 wei
    expect(rowsOf('BLOBBASEFEE').map((r) => w.steps[r]!.rws[0]!.value)).to.deep.equal([1n, 1n]);
    const gas = (name: string) => rowsOf(name).map((r) => w.steps[r]!.gasLeft - w.steps[r + 1]!.gasLeft);
    expect([gas('SELFBALANCE'), gas('RETURNDATASIZE'), gas('BLOBHASH'), gas('BLOBBASEFEE')]).to.deep.equal([[5n, 5n], [2n, 2n], [3n, 3n, 3n, 3n], [2n, 2n]]);
    // BALANCE: the opcode row and its AccountPrewarm row; cold 2600, warm 100, per tx
    const balances = rowsOf('BALANCE');
    expect(balances.map((r) => w.steps[r]!.rws[3]!.value)).to.deep.equal([9n, 9n, 0n, 9n, 9n, 0n]);
    expect(balances.map((r) => w.steps[r]!.gasLeft - w.steps[r + 2]!.gasLeft)).to.deep.equal([2600n, 100n, 2600n, 2600n, 100n, 2600n]);
    expect(balances.map((r) => w.steps[r + 1]!.spec.name)).to.deep.equal(Array(6).fill('AccountPrewarm'));
    const hashes = rowsOf('EXTCODEHASH');
    const codeHash = BigInt(`0x${bytesToHex(keccak_256(otherCode))}`);
    expect(hashes.map((r) => w.steps[r]!.rws[3]!.value)).to.deep.equal([codeHash, KECCAK_EMPTY, 0n, codeHash, KECCAK_EMPTY, 0n]);
    expect(hashes.map((r) => w.steps[r]!.gasLeft - w.steps[r + 3]!.gasLeft)).to.deep.equal([2600n, 100n, 100n, 2600n, 100n, 100n]);
    expect(hashes.map((r) => [w.steps[r + 1]!.spec.name, w.steps[r + 2]!.spec.name])).to.deep.equal(Array(6).fill(['AccountPrewarm', 'ExtCodeHashEmpty']));

    expect(honestFailures(withState(), K)).to.deep.equal([]);
  });

  it('SELFBALANCE: a pushed value other than the balance fails its rule; another account\'s balance fails the callee binding', () => {
    const r = rowsOf('SELFBALANCE')[1]!;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm SELFBALANCE/pushed = balance lo@${r}`, `lookup evm rw slot 2@${r}`]);
    expect(failures([{ column: 'evm slot 1 address', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm SELFBALANCE/balance of the callee@${r}`, `lookup evm rw slot 1@${r}`]);
  });

  it('BALANCE: a cold access charged as warm fails the cold rule; a wrong balance fails its rule; a callee claimed to be the address fails its IsZero', () => {
    const [cold, warm] = rowsOf('BALANCE');
    expect(failures([{ column: 'evm slot 1 prev lo', row: cold!, value: 1n }])).to.deep.equal([`gate evm AccountPrewarm/cold = n3, not accessed before@${cold! + 1}`, `lookup evm rw slot 1@${cold}`]);
    expect(failures([{ column: 'evm slot 3 lo', row: warm!, value: (v) => v + 1n }])).to.deep.equal([`gate evm BALANCE/pushed = balance lo@${warm}`, `lookup evm rw slot 3@${warm}`]);
    // the row after claims the callee is `funded` (so that it would pass as pre-warmed)
    const next = cold! + 1;
    const edits = (['slot 0 lo', 'slot 0 prev lo'] as const).map((c) => ({ column: `evm ${c}`, row: next, value: BigInt(funded.toString()) }));
    expect(failures(edits)).to.deep.equal([`gate evm AccountPrewarm/a = callee: out = 1 − value·inverse@${next}`, `lookup evm rw slot 0@${next}`]);
  });

  it('EXTCODEHASH: an empty account claimed non-empty, and an EOA\'s hash pushed as 0, fail the emptiness rules', () => {
    const [, eoa, none] = rowsOf('EXTCODEHASH');
    const flipped = failures([{ column: 'evm aux byte 6', row: none! + 2, value: 0n }]);
    // (the code hash read is keccak(""), so "not empty" would push it)
    expect(flipped).to.deep.equal(['empty', 'pushed hi = empty ? 0 : hash hi', 'pushed lo = empty ? 0 : hash lo'].map((n) => `gate evm ExtCodeHashEmpty/${n}@${none! + 2}`));
    const zeroed = failures(['lo', 'hi'].map((h) => ({ column: `evm slot 3 ${h}`, row: eoa!, value: 0n })));
    expect(zeroed).to.deep.equal([`gate evm ExtCodeHashEmpty/pushed hi = empty ? 0 : hash hi@${eoa! + 2}`, `gate evm ExtCodeHashEmpty/pushed lo = empty ? 0 : hash lo@${eoa! + 2}`, `lookup evm rw slot 3@${eoa}`]);
  });

  it('BALANCE, EXTCODESIZE, EXTCODEHASH of a word ≥ 2^160: the account is its low 160 bits, as @ethereumjs reads it; another account claimed fails', async () => {
    // `funded` with garbage above bit 160 (2^255 and 2^200 set): each reads `funded`'s balance, code size and hash
    const word = BigInt(funded.toString()) | (1n << 255n) | (1n << 200n);
    const code = asm('PUSH32', word, 'BALANCE', 'POP', 'PUSH32', word, 'EXTCODESIZE', 'POP', 'PUSH32', word, 'EXTCODEHASH', 'POP', 'STOP');
    const m = evmCase(await runPrograms([{ to: funded, value: 9n }, { to: contract }], [{ address: contract, code }]));
    const at = (name: string) => m.steps.findIndex((st) => st.spec.name === name);
    const [b, size, hash] = [at('BALANCE'), at('EXTCODESIZE'), at('EXTCODEHASH')];
    expect(m.steps[b]!.rws[0]!.value).to.equal(word);
    expect([m.steps[b]!.rws[2]!.address, m.steps[b]!.rws[3]!.value]).to.deep.equal([BigInt(funded.toString()), 9n]);
    // cold, then warm (the same masked account); an EOA: size 0, hash keccak("")
    expect(m.steps[b]!.gasLeft - m.steps[b + 2]!.gasLeft).to.equal(2600n);
    expect([m.steps[size]!.rws[2]!.value, m.steps[size]!.rws[3]!.value, m.steps[hash]!.rws[3]!.value]).to.deep.equal([KECCAK_EMPTY, 0n, KECCAK_EMPTY]);
    expect(honestFailures(evmTestCircuit(STEPS, m), K, evmInstances(m))).to.deep.equal([]);
    // aux byte 0 changed: another account claimed; the word is no longer the aux word, the slots' keys and the prewarm row's comparisons fail
    const failed = failuresAfter(evmTestCircuit(STEPS, m), K, evmInstances(m), [{ column: 'evm aux byte 0', row: b, value: (v) => v ^ 1n }]);
    expect(failed).to.include(`gate evm BALANCE/address word = aux lo@${b}`);
    expect(failed).to.include(`gate evm BALANCE/slot 2 address@${b}`);
    // aux byte 25 (the discarded rest) changed: only the word binding fails, and the real verifier rejects it
    const rest = [{ column: 'evm aux byte 25', row: b, value: (v: bigint) => v ^ 1n }];
    expect(failuresAfter(evmTestCircuit(STEPS, m), K, evmInstances(m), rest)).to.deep.equal([`gate evm BALANCE/address word = aux hi@${b}`]);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, m), K, evmInstances(m), rest)).to.deep.equal([`gate evm BALANCE/address word = aux hi@${b}`]);
  });

  it('BLOBHASH: a nonzero push fails "pushed = 0"; claiming type 3 (a blob tx) fails the type rule and the tx table', () => {
    const r = rowsOf('BLOBHASH')[0]!;
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: 1n }])).to.deep.equal([`gate evm BLOBHASH/pushed = 0 lo@${r}`, `lookup evm rw slot 1@${r}`]);
    expect(failures([{ column: 'evm aux byte 0', row: r, value: 3n }])).to.deep.equal([`gate evm BLOBHASH/tx type is 0, 1 or 2 (no blobs)@${r}`, `lookup evm tx lookup 0@${r}`]);
  });

  it('BLOBBASEFEE: a push other than 1 fails "pushed = 1" and its RW row', () => {
    const r = rowsOf('BLOBBASEFEE')[0]!;
    expect(failures([{ column: 'evm slot 0 lo', row: r, value: 2n }])).to.deep.equal([`gate evm BLOBBASEFEE/pushed = 1 (no excess blob gas) lo@${r}`, `lookup evm rw slot 0@${r}`]);
    expect(failures([{ column: 'evm slot 0 hi', row: r, value: 1n }])).to.deep.equal([`gate evm BLOBBASEFEE/pushed = 1 (no excess blob gas) hi@${r}`, `lookup evm rw slot 0@${r}`]);
  });

  it('RETURNDATASIZE: a nonzero length (its CallContext row agreeing) fails the state circuit\'s first-access rule', () => {
    const r = rowsOf('RETURNDATASIZE')[0]!;
    const read = w.steps[r]!.rws[0]!;
    expect([read.tag, read.fieldTag]).to.deep.equal([RwTag.CallContext, CallContextField.LastCalleeReturnDataLength]);
    const at = stateWitness(w.rws, RW_ROWS).findIndex((row) => row.rwCounter === read.rwCounter);
    const failed = failuresAfter(withState(), K, [], [
      ...['slot 0 lo', 'slot 0 prev lo', 'slot 1 lo'].map((c) => ({ column: `evm ${c}`, row: r, value: 32n })),
      ...['valueLo', 'valuePrevLo'].map((c) => ({ column: `rw ${c}`, row: at, value: 32n })),
    ]);
    // (and the push, which the stack's RW row does not hold)
    expect(failed).to.deep.equal([`gate rw order/first access: valuePrevLo = 0@${at}`, `lookup evm rw slot 1@${r}`]);
  });

  it('the real verifier rejects a SELFBALANCE of a balance the account does not hold', async () => {
    const r = rowsOf('SELFBALANCE')[0]!;
    const edits = ['slot 1 lo', 'slot 1 prev lo', 'slot 2 lo'].map((c) => ({ column: `evm ${c}`, row: r, value: (v: bigint) => v + 1n }));
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
    expect(failed).to.deep.equal([`lookup evm rw slot 1@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('the real verifier rejects a blob base fee of 2', async () => {
    const r = rowsOf('BLOBBASEFEE')[0]!;
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm slot 0 lo', row: r, value: 2n }]);
    expect(failed).to.deep.equal([`gate evm BLOBBASEFEE/pushed = 1 (no excess blob gas) lo@${r}`, `lookup evm rw slot 0@${r}`]);
  });
});

describe('evm circuit: EIP-2929/3651 pre-warmed addresses (sender, callee, coinbase, precompiles; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const contract = createAddressFromString('0x0000000000000000000000000000000000000ba1');
  const outsider = createAddressFromString('0x000000000000000000000000000000000000f00d');
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  // BALANCE of the sender, the callee, the coinbase (runBlock's is 0), precompiles 0x01, 0x04 and 0x0a, then 0x0b and an outsider (cold)
  const targets = [BigInt(SENDER.toString()), BigInt(contract.toString()), 0n, 1n, 4n, 10n, 11n, BigInt(outsider.toString())];

  before(async () => {
    const code = asm(...targets.flatMap((a) => ['PUSH20', a, 'BALANCE', 'POP']), 'STOP');
    w = evmCase(await runPrograms([{ to: outsider, value: 3n }, { to: contract }], [{ address: contract, code }]));
  });

  it('charges 100 for the pre-warmed ones and 2600 for 0x0b and an outsider, as @ethereumjs did; MockProver passes over the state circuit', () => {
    const balances = rowsOf('BALANCE');
    expect(balances.map((r) => w.steps[r]!.gasLeft - w.steps[r + 2]!.gasLeft)).to.deep.equal([100n, 100n, 100n, 100n, 100n, 100n, 2600n, 2600n]);
    // only the callee was accessed before: BeginTxCallee wrote it warm (the others are pre-warmed by AccountPrewarm's rules)
    expect(balances.map((r) => w.steps[r]!.rws[1]!.valuePrev)).to.deep.equal([0n, 1n, 0n, 0n, 0n, 0n, 0n, 0n]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a pre-warmed access charged cold fails the cold rule; the sender, the coinbase or a precompile denied fails its test', () => {
    const [sender, , coinbase, , four, , eleven] = rowsOf('BALANCE').map((r) => r + 1);
    expect(failures([{ column: 'evm aux byte 30', row: sender!, value: 1n }])).to.deep.equal([`gate evm AccountPrewarm/cold = n3, not accessed before@${sender}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${sender! - 1}`]);
    // "not the sender" (its IsZero output 0, and the products it feeds as for an outsider)
    const outsiderBytes = (row: number, bytes: Record<number, bigint>) => Object.entries(bytes).map(([j, v]) => ({ column: `evm aux byte ${j}`, row, value: v }));
    expect(failures(outsiderBytes(sender!, { 22: 0n, 27: 1n, 28: 1n, 29: 1n, 30: 1n }))).to.include(`gate evm AccountPrewarm/a = sender: out = 1 − value·inverse@${sender}`);
    expect(failures(outsiderBytes(coinbase!, { 23: 0n, 28: 1n, 29: 1n, 30: 1n }))).to.include(`gate evm AccountPrewarm/a = coinbase: out = 1 − value·inverse@${coinbase}`);
    // 0x04 claimed no precompile: then 4 − 11 must fit 20 bytes; 0x0b claimed one: then 10 − 11 must be a byte
    expect(failures(outsiderBytes(four!, { 25: 0n, 26: 1n, 29: 1n, 30: 1n, 20: 0n }))).to.include(`gate evm AccountPrewarm/aux bytes 0 … 19 = p ? a − 1 : m ? a − 11 : 0@${four}`);
    expect(failures(outsiderBytes(eleven!, { 25: 1n, 26: 0n, 29: 0n, 30: 0n }))).to.include(`gate evm AccountPrewarm/aux byte 20 = p ? 10 − a : 0@${eleven}`);
  });

  it('the real verifier rejects the sender\'s BALANCE charged cold', async () => {
    const sender = rowsOf('BALANCE')[0]!;
    const failed = await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm aux byte 30', row: sender + 1, value: 1n }]);
    expect(failed).to.deep.equal([`gate evm AccountPrewarm/cold = n3, not accessed before@${sender + 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${sender}`]);
  });
});

describe('evm circuit: EXTCODESIZE (the code\'s length from the keccak table; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const contract = createAddressFromString('0x0000000000000000000000000000000000000ba1');
  const funded = createAddressFromString('0x000000000000000000000000000000000000f00d');
  const other = createAddressFromString('0x0000000000000000000000000000000000000c0d');
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);

  before(async () => {
    // EXTCODESIZE of a contract (3 bytes) and of an EOA (0), both read (and warmed) first: the trace records no account
    // for EXTCODESIZE alone (refused above)
    const op = (name: string, a: typeof funded) => ['PUSH20', BigInt(a.toString()), name, 'POP'];
    const code = asm(...op('BALANCE', funded), ...op('EXTCODEHASH', other), ...op('EXTCODESIZE', other), ...op('EXTCODESIZE', funded), 'STOP');
    w = evmCase(await runPrograms([{ to: funded, value: 9n }, { to: contract }], [{ address: contract, code }, { address: other, code: asm('PUSH1', 1, 'STOP') }]));
  });

  it('pushes the sizes @ethereumjs pushed (3, 0), 100 gas warm; MockProver passes; a wrong size fails the keccak digest lookup', () => {
    const sizes = rowsOf('EXTCODESIZE');
    expect(sizes.map((r) => w.steps[r]!.rws[3]!.value)).to.deep.equal([3n, 0n]);
    expect(sizes.map((r) => w.steps[r]!.gasLeft - w.steps[r + 2]!.gasLeft)).to.deep.equal([100n, 100n]);
    expect(honestFailures(evmTestCircuit(64, w), 9, evmInstances(w))).to.deep.equal([]);
    const r = sizes[0]!;
    expect(failuresAfter(evmTestCircuit(64, w), 9, evmInstances(w), [{ column: 'evm slot 3 lo', row: r, value: 4n }])).to.deep.equal([`lookup evm keccak digest@${r}`, `lookup evm rw slot 3@${r}`]);
  });
});
