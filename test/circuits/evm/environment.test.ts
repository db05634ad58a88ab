import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 48;
const OPS = ['ADDRESS', 'CALLER', 'CALLVALUE', 'CALLDATASIZE', 'ORIGIN', 'GASPRICE'];
const BLOCK_OPS = ['COINBASE', 'TIMESTAMP', 'NUMBER', 'PREVRANDAO', 'GASLIMIT', 'CHAINID', 'BASEFEE'];

describe('evm circuit: ADDRESS, CALLER, CALLVALUE, CALLDATASIZE, ORIGIN, GASPRICE and the block context (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const contract = createAddressFromString('0x00000000000000000000000000000000000c0de2');
  const row = (name: string) => w.steps.findIndex((s) => s.spec.name === name);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    const code = asm(...[...OPS, ...BLOCK_OPS].flatMap((op) => [op, 'POP']), 'STOP');
    block = await runPrograms([{ to: contract, data: Uint8Array.of(1, 2, 3, 4, 5), value: 7n }], [{ address: contract, code }]);
    w = evmCase(block);
  });

  it('pushes what @ethereumjs pushed; MockProver passes', () => {
    const tx = block.txs[0]!;
    const pushed = OPS.map((op) => w.steps[row(op)]!.rws.at(-1)!.value);
    expect(pushed).to.deep.equal([BigInt(contract.toString()), BigInt(tx.from), 7n, 5n, BigInt(tx.from), tx.effectiveGasPrice]);
    const traced = tx.steps.filter((s) => OPS.includes(s.name)).map((s) => s.pushes[0]);
    expect(pushed).to.deep.equal(traced);
    const h = block.header;
    const blockPushed = BLOCK_OPS.map((op) => w.steps[row(op)]!.rws.at(-1)!.value);
    expect(blockPushed).to.deep.equal([BigInt(h.coinbase), h.timestamp, h.number, BigInt(h.prevRandao), h.gasLimit, h.chainId, h.baseFeePerGas]);
    expect(blockPushed).to.deep.equal(tx.steps.filter((s) => BLOCK_OPS.includes(s.name)).map((s) => s.pushes[0]));
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('CALLER pushing another value fails the copy from the call context and the stack write\'s lookup', () => {
    const r = row('CALLER');
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: (v) => v + 1n }])).to.deep.equal([`gate evm CALL_CONTEXT/pushed = context field lo@${r}`, `lookup evm rw slot 1@${r}`]);
  });

  it('CALLVALUE reading another call context field (param) fails the opcode table and the context read', () => {
    const r = row('CALLVALUE');
    expect(failures([{ column: 'evm param', row: r, value: 8n }])).to.deep.equal([`lookup evm opcode table@${r}`, `lookup evm rw slot 0@${r}`]);
  });

  it('ORIGIN pushing another address fails the tx lookup; a non-canonical word fails the aux bytes', () => {
    const r = row('ORIGIN');
    expect(failures([{ column: 'evm aux byte 0', row: r, value: (v) => v ^ 1n }, { column: 'evm slot 0 lo', row: r, value: (v) => v ^ 1n }]))
      .to.deep.equal([`lookup evm rw slot 0@${r}`, `lookup evm tx lookup 0@${r}`]);
    expect(failures([{ column: 'evm aux byte 20', row: r, value: 1n }])).to.deep.equal([`gate evm ORIGIN/aux byte 20 = 0@${r}`, `gate evm ORIGIN/pushed = aux hi@${r}`, `lookup evm tx lookup 0@${r}`]);
  });

  it('TIMESTAMP pushing another time, or NUMBER reading the base fee field, fails the block lookup', () => {
    const t = row('TIMESTAMP');
    expect(failures([{ column: 'evm slot 0 lo', row: t, value: (v) => v + 1n }])).to.deep.equal([`lookup evm block lookup@${t}`, `lookup evm rw slot 0@${t}`]);
    const n = row('NUMBER');
    expect(failures([{ column: 'evm param', row: n, value: 6n }])).to.deep.equal([`lookup evm block lookup@${n}`, `lookup evm opcode table@${n}`]);
  });

  it('GASPRICE pushing another price fails the tx lookup', () => {
    const r = row('GASPRICE');
    expect(failures([{ column: 'evm slot 0 lo', row: r, value: (v) => v + 1n }])).to.deep.equal([`lookup evm rw slot 0@${r}`, `lookup evm tx lookup 0@${r}`]);
  });
});
