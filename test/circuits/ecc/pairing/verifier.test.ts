/** One corrupted pairing block proven by the real prover: the verifier must reject it (own file: keygen and proving take ~10 s). */
import { expect } from 'chai';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import type { Element } from '../../../../circuits/gadgets/nonnative/index.js';
import { synthesize } from '../../../../circuits/plonk/index.js';
import { Rng } from '../../field/rng.js';
import { expectVerifierRejects, honestFailures, type Edit } from '../../gadgets/helpers.js';
import { pairingCircuit } from './harness.js';

const P = FQ_MODULUS;
const rng = new Rng(0x0808d);
const fq2 = (): [bigint, bigint] => [rng.below(P), rng.below(P)];

/** A v-column limb row set to `value` with its bytes consistent. */
function limbEdit(row: number, value: bigint): Edit[] {
  return [{ column: 'nn v', row, value }, ...Array.from({ length: 12 }, (_, i) => ({ column: `nn byte ${i}`, row, value: (value >> BigInt(8 * i)) & 0xffn }))];
}

describe('ecc pairing: real prover rejection', function () {
  this.timeout(300_000);

  it('an Fq2 product limb + 1 is rejected by the verifier (and named by MockProver)', async () => {
    const [a, b] = [fq2(), fq2()];
    const run = pairingCircuit((o) => o.fq2Mul(o.fq2Witness(() => a), o.fq2Witness(() => b))[1]);
    const k = 9;
    expect(honestFailures(run.circuit, k)).to.deep.equal([]);
    const honest = synthesize(run.circuit, k, [], true);
    const row = (run.out().value as Element).limbs[2].row;
    const old = honest.advice[honest.cs.advice.find((x) => x.name === 'nn v')!.index][row];
    const failures = await expectVerifierRejects(run.circuit, k, [], limbEdit(row, old + 1n));
    expect(failures).to.deep.equal([
      `gate fq dot +/column 2@${row - 2}`,
      `gate fq dot +/native: L = q·p + r (mod r)@${row - 2}`,
      `gate fq canonical/column 2: x + d + e1 = p − 1 + f·2^80@${row - 2}`,
    ].sort());
  });
});
