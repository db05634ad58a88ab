/**
 * KeccakCircuit: the keccak chip alone in a circuit, for tests, benchmarks and standalone proofs.
 * Other circuits share a ConstraintSystem with it through KeccakChip.configure, which returns the
 * chip and with it the keccak table columns they look up into.
 */
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { DEFAULT_UNITS, KeccakChip, keccakLayout } from './circuit.js';
import { keccakWitness, type KeccakBlock } from './witness.js';

export class KeccakCircuit implements Circuit<KeccakChip> {
  /**
   * The circuit over these blocks as given, `units` steps per row. Use `of` for inputs; blocks built
   * by hand (say, with a wrong padding byte) are how tools pose adversarial witnesses: the
   * constraints are the check.
   */
  constructor(readonly blocks: readonly KeccakBlock[], readonly units = DEFAULT_UNITS) {}

  /** keccak256 of each input; `capacity`: permutations laid out (default: exactly what the inputs need). */
  static of(inputs: readonly Uint8Array[], capacity?: number, units = DEFAULT_UNITS): KeccakCircuit {
    return new KeccakCircuit(keccakWitness(inputs, capacity), units);
  }

  /** Rows the circuit uses (the normalize table's 3955 fixed rows run alongside). */
  get rows(): number { return this.blocks.length * keccakLayout(this.units).rows; }

  configure(cs: ConstraintSystem): KeccakChip { return KeccakChip.configure(cs, this.units); }
  synthesize(chip: KeccakChip, layouter: Layouter): void { chip.assign(layouter, this.blocks); }
}
