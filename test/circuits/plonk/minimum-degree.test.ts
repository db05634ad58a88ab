/**
 * A circuit's minimum degree (ConstraintSystem.setMinimumDegree, halo2's minimum degree): above what the gates need,
 * it packs more lookup terms per h column and more equality columns per permutation z, so a proof commits fewer
 * polynomials (the batch circuit: 1,241 → 1,105 at degree 9), for a quotient over a larger extended domain. The
 * key names it (digest, serialization), and a proof made at it is checked as strictly as at the gates' degree.
 */
import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { ConstraintSystem, ConstraintSystemError, keygen, prove, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { deserializeVerifyingKey, serializeVerifyingKey } from '../../../circuits/plonk/serialization.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { ByteLookups, K as LOOKUP_K, rowsOf } from './byte-lookups.js';
import { AtDegree } from './at-degree.js';

describe('plonk: a minimum degree above the gates\' (fewer committed polynomials)', function () {
  this.timeout(180_000);
  before(() => initKernel());

  it('is an integer ≥ 3', () => {
    const cs = new ConstraintSystem();
    for (const bad of [2, 8.5, Number.NaN]) expect(() => cs.setMinimumDegree(bad)).to.throw(ConstraintSystemError, /minimum degree is an integer ≥ 3/);
  });

  it('permutation: degree 9 chains 7 equality columns per z (not 3 at the gates\' degree); honest proof verifies, a wrong instance and a flipped byte fail', async () => {
    const K = 4;
    const srs = devSrs(K);
    const fib = new FibonacciCircuit(10);
    const instances = fib.instances();
    const plain = await keygen(srs, fib, K);
    const pk = await keygen(srs, new AtDegree(fib, 9), K);
    const p = pk.vk.protocol;
    expect(plain.vk.protocol.degree).to.be.below(9);
    expect([p.degree, p.extension]).to.deep.equal([9, 3]);
    const equality = pk.vk.cs.equality.length;
    expect(p.permZ).to.have.length(Math.ceil(equality / 7));
    expect(p.permZ.length).to.be.below(plain.vk.protocol.permZ.length);
    expect(pk.vk.digest).to.not.equal(plain.vk.digest);
    const proof = await prove(pk, srs, new AtDegree(fib, 9), instances);
    expect(verify(pk.vk, instances, proof)).to.deep.equal({ ok: true });
    expect(verify(pk.vk, [[instances[0][0] + 1n, ...instances[0].slice(1)]], proof).ok).to.equal(false);
    const flipped = proof.slice();
    flipped[flipped.length - 100] ^= 1;
    expect(verify(pk.vk, instances, flipped).ok).to.equal(false);
    // the degree-9 proof is no proof under the gates' degree key, nor the other way round
    expect(verify(plain.vk, instances, proof).ok).to.equal(false);
  });

  it('lookups: at degree 9 the running sum takes all three inputs and the table (no h column); an input outside the table is rejected', async () => {
    const srs = devSrs(LOOKUP_K);
    const circuit = new AtDegree(new ByteLookups(3, rowsOf(3)), 9);
    const pk = await keygen(srs, circuit, LOOKUP_K);
    const p = pk.vk.protocol;
    expect(p.lookupGroups).to.have.length(0);
    expect(p.sumTerms).to.have.length(4);
    expect(verify(pk.vk, [], await prove(pk, srs, circuit, []))).to.deep.equal({ ok: true });
    const a = synthesize(circuit, LOOKUP_K, [], true);
    a.advice[2][5] = 256n;
    expect(verify(pk.vk, [], await proveAssignment(pk, srs, a))).to.deep.equal({ ok: false, reason: 'the constraints do not hold at the challenge point (quotient identity failed)' });
  });

  it('a serialized key keeps it: the same protocol and digest after a round trip; keys without one serialize as before', async () => {
    const srs = devSrs(LOOKUP_K);
    const pk = await keygen(srs, new AtDegree(new ByteLookups(2, rowsOf(2)), 7), LOOKUP_K);
    const back = deserializeVerifyingKey(serializeVerifyingKey(pk.vk));
    expect(back.cs.minimumDegree).to.equal(7);
    expect(back.protocol.degree).to.equal(7);
    expect(back.digest).to.equal(pk.vk.digest);
    const plain = await keygen(srs, new ByteLookups(2, rowsOf(2)), LOOKUP_K);
    expect(new TextDecoder().decode(serializeVerifyingKey(plain.vk))).to.not.include('minimumDegree');
  });
});
