import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createAddressFromString } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import { UnsupportedExecutionError, type EvmWitness } from '../../../circuits/witness/evm.js';
import { bytecodeKeccakInputs } from '../../../circuits/witness/bytecode.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit } from './harness.js';

const K = 10;
const STEPS = 128;
const contract = createAddressFromString('0x0000000000000000000000000000000000000ba1');
const other = createAddressFromString('0x0000000000000000000000000000000000000c0d');
const funded = createAddressFromString('0x000000000000000000000000000000000000f00d');
const never = createAddressFromString('0x0000000000000000000000000000000000000e01');
/** The other contract's code: 8 bytes. */
const OTHER_CODE = asm('PUSH1', 0xa1, 'PUSH1', 0xa2, 'PUSH1', 0xa3, 'STOP', 'STOP');
const rowsOf = (w: EvmWitness, name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
/** EXTCODECOPY(a, dest, offset, size): the address on top. */
const copy = (a: typeof other | bigint, dest: number, offset: number, size: number) => ['PUSH1', size, 'PUSH1', offset, 'PUSH1', dest, 'PUSH32', typeof a === 'bigint' ? a : BigInt(a.toString()), 'EXTCODECOPY'];
/** A word whose low 160 bits are `other`: the EVM copies other's code. */
const MASKED = (1n << 255n) | (0xabcn << 160n) | BigInt(other.toString());

describe('evm circuit: EXTCODECOPY (EIP-2929; CODECOPY\'s bytes rows over another account\'s code; differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // of the other contract (cold; then warm, running past its end), of an EOA and of a never-touched address (cold:
    // zeros), size 0 (warm), of a word ≥ 2^160 whose low 160 bits are the contract's (warm)
    const code = asm(...copy(other, 0, 1, 5), ...copy(other, 32, 5, 10), ...copy(funded, 64, 0, 4), ...copy(never, 96, 0, 3), ...copy(other, 200, 0, 0), ...copy(MASKED, 160, 0, 2), 'STOP');
    w = evmCase(await runPrograms([{ to: funded, value: 9n }, { to: contract }], [{ address: contract, code }, { address: other, code: OTHER_CODE }]));
  });

  it('writes the bytes and charges the gas @ethereumjs did; MockProver passes', () => {
    const ops = rowsOf(w, 'EXTCODECOPY');
    expect(ops.map((r) => [w.steps[r + 1]!.spec.name, w.steps[r + 2]!.spec.name, w.steps[r + 3]!.spec.name])).to.deep.equal(Array(6).fill(['ExtCodeCopyPrewarm', 'ExtCodeCopyOpen', 'CodeCopyBytes']));
    const codeHash = BigInt(`0x${bytesToHex(keccak_256(OTHER_CODE))}`);
    expect(ops.map((r) => w.steps[r]!.rws[2]!.value)).to.deep.equal([codeHash, codeHash, KECCAK_EMPTY, KECCAK_EMPTY, codeHash, codeHash]);
    expect(ops.map((r) => w.steps[r]!.rws[1]!.address)).to.deep.equal([other, other, funded, never, other, other].map((a) => BigInt(a.toString())));
    // the next opcode step's gas: 2600 cold / 100 warm, + 3 per word, + memory expansion (@ethereumjs's costs, which the builder checked)
    const next = (r: number) => r + 1 + w.steps.slice(r + 1).findIndex((s) => s.spec.gadget.flow !== 'continuation');
    expect(ops.map((r) => w.steps[r]!.gasLeft - w.steps[next(r)]!.gasLeft)).to.deep.equal([2600n + 3n + 3n, 100n + 3n + 3n, 2600n + 3n + 3n, 2600n + 3n + 3n, 100n, 100n + 3n + 6n]);
    const written = w.rws.filter((x) => x.tag === RwTag.Memory && x.isWrite).map((x) => [Number(x.address), Number(x.value)]);
    const expected = [
      ...[...OTHER_CODE.slice(1, 6)].map((b, i) => [i, b]),
      ...Array.from({ length: 10 }, (_, i) => [32 + i, OTHER_CODE[5 + i] ?? 0]),
      ...Array.from({ length: 4 }, (_, i) => [64 + i, 0]), ...Array.from({ length: 3 }, (_, i) => [96 + i, 0]),
      [160, OTHER_CODE[0]], [161, OTHER_CODE[1]],
    ];
    expect(written).to.deep.equal(expected);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('mutations: a copied byte not the code\'s, the wrong code hash, cold charged warm, a wrong word count', () => {
    const [cold, warm] = rowsOf(w, 'EXTCODECOPY');
    const bytes = cold! + 3;
    expect(failures([{ column: 'evm aux byte 16', row: bytes, value: (v) => v ^ 1n }, { column: 'evm slot 0 lo', row: bytes, value: (v) => v ^ 1n }]))
      .to.deep.equal([`lookup evm keccak input 0@${bytes}`, `lookup evm rw slot 0@${bytes}`]);
    expect(failures([{ column: 'evm slot 2 lo', row: warm!, value: (v) => v + 1n }, { column: 'evm slot 2 prev lo', row: warm!, value: (v) => v + 1n }]))
      .to.deep.equal([`lookup evm keccak digest@${warm! + 2}`, `lookup evm rw slot 2@${warm}`]);
    expect(failures([{ column: 'evm slot 1 prev lo', row: cold!, value: 1n }])).to.deep.equal([`gate evm ExtCodeCopyPrewarm/cold = n3, not accessed before@${cold! + 1}`, `lookup evm rw slot 1@${cold}`]);
    expect(failures([{ column: 'evm aux byte 8', row: bytes, value: 2n }])).to.deep.equal([
      `gate evm ExtCodeCopyOpen/32·w = size + 31 − t@${cold! + 2}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${cold! + 2}`]);
  });

  it('a word ≥ 2^160: the account is its low 160 bits, bound to the popped word', () => {
    const r = rowsOf(w, 'EXTCODECOPY')[5]!;
    expect(w.steps[r]!.rws[0]!.value).to.equal(MASKED);
    // another account claimed (aux byte 0 changed): the word is no longer the aux word (and the slots' keys and the
    // prewarm row's comparisons no longer match their cells)
    expect(failures([{ column: 'evm aux byte 0', row: r, value: (v) => v ^ 1n }])).to.deep.equal([
      `gate evm EXTCODECOPY/address word = aux lo@${r}`, `gate evm EXTCODECOPY/slot 1 address@${r}`, `gate evm EXTCODECOPY/slot 2 address@${r}`,
      ...['a = 0', 'a = callee', 'a = coinbase', 'a = sender'].map((k) => `gate evm ExtCodeCopyPrewarm/${k}: out = 1 − value·inverse@${r + 1}`),
      `gate evm ExtCodeCopyPrewarm/aux bytes 0 … 19 = p ? a − 1 : m ? a − 11 : 0@${r + 1}`,
    ]);
  });

  it('the code is a keccak input the bytecode table names too; MockProver passes over the state, bytecode and keccak circuits', () => {
    expect(w.codes.map((c) => c.codeHash)).to.include(`0x${bytesToHex(keccak_256(OTHER_CODE))}`);
    expect(bytecodeKeccakInputs(w.codes, w.codeKeccakIds).map(bytesToHex)).to.not.include(bytesToHex(OTHER_CODE));
    expect(honestFailures(evmComposed(w, { steps: STEPS, bitwiseOps: 0, rw: 256, bytecode: 512 }, 4), 12)).to.deep.equal([]);
  });

  it('the tracer records the code hash read of EXTCODESIZE/EXTCODECOPY (@ethereumjs reads only the code, and for a size-0 copy nothing: the tracer reads the account and its code after the tx); a trace without it is refused', async () => {
    const size = evmCase(await runPrograms([{ to: contract }], [{ address: contract, code: asm('PUSH20', BigInt(never.toString()), 'EXTCODESIZE', 'POP', 'STOP') }]));
    expect(rowsOf(size, 'EXTCODESIZE').map((r) => size.steps[r]!.rws[3]!.value)).to.deep.equal([0n]);
    expect(honestFailures(evmTestCircuit(32, size), 9, evmInstances(size))).to.deep.equal([]);
    // size-0 copies of an untouched address and of a contract the tx reads no other way
    const trace = await runPrograms([{ to: contract }], [{ address: contract, code: asm(...copy(never, 0, 0, 0), ...copy(other, 0, 0, 0), 'STOP') }, { address: other, code: OTHER_CODE }]);
    const zero = evmCase(trace);
    const hashOf = (a: typeof other) => zero.rws.find((x) => x.tag === RwTag.Account && x.fieldTag === AccountField.CodeHash && x.address === BigInt(a.toString()))?.value;
    expect([hashOf(never), hashOf(other)]).to.deep.equal([KECCAK_EMPTY, BigInt(`0x${bytesToHex(keccak_256(OTHER_CODE))}`)]);
    expect(honestFailures(evmTestCircuit(64, zero), 9, evmInstances(zero))).to.deep.equal([]);
    // without the tracer's read (a trace that lacks it) the builder refuses, with the reason
    const bare = { ...trace, txs: trace.txs.map((t) => ({ ...t, accounts: t.accounts.filter((a) => a.address !== never.toString() || a.field !== 'codeHash') })) };
    expect(() => evmCase(bare)).to.throw(UnsupportedExecutionError, 'EXTCODECOPY');
  });

  it('the real verifier rejects a proof of a forged copied byte', async () => {
    const tiny = evmCase(await runPrograms([{ to: contract }], [{ address: contract, code: asm(...copy(other, 0, 0, 2), 'STOP') }, { address: other, code: OTHER_CODE }]));
    const r = rowsOf(tiny, 'CodeCopyBytes')[0]!;
    expect(await expectVerifierRejects(evmTestCircuit(48, tiny), 9, evmInstances(tiny), [{ column: 'evm aux byte 16', row: r, value: 0x61n }, { column: 'evm slot 0 lo', row: r, value: 0x61n }]))
      .to.deep.equal([`lookup evm keccak input 0@${r}`, `lookup evm rw slot 0@${r}`]);
  });
});
