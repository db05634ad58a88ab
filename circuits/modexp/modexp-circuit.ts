/**
 * ModexpCircuit: the MODEXP chip alone in a circuit, with its own arithmetic and byte tables, for tests,
 * benchmarks and standalone proofs. Capacity: chain steps and squares (arithmetic-table slots follow from them);
 * unused steps hold calls 0^0 mod 0 = 0 (one step each, true statements).
 */
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { ModexpChip } from './circuit.js';
import type { ArithOp } from '../evm/arith-table.js';
import { modexpArithOps, modexpWitness, type ModexpCall, type ModexpWitness } from './witness.js';

export interface ModexpCapacity { readonly steps: number; readonly squares: number }

export class ModexpCapacityError extends Error {
  constructor(readonly needed: ModexpCapacity, readonly capacity: ModexpCapacity) {
    super(`the MODEXP calls need ${needed.steps} steps (${needed.squares} squares), the circuit has capacity for ${capacity.steps} (${capacity.squares})`);
    this.name = 'ModexpCapacityError';
  }
}

const FILLER: ModexpCall = { base: 0n, exp: 0n, mod: 0n, baseLength: 0, expLength: 0, modLength: 0 };

/** The calls' chains padded with filler calls (one step each) to exactly `capacity.steps` steps. */
export function padModexpCalls(calls: readonly ModexpWitness[], capacity: ModexpCapacity): ModexpWitness[] {
  const needed = ModexpCircuit.needs(calls);
  if (needed.steps > capacity.steps || needed.squares > capacity.squares) throw new ModexpCapacityError(needed, capacity);
  const filler = modexpWitness(FILLER);
  return [...calls, ...Array.from({ length: capacity.steps - needed.steps }, () => filler)];
}

/** The word arithmetic operations the padded chains look up (the filler's once: a lookup asks membership). */
export function modexpTableOps(padded: readonly ModexpWitness[]): ArithOp[] {
  const distinct = new Map(padded.flatMap(modexpArithOps).map((op) => [`${op.opcode} ${op.a} ${op.b} ${op.n}`, op]));
  return [...distinct.values()];
}

export class ModexpCircuit implements Circuit<ModexpChip> {
  constructor(readonly calls: readonly ModexpWitness[], readonly capacity: ModexpCapacity) {}

  /** The calls' chains, padded to `capacity` (default: exactly what they need, at least one step). */
  static of(calls: readonly ModexpCall[], capacity?: ModexpCapacity): ModexpCircuit {
    const ws = calls.map(modexpWitness);
    const needed = ModexpCircuit.needs(ws);
    const cap = capacity ?? { steps: Math.max(needed.steps, 1), squares: needed.squares };
    return new ModexpCircuit(padModexpCalls(ws, cap), cap);
  }

  static needs(calls: readonly ModexpWitness[]): ModexpCapacity {
    const steps = calls.flatMap((c) => c.steps);
    return { steps: steps.length, squares: steps.filter((s) => !s.multiply).length };
  }

  configure(cs: ConstraintSystem): ModexpChip { return ModexpChip.configure(cs); }
  synthesize(chip: ModexpChip, layouter: Layouter): void {
    chip.assign(layouter, this.calls, ModexpChip.arithCapacity(this.capacity.steps, this.capacity.squares), true);
  }
}
