import { expect } from 'chai';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { MockProver, failureSummary, synthesize } from '../../../circuits/plonk/index.js';
import { SmtCircuit, exactCapacity, smtRows, smtWitness } from '../../../circuits/smt/index.js';
import { minK } from '../../../circuits/gadgets/index.js';
import { RecordingTree } from './fixture.js';

const rng = new Rng(0x5a17);
/** A key whose path starts with the given low bits (least significant first), random above them. */
const keyWith = (low: number, bits = 3) => (rng.bits(200) << BigInt(bits)) | BigInt(low);

describe('smt: update chip (insert, update, push-down, delete, collapse) vs the node SMT', function () {
  this.timeout(300_000);

  it('a chain of six operations reaches the node\'s roots; MockProver passes', async () => {
    const [A, B, C, D, E] = [0b000, 0b100, 0b001, 0b010, 0b101].map((l) => keyWith(l));
    const t = await new RecordingTree().seed([[A, 1n], [B, 2n], [C, 3n]]);
    await t.put(A, 10n);
    await t.put(D, 4n);
    await t.put(E, 5n);
    await t.delete(E);
    await t.delete(D);
    await t.delete(B);
    const w = smtWitness(t.startRoot, t.ops, t.nodeOf);
    expect(w.ops.map((o) => o.rootAfter)).to.deep.equal(t.roots);
    expect(w.ops.map((o) => `${o.del ? 'del' : 'put'} ${o.oldTerminal}`)).to.deep.equal(['put own', 'put empty', 'put other', 'del other', 'del empty', 'del other']);
    const cap = exactCapacity(w);
    console.log(cap, smtRows(cap), minK(smtRows(cap)));
    const c = new SmtCircuit(w);
    const k = minK(smtRows(cap));
    const t0 = Date.now();
    const fails = failureSummary(MockProver.run(k, c, c.instances()).verify());
    console.log(Date.now() - t0, fails.slice(0, 20));
    expect(fails).to.deep.equal([]);
  });
});
