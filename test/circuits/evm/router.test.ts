import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { balanceSlot, TO, tokenTables } from '../witness/erc20.js';
import { ROUTER, routerTransfers } from '../witness/router.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 12;
const CAPACITY = 1500;
/** (the router's own ABI work and the two calls: about three transfers' worth of table rows) */
const TABLES = tokenTables(3);

describe('evm circuit: an ERC-20 transfer through a router (contracts/test/TokenRouter.sol: CALL, STATICCALL; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;

  before(async () => {
    block = await routerTransfers();
    w = evmCase(block);
  });

  it('send(token, to, 5): the token\'s transfer and balanceOf run in nested frames, storage and logs as @ethereumjs; MockProver passes', () => {
    const tx = block.txs[0]!;
    expect([tx.status, tx.frames.map((f) => f.kind), unsupportedOps(tx)]).to.deep.equal([1, ['CALL', 'CALL', 'STATICCALL'], []]);
    const stores = w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.storageKey, r.value]);
    expect(stores).to.deep.include.members([[balanceSlot(BigInt(ROUTER.toString())), 995n], [balanceSlot(BigInt(TO)), 5n]]);
    // the router returns the balance left: the STATICCALL's return data, copied back and returned
    expect(BigInt(`0x${Buffer.from(tx.returnData ?? new Uint8Array()).toString('hex') || '0'}`)).to.equal(995n);
    expect(w.steps.length).to.be.below(CAPACITY);
    expect(honestFailures(evmTestCircuit(CAPACITY, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('the balance copied back from the STATICCALL claimed other than the token returned: ReturnDataBytes\' rule and the RW lookup reject it', () => {
    const rows = w.steps.map((x, i) => [x.spec.name, i] as const).filter(([n]) => n === 'ReturnDataBytes').map(([, i]) => i);
    // the last copy is balanceOf's 32 bytes: its last row holds bytes 30, 31 (995 = 0x03e3)
    const last = rows.at(-1)!;
    expect(w.steps[last]!.rws[2]!.value).to.equal(0xe3n);
    expect(failuresAfter(evmTestCircuit(CAPACITY, w, TABLES), K, evmInstances(w), [{ column: 'evm slot 3 lo', row: last, value: 0xe4n }]))
      .to.deep.equal([`gate evm ReturnDataBytes/byte 1: written = read lo@${last}`, `lookup evm rw slot 3@${last}`]);
  });
});
