import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { honestFailures } from '../gadgets/helpers.js';
import { balanceSlot, erc20Transfer, TO, tokenTables } from '../witness/erc20.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

/** The transfer takes 476 step rows and 1181 RW operations (the fixture's RW table needs k = 11). */
const K = 11;
const CAPACITY = 500;
const TABLES = tokenTables(1);

describe('evm circuit: an ERC-20 transfer (contracts/test/TestToken.sol, solc) end to end', function () {
  this.timeout(300_000);
  let block: BlockTrace;

  before(async () => {
    block = (await erc20Transfer()).block;
  });

  it('transfer(to, 5): the mapping slots by KECCAK256, the Transfer event by LOG3, as @ethereumjs ran it; MockProver passes', () => {
    const tx = block.txs[0]!;
    expect(tx.status).to.equal(1);
    expect(unsupportedOps(tx)).to.deep.equal([]);
    const w = evmCase(block);
    expect(w.keccakInputs.map((x) => x.length)).to.include(64);
    const stores = w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.storageKey, r.value]);
    expect(stores).to.deep.include.members([[balanceSlot(BigInt(SENDER.toString())), 995n], [balanceSlot(BigInt(TO)), 5n]]);
    const topics = w.rws.filter((r) => r.tag === RwTag.TxLog && r.fieldTag === 2).map((r) => r.value);
    expect(topics).to.deep.equal(tx.logs[0]!.topics.map(BigInt));
    expect(honestFailures(evmTestCircuit(CAPACITY, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });
});
