import { expect } from 'chai';
import {
  decodeStateProof, encodeStateProof, EMPTY_CODE_HASH, MemoryKv, StateProofFormatError, StateTree, verifyStateProof,
  type StateProof,
} from '../../../node/state/index.js';

const A = Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 1 : 0));
const B = Uint8Array.from({ length: 20 }, (_, i) => (i === 19 ? 2 : 0));

/** A proof of A (with slots 1 and 2) under a small state. */
const sample = async (): Promise<StateProof> => {
  const state = await StateTree.open(new MemoryKv());
  await state.putAccount(A, { nonce: 2n, balance: 10n, codeHash: EMPTY_CODE_HASH });
  await state.putAccount(B, { nonce: 0n, balance: 1n, codeHash: EMPTY_CODE_HASH });
  await state.putStorage(A, 1n, 0xabcn);
  return { blockNumber: 3n, stateRoot: state.stateRoot(), account: await state.proveAccount(A), storage: [await state.proveStorage(A, 1n), await state.proveStorage(A, 2n)] };
};

describe('state/proof-json: rollup_getProof wire format', () => {
  it('round-trips through JSON and still verifies', async () => {
    const proof = await sample();
    expect(verifyStateProof(proof)).to.equal(true);
    const wire = JSON.parse(JSON.stringify(encodeStateProof(proof)));
    expect(wire.account.nonce).to.equal('0x2');
    const decoded = decodeStateProof(wire);
    expect(decoded).to.deep.equal(proof);
    expect(verifyStateProof(decoded)).to.equal(true);
  });

  it('names the malformed field', async () => {
    const wire = encodeStateProof(await sample());
    const cases: [string, (w: any) => void][] = [
      ['stateRoot', (w) => (w.stateRoot = '12')],
      ['address', (w) => (w.address = '0x01')],
      ['account.codeHash', (w) => (w.account.codeHash = '0x00')],
      ['accountProof.siblings[0]', (w) => (w.accountProof.siblings[0] = 7)],
      ['storageProof[1].proof', (w) => (w.storageProof[1].proof = [])],
      ['storageProof', (w) => (w.storageProof = {})],
    ];
    for (const [field, corrupt] of cases) {
      const copy = JSON.parse(JSON.stringify(wire));
      corrupt(copy);
      let error: unknown;
      try {
        decodeStateProof(copy);
      } catch (e) {
        error = e;
      }
      expect(error, field).to.be.instanceOf(StateProofFormatError);
      expect((error as StateProofFormatError).field).to.equal(field);
    }
  });
});
