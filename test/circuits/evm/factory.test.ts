import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { honestFailures } from '../gadgets/helpers.js';
import { FACTORY, factoryDeploy, SALT } from '../witness/factory.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 12;
const CAPACITY = 3500;
const TABLES = { bitwiseOps: 32, arith: { mul: 8, divMod: 8, addMod: 0, mulMod: 0, shl: 32, shr: 32, sar: 0, slt: 8, sgt: 8 } };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('evm circuit: contracts deployed by a contract (contracts/test/ChildFactory.sol: CREATE2 and CREATE; differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let block: BlockTrace;
  let w: EvmWitness;

  before(async () => {
    block = await factoryDeploy('CREATE2');
    w = evmCase(block);
  });

  it('deploy(salt, 42) with 7 wei: the child at the EIP-1014 address, its constructor\'s storage, the call into it and the event as @ethereumjs; MockProver passes', () => {
    expect(block.txs.map((t) => [t.status, t.frames.map((f) => f.kind), unsupportedOps(t)])).to.deep.equal([[1, ['CALL', 'CREATE2', 'CALL'], []]]);
    const created = block.txs[0]!.frames[1]!;
    const address = BigInt(`0x${hex(keccak_256(Uint8Array.from([0xff, ...Buffer.from(FACTORY.toString().slice(2), 'hex'), ...Buffer.from(SALT.slice(2), 'hex'), ...keccak_256(created.input)]))).slice(24)}`);
    expect(BigInt(created.address)).to.equal(address);
    // the child's value slot: 42 from its constructor, 43 after bump(); the 7 wei moved to it
    const stores = w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite && r.address === address).map((r) => r.value);
    expect(stores).to.deep.equal([42n, 43n]);
    // (CallCredit writes it again for bump()'s 0 wei)
    expect(w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.Balance && r.isWrite && r.address === address).map((r) => [r.valuePrev, r.value])).to.deep.equal([[0n, 7n], [7n, 7n]]);
    expect(block.txs[0]!.logs.map((l) => BigInt(l.topics[1]!))).to.deep.equal([address]);
    expect(w.steps.length).to.be.below(CAPACITY);
    expect(w.rwCounterEnd).to.be.below(1 << K);
    expect(honestFailures(evmTestCircuit(CAPACITY, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });

  it('deployPlain(9): the child by CREATE at keccak256(rlp([factory, nonce]))[12:]; MockProver passes', async () => {
    const b = await factoryDeploy('CREATE');
    expect(b.txs.map((t) => [t.status, t.frames.map((f) => f.kind), unsupportedOps(t)])).to.deep.equal([[1, ['CALL', 'CREATE'], []]]);
    const r = evmCase(b);
    const child = BigInt(b.txs[0]!.frames[1]!.address);
    expect(r.rws.filter((x) => x.tag === RwTag.Storage && x.isWrite && x.address === child).map((x) => x.value)).to.deep.equal([9n]);
    expect(honestFailures(evmTestCircuit(CAPACITY, r, TABLES), K, evmInstances(r))).to.deep.equal([]);
  });
});
