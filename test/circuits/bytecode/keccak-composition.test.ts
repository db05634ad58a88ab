import { expect } from 'chai';
import { BytecodeChip } from '../../../circuits/bytecode/index.js';
import { EXAMPLE_CODES } from '../../../circuits/bytecode/examples.js';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import type { BytecodeTrace } from '../../../circuits/witness/trace.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';

/**
 * The bytecode circuit and the real keccak circuit in one ConstraintSystem, over the keccak table. `before`: inputs
 * another circuit hashes first (ids 1 …), `hashed`: the codes among them, by code hash (looked up, not hashed again).
 */
function composed(codes: readonly BytecodeTrace[], capacity: number, before: readonly Uint8Array[] = [], hashed = new Map<bigint, number>()) {
  return new TestCircuit((cs) => {
    const keccak = KeccakChip.configure(cs);
    return { keccak, bytecode: BytecodeChip.configure(cs, keccak.table) };
  }, (cfg, layouter) => {
    cfg.keccak.assign(layouter, keccakWitness([...before, ...bytecodeKeccakInputs(codes, hashed)]));
    cfg.bytecode.assign(layouter, bytecodeWitness(codes, capacity, before.length + 1, hashed));
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

  it('a code another circuit hashed is looked up under its id, not hashed again; its rows under another id are refused', () => {
    const [first] = codes;
    const hashed = new Map([[BigInt(first!.codeHash), 1]]);
    // ids: 1 the first code, hashed before (as the EVM hashes an init code), 2 the second code (hashed here)
    const shared = composed(codes, 16, [first!.code], hashed);
    expect(bytecodeWitness(codes, 16, 2, hashed).slice(0, 12).map((r) => r.keccakId)).to.deep.equal([...Array(6).fill(1n), ...Array(6).fill(2n)]);
    expect(honestFailures(shared, 12)).to.deep.equal([]);
    expect(failuresAfter(shared, 12, [], Array.from({ length: 6 }, (_, row) => ({ column: 'bytecode keccakId', row, value: 2n }))))
      .to.deep.equal(['lookup bytecode keccak digest@0', ...[1, 2, 3, 4, 5].map((r) => `lookup bytecode keccak input@${r}`)]);
  });
});
