import { expect } from 'chai';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { TxChip } from '../../../circuits/tx/chip.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, txWitness } from '../../../circuits/witness/tx.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS } from '../../../node/l1/bridge.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { assignSigFixture, calldata, configureSigFixture, signedTx, txTrace } from './fixtures.js';

describe('tx circuit composed with the keccak circuit (k = 12; signature table still a test fixture)', function () {
  this.timeout(300_000);
  const txs = [txTrace(signedTx({ type: 0, nonce: 1n, data: calldata(4) }), 0)];
  const params = { capacity: 1, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID };
  const witness = txWitness(txs, params);
  const circuit = new TestCircuit((cs) => {
    const keccak = KeccakChip.configure(cs);
    const sig = configureSigFixture(cs);
    return { keccak, sig, tx: TxChip.configure(cs, keccak.table, sig, params) };
  }, (cfg, layouter) => {
    cfg.keccak.assign(layouter, keccakWitness(witness.keccakInputs));
    assignSigFixture(cfg.sig, layouter, txs, witness);
    cfg.tx.assign(layouter, witness);
  });

  it('TxHash and TxSignHash proven by the keccak circuit; a wrong digest on the machine\'s last row is named', () => {
    expect(honestFailures(circuit, 12)).to.deep.equal([]);
    const last = SUMMARY_TAGS.length + witness.decoder.findIndex((r) => r.last === 1n);
    const hashRow = SUMMARY_TAGS.indexOf(TxFieldTag.TxHash);
    expect(failuresAfter(circuit, 12, [], [{ column: 'tx rlp hashLo', row: last, value: (v) => v + 1n }]))
      .to.deep.equal([`lookup tx hashes@${hashRow}`, `lookup tx keccak digest@${last}`]);
  });
});
