import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { synthesize } from '../../../circuits/plonk/index.js';
import { SuperCircuit } from '../../../circuits/super/index.js';
import { batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { LocalVerifier } from '../../../scripts/soundness/engine.js';
import { WitnessEditor } from '../../../scripts/soundness/types.js';
import { corrupt, expectVerifierRejects, honestFailures } from '../gadgets/helpers.js';
import { erc20Transfer } from '../witness/erc20.js';
import { runPrograms } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';

const PAYEE = createAddressFromString('0x00000000000000000000000000000000000beef1');
const slow = process.env.SLOW ? it : it.skip;
const SMT = { ops: 4, keys: 4, branches: 8, leaves: 8, accounts: 8 };

describe('batch circuit, full size (SLOW)', function () {
  this.timeout(3_600_000);

  // one ecrecover is ~12.8k rows: k = 14 with ~530 advice columns (MockProver: minutes of CPU)
  slow('the batch circuit with ecrecover: 1 ETH transfer executed by the node passes; a sender the signature does not recover is refused (k = 14)', async () => {
    const capacity: BatchCapacity = { k: 14, txs: 1, evm: { steps: 24, bitwiseOps: 0 }, rw: 32, bytecode: 2, keccakPerms: 7, keccakUnits: 4, smt: SMT };
    const { block, state } = await withStateRoots(await runPrograms([{ to: PAYEE, value: 5n }]));
    const circuit = new SuperCircuit(capacity, PARAMS, batchWitness([block], capacity, PARAMS, undefined, state));
    expect(honestFailures(circuit, capacity.k, circuit.instances())).to.deep.equal([]);
    const honest = synthesize(circuit, capacity.k, circuit.instances(), true);
    const local = new LocalVerifier(honest);
    const bad = corrupt(synthesize(circuit, capacity.k, circuit.instances(), true), [{ column: 'sig table address', row: 0, value: (v) => v + 1n }]);
    expect(local.verify(bad, local.changedCells(bad)).items).to.deep.equal(['lookup tx sender', 'copy sig aux~sig table address']);
  });

  slow('an ERC-20 transfer (KECCAK256 mapping slots, LOG3, two storage writes) passes every sub-circuit and seam in the TEST ONLY configuration (k = 13)', async () => {
    const { block: run, token } = await erc20Transfer();
    const { block, state } = await withStateRoots(run, [token]);
    const capacity: BatchCapacity = {
      k: 13, txs: 1, evm: { steps: 600, bitwiseOps: 8, arith: { mul: 2, divMod: 2, addMod: 0, mulMod: 0, shl: 8, shr: 8, sar: 0, slt: 2, sgt: 2 } },
      rw: 1300, bytecode: token.code.length + 4, keccakPerms: 22, keccakUnits: 4, smt: { ops: 8, keys: 8, branches: 64, leaves: 16, accounts: 8 },
    };
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [block], state);
    // KECCAK256 of the two holders' balance slots (solc hashes the sender's twice), and their two storage writes
    expect(new Set(circuit.witness.evm!.keccakInputs.filter((x) => x.length === 64).map((x) => Buffer.from(x).toString('hex'))).size).to.equal(2);
    expect(circuit.witness.state.rows.filter((r) => r.op.kind === 'storage')).to.have.length(2);
    expect(honestFailures(circuit, capacity.k, circuit.instances())).to.deep.equal([]);
  });

  slow('the real verifier rejects a dropped tx (the EVM\'s tx count one short) and a reordered tx (tx data records swapped) in the TEST ONLY configuration (k = 12)', async () => {
    const capacity: BatchCapacity = { k: 12, txs: 2, evm: { steps: 48, bitwiseOps: 0 }, rw: 64, bytecode: 8, keccakPerms: 11, keccakUnits: 4, smt: SMT };
    const { block, state } = await withStateRoots(await runPrograms([{ to: PAYEE, value: 10n ** 18n }, { to: PAYEE, value: 3n }]));
    const circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [block], state);
    const last = synthesize(circuit, capacity.k, circuit.instances(), false).regions.find((r) => r.name === 'evm steps')!.start + capacity.evm.steps - 1;
    const failures = await expectVerifierRejects(circuit, capacity.k, circuit.instances(), [{ column: 'evm c1', row: last, value: 1n }]);
    // the last-row gate and both tx-count copies (to the tx circuit's count and the block table's record count)
    expect(failures).to.have.length(3);
    expect(failures).to.include(`gate evm last/c1 = txId − 1 (tx count)@${last}`);
    expect(failures.filter((f) => f.startsWith('copy ') && f.includes(`evm c1@${last}`))).to.have.length(2);
    // tx 1's and tx 2's hash halves swapped in the tx data table (the records' copies break, and no tx finds its hash at its id)
    const table = synthesize(circuit, capacity.k, circuit.instances(), true);
    const start = table.regions.find((r) => r.name === 'tx data table')!.start;
    const cells = new WitnessEditor(table);
    const swapped = ['tx data hash hi', 'tx data hash lo'].flatMap((column) => [
      { column, row: start, value: cells.get(column, start + 1) }, { column, row: start + 1, value: cells.get(column, start) },
    ]);
    const reordered = await expectVerifierRejects(circuit, capacity.k, circuit.instances(), swapped);
    expect(reordered.filter((f) => f.startsWith('lookup tx data tx hashes are the records@'))).to.have.length(2);
  });
});
