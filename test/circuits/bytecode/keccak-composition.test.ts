import { expect } from 'chai';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BytecodeChip } from '../../../circuits/bytecode/index.js';
import { KeccakChip, keccakWitness } from '../../../circuits/keccak/index.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../../../circuits/witness/bytecode.js';
import type { BytecodeTrace } from '../../../circuits/witness/trace.js';
import { TestCircuit, failuresAfter, honestFailures } from '../gadgets/helpers.js';

const code = (bytes: readonly number[]): BytecodeTrace => {
  const c = Uint8Array.from(bytes);
  return { codeHash: `0x${bytesToHex(keccak_256(c))}`, code: c };
};

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
  // PUSH0, PUSH2 0x6060, STOP; and PUSH1 1, PUSH32 truncated after 2 data bytes
  const codes = [code([0x5f, 0x61, 0x60, 0x60, 0x00]), code([0x60, 0x01, 0x7f, 0xaa, 0xbb])];
  const circuit = composed(codes, 16);

  it('code hashes proven by the keccak circuit: honest rows pass, a wrong hash or byte is named', () => {
    expect(honestFailures(circuit, 12)).to.deep.equal([]);
    const header = 6; // the second code's header (rows 0…5 are the first code)
    expect(failuresAfter(circuit, 12, [], Array.from({ length: 6 }, (_, i) => ({ column: 'bytecode hashHi', row: header + i, value: (v: bigint) => v + 1n }))))
      .to.deep.equal([`lookup bytecode keccak digest@${header}`]);
    expect(failuresAfter(circuit, 12, [], [{ column: 'bytecode byte', row: 3, value: 0x61n }])).to.deep.equal(['lookup bytecode keccak input@3']);
  });
});
