import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { KECCAK_EMPTY } from '../../../circuits/bytecode/table.js';
import { mod } from '../../../circuits/gadgets/common.js';
import { AccountField, CallContextField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { DEV_BASE_FEE } from '../../../node/execution/genesis.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 64;
const BEGIN = ['BeginTx', 'BeginTx1', 'BeginTx2', 'BeginTxCallee', 'BeginTxGasPrice', 'BeginTx3', 'BeginTx4', 'BeginTx5', 'BeginTxFunds', 'BeginTxFunds1', 'BeginTx6'];
const CAPPED = (DEV_BASE_FEE * 7n) / 8n + 7n;
const END = ['EndTx', 'EndTxRefund', 'EndTx1', 'EndTx2', 'EndTx3', 'EndTx4'];

describe('evm circuit: BeginTx and EndTx (differential against @ethereumjs/vm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const code = asm('PUSH1', 2, 'PUSH1', 3, 'ADD', 'POP', 'STOP');
  const contract = createAddressFromString('0x00000000000000000000000000000000000c0de1');
  const payee = createAddressFromString('0x000000000000000000000000000000000000beef');
  const row = (name: string, nth = 0) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name)[nth]![1];
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    // a transfer to an account without code, then a call with calldata and value to a contract whose max fee caps
    // its price below base fee + priority fee (the block's base fee: the genesis one less 1/8, the parent being empty)
    block = await runPrograms([
      { to: payee, value: 10n ** 18n },
      { to: contract, data: Uint8Array.of(0, 1, 2), value: 5n, maxFeePerGas: CAPPED, maxPriorityFeePerGas: 1000n },
    ], [{ address: contract, code }]);
    w = evmCase(block);
  });

  it('lays out BeginTx, the call\'s steps and EndTx per tx; MockProver passes', () => {
    expect(w.steps.map((s) => s.spec.name)).to.deep.equal([...BEGIN, ...END, ...BEGIN, 'PUSH1', 'PUSH1', 'ADD', 'POP', 'STOP', ...END]);
    expect(w.steps.map((s) => s.txId)).to.deep.equal([...Array(17).fill(1), ...Array(22).fill(2)]);
    expect(block.txs.map((t) => t.effectiveGasPrice)).to.deep.equal([block.header.baseFeePerGas + 1n, CAPPED]);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('the account writes end where @ethereumjs left the sender, the payee, the contract and the coinbase', () => {
    const last = (address: string, field: AccountField) => w.rws.filter((r) => r.tag === RwTag.Account && r.address === BigInt(address) && r.fieldTag === field).at(-1)!.value;
    const traced = (address: string, field: 'nonce' | 'balance') => block.txs.flatMap((t) => t.accounts).filter((a) => a.address === address && a.field === field && a.isWrite).at(-1)!.value;
    const sender = block.txs[0]!.from;
    expect(last(sender, AccountField.Nonce)).to.equal(traced(sender, 'nonce'));
    expect(last(sender, AccountField.Balance)).to.equal(traced(sender, 'balance'));
    expect(last(payee.toString(), AccountField.Balance)).to.equal(10n ** 18n);
    expect(last(contract.toString(), AccountField.Balance)).to.equal(5n);
    const coinbase = block.header.coinbase;
    expect(last(coinbase, AccountField.Balance)).to.equal(traced(coinbase, 'balance'));
    const tips = block.txs.reduce((n, t) => n + t.gasUsed * (t.effectiveGasPrice - block.header.baseFeePerGas), 0n);
    expect(tips > 0n).to.equal(true);
    expect(last(coinbase, AccountField.Balance)).to.equal(tips);
    const gasUsed = block.txs.map((t) => t.gasUsed);
    expect(gasUsed[0]).to.equal(21_000n);
    expect(gasUsed[1]).to.equal(21_000n + 4n + 16n + 16n + 3n + 3n + 3n + 2n);
  });

  it('the call starts where BeginTx leaves it: pc 0, the callee\'s code hash, gas limit − intrinsic gas', () => {
    const first = w.steps[row('PUSH1')]!;
    expect([first.pc, first.gasLeft, first.codeHash]).to.deep.equal([0, 1_000_000n - 21_036n, BigInt(w.codes[0]!.codeHash)]);
    const codeHashWrite = w.rws.find((r) => r.tag === RwTag.CallContext && r.fieldTag === CallContextField.CodeHash && r.id === first.callId)!;
    expect(codeHashWrite.value).to.equal(first.codeHash);
    const transfer = w.rws.find((r) => r.tag === RwTag.CallContext && r.fieldTag === CallContextField.CodeHash && r.id === 1)!;
    expect(transfer.value).to.equal(KECCAK_EMPTY);
  });

  it('a nonce not incremented by one fails BeginTx2 and the RW lookup of that write', () => {
    const r = row('BeginTx2');
    expect(failures([{ column: 'evm slot 2 lo', row: r, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm BeginTx1/aux = BeginTx2's new nonce@${r - 1}`, `gate evm BeginTx2/nonce + 1 lo@${r}`, `lookup evm rw slot 2@${r}`]);
  });

  it('a sender nonce of 2^64 − 1 (EIP-2681) cannot be incremented: the new nonce 2^64 does not fit BeginTx1\'s 8 bytes', () => {
    const r = row('BeginTx2');
    // the account's nonce and the tx's raised to 2^64 − 1 (RW and tx lookups object, as they would to any other nonce),
    // the write to 2^64, BeginTx1's aux word following it
    const edits = [
      { column: 'evm slot 2 prev lo', row: r, value: (1n << 64n) - 1n }, { column: 'evm slot 2 lo', row: r, value: 1n << 64n },
      ...Array.from({ length: 8 }, (_, j) => ({ column: `evm aux byte ${j}`, row: r - 1, value: 0n })), { column: 'evm aux byte 8', row: r - 1, value: 1n },
    ];
    expect(failures(edits).filter((f) => f.includes('BeginTx'))).to.deep.equal([`gate evm BeginTx1/aux byte 8 = 0@${r - 1}`]);
  });

  it('a tx to a precompile cannot pass as a transfer: BeginTxFunds1\'s p = (x − 1)·…·(x − 10) is 0 for a callee x of 0x01 … 0x0a, so its next row must be BeginTxPrecompile', () => {
    const r = row('BeginTxFunds1');
    expect(w.steps[r + 1]!.spec.name).to.equal('BeginTx6');
    for (const x of [1n, 10n]) {
      // the callee and its product chain as a forger would set them (honest products; p = 0 has no inverse: inv 0)
      const chain = (to: number) => mod(Array.from({ length: to }, (_, i) => x - BigInt(i + 1)).reduce((a, b) => a * b));
      // (an unused slot's cells are kept as a read's: value before = value)
      const cells = [[0, 'lo', x], [0, 'hi', chain(3)], [1, 'lo', chain(6)], [1, 'hi', chain(9)]] as const;
      expect(failures([
        ...cells.flatMap(([j, half, value]) => [{ column: `evm slot ${j} ${half}`, row: r, value }, { column: `evm slot ${j} prev ${half}`, row: r, value }]),
        { column: 'evm inv', row: r, value: 0n },
      ])).to.deep.equal([`gate evm BeginTxFunds1/a precompile callee: next is BeginTxPrecompile: out = 1 − value·inverse@${r}`, `lookup evm tx lookup 1@${r}`]);
    }
    // the honest chain of a non-precompile callee: an inverse that does not invert p claims the precompile branch's premise
    expect(failures([{ column: 'evm inv', row: r, value: 0n }])).to.deep.equal([`gate evm BeginTxFunds1/a precompile callee: next is BeginTxPrecompile: out = 1 − value·inverse@${r}`]);
    expect(w.steps[r]!.aux?.cells?.get(0)?.lo).to.equal(BigInt(payee.toString()));
  });

  it('a tx gas limit above its block\'s fails EndTx\'s difference bytes', () => {
    const r = row('EndTx');
    expect(failures([{ column: 'evm c1', row: r, value: (v) => v - 1n }, { column: 'evm c0', row: r, value: (v) => v }]))
      .to.deep.equal([`gate evm EndTx/aux bytes 8 … 15 = block gas limit − tx gas limit@${r}`, `lookup evm block lookup@${r}`]);
    expect(w.steps[r]!.aux?.c1).to.equal(block.header.gasLimit);
  });

  it('a gas price other than min(max fee, base fee + priority fee) fails BeginTxGasPrice, whichever side the minimum is', () => {
    for (const [nth, below] of [[0, 0n], [1, 1n]] as const) {
      const r = row('BeginTxGasPrice', nth);
      expect(w.steps[r]!.aux?.scratch?.get(1)).to.equal(below);
      const price = [{ column: 'evm slot 3 lo', row: r, value: (v: bigint) => v + 1n }, { column: 'evm slot 3 prev lo', row: r, value: (v: bigint) => v + 1n }];
      expect(failures(price)).to.deep.equal([`gate evm BeginTxGasPrice/gas price = below ? max fee : base fee + priority fee@${r}`, `lookup evm tx lookup 2@${r}`]);
      const flag = [{ column: 'evm slot 1 lo', row: r, value: (v: bigint) => 1n - v }, { column: 'evm slot 1 prev lo', row: r, value: (v: bigint) => 1n - v }];
      expect(failures(flag)).to.deep.equal([
        `gate evm BeginTxGasPrice/aux = max fee − (base fee + priority fee) + below·2^128@${r}`, `gate evm BeginTxGasPrice/gas price = below ? max fee : base fee + priority fee@${r}`,
      ]);
    }
  });

  it('a priority fee above the max fee (EIP-1559 invalid) fails BeginTxGasPrice\'s difference', () => {
    // the tx table's priority fee raised above the max fee, with c1 following: only the hi difference objects
    const r = row('BeginTxGasPrice', 1);
    expect(failures([{ column: 'evm c1', row: r, value: CAPPED + 1n }]).filter((f) => f.includes('max fee − priority fee')))
      .to.deep.equal([`gate evm BeginTxGasPrice/aux hi = max fee − priority fee@${r}`]);
  });

  it('a sender that pays less for its gas (upfront debit) fails the balance relation', () => {
    const r = row('BeginTx4');
    expect(failures([{ column: 'evm aux byte 0', row: r, value: (v) => v ^ 1n }, { column: 'evm slot 0 lo', row: r, value: (v) => v ^ 1n }]))
      .to.deep.equal([`gate evm BeginTx4/lo: x + y = z + c0·2^128@${r}`, `lookup evm rw slot 0@${r}`]);
  });

  it('a gas limit other than the tx table\'s fails the tx lookup; a call started with more gas fails the hand-over', () => {
    const r = row('BeginTx');
    expect(failures([{ column: 'evm c0', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm BeginTx/gas = gas limit − 21000@${r}`, `lookup evm tx lookup 1@${r}`]);
    const call = row('PUSH1');
    expect(failures([{ column: 'evm gas', row: call, value: (v) => v + 1n }])).to.deep.equal([`gate evm BeginTx6/gas' = gas@${call - 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${call}`]);
  });

  it('a sender claimed to have code (EIP-3607) fails BeginTx5 and its code-hash read', () => {
    const r = row('BeginTx5');
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: (v) => v + 1n }, { column: 'evm slot 1 prev lo', row: r, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm BeginTx5/sender has no code (EIP-3607) lo@${r}`, `lookup evm rw slot 1@${r}`]);
  });

  it('funds not covering gas limit · max fee + value: a smaller balance left fails BeginTxFunds\' copy, a larger reserve its product', () => {
    const r = row('BeginTxFunds', 1);
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: (v) => v - 1n }, { column: 'evm slot 1 prev lo', row: r, value: (v) => v - 1n }]))
      .to.deep.equal([`gate evm BeginTxFunds/balance left = the sender's balance after BeginTx5 lo@${r}`, `gate evm BeginTxFunds1/lo: x + y = z + c0·2^128@${r + 1}`]);
    expect(failures([{ column: 'evm c1', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm BeginTxFunds/aux = a·b@${r}`, `lookup evm tx lookup 1@${r}`]);
  });

  it('a value the callee does not receive fails BeginTx6', () => {
    const r = row('BeginTx6', 1);
    expect(failures([{ column: 'evm slot 3 lo', row: r, value: (v) => v - 1n }, { column: 'evm slot 3 prev lo', row: r, value: (v) => v - 1n }]))
      .to.deep.equal([`gate evm BeginTx6/lo: x + y = z + c0·2^128@${r}`, `lookup evm tx lookup 1@${r}`]);
  });

  it('a transfer cannot claim the payee has code: with EndTx next, the code hash read must be the empty code\'s', () => {
    const transfer = row('BeginTx6', 0);
    expect(failures([{ column: 'evm slot 1 lo', row: transfer, value: (v) => v + 1n }, { column: 'evm slot 1 prev lo', row: transfer, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm BeginTx6/CallContext CodeHash = code hash lo@${transfer}`, `gate evm BeginTx6/no code: code hash lo is the empty hash@${transfer}`, `lookup evm rw slot 1@${transfer}`]);
  });

  it('a refund for more gas than was left fails the EndTx product', () => {
    const r = row('EndTx1', 1);
    expect(failures([{ column: 'evm gas', row: r, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm EndTx1/aux = a·b@${r}`, `gate evm EndTx2/gas carried@${r + 1}`, `gate evm EndTxRefund/gas' = gas + min(refund, q)@${r - 1}`]);
  });

  it('a coinbase paid more than gas used · (gas price − base fee) fails the EndTx3 product; another coinbase fails EndTx4 and the block lookup', () => {
    const r = row('EndTx3', 1);
    // the base fee (a scratch word: value and value-before agree) one lower
    const lower = (column: string, row: number, d: bigint) => [{ column: `evm slot 2 ${column}`, row, value: (v: bigint) => v + d }, { column: `evm slot 2 prev ${column}`, row, value: (v: bigint) => v + d }];
    expect(failures(lower('lo', r, -1n))).to.deep.equal([`gate evm EndTx3/aux = a·b@${r}`, `lookup evm block lookup@${r}`]);
    const c = row('EndTx4', 1);
    expect(failures(lower('lo', c, 1n))).to.deep.equal([`gate evm EndTx4/coinbase = block coinbase@${c}`, `lookup evm block lookup@${c}`]);
  });

  it('the next tx must have the next tx id', () => {
    const r = row('BeginTx', 1);
    expect(failures([{ column: 'evm txId', row: r, value: (v) => v + 1n }])).to.deep.equal([
      `gate evm BeginTx/TxId lo@${r}`, `gate evm transition/txId' = txId + (tx ends)@${r - 1}`, `gate evm transition/txId' = txId + (tx ends)@${r}`,
      `lookup evm tx lookup 0@${r}`, `lookup evm tx lookup 1@${r}`,
    ]);
  });
});
