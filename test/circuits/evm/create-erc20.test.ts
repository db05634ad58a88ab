import { expect } from 'chai';
import { hexToBytes } from '@ethereumjs/util';
import hre from 'hardhat';
import { encodeDeployData } from 'viem';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { evmWitness, UnsupportedExecutionError } from '../../../circuits/witness/evm.js';
import { deploy } from '../witness/deploy.js';
import { runPrograms } from '../witness/run.js';

describe('evm circuit: an ERC-20 deploy (contracts/test/TestToken.sol, solc, constructor(1000))', function () {
  this.timeout(300_000);

  it('is refused, named: its constructor mints by SSTORE, and a creating frame\'s storage is not built (the batch is unprovable)', async () => {
    const artifact = await hre.artifacts.readArtifact('TestToken');
    const data = hexToBytes(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode as `0x${string}`, args: [1000n] }));
    const block = await runPrograms([deploy(data)]);
    const tx = block.txs[0]!;
    expect([tx.to, tx.status]).to.deep.equal([null, 1]);
    // CODESIZE and CODECOPY (the constructor argument), KECCAK256, LOG3 and the deposit are covered; the mint is not
    expect(unsupportedOps(tx)).to.deep.equal(['SLOAD/SSTORE in a contract creation (the new contract\'s storage is not built)']);
    expect(() => evmWitness(block)).to.throw(UnsupportedExecutionError, 'SLOAD/SSTORE in a contract creation');
  });
});
