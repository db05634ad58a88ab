import { expect } from 'chai';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { EDGE_WORDS, evmCase, evmInstances, evmTestCircuit } from './harness.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 10;
const CAPACITY = 128;

/** Assembles `parts` where a part may be a function of the pc it lands at (for jump destinations). */
function withLabels(build: (pcOf: (label: string) => number) => Array<string | bigint | number>): Uint8Array {
  const labels = new Map<string, number>();
  const pcOf = (label: string) => labels.get(label) ?? 0;
  let code: Uint8Array = new Uint8Array();
  for (let pass = 0; pass < 2; pass++) {
    const items = build(pcOf);
    const parts: Array<string | bigint | number> = [];
    for (const item of items) {
      if (typeof item === 'string' && item.startsWith(':')) labels.set(item.slice(1), asm(...parts).length);
      else parts.push(item);
    }
    code = asm(...parts);
  }
  return code;
}

describe('evm circuit: STOP, JUMP, JUMPI, JUMPDEST, PC, GAS, MSIZE (differential against @ethereumjs/evm)', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  const rowsOf = (name: string) => w.steps.map((s, i) => [s.spec.name, i] as const).filter(([n]) => n === name).map(([, i]) => i);
  const failures = (edits: Parameters<typeof failuresAfter>[3], instances = evmInstances(w)) => failuresAfter(evmTestCircuit(CAPACITY, w), K, instances, edits);
  before(async () => {
    // JUMPI on every edge condition: taken skips "PC POP" (so the two paths differ), both reach the label
    const jumpi = withLabels((pcOf) => EDGE_WORDS.flatMap((cond, i) => ['PUSH32', cond, 'PUSH2', pcOf(`l${i}`), 'JUMPI', 'PC', 'POP', `:l${i}`, 'JUMPDEST']).concat(['STOP']));
    const jump = withLabels((pcOf) => ['PUSH1', pcOf('target'), 'JUMP', 'INVALID', ':target', 'JUMPDEST', 'PC', 'GAS', 'MSIZE', 'POP', 'POP', 'POP', 'STOP']);
    w = evmCase(await runPrograms([jumpi, jump]));
  });

  it('JUMPI taken iff the condition is non-zero, JUMP, PC, GAS and two calls in one block; MockProver passes', () => {
    const fallThrough = w.steps.filter((s) => s.spec.name === 'PC' && s.callId === 1).length;
    expect(fallThrough).to.equal(EDGE_WORDS.filter((c) => c === 0n).length);
    const gas = w.steps.find((s) => s.spec.name === 'GAS')!;
    expect(gas.rws[0]!.value).to.equal(gas.gasLeft - 2n);
    const second = w.steps.findIndex((s) => s.callId !== 1);
    expect(w.steps[second]!.callId).to.equal(w.steps[second]!.rwCounter);
    expect(honestFailures(evmTestCircuit(CAPACITY, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('JUMPI claimed not taken although the condition is non-zero: the IsZero gate and the pc rule fail', () => {
    const r = rowsOf('JUMPI')[1]!; // condition 1
    expect(failures([{ column: 'evm c0', row: r, value: 1n }])).to.deep.equal([
      `gate evm JUMPI is zero/value·out = 0@${r}`, `gate evm JUMPI is zero/out = 1 − value·inv@${r}`, `gate evm JUMPI/pc' = taken ? dest : pc + 1@${r}`,
    ].sort());
  });

  it('a wrong GAS or MSIZE result fails its gate and the RW lookup; a wrong gas left fails the gas transitions around it', () => {
    const g = rowsOf('GAS')[0]!;
    expect(failures([{ column: 'evm slot 0 lo', row: g, value: (v) => v + 1n }])).to.deep.equal([`gate evm GAS/value lo = gas − cost@${g}`, `lookup evm rw slot 0@${g}`]);
    const m = rowsOf('MSIZE')[0]!;
    expect(w.steps[m]!.rws[0]!.value).to.equal(0n); // no memory opcode ran
    expect(failures([{ column: 'evm slot 0 lo', row: m, value: 32n }])).to.deep.equal([`gate evm MSIZE/value lo = 32·memory words@${m}`, `lookup evm rw slot 0@${m}`]);
    const r = rowsOf('JUMPDEST')[2]!;
    expect(failures([{ column: 'evm gas', row: r, value: (v) => v - 1n }]))
      .to.deep.equal([`gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r - 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${r}`]);
  });

  it('STOP range-checks the gas left through the aux word and hands it to EndTx; a wrong opcode fails the fetch and the opcode table', () => {
    const stop = rowsOf('STOP')[0]!;
    expect(failures([{ column: 'evm gas', row: stop, value: (v) => v + 1n }]))
      .to.deep.equal([`gate evm STOP/aux lo = gas@${stop}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${stop - 1}`, `gate evm transition/opcode: gas' = gas − cost − dynamic cost@${stop}`]);
    const r = rowsOf('JUMPDEST')[0]!;
    expect(failures([{ column: 'evm opcode', row: r, value: 0x5an }])).to.deep.equal([`lookup evm opcode fetch@${r}`, `lookup evm opcode table@${r}`]);
  });

  it('a public operation count other than the steps\' fails the copy to the instance; a wrong count cell fails the last-row gate', () => {
    const f = failures([], [[BigInt(w.rws.length + 1), BigInt(w.txCount)]]);
    expect(f).to.have.length(1);
    expect(f[0]).to.match(/^copy .*evm c0.*rw and tx counts/);
    expect(failures([{ column: 'evm c0', row: CAPACITY - 1, value: (v) => v + 1n }]).filter((x) => x.startsWith('gate')))
      .to.deep.equal([`gate evm last/c0 = rwc − 1 (operation count)@${CAPACITY - 1}`]);
  });
});

describe('evm circuit: a call cannot stop short of its end step', function () {
  this.timeout(120_000);
  let w: EvmWitness;
  before(async () => {
    w = evmCase(await runPrograms([asm('PUSH1', 1n, 'PUSH1', 2n, 'ADD', 'POP', 'STOP')]));
  });

  it('the final STOP turned into EndTx (execution cut mid-call, skipping its gas check): refused by "same call: next step runs an opcode"', () => {
    const stop = w.steps.findIndex((s) => s.spec.name === 'STOP');
    // the STOP row relabelled as the first EndTx row (which has the same RW count, 0, and takes the gas left)
    const f = failuresAfter(evmTestCircuit(32, w), K, evmInstances(w), evmStateCells('EndTx', stop));
    expect(f).to.include(`gate evm transition/same call: next step runs an opcode@${stop - 1}`);
  });
});
