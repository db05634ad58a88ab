import { expect } from 'chai';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS } from '../../../node/l1/bridge.js';
import { expectVerifierRejects } from '../gadgets/helpers.js';
import { TxWithFixtures, calldata, signedTx, txTrace } from './fixtures.js';

describe('tx circuit: real prover (over keccak and signature table test fixtures)', function () {
  this.timeout(300_000);

  it('proves and verifies one EIP-1559 tx; a wrong nonce in the table is rejected', async () => {
    const circuit = new TxWithFixtures([txTrace(signedTx({ type: 2, nonce: 4n, data: calldata(2) }), 0)], { capacity: 1, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID });
    const nonceRow = TxFieldTag.Nonce - 1;
    const failed = await expectVerifierRejects(circuit, 9, [], [{ column: 'tx valueLo', row: nonceRow, value: 5n }]);
    expect(failed.map((f) => f.split('@')[0])).to.deep.equal(['lookup tx field value', 'lookup tx field value']);
  });
});
