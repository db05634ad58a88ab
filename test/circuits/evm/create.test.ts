import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Address, generateAddress } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, CallContextField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { deploy, initCodeFor } from '../witness/deploy.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 200;
describe('evm circuit: contract-creation txs (differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  const runtime = asm('PUSH1', 42, 'PUSH1', 0, 'SSTORE', 'STOP');
  let block: BlockTrace;
  let w: EvmWitness;
  const row = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    // a deploy with value, an empty init code, init code that stops (both deploy no code), a call of the new contract
    const created = new Address(generateAddress(SENDER.bytes, new Uint8Array()));
    block = await runPrograms([deploy(initCodeFor(runtime), 7n), deploy(new Uint8Array()), deploy(asm('STOP')), { to: created }]);
    w = evmCase(block);
  });

  it('a deploy tx: the new address, nonce 1, the runtime as its code; MockProver passes', () => {
    const tx = block.txs[0]!;
    expect(block.txs.map((t) => [t.to, t.status])).to.deep.equal([[null, 1], [null, 1], [null, 1], [tx.contractAddress, 1]]);
    expect(block.txs.flatMap(unsupportedOps)).to.deep.equal([]);
    const created = BigInt(tx.contractAddress!);
    const last = (field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === created && r.fieldTag === field).at(-1)!.value;
    expect(last(AccountField.Nonce)).to.equal(1n);
    expect(last(AccountField.CodeHash)).to.equal(BigInt(`0x${bytesToHex(keccak_256(runtime))}`));
    expect(w.codes.map((c) => bytesToHex(c.code))).to.include(bytesToHex(runtime));
    const callee = w.rws.find((r) => r.tag === RwTag.CallContext && r.fieldTag === CallContextField.CalleeAddress)!;
    expect(callee.value).to.equal(created);
    expect(last(AccountField.Balance)).to.equal(7n);
    // the next tx runs the deployed code from the same block's bytecode table: its SSTORE writes the new contract's slot 0
    expect(w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.id, r.address, r.value])).to.deep.equal([[4, created, 42n]]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('an empty init code and one that stops: nonce 1, no code; the frame ran the init code (its hash in the bytecode table)', () => {
    for (const tx of block.txs.slice(1, 3)) {
      const created = BigInt(tx.contractAddress!);
      const last = (field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === created && r.fieldTag === field).at(-1)!.value;
      expect([last(AccountField.Nonce), last(AccountField.CodeHash)]).to.deep.equal([1n, KECCAK_EMPTY]);
    }
    const txOf = (name: string) => w.steps.filter((s) => s.spec.name === name).map((s) => s.txId);
    expect(txOf('CodeDeposit')).to.deep.equal([1]);
    expect(txOf('STOP')).to.deep.equal([3, 4]);
    expect(w.codes.map((c) => bytesToHex(c.code))).to.include.members([bytesToHex(initCodeFor(runtime)), bytesToHex(asm('STOP'))]);
    // gas: 21000 + 32000 + calldata + 2 per init code word (EIP-3860) + execution (+ 200 per deployed byte), as @ethereumjs charged
    expect(block.txs[1]!.gasUsed).to.equal(53_000n);
    expect(block.txs[2]!.gasUsed).to.equal(53_000n + 4n + 2n);
  });

  it('a new address other than keccak(rlp([sender, nonce]))[12:] fails CreateAddress', () => {
    const r = row('CreateAddress');
    const rw = w.steps[r]!.rwCounter - 1;
    expect(failures([
      { column: 'evm slot 0 lo', row: r, value: (v) => v + 1n }, { column: 'evm slot 0 prev lo', row: r, value: (v) => v + 1n },
      { column: 'rw table valueLo', row: rw, value: (v) => v + 1n }, { column: 'rw table valuePrevLo', row: rw, value: (v) => v + 1n },
    ])).to.deep.equal([`gate evm CreateAddress/new address = low 20 bytes of the hash@${r}`, `gate evm CreateAddress/slot 1 address@${r}`]);
  });

  it('a sender nonce other than the tx\'s in the RLP fails the tx lookup of CreateNonce', () => {
    const r = row('CreateNonce');
    expect(failures([{ column: 'evm aux byte 0', row: r, value: (v) => v + 1n }])).to.deep.equal([
      `gate evm CreateAddress/rlp nonce bytes@${r + 1}`, `gate evm CreateNonce is zero/value·out = 0@${r}`,
      `gate evm CreateNonce/aux byte 9 = short ? 127 − nonce : 0@${r}`, `lookup evm tx lookup 0@${r}`,
    ]);
  });

  it('a new account nonce other than 1 (EIP-161) fails CreateTx', () => {
    const r = row('CreateTx');
    const rw = w.steps[r]!.rwCounter - 1 + 2;
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm CreateTx/nonce 1 (EIP-161) lo@${r}`]);
  });

  it('an init code byte other than the tx\'s data fails its tx and keccak lookups', () => {
    const r = row('CreateInitCode', 2);
    expect(failures([{ column: 'evm aux byte 1', row: r, value: (v) => (v + 1n) % 256n }])).to.deep.equal([`lookup evm keccak input 1@${r}`, `lookup evm tx lookup 1@${r}`]);
  });

  it('a deposited byte other than memory\'s fails the keccak input lookup', () => {
    const r = row('CodeDepositBytes');
    const rw = w.steps[r]!.rwCounter - 1 + 1;
    expect(failures([
      { column: 'evm slot 1 lo', row: r, value: (v) => (v + 1n) % 256n }, { column: 'evm slot 1 prev lo', row: r, value: (v) => (v + 1n) % 256n },
      { column: 'rw table valueLo', row: rw, value: (v) => (v + 1n) % 256n }, { column: 'rw table valuePrevLo', row: rw, value: (v) => (v + 1n) % 256n },
    ])).to.deep.equal([`lookup evm keccak input 1@${r}`]);
  });

  it('a code hash other than the returned bytes\' fails the keccak digest lookup', () => {
    const r = row('CodeDeposit');
    const rw = w.steps[r]!.rwCounter - 1 + 1;
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: (v) => v + 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v + 1n }]))
      .to.deep.equal([`lookup evm keccak digest@${r}`]);
  });

  it('a code deposit charged other than 200 gas per byte fails CodeDeposit', () => {
    const r = row('CodeDeposit');
    expect(failures([{ column: 'evm gas', row: r + 1, value: (v) => v + 200n }]))
      .to.deep.equal([`gate evm CodeDeposit/aux bytes 4 … 11 = gas' (≥ 0)@${r}`, `gate evm CodeDeposit/gas' = gas − 200·size@${r}`, `gate evm CodeDepositBytes/gas' = gas@${r + 1}`]);
  });

  it('a creating frame\'s RETURN that skips the deposit fails RETURN', () => {
    const r = row('RETURN');
    const rw = w.steps[r]!.rwCounter - 1 + 2;
    expect(failures([
      { column: 'evm slot 2 lo', row: r, value: () => 0n }, { column: 'evm slot 2 prev lo', row: r, value: () => 0n },
      { column: 'rw table valueLo', row: rw, value: () => 0n }, { column: 'rw table valuePrevLo', row: rw, value: () => 0n },
    ])).to.deep.equal([`gate evm RETURN/next is CodeDeposit or CodeDepositFail iff the frame creates@${r}`]);
  });

});

