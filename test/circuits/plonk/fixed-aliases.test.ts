/**
 * Fixed columns with equal commitments are opened once (Protocol's fixedAliases): a circuit whose two selectors are
 * enabled on the same rows proves, verifies in TS and Solidity with one evaluation fewer, a serialized key gives
 * the same aliases, and a corrupted witness is still named by MockProver and rejected by both verifiers.
 */
import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import {
  deserializeVerifyingKey, failureSummary, keygen, MockProver, Protocol, prove, serializeVerifyingKey, synthesize, verify, type Column, type ConstraintSystem,
  type Layouter, type Selector,
} from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { generateVerifierFile, proofLayout } from '../../../circuits/solidity/index.js';
import { deployGenerated } from '../../contracts/verifier-deploy.js';

const K = 5;

/** a = b where q1 is on, b = c where q2 is on: q1 and q2 are on the same rows, so their columns are equal. */
class TwinSelectors {
  configure(cs: ConstraintSystem): { a: Column; b: Column; c: Column; q1: Selector; q2: Selector } {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => cs.adviceColumn(n));
    const [q1, q2] = [cs.selector('q1'), cs.selector('q2')];
    cs.createGate('first', { 'a = b': q1.expr().mul(a.cur().sub(b.cur())) });
    cs.createGate('second', { 'b = c': q2.expr().mul(b.cur().sub(c.cur())) });
    return { a, b, c, q1, q2 };
  }
  synthesize(cfg: { a: Column; b: Column; c: Column; q1: Selector; q2: Selector }, layouter: Layouter): void {
    layouter.assignRegion('rows', (r) => {
      for (let i = 0; i < 10; i++) {
        r.enableSelector(cfg.q1, i);
        r.enableSelector(cfg.q2, i);
        for (const [n, col] of [['a', cfg.a], ['b', cfg.b], ['c', cfg.c]] as const) r.assignAdvice(n, col, i, BigInt(7 * i + 1));
      }
    });
  }
}

describe('plonk: fixed columns with equal commitments are opened once', function () {
  this.timeout(300_000);

  it('one evaluation for both selectors; TS and Solidity accept the honest proof and refuse a corrupted witness', async () => {
    await initKernel();
    const srs = devSrs(K);
    const circuit = new TwinSelectors();
    const pk = await keygen(srs, circuit, K);
    const { cs, protocol } = pk.vk;
    const [q1, q2] = cs.selectors.map((s) => s.column);
    expect(protocol.fixedAliases.get(q2.index)).to.equal(q1.index);
    expect(protocol.canonical(q2)).to.equal(q1);
    const fixedQueried = protocol.queries().filter((q) => q.column.kind === 'fixed').map((q) => q.column.name);
    expect(fixedQueried).to.deep.equal(['selector:q1']);
    // without the commitments, the same circuit opens both
    expect(proofLayout({ ...pk.vk, protocol: new Protocol(cs, K) }).evaluations).to.equal(proofLayout(pk.vk).evaluations + 1);
    expect(deserializeVerifyingKey(serializeVerifyingKey(pk.vk)).protocol.fixedAliases).to.deep.equal(protocol.fixedAliases);

    const v = await deployGenerated(generateVerifierFile(pk.vk, { contractName: 'TwinSelectorsVerifier', instanceLengths: [] }));
    const honest = await prove(pk, srs, circuit, []);
    expect(verify(pk.vk, [], honest)).to.deep.equal({ ok: true });
    expect(await v.verify(honest, [])).to.equal(true);

    const bad = synthesize(circuit, K, [], true);
    bad.advice[2][4] += 1n;
    expect(failureSummary(MockProver.fromAssignment(bad).verify())).to.deep.equal(['gate second/b = c@4']);
    const proof = await proveAssignment(pk, srs, bad);
    expect(verify(pk.vk, [], proof).ok).to.equal(false);
    expect(await v.verify(proof, [])).to.equal(false);
  });
});
