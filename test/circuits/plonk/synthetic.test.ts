import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, freeSrs, type Srs } from '../../../circuits/pcs/index.js';
import { keygen, MockProver, prove, synthesize, verify, type ProvingKey, failureSummary } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { SyntheticCircuit } from '../../../circuits/plonk/examples/synthetic.js';

const summary = failureSummary;

describe('plonk/examples/synthetic (the bench:prover workload)', function () {
  this.timeout(120_000);
  const K = 8;
  const circuit = new SyntheticCircuit(K, 7);
  const instances = circuit.instances();
  let srs: Srs;
  let pk: ProvingKey;

  before(async () => {
    await initKernel();
    srs = devSrs(K);
    pk = await keygen(srs, circuit, K);
  });

  after(() => {
    if (srs) freeSrs(srs);
  });

  it('has the intended shape: 10 advice columns, a degree-4 gate, one lookup, 5 equality columns', () => {
    const cs = pk.vk.cs;
    expect(cs.advice).to.have.length(10);
    expect(cs.maxGateDegree()).to.equal(4);
    expect(cs.lookups).to.have.length(1);
    expect(cs.equality).to.have.length(5);
    expect(pk.vk.protocol.degree).to.equal(4);
  });

  it('fills every usable row and MockProver accepts it', () => {
    const a = synthesize(circuit, K, instances, true);
    expect(circuit.rows).to.equal(a.usableRows);
    expect(a.fixed[a.cs.selectors[0].column.index].slice(0, a.usableRows).every((v) => v === 1n)).to.equal(true);
    expect(MockProver.fromAssignment(a).verify()).to.deep.equal([]);
  });

  it('the same seed gives the same witness, another seed another one', () => {
    expect(new SyntheticCircuit(K, 7).instances()).to.deep.equal(instances);
    expect(new SyntheticCircuit(K, 8).instances()).to.not.deep.equal(instances);
  });

  it('an honest proof verifies; wrong public inputs are rejected', async () => {
    const proof = await prove(pk, srs, circuit, instances);
    expect(verify(pk.vk, instances, proof)).to.deep.equal({ ok: true });
    expect(verify(pk.vk, [[instances[0][0], instances[0][1] + 1n]], proof).ok).to.equal(false);
  });

  it('one corrupted cell (d[5]): MockProver names the two gate constraints, the proof is rejected', async () => {
    const a = synthesize(circuit, K, instances, true);
    const d = a.cs.advice.find((c) => c.name === 'd')!;
    a.advice[d.index][5] += 1n;
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal([
      'gate synthetic/a·b·c = d@5',
      'gate synthetic/d + e + g·h = f@5',
    ]);
    const r = verify(pk.vk, instances, await proveAssignment(pk, srs, a));
    expect(r.ok).to.equal(false);
  });

  it('a byte out of range (e[9] = 256, f adjusted so the gate holds): MockProver names the lookup and the broken copy', () => {
    const a = synthesize(circuit, K, instances, true);
    const e = a.cs.advice.find((c) => c.name === 'e')!;
    const f = a.cs.advice.find((c) => c.name === 'f')!;
    const old = a.advice[e.index][9];
    a.advice[e.index][9] = 256n;
    a.advice[f.index][9] += 256n - old; // keep the gate satisfied: only the lookup (and the copy of f) break
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal(['copy f@9~a@10', 'lookup e byte@9']);
  });
});
