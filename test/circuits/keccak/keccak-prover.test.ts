/** The keccak circuit under the real prover/verifier: an honest proof verifies, a corrupted digest is rejected. */
import { expect } from 'chai';
import { KeccakCircuit, keccakLayout } from '../../../circuits/keccak/index.js';
import { keygen, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { corrupt } from '../gadgets/helpers.js';

const K = 12;

describe('keccak circuit: real prover/verifier (k = 12, one permutation)', function () {
  this.timeout(600_000);
  it('an honest proof of keccak256("abc") verifies; one with a wrong digest lo is rejected', async () => {
    await initKernel();
    const srs = devSrs(K);
    const circuit = KeccakCircuit.of([new TextEncoder().encode('abc')]);
    const pk = await keygen(srs, circuit, K);
    const honest = synthesize(circuit, K, [], true);
    expect(verify(pk.vk, [], await proveAssignment(pk, srs, honest))).to.deep.equal({ ok: true });
    const bad = corrupt(synthesize(circuit, K, [], true), [{ column: 'keccak table hash lo', row: keccakLayout().digest.row, value: (v) => v + 1n }]);
    expect(verify(pk.vk, [], await proveAssignment(pk, srs, bad)).ok).to.equal(false);
  });
});
