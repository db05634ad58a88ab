import { bytesToHex } from '@noble/hashes/utils.js';
import { expect } from 'chai';
import { memoryCost } from '../../../circuits/evm/gadgets/memory.js';
import { LogField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 200;
const T = [EDGE_WORDS[4]!, (1n << 256n) - 1n, 1n << 255n, 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3efn];
/** (offset, size, topics) of each LOGn: data of 0, 33 (unaligned), 1, 32 and 40 bytes (past the 2 words in use: expands to 3), an empty one far out. */
const LOGS: ReadonlyArray<readonly [number, number, number]> = [[0, 0, 0], [3, 33, 1], [7, 1, 2], [0, 32, 3], [50, 40, 4], [5000, 0, 0]];

describe('evm circuit: LOG0 … LOG4 (differential against @ethereumjs/evm)', function () {
  this.timeout(300_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.gadget.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(CAPACITY, w), K, evmInstances(w), edits);

  before(async () => {
    const program = asm(
      'PUSH32', EDGE_WORDS[4]!, 'PUSH0', 'MSTORE', 'PUSH32', 0x1234n, 'PUSH1', 32, 'MSTORE',
      // topic k of a LOGn sits k below the size: push the topics last first, then size, offset
      ...LOGS.flatMap(([offset, size, n]) => [...T.slice(0, n).reverse().flatMap((t) => ['PUSH32', t]), 'PUSH1', size, 'PUSH2', offset, `LOG${n}`]),
      'STOP',
    );
    block = await runPrograms([program]);
    w = evmCase(block);
  });

  it('writes each log as @ethereumjs emitted it (address, topics, data as TxLog rows); MockProver passes', () => {
    const logs = block.txs[0]!.logs;
    expect(logs).to.have.length(LOGS.length);
    const ids = rowsOf('LOG').map((r) => w.steps[r]!.rwCounter);
    ids.forEach((id, i) => {
      const rows = w.rws.filter((r) => r.tag === RwTag.TxLog && r.address === BigInt(id));
      const field = (f: LogField) => rows.filter((r) => r.fieldTag === f).sort((a, b) => Number(a.storageKey - b.storageKey));
      expect(field(LogField.Address).map((r) => r.value)).to.deep.equal([BigInt(logs[i]!.address)]);
      expect(field(LogField.Topic).map((r) => r.value)).to.deep.equal(logs[i]!.topics.map(BigInt));
      expect(bytesToHex(Uint8Array.from(field(LogField.Data).map((r) => Number(r.value))))).to.equal(bytesToHex(logs[i]!.data));
      expect(logs[i]!.topics).to.have.length(LOGS[i]![2]);
      expect(logs[i]!.data).to.have.length(LOGS[i]![1]);
    });
    expect(rowsOf('LogData')).to.have.length(LOGS.reduce((n, [, size]) => n + Math.max(1, Math.ceil(size / 2)), 0));
    expect(rowsOf('LogTopic')).to.have.length(LOGS.reduce((n, [, , topics]) => n + topics, 0));
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('charges 375 + 375·n + 8·size + memory expansion, as @ethereumjs did', () => {
    const r = rowsOf('LOG')[4]!;
    const next = w.steps.slice(r + 1).find((s) => s.spec.gadget.opcodes.length > 0)!;
    expect([w.steps[r]!.memoryWords, next.memoryWords]).to.deep.equal([2, 3]);
    expect(w.steps[r]!.gasLeft - next.gasLeft).to.equal(375n * 5n + 8n * 40n + memoryCost(3n) - memoryCost(2n));
  });

  it('a data byte other than memory\'s fails the data rule; another address fails the callee rule', () => {
    const r = rowsOf('LogData')[5]!;
    const rwRow = w.steps[r]!.rwCounter + 1 - 1;
    expect(failures([{ column: 'evm slot 1 lo', row: r, value: (v) => v ^ 1n }, { column: 'rw table valueLo', row: rwRow, value: (v) => v ^ 1n }]))
      .to.deep.equal([`gate evm LogData/byte 0: data = memory lo@${r}`]);
    const log = rowsOf('LOG')[1]!;
    const addressRow = w.steps[log]!.rwCounter + 3 - 1;
    expect(failures([{ column: 'evm slot 3 lo', row: log, value: (v) => v + 1n }, { column: 'rw table valueLo', row: addressRow, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm LOG/address = callee lo@${log}`]);
  });

  it('a wrong gas fails the gas transition; a dropped topic fails the topic count; a topic other than the stack\'s fails the topic rule', () => {
    const r = rowsOf('LOG')[3]!;
    expect(failures([{ column: 'evm gas', row: r + 1, value: (v) => v + 8n }]))
      .to.deep.equal([`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r + 1}`]);
    // LOG2 (1 byte of data: one LogData row) claims 1 topic to its topic rows
    const two = rowsOf('LOG')[2]!;
    expect(failures([{ column: 'evm aux byte 4', row: two + 1, value: 1n }]))
      .to.deep.equal([`gate evm LOG/continuation's n = param@${two}`, `gate evm LogData/topics: c1' = n@${two + 1}`]);
    const topic = rowsOf('LogTopic')[4]!;
    const rwRow = w.steps[topic]!.rwCounter + 1 - 1;
    expect(failures([{ column: 'evm slot 1 hi', row: topic, value: (v) => v + 1n }, { column: 'rw table valueHi', row: rwRow, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm LogTopic/topic = stack hi@${topic}`]);
  });

  it('real prover: a data byte other than memory\'s is rejected by the verifier', async () => {
    const small = evmCase(await runPrograms([asm('PUSH1', 0x2a, 'PUSH0', 'MSTORE8', 'PUSH1', 7, 'PUSH1', 2, 'PUSH0', 'LOG1', 'STOP')]));
    const r = small.steps.findIndex((s) => s.spec.name === 'LogData');
    const rwRow = small.steps[r]!.rwCounter + 1 - 1;
    const failed = await expectVerifierRejects(evmTestCircuit(48, small), 9, evmInstances(small),
      [{ column: 'evm slot 1 lo', row: r, value: (v) => v ^ 1n }, { column: 'rw table valueLo', row: rwRow, value: (v) => v ^ 1n }]);
    expect(failed).to.deep.equal([`gate evm LogData/byte 0: data = memory lo@${r}`]);
  });
});
