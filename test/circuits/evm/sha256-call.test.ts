import { expect } from 'chai';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { EvmFixtureCircuit } from '../../../circuits/evm/fixture.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 11;
const STEPS = 700;
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });
const rowsOf = (w: EvmWitness, name: string) => w.steps.flatMap((s, i) => (s.spec.gadget.name === name ? [i] : []));
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.slot, a.value]));
const digestOf = (bytes: Uint8Array) => BigInt(`0x${bytesToHex(sha256(bytes))}`);

/** Two words of input at memory 0 … 63 (bytes 0x40, 0x41, …). */
const WORD = (k: number) => BigInt(`0x${Array.from({ length: 32 }, (_, i) => (0x40 + 32 * k + i).toString(16)).join('')}`);
const INPUT = Uint8Array.from({ length: 64 }, (_, i) => 0x40 + i);
/** `op` of 0x02 with input memory[offset, offset + size), the digest asked back at `out`, `gas` (or all), storing success at slot `slot` and the digest at slot + 1. */
const callSha256 = (op: 'CALL' | 'STATICCALL', { offset = 0, size, out, gas, slot }: { offset?: number; size: number; out: number; gas?: number; slot: number }) => [
  'PUSH1', 32, 'PUSH1', out, 'PUSH1', size, 'PUSH1', offset, ...(op === 'CALL' ? ['PUSH1', 3] : []), 'PUSH1', 2, ...(gas === undefined ? ['GAS'] : ['PUSH2', gas]), op,
  'PUSH1', slot, 'SSTORE', 'PUSH1', out, 'MLOAD', 'PUSH1', slot + 1, 'SSTORE',
];