describe('evm circuit: a solc-shaped deploy (constructor storage, CODESIZE, CODECOPY of the runtime from the init code\'s tail, RETURN)', function () {
  this.timeout(300_000);
  // a 42-byte runtime: 11 deposit rows of 4 bytes
  const runtime = asm('PUSH32', (1n << 255n) + 12345n, 'PUSH1', 1, 'ADD', 'POP', 'PUSH1', 0, 'PUSH1', 0, 'STOP');
  // ADDRESS and CALLER of the creating frame, the new contract's slot 1 = 5 (and read back), then: CODECOPY(0, CODESIZE − n, n); RETURN(0, n)
  const init = new Uint8Array([
    ...asm('ADDRESS', 'POP', 'CALLER', 'POP', 'PUSH1', 5, 'PUSH1', 1, 'SSTORE', 'PUSH1', 1, 'SLOAD', 'POP', 'PUSH1', runtime.length, 'DUP1', 'CODESIZE', 'SUB', 'PUSH1', 0, 'CODECOPY', 'PUSH1', runtime.length, 'PUSH1', 0, 'RETURN'),
    ...runtime,
  ]);
  let w: EvmWitness;
  let block: BlockTrace;

  before(async () => {
    block = await runPrograms([deploy(init)]);
    w = evmCase(block);
  });

  it('the runtime is deployed as @ethereumjs deployed it; MockProver passes', () => {
    const tx = block.txs[0]!;
    expect([tx.status, unsupportedOps(tx)]).to.deep.equal([1, []]);
    const created = BigInt(tx.contractAddress!);
    const codeHash = w.rws.filter((r) => r.tag === RwTag.Account && r.address === created && r.fieldTag === AccountField.CodeHash).at(-1)!.value;
    expect(codeHash).to.equal(BigInt(`0x${bytesToHex(keccak_256(runtime))}`));
    expect(bytesToHex(tx.frames[0]!.output)).to.equal(bytesToHex(runtime));
    expect(w.steps.filter((s) => s.spec.name === 'CodeDepositBytes')).to.have.length(11);
    const stores = w.rws.filter((r) => r.tag === RwTag.Storage).map((r) => [r.address, r.storageKey, r.value]);
    expect(stores).to.deep.equal([[created, 1n, 5n], [created, 1n, 5n]]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('a code size other than the init code\'s fails the bytecode table\'s length lookup', () => {
    const r = w.steps.findIndex((s) => s.spec.name === 'CODESIZE');
    expect(w.steps[r]!.rws[0]!.value).to.equal(BigInt(init.length));
    const rw = w.steps[r]!.rwCounter - 1;
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm slot 0 lo', row: r, value: (v) => v + 1n }, { column: 'rw table valueLo', row: rw, value: (v) => v + 1n }]))
      .to.deep.equal([`lookup evm code length@${r}`]);
  });

  it('constructor storage keyed to another contract than the new one fails StorageContract', () => {
    const r = w.steps.findIndex((s) => s.spec.name === 'SSTORE');
    const rw = w.steps[r]!.rwCounter - 1;
    // the Storage and warm-slot rows (slots 2, 3) moved to address c0 + 1 alike
    expect(failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), [{ column: 'evm c0', row: r, value: (v) => v + 1n },
      { column: 'evm slot 2 address', row: r, value: (v) => v + 1n }, { column: 'evm slot 3 address', row: r, value: (v) => v + 1n },
      { column: 'rw table address', row: rw + 2, value: (v) => v + 1n }, { column: 'rw table address', row: rw + 3, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm StorageContract/contract = the call's CalleeAddress@${r + 2}`]);
  });
});
