import { expect } from "chai";
import hre from "hardhat";
import { hexToBytes } from "@ethereumjs/util";
import { encodeDeployData } from "viem";
import { keccakLayout } from "../../../circuits/keccak/circuit.js";
import { SuperCircuit } from "../../../circuits/super/index.js";
import { batchWitness } from "../../../circuits/witness/batch.js";
import { DEVNET_BATCH_CAPACITY } from "../../../node/prover/batch-circuit.js";
import { honestFailures } from "../../circuits/gadgets/helpers.js";
import { PARAMS, withStateRoots } from "../../circuits/super/fixture.js";
import { deploy } from "../../circuits/witness/deploy.js";
import { erc20Transfer } from "../../circuits/witness/erc20.js";
import { runPrograms } from "../../circuits/witness/run.js";

// The devnet capacity holds an ERC-20 deploy and a transfer in one batch each (issue #10): their witnesses at
// DEVNET_BATCH_CAPACITY are made without a BatchCapacityError, and the keccak permutations they take are the ones
// counted in batch-circuit.ts (the init code hashed once for CreateInitCode, CODECOPY and the bytecode table).
const slow = process.env.SLOW ? it : it.skip;

describe("devnet batch capacity: an ERC-20 deploy and a transfer", function () {
  this.timeout(3_600_000);
  const deployBlock = async () => {
    const artifact = await hre.artifacts.readArtifact("TestToken");
    const init = hexToBytes(encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode as `0x${string}`, args: [1000n] }));
    return { artifact, init, ...(await withStateRoots(await runPrograms([deploy(init)]))) };
  };

  it("the keccak permutations fit the keccak circuit's rows at k", () => {
    const { k, keccakPerms, keccakUnits } = DEVNET_BATCH_CAPACITY;
    expect(keccakPerms * keccakLayout(keccakUnits).rows).to.be.at.most((1 << k) - 1);
  });

  it("an ERC-20 deploy (TestToken, constructor(1000)) takes 53 of the 59 keccak permutations", async () => {
    const { artifact, init, block, state } = await deployBlock();
    const { usage, evm } = batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state);
    expect(usage.keccakPerms).to.equal(53);
    // the bytecode circuit hashes nothing of its own (the init code and runtime are the EVM's inputs), yet has their rows
    expect([...evm!.codeKeccakIds.keys()]).to.have.members(evm!.codes.map((c) => BigInt(c.codeHash)));
    expect(usage.bytecode).to.equal(init.length + 1 + hexToBytes(artifact.deployedBytecode as `0x${string}`).length + 1 + 1);
  });

  it("an ERC-20 transfer takes 20 (the token's code is the bytecode circuit's own input)", async () => {
    const { block: run, token } = await erc20Transfer();
    const { block, state } = await withStateRoots(run, [{ address: token.address, code: token.code, storage: token.storage }]);
    const { usage } = batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state);
    expect(usage.keccakPerms).to.equal(20);
  });

  // the whole batch circuit (ecrecover included) at the devnet capacity: k = 14, ~800 advice columns (minutes of CPU)
  slow("the deploy's batch passes MockProver at DEVNET_BATCH_CAPACITY (the real batch circuit)", async () => {
    const { block, state } = await deployBlock();
    const circuit = new SuperCircuit(DEVNET_BATCH_CAPACITY, PARAMS, batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state));
    expect(honestFailures(circuit, DEVNET_BATCH_CAPACITY.k, circuit.instances())).to.deep.equal([]);
  });
});
