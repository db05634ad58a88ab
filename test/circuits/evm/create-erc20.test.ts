import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeDeployData } from 'viem';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { honestFailures } from '../gadgets/helpers.js';
import { deploy } from '../witness/deploy.js';
import { balanceSlot } from '../witness/erc20.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

/**
 * The deploy takes about 1,300 step rows and 3,400 RW operations, and its keccak inputs (the address preimage, the
 * init code, which CODECOPY reads under the same id, a mapping slot, the runtime) about 2,900 bytes. k = 13 was sized
 * when CODECOPY hashed the init code a second time (over 5,000 bytes); MockProver runs under SLOW.
 */
const K = 13;
const CAPACITY = 1400;
const TABLES = { bitwiseOps: 8, arith: { mul: 2, divMod: 2, addMod: 0, mulMod: 0, shl: 8, shr: 8, sar: 0, slt: 2, sgt: 2 } };
const slow = process.env.SLOW ? it : it.skip;

describe('evm circuit: an ERC-20 deploy (contracts/test/TestToken.sol, solc, constructor(1000))', function () {
  this.timeout(3_600_000);
  let block: BlockTrace;
  let runtime: Uint8Array;

  before(async () => {
    const artifact = await hre.artifacts.readArtifact('TestToken');
    runtime = hexToBytes(artifact.deployedBytecode as `0x${string}`);
    block = await runPrograms([deploy(hexToBytes(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode as `0x${string}`, args: [1000n] })))]);
  });

  it('CODESIZE and CODECOPY find the constructor argument, SSTOREs mint to the new contract, RETURN deposits the runtime (the witness)', () => {
    const tx = block.txs[0]!;
    expect([tx.to, tx.status]).to.deep.equal([null, 1]);
    expect(unsupportedOps(tx)).to.deep.equal([]);
    const w = evmCase(block);
    const created = BigInt(tx.contractAddress!);
    const stores = w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
    expect(stores).to.deep.equal([[created, 0n, 1000n], [created, balanceSlot(BigInt(SENDER.toString())), 1000n]]);
    const code = w.rws.filter((r) => r.tag === RwTag.Account && r.address === created && r.fieldTag === AccountField.CodeHash).at(-1)!.value;
    expect(code).to.equal(BigInt(`0x${bytesToHex(keccak_256(runtime))}`));
    expect(w.steps.length).to.be.below(CAPACITY);
  });

  slow('MockProver passes (k = 13)', () => {
    const w = evmCase(block);
    expect(honestFailures(evmTestCircuit(CAPACITY, w, TABLES), K, evmInstances(w))).to.deep.equal([]);
  });
});
