import { expect } from 'chai';
import { BatchCapacityError, batchWitness } from '../../../circuits/witness/batch.js';
import { DEVNET_BATCH_CAPACITY } from '../../../node/prover/batch-circuit.js';
import { PARAMS, withStateRoots } from '../super/fixture.js';
import { asm, programAddress, runPrograms } from './run.js';

/** A block running `code` as one tx, with the node's state roots (the program is in the pre-state). */
const bound = async (code: Uint8Array) => withStateRoots(await runPrograms([code]), [{ address: BigInt(programAddress(0).toString()), code }]);

// The EVM's word-arithmetic slots and AND word operations are budgets like steps and RW rows: a batch over one is
// refused while its witness is made (BatchCapacityError naming it), not at proving time.
describe('batch witness: the EVM table budgets', () => {
  const EXP_ALL_ONES = asm('PUSH32', (1n << 256n) - 1n, 'PUSH1', 3, 'EXP', 'POP', 'STOP');

  it('counts EXP\'s MUL slots and the AND word operations', async () => {
    // e = 0b101: bitlen 3 + popcount 2 − 1 = 4 MUL rows; EXP's opcode row is a SHR row; AND and OR one word op each
    const code = asm('PUSH1', 5, 'PUSH1', 3, 'EXP', 'PUSH1', 7, 'AND', 'PUSH1', 8, 'OR', 'POP', 'STOP');
    const { block, state } = await bound(code);
    const { usage } = batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state);
    expect(usage.arith).to.include({ mul: 4, shr: 1, divMod: 0 });
    expect(usage.bitwiseOps).to.equal(2);
  });

  it('refuses an EXP whose 511 MUL rows overflow the devnet capacity\'s 128 slots, naming the budget', async () => {
    const { block, state } = await bound(EXP_ALL_ONES);
    let error: unknown;
    try {
      batchWitness([block], DEVNET_BATCH_CAPACITY, PARAMS, undefined, state);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(BatchCapacityError);
    expect(error).to.include({ part: 'arith mul', needed: 511, capacity: DEVNET_BATCH_CAPACITY.evm.arith!.mul });
  });

  it('refuses AND word operations past the bitwise budget', async () => {
    const { block, state } = await bound(asm('PUSH1', 1, 'PUSH1', 3, 'XOR', 'POP', 'STOP'));
    const capacity = { ...DEVNET_BATCH_CAPACITY, evm: { ...DEVNET_BATCH_CAPACITY.evm, bitwiseOps: 0 } };
    expect(() => batchWitness([block], capacity, PARAMS, undefined, state)).to.throw(BatchCapacityError, 'the batch needs 1 bitwiseOps, the circuit has 0');
  });
});