describe('evm circuit: calls of the SHA-256 precompile (0x02, differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);

  before(async () => {
    // 40 bytes by CALL with 3 wei, an empty input by STATICCALL (from offset 0x80, as solc's sha256("") at the free memory pointer), 64 bytes from offset 0 and 7 from offset 5; one short of its gas (40 bytes cost 84; no value, so no stipend)
    block = await runPrograms([{ to: programAddress(70), value: 5n }], [contract(70, asm('PUSH32', WORD(0), 'PUSH0', 'MSTORE', 'PUSH32', WORD(1), 'PUSH1', 32, 'MSTORE',
      ...callSha256('CALL', { size: 40, out: 64, slot: 0 }), 'RETURNDATASIZE', 'PUSH1', 10, 'SSTORE',
      ...callSha256('STATICCALL', { offset: 0x80, size: 0, out: 96, slot: 2 }), ...callSha256('STATICCALL', { size: 64, out: 128, slot: 4 }),
      ...callSha256('STATICCALL', { offset: 5, size: 7, out: 160, slot: 6 }), ...callSha256('STATICCALL', { size: 40, out: 192, gas: 83, slot: 8 }), 'STOP'))]);
    w = evmCase(block);
  });

  it('the digests as @ethereumjs returned them, 60 + 12 gas per word, RETURNDATASIZE 32; short of its gas the call fails (Sha256OutOfGas); MockProver passes (fixture table)', () => {
    expect(block.txs.map((t) => [t.status, t.precompiles.length])).to.deep.equal([[1, 5]]);
    expect(storageWrites(w)).to.deep.equal(traced(block));
    const values = storageWrites(w).map((x) => x[2]);
    // RETURNDATASIZE after the first call: 32; the failed call: 0, its output range left as it was (zeros)
    expect(values).to.deep.equal([1n, digestOf(INPUT.slice(0, 40)), 32n, 1n, digestOf(new Uint8Array()), 1n, digestOf(INPUT), 1n, digestOf(INPUT.slice(5, 12)), 0n, 0n]);
    expect(w.sha256Inputs.map((x) => x.length)).to.deep.equal([40, 0, 64, 7]);
    expect([rowsOf(w, 'Sha256Input').length, rowsOf(w, 'Sha256Digest').length, rowsOf(w, 'Sha256Output').length, rowsOf(w, 'Sha256OutOfGas').length]).to.deep.equal([10 + 1 + 16 + 2, 4, 32, 1]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
  });

  it('with the real SHA-256 circuit as the table: MockProver passes; a digest other than the input\'s is refused by the table', () => {
    const input = (evmTestCircuit(STEPS, w) as EvmFixtureCircuit).input;
    const circuit = new EvmFixtureCircuit({ steps: STEPS, bitwiseOps: 0 }, input, { sha256Chip: true });
    expect(honestFailures(circuit, K + 1, evmInstances(w))).to.deep.equal([]);
    const digest = rowsOf(w, 'Sha256Digest')[0]!;
    expect(failuresAfter(circuit, K + 1, evmInstances(w), [{ column: 'evm aux byte 0', row: digest, value: (v) => v ^ 1n }, { column: 'evm aux byte 0', row: digest + 1, value: (v) => v ^ 1n }]))
      .to.include(`lookup evm sha256 digest@${digest}`);
  });

  it('a lie is refused: an input byte, the digest written, the cost, the output length, the failure\'s shortfall', async () => {
    const [input] = rowsOf(w, 'Sha256Input') as [number];
    const head = input - 1;
    // byte 0 of the input other than memory's (the read and its lookup)
    expect(failures([{ column: 'evm slot 0 lo', row: input, value: (v) => v + 1n }, { column: 'evm slot 0 prev lo', row: input, value: (v) => v + 1n }]))
      .to.include.members([`lookup evm rw slot 0@${input}`, `lookup evm sha256 input 0@${input}`]);
    // the digest's last byte written other than the digest
    const output = rowsOf(w, 'Sha256Output')[WORDS_LAST]!;
    expect(failures([{ column: 'evm slot 3 lo', row: output, value: (v) => v ^ 1n }])).to.include(`gate evm Sha256Output/byte 3 lo@${output}`);
    // one word charged for 40 bytes
    expect(failures([{ column: 'evm aux byte 10', row: head, value: 1n }])).to.include(`gate evm PrecompileSha256/32·w = L + 31 − t@${head}`);
    // an input row skipped: the bytes left must be none at the last row
    expect(failures([{ column: 'evm c1', row: input, value: (v) => v - 4n }])).to.include(`gate evm PrecompileSha256/input: c1' = L@${head}`);
    const [oog] = rowsOf(w, 'Sha256OutOfGas') as [number];
    expect(failures([{ column: 'evm aux byte 16', row: oog, value: (v) => v + 1n }])).to.include(`gate evm Sha256OutOfGas/aux bytes 16 … 23 = cost − gas − 1 (short of gas)@${oog}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm slot 3 lo', row: output, value: (v) => v ^ 1n }]))
      .to.include(`gate evm Sha256Output/byte 3 lo@${output}`);
  });

  it('a DELEGATECALL and a CALLCODE (2 wei) of 0x02 run the same rows (CallCredit picks them by the code address); MockProver passes', async () => {
    const run = async (op: 'DELEGATECALL' | 'CALLCODE') => runPrograms([{ to: programAddress(71), value: 5n }], [contract(71, asm('PUSH32', WORD(0), 'PUSH0', 'MSTORE',
      'PUSH1', 32, 'PUSH1', 64, 'PUSH1', 9, 'PUSH1', 3, ...(op === 'CALLCODE' ? ['PUSH1', 2] : []), 'PUSH1', 2, 'GAS', op, 'PUSH0', 'SSTORE', 'PUSH1', 64, 'MLOAD', 'PUSH1', 1, 'SSTORE', 'STOP'))]);
    for (const b of [await run('DELEGATECALL'), await run('CALLCODE')]) {
      const r = evmCase(b);
      expect(storageWrites(r)).to.deep.equal(traced(b));
      expect(storageWrites(r).map((x) => x[2])).to.deep.equal([1n, digestOf(INPUT.slice(3, 12))]);
      expect(rowsOf(r, 'Sha256Digest')).to.have.length(1);
      expect(honestFailures(evmTestCircuit(STEPS, r), K, evmInstances(r))).to.deep.equal([]);
    }
  });

  it('without a SHA-256 table the circuit refuses the calls (as the devnet batch circuit, which has none)', () => {
    const failed = honestFailures(evmWithState(w, 2048, { steps: STEPS, bitwiseOps: 0 }), K + 1);
    expect(failed.filter((f) => f.startsWith('gate evm no SHA-256 table/'))).to.have.members(rowsOf(w, 'Sha256Input').concat(rowsOf(w, 'Sha256Digest'))
      .map((r) => `gate evm no SHA-256 table/no SHA-256 table: no SHA-256 steps@${r}`));
  });
});

/** The first call's last output row (its bytes 28 … 31). */
const WORDS_LAST = 7;
