/**
 * The permutation's chunks chain on the last row: l_last·(z_c(ωX) − z_{c−1}). A cheating prover that scales one
 * chunk's running product (its own products still hold: they are homogeneous in z_c) breaks exactly the two chain
 * constraints around it, at the last row, and its proof is rejected.
 */
import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { frMod } from '../../../circuits/field/fr-scalar.js';
import { keygen, synthesize, verify, type Column } from '../../../circuits/plonk/index.js';
import type { Challenges } from '../../../circuits/plonk/protocol.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { failingConstraints } from './argument-check.js';

describe('plonk: permutation chunks chained on the last row', function () {
  this.timeout(120_000);

  it('z1 scaled by 3: only "z1 continues z0" and "z2 continues z1" fail, at row n − 1; the proof is rejected', async () => {
    await initKernel();
    const K = 4;
    const srs = devSrs(K);
    const circuit = new FibonacciCircuit(10);
    const instances = circuit.instances();
    const pk = await keygen(srs, circuit, K);
    const z = pk.vk.protocol.permZ;
    expect(z.length).to.be.greaterThan(2);
    for (const cheat of [false, true]) {
      const a = synthesize(circuit, K, instances, true);
      const args = new Map<Column, bigint[]>();
      let ch: Partial<Challenges> = {};
      const proof = await proveAssignment(pk, srs, a, undefined, (column, values, challenges) => {
        args.set(column, values);
        ch = challenges;
        if (!cheat || column !== z[1]) return false;
        values.forEach((v, i) => { values[i] = frMod(3n * v); });
        return true;
      });
      const n = 1 << K;
      expect(failingConstraints(pk, a, args, ch as Challenges), `cheat: ${cheat}`).to.deep.equal(cheat
        ? [`permutation: z1 continues z0@${n - 1}`, `permutation: z2 continues z1@${n - 1}`] : []);
      expect(verify(pk.vk, instances, proof).ok, `cheat: ${cheat}`).to.equal(!cheat);
    }
  });
});
