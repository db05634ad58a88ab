import { expect } from 'chai';
import { keygen, MockProver, prove, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { evmWitness } from '../../../circuits/witness/evm.js';
import { corrupt, summary } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmInstances, evmTestCircuit } from './harness.js';

const K = 9;
const CAPACITY = 16;

describe('evm circuit: real prover (KZG, k = 9)', function () {
  this.timeout(300_000);

  it('a program of every family proves and verifies with a key made without the witness; a wrong ADD result is rejected', async () => {
    await initKernel();
    const srs = devSrs(K);
    // x = 2^256 − 1 + 2 (wraps to 1); if x > 0 jump over INVALID; compare, swap, stop
    const w = evmWitness(await runPrograms([asm('PUSH32', (1n << 256n) - 1n, 'PUSH1', 2, 'ADD', 'DUP1', 'PUSH1', 41, 'JUMPI', 'INVALID', 'JUMPDEST', 'PUSH0', 'LT', 'PUSH1', 5, 'SWAP1', 'SUB', 'STOP')]));
    expect(w.steps.map((s) => s.spec.name)).to.deep.equal(['PUSH32', 'PUSH1', 'ADD', 'DUP1', 'PUSH1', 'JUMPI', 'JUMPDEST', 'PUSH0', 'LT', 'PUSH1', 'SWAP1', 'SUB', 'STOP']);
    const pk = await keygen(srs, evmTestCircuit(CAPACITY), K);
    const instances = evmInstances(w);
    expect(verify(pk.vk, instances, await prove(pk, srs, evmTestCircuit(CAPACITY, w), instances))).to.deep.equal({ ok: true });
    const bad = corrupt(synthesize(evmTestCircuit(CAPACITY, w), K, instances, true), [{ column: 'evm slot 2 lo', row: 2, value: (v) => v + 1n }]);
    expect(summary(MockProver.fromAssignment(bad).verify())).to.deep.equal(['gate evm ADD/result lo = aux lo@2', 'lookup evm rw slot 2@2']);
    expect(verify(pk.vk, instances, await proveAssignment(pk, srs, bad)).ok).to.equal(false);
  });
});
