import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { RwTag } from '../../../circuits/state/table.js';
import { evmWitness, UnsupportedExecutionError } from '../../../circuits/witness/evm.js';
import { evmCase, evmInstances, evmTestCircuit } from '../evm/harness.js';
import { honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from './run.js';

const hashOf = (code: Uint8Array) => BigInt(`0x${Buffer.from(keccak_256(code)).toString('hex')}`);

describe('witness: BlockTrace → EVM steps and RW rows', function () {
  this.timeout(60_000);

  it('numbers operations block-wide in execution order (BeginTx, stack, EndTx), with values before writes, one call id per tx', async () => {
    const program = asm('PUSH1', 1, 'PUSH1', 2, 'ADD', 'POP', 'PUSH1', 9, 'STOP');
    const w = evmWitness(await runPrograms([program, program]));
    expect(w.rws.map((r) => r.rwCounter)).to.deep.equal(Array.from({ length: 56 }, (_, i) => i + 1));
    // per tx: 18 BeginTx operations (the last writes the callee warm), the call's 7 stack operations, 3 EndTx operations (the refund counter, the refund, the coinbase fee)
    const rows = w.rws.filter((r) => r.tag === RwTag.Stack).map((r) => [r.rwCounter, r.isWrite, r.id, Number(r.address), r.value, r.valuePrev]);
    const call = (id: number, base: number) => [
      [base + 1, true, id, 1023, 1n, 0n], [base + 2, true, id, 1022, 2n, 0n],                                      // PUSH1 1, PUSH1 2
      [base + 3, false, id, 1022, 2n, 2n], [base + 4, false, id, 1023, 1n, 1n], [base + 5, true, id, 1023, 3n, 1n], // ADD
      [base + 6, false, id, 1023, 3n, 3n], [base + 7, true, id, 1023, 9n, 3n],                                     // POP, PUSH1 9
    ];
    expect(rows).to.deep.equal([...call(1, 18), ...call(29, 46)]);
    expect(w.rws.filter((r) => r.tag === RwTag.Stack).every((r) => r.fieldTag === 0 && r.storageKey === 0n && r.committedValue === 0n)).to.equal(true);
    expect(w.rwCounterEnd).to.equal(57);
    expect(w.steps.filter((s) => s.spec.gadget.flow !== 'internal').map((s) => [s.spec.name, s.pc, s.sp, s.rwCounter])).to.deep.equal([
      ['PUSH1', 0, 1024, 19], ['PUSH1', 2, 1023, 20], ['ADD', 4, 1022, 21], ['POP', 5, 1023, 24], ['PUSH1', 6, 1024, 25], ['STOP', 8, 1023, 26],
      ['PUSH1', 0, 1024, 47], ['PUSH1', 2, 1023, 48], ['ADD', 4, 1022, 49], ['POP', 5, 1023, 52], ['PUSH1', 6, 1024, 53], ['STOP', 8, 1023, 54],
    ]);
    expect(w.codes.map((c) => [BigInt(c.codeHash), c.code])).to.deep.equal([[hashOf(program), program]]);
  });

  it('a call to deployed code takes the code hash from the callee\'s account read; the circuit accepts it', async () => {
    const code = asm('PUSH1', 0x80, 'PUSH1', 0x7f, 'GT', 'ISZERO', 'POP', 'STOP');
    const address = createAddressFromString('0x00000000000000000000000000000000000c0de1');
    const w = evmCase(await runPrograms([{ to: address }], [{ address, code }]));
    expect(w.steps.map((s) => s.codeHash)).to.deep.equal([...Array(11).fill(0n), ...Array(6).fill(hashOf(code)), ...Array(6).fill(0n)]);
    expect(w.codes.map((c) => [BigInt(c.codeHash), c.code])).to.deep.equal([[hashOf(code), code]]);
    expect(honestFailures(evmTestCircuit(32, w), 9, evmInstances(w))).to.deep.equal([]);
  });

  it('refuses what the circuit cannot prove yet, naming the tx and the reason', async () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [asm('PUSH0', 'BLOCKHASH', 'STOP'), /tx 0: BLOCKHASH of block 0 \(one of the 256 before 1\): past block hashes are not bound yet$/],
      [asm('PUSH1', 1), /implicit STOP after PUSH1 \(its pushes or memory writes are not in the trace\)$/],
    ];
    for (const [program, message] of cases) {
      const trace = await runPrograms([program]);
      expect(() => evmWitness(trace), String(message)).to.throw(UnsupportedExecutionError, message);
    }
  });
});
