import { expect } from 'chai';
import { poseidon2 } from 'poseidon-lite';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, MockProver, prove, synthesize, verify, type AssignedCell, type Column, type Layouter } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { poseidon } from '../../../circuits/poseidon/index.js';
import { PoseidonChip } from '../../../circuits/gadgets/index.js';
import { Rng } from '../field/rng.js';
import { TestCircuit, corrupt, failuresAfter, honestFailures, summary } from './helpers.js';

const rng = new Rng(0x905e);
const randomInputs = (n: number) => Array.from({ length: n }, () => rng.below(FR_MODULUS));

/** Hashes each input tuple (private) with a width-t chip; the hashes are public (pub[i]). */
function hashCircuit(width: number, tuples: readonly (readonly bigint[])[]) {
  return new TestCircuit<{ chip: PoseidonChip; pub: Column }>((cs) => {
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(pub);
    return { chip: PoseidonChip.configure(cs, 'poseidon', width), pub };
  }, (cfg, layouter: Layouter) => {
    const outs: AssignedCell[] = tuples.map((inputs, i) => layouter.assignRegion(`hash ${i}`, (region) => cfg.chip.hash(region, 0, inputs)));
    outs.forEach((o, i) => layouter.constrainInstance(o, cfg.pub, i));
  });
}

describe('gadgets: Poseidon chip (circomlib parameters, one row per round, degree 3)', function () {
  this.timeout(60_000);
  const TUPLES = [[1n, 2n], [0n, 0n], [FR_MODULUS - 1n, 1n], randomInputs(2), randomInputs(2)];
  const HASHES = TUPLES.map((t) => poseidon(t));

  it('t = 3: hashes of edge and random pairs equal the native poseidon (and poseidon-lite), MockProver passes', () => {
    expect(HASHES[0]).to.equal(poseidon2([1n, 2n]));
    const c = hashCircuit(3, TUPLES);
    expect(honestFailures(c, 9, [HASHES])).to.deep.equal([]);
    // a wrong public hash is refused by the copy to the instance
    expect(summary(MockProver.run(9, c, [HASHES.map((h, i) => (i === 3 ? h + 1n : h))]).verify())).to.deep.equal(['copy poseidon s0@263~pub@3']);
  });

  it('t = 2, 4 and 5 (the other arities node/state hashes: 1, 3 and 4 inputs) match too', () => {
    for (const width of [2, 4, 5]) {
      const tuples = [randomInputs(width - 1), randomInputs(width - 1)];
      const c = hashCircuit(width, tuples);
      expect(honestFailures(c, 8, [tuples.map((t) => poseidon(t))]), `t = ${width}`).to.deep.equal([]);
    }
  });

  it('reports its shape: 66 rows per hash at t = 3, degree 3', () => {
    const a = synthesize(hashCircuit(3, TUPLES.slice(0, 1)), 7, [HASHES.slice(0, 1)], true);
    expect(a.cs.maxGateDegree()).to.equal(3);
    expect(a.regions[0].rows).to.equal(66);
  });

  // hash 0 at rows 0..65: full rounds 0..3, partial 4..60, full 61..64, output row 65
  const one = () => hashCircuit(3, TUPLES.slice(0, 1));
  const PUB = [HASHES.slice(0, 1)];
  const partial = (i: number, row: number) => `gate poseidon partial round/lane ${i}: s${i}' = M·(S(s0 + c0), s + c)@${row}`;
  const full = (i: number, row: number) => `gate poseidon full round/lane ${i}: s${i}' = Σ M·S(s + c)@${row}`;

  it('a flipped state cell in a partial round fails the round that produced it and every lane of the next', () => {
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon s1', row: 10, value: (v) => v + 1n }]))
      .to.deep.equal([partial(0, 10), partial(1, 9), partial(1, 10), partial(2, 10)].sort());
  });

  it('a flipped S-box cell (x4) in a full round fails its square check and every lane it mixes into', () => {
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon x4_0', row: 2, value: (v) => v + 1n }]))
      .to.deep.equal(['gate poseidon full round/x4_0 = x2_0²@2', full(0, 2), full(1, 2), full(2, 2)].sort());
  });

  it('a flipped x2 in a partial round: lane 0 fails its square check, unused lanes must stay 0', () => {
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon x2_0', row: 30, value: (v) => v + 1n }]))
      .to.deep.equal(['gate poseidon partial round/x2_0 = (s0 + c0)²@30', 'gate poseidon partial round/x4_0 = x2_0²@30']);
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon x2_1', row: 30, value: 7n }]))
      .to.deep.equal(['gate poseidon partial round/x2_1 unused = 0@30']);
  });

  it('a non-zero capacity lane fails "init"; a flipped output fails the last round and the public copy', () => {
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon s0', row: 0, value: 1n }])).to.include('gate poseidon init/capacity s0 = 0@0');
    expect(failuresAfter(one(), 7, PUB, [{ column: 'poseidon s0', row: 65, value: (v) => v + 1n }]))
      .to.deep.equal(['copy poseidon s0@65~pub@0', full(0, 64)]);
  });

  describe('real prover (k = 7)', () => {
    let srs: Srs;
    before(async () => { await initKernel(); srs = devSrs(7); });

    it('an honest hash proof verifies; a wrong public hash and a flipped round cell are rejected', async () => {
      const c = one();
      const pk = await keygen(srs, c, 7);
      const proof = await prove(pk, srs, c, PUB);
      expect(verify(pk.vk, PUB, proof)).to.deep.equal({ ok: true });
      expect(verify(pk.vk, [[PUB[0][0] + 1n]], proof).ok).to.equal(false);
      const bad = corrupt(synthesize(c, 7, PUB, true), [{ column: 'poseidon s1', row: 10, value: (v) => v + 1n }]);
      expect(summary(MockProver.fromAssignment(bad).verify())).to.have.length(4);
      expect(verify(pk.vk, PUB, await proveAssignment(pk, srs, bad)).ok).to.equal(false);
    });
  });
});
