/**
 * TEST FIXTURE: the bytecode circuit over the unconstrained keccak table of keccak/fixture.ts (it proves no
 * hash), so the bytecode circuit's own rules can be tested on their own; example codes.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../keccak/fixture.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { bytecodeKeccakInputs, bytecodeWitness } from '../witness/bytecode.js';
import type { BytecodeTrace } from '../witness/trace.js';
import { BytecodeChip } from './chip.js';

/** A code with its keccak256 hash, as the node's trace records it. */
export function codeTrace(bytes: readonly number[] | Uint8Array): BytecodeTrace {
  const code = Uint8Array.from(bytes);
  return { codeHash: `0x${bytesToHex(keccak_256(code))}`, code };
}

/** Edge cases of PUSH-data marking. */
export const EXAMPLE_CODES = {
  empty: codeTrace([]),
  /** PUSH1 1, then PUSH32 with only 2 of its 32 data bytes (truncated at the end of the code). */
  truncatedPush: codeTrace([0x60, 0x01, 0x7f, 0xaa, 0xbb]),
  /** PUSH0, PUSH2 0x6060 (data that looks like PUSH1 opcodes), STOP. */
  dataLikeOpcodes: codeTrace([0x5f, 0x61, 0x60, 0x60, 0x00]),
  /** PUSH0, PUSH2 with no data at all. */
  pushWithoutData: codeTrace([0x5f, 0x61]),
  /** PUSH32 with all 32 data bytes, then JUMP. */
  fullPush32: codeTrace([0x7f, ...Array.from({ length: 32 }, (_, i) => 0x60 + i), 0x56]),
} as const;

export interface BytecodeFixtureConfig { readonly keccak: KeccakTableColumns; readonly chip: BytecodeChip }

/** The bytecode chip on `codes`, `capacity` rows, next to an unconstrained keccak table (test fixture). */
export class BytecodeWithKeccakFixture implements Circuit<BytecodeFixtureConfig> {
  constructor(readonly codes: readonly BytecodeTrace[], readonly capacity: number) {}

  configure(cs: ConstraintSystem): BytecodeFixtureConfig {
    const keccak = configureKeccakFixture(cs);
    return { keccak, chip: BytecodeChip.configure(cs, keccak) };
  }

  synthesize(config: BytecodeFixtureConfig, layouter: Layouter): void {
    assignKeccakFixture(config.keccak, layouter, bytecodeKeccakInputs(this.codes));
    config.chip.assign(layouter, bytecodeWitness(this.codes, this.capacity));
  }
}
