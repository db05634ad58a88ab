/**
 * Sha256Circuit: the SHA-256 chip alone in a circuit, for tests, benchmarks and standalone proofs.
 * Other circuits share a ConstraintSystem with it through Sha256Chip.configure, which returns the
 * chip and with it the SHA-256 table columns they look up into.
 */
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { BLOCK_ROWS, Sha256Chip } from './circuit.js';
import { sha256Witness, type Sha256Block } from './witness.js';

export class Sha256Circuit implements Circuit<Sha256Chip> {
  constructor(readonly blocks: readonly Sha256Block[]) {}

  /** SHA-256 of each input; `capacity`: 64-byte blocks laid out (default: exactly what the inputs need). */
  static of(inputs: readonly Uint8Array[], capacity?: number): Sha256Circuit {
    return new Sha256Circuit(sha256Witness(inputs, capacity));
  }

  /** Rows the circuit uses (the byte range table's 256 fixed rows run alongside). */
  get rows(): number { return this.blocks.length * BLOCK_ROWS; }

  configure(cs: ConstraintSystem): Sha256Chip { return Sha256Chip.configure(cs); }
  synthesize(chip: Sha256Chip, layouter: Layouter): void { chip.assign(layouter, this.blocks); }
}
