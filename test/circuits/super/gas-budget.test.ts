/**
 * The devnet batch circuit's verification must fit one L1 transaction: EIP-7825 caps a transaction at 2^24 gas, and
 * `npm run bench:gas -- --batch full` measured 15,717,860 gas after 828b7e5 (four tx slots, selectors compressed, the
 * MODEXP chip, the EVM's two-hot state selector, the EC chips) with 1,108 proof commitments, 2,591 evaluations and 632
 * distinct fixed/σ columns. Each committed column costs ~9k gas to verify (an ecMul, 64 B of calldata, its evaluations),
 * each fixed column ~7k, so the 0.66M left under the cap with finalizeBatch's margin is ~65 columns. This is a budget on the
 * circuit's shape (its layout without a witness, with the selectors compressed as keygen compresses them; no keygen): a
 * change that adds columns past it must first make room (or be optional by capacity), and re-measure with bench:gas;
 * when it passes, the budget can move.
 */
import { expect } from 'chai';
import { synthesize } from '../../../circuits/plonk/layouter.js';
import { compressSelectors } from '../../../circuits/plonk/selector-compression.js';
import { Protocol } from '../../../circuits/plonk/protocol.js';
import { SuperCircuit } from '../../../circuits/super/index.js';
import { DEVNET_BATCH_CAPACITY } from '../../../node/prover/batch-circuit.js';
import { PARAMS } from './fixture.js';

/**
 * Measured after 828b7e5 (`bench:gas -- --batch full`: 15,717,860 gas, exec 13,637,556, 1,742 ecMul): proof commitments
 * and evaluations as the shape counts them, fixed + σ columns as the key opens them (a fixed column equal to another
 * is opened once: the proof had 2,591 evaluations, the shape's 2,624 less 33 such repeats).
 */
const MEASURED = { commitments: 1_108, evaluations: 2_624, fixed: 632, gas: 15_717_860 };
/** Gas per added column (upper estimates from the measured run; see RESULTS.md "Verifier gas"). */
const PER_COMMITMENT = 9_500;
const PER_EVALUATION = 800;
const PER_FIXED = 7_500;
const CAP = 16_777_216;
/** What finalizeBatch does besides verify (its own storage and checks), kept free under the cap. */
const FINALIZE_MARGIN = 400_000;

describe('batch circuit: the devnet verification stays under EIP-7825\'s gas cap (a column budget)', function () {
  this.timeout(120_000);
  it(`the devnet circuit's commitments, evaluations and fixed columns, priced from the measured run, fit ${CAP.toLocaleString('en')} gas with finalizeBatch's margin`, () => {
    const laidOut = compressSelectors(synthesize(new SuperCircuit(DEVNET_BATCH_CAPACITY, PARAMS), DEVNET_BATCH_CAPACITY.k, undefined, false));
    const { cs } = laidOut;
    const p = new Protocol(cs, DEVNET_BATCH_CAPACITY.k);
    const commitments = cs.advice.length + p.phase1.length + p.phase2.length + p.degree - 1;
    const evaluations = p.queries().length + p.degree - 1;
    const fixed = new Set(laidOut.fixed.map((column) => column.join(','))).size + p.sigma.length;
    const estimate = MEASURED.gas + (commitments - MEASURED.commitments) * PER_COMMITMENT
      + (evaluations - MEASURED.evaluations) * PER_EVALUATION + (fixed - MEASURED.fixed) * PER_FIXED;
    expect(estimate, `${commitments} commitments, ${evaluations} evaluations, ${fixed} fixed/σ columns`).to.be.at.most(CAP - FINALIZE_MARGIN);
  });
});
