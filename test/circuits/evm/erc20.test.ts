import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { Address, hexToBytes } from '@ethereumjs/util';
import { expect } from 'chai';
import hre from 'hardhat';
import { encodeFunctionData } from 'viem';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { SENDER } from '../../../scripts/soundness/targets/evm-block.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { honestFailures } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

/** The transfer takes 476 step rows and 1181 RW operations (the fixture's RW table needs k = 11). */
const K = 11;
const CAPACITY = 500;
const TABLES = { bitwiseOps: 8, arith: { mul: 2, divMod: 2, addMod: 0, mulMod: 0, shl: 8, shr: 8, sar: 0, slt: 2, sgt: 2 } };
const TOKEN = new Address(hexToBytes('0x00000000000000000000000000000000000e2c20'));
const TO = '0x00000000000000000000000000000000000000b0';
const word = (x: bigint): Uint8Array => hexToBytes(`0x${x.toString(16).padStart(64, '0')}`);
/** balanceOf[holder]: mapping slot 1 of TestToken (totalSupply is slot 0). */
const balanceSlot = (holder: bigint): bigint => BigInt(`0x${bytesToHex(keccak_256(concatBytes(word(holder), word(1n))))}`);

describe('evm circuit: an ERC-20 transfer (contracts/test/TestToken.sol, solc) end to end', function () {
  this.timeout(300_000);
  let block: BlockTrace;

  before(async () => {
    const token = await compiledArtifact('TestToken');
    const runtime = hexToBytes((await hre.artifacts.readArtifact('TestToken')).deployedBytecode as `0x${string}`);
    const sender = BigInt(SENDER.toString());
    block = await runPrograms([{ to: TOKEN, data: hexToBytes(encodeFunctionData({ abi: token.abi, functionName: 'transfer', args: [TO, 5n] })) }],
      [{ address: TOKEN, code: runtime, storage: [[0n, 1000n], [balanceSlot(sender), 1000n]] }]);
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
