/** The SHA-256 circuit under the real prover/verifier: an honest proof verifies, a corrupted digest is rejected. */
import { expect } from 'chai';
import { DIGEST_OFFSET, Sha256Circuit } from '../../../circuits/sha256/index.js';
import { expectVerifierRejects } from '../gadgets/helpers.js';

const K = 9;

describe(`sha256 circuit: real prover/verifier (k = ${K}, one block)`, function () {
  this.timeout(600_000);
  it('an honest proof of sha256("abc") verifies; one with a wrong digest hi is rejected', async () => {
    const circuit = Sha256Circuit.of([new TextEncoder().encode('abc')]);
    const edits = [{ column: 'sha256 table hash hi', row: DIGEST_OFFSET, value: (v: bigint) => v + 1n }];
    expect(await expectVerifierRejects(circuit, K, [], edits)).to.deep.equal([`gate sha256 digest/table hash hi@${DIGEST_OFFSET}`]);
  });
});
