/**
 * KeccakCircuit: the keccak chip alone in a circuit, for tests, benchmarks and standalone proofs.
 * Other circuits share a ConstraintSystem with it through KeccakChip.configure, which returns the
 * chip and with it the keccak table columns they look up into.
 */
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { KeccakChip, ROWS_PER_BLOCK } from './circuit.js';
import { keccakWitness, type KeccakBlock } from './witness.js';

export class KeccakCircuit implements Circuit<KeccakChip> {
  /**
   * The circuit over these blocks as given. Use `of` for inputs; blocks built by hand (say, with a
   * wrong padding byte) are how tools pose adversarial witnesses: the constraints are the check.
   */
  constructor(readonly blocks: readonly KeccakBlock[]) {}

  /** keccak256 of each input; `capacity`: permutations laid out (default: exactly what the inputs need). */
  static of(inputs: readonly Uint8Array[], capacity?: number): KeccakCircuit {
    return new KeccakCircuit(keccakWitness(inputs, capacity));
  }

  /** Rows the circuit uses (the normalize table's 3371 fixed rows run alongside). */
  get rows(): number { return this.blocks.length * ROWS_PER_BLOCK; }

  configure(cs: ConstraintSystem): KeccakChip { return KeccakChip.configure(cs); }
  synthesize(chip: KeccakChip, layouter: Layouter): void { chip.assign(layouter, this.blocks); }
}
