import { expect } from 'chai';
import { BytecodeChip } from '../../../circuits/bytecode/index.js';
import { EXAMPLE_CODES } from '../../../circuits/bytecode/examples.js';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import type { BytecodeTrace } from '../../../circuits/witness/trace.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';

/** The bytecode circuit and the real keccak circuit in one ConstraintSystem, over the keccak table. */
function composed(codes: readonly BytecodeTrace[], capacity: number) {
  return new TestCircuit((cs) => {
    const keccak = KeccakChip.configure(cs);
    return { keccak, bytecode: BytecodeChip.configure(cs, keccak.table) };
  }, (cfg, layouter) => {
    cfg.keccak.assign(layouter, keccakWitness(bytecodeKeccakInputs(codes)));
    cfg.bytecode.assign(layouter, bytecodeWitness(codes, capacity));
  });
}

describe('bytecode circuit composed with the keccak circuit (k = 12, two permutations)', function () {
  this.timeout(300_000);
  const codes = [EXAMPLE_CODES.dataLikeOpcodes, EXAMPLE_CODES.truncatedPush];
  const circuit = composed(codes, 16);

  it('code hashes proven by the keccak circuit: honest rows pass, a wrong hash or byte is named', () => {
    expect(honestFailures(circuit, 12)).to.deep.equal([]);
    const header = 6; // the second code's header (rows 0…5 are the first code)
    expect(failuresAfter(circuit, 12, [], Array.from({ length: 6 }, (_, i) => ({ column: 'bytecode hashHi', row: header + i, value: (v: bigint) => v + 1n }))))
      .to.deep.equal([`lookup bytecode keccak digest@${header}`]);
    expect(failuresAfter(circuit, 12, [], [{ column: 'bytecode byte', row: 3, value: 0x61n }])).to.deep.equal(['lookup bytecode keccak input@3']);
  });
});
