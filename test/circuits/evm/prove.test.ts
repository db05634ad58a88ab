import { expect } from 'chai';
import { keygen, MockProver, prove, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { corrupt, summary } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 48;
const TABLES = { bitwiseOps: 0, arith: { mul: 1, divMod: 0, addMod: 0, mulMod: 0 } };

describe('evm circuit: real prover (KZG, k = 9)', function () {
  this.timeout(300_000);

  it('a program of every family proves and verifies with a key made without the witness; a wrong ADD result, a wrong MUL result and a wrong refund are rejected', async () => {
    await initKernel();
    const srs = devSrs(K);
    // x = 2^256 − 1 + 2 (wraps to 1); if x > 0 jump over INVALID; compare, swap, stop
    const w = evmCase(await runPrograms([asm('PUSH32', (1n << 256n) - 1n, 'PUSH1', 2, 'ADD', 'DUP1', 'PUSH1', 41, 'JUMPI', 'INVALID', 'JUMPDEST', 'PUSH0', 'LT', 'PUSH1', 5, 'SWAP1', 'SUB', 'PUSH1', 3, 'MUL', 'STOP')]));
    expect(w.steps.filter((s) => s.spec.gadget.flow !== 'internal').map((s) => s.spec.name)).to.deep.equal(['PUSH32', 'PUSH1', 'ADD', 'DUP1', 'PUSH1', 'JUMPI', 'JUMPDEST', 'PUSH0', 'LT', 'PUSH1', 'SWAP1', 'SUB', 'PUSH1', 'MUL', 'STOP']);
    const pk = await keygen(srs, evmTestCircuit(CAPACITY, undefined, TABLES), K);
    const instances = evmInstances(w);
    expect(verify(pk.vk, instances, await prove(pk, srs, evmTestCircuit(CAPACITY, w, TABLES), instances))).to.deep.equal({ ok: true });
    const add = w.steps.findIndex((s) => s.spec.name === 'ADD');
    const bad = corrupt(synthesize(evmTestCircuit(CAPACITY, w, TABLES), K, instances, true), [{ column: 'evm slot 2 lo', row: add, value: (v) => v + 1n }]);
    expect(summary(MockProver.fromAssignment(bad).verify())).to.deep.equal([`gate evm ADD/result lo = aux lo@${add}`, `lookup evm rw slot 2@${add}`]);
    expect(verify(pk.vk, instances, await proveAssignment(pk, srs, bad)).ok).to.equal(false);
    const mul = w.steps.findIndex((s) => s.spec.name === 'MUL');
    const wrongProduct = corrupt(synthesize(evmTestCircuit(CAPACITY, w, TABLES), K, instances, true), [{ column: 'evm slot 2 lo', row: mul, value: (v) => v + 1n }]);
    expect(summary(MockProver.fromAssignment(wrongProduct).verify())).to.deep.equal([`lookup evm arith@${mul}`, `lookup evm rw slot 2@${mul}`]);
    expect(verify(pk.vk, instances, await proveAssignment(pk, srs, wrongProduct)).ok).to.equal(false);
    // EndTx: the sender refunded one wei more than gas left · gas price (the balance write and its aux word agree)
    const refund = w.steps.findIndex((s) => s.spec.name === 'EndTx2');
    const edits = [{ column: 'evm aux byte 0', row: refund, value: (v: bigint) => v ^ 1n }, { column: 'evm slot 0 lo', row: refund, value: (v: bigint) => v ^ 1n }];
    const wrongRefund = corrupt(synthesize(evmTestCircuit(CAPACITY, w, TABLES), K, instances, true), edits);
    expect(summary(MockProver.fromAssignment(wrongRefund).verify())).to.deep.equal([`gate evm EndTx2/lo: x + y = z + c0·2^128@${refund}`, `lookup evm rw slot 0@${refund}`]);
    expect(verify(pk.vk, instances, await proveAssignment(pk, srs, wrongRefund)).ok).to.equal(false);
  });
});
