/**
 * A standalone ecPairing circuit: the byte table, the non-native Fq chip with its dot and add chips, the
 * flag chip, the ecPairing table and one PairingChip region per call, each call with `slots` pair slots.
 * For tests and benchmarks (the super circuit will configure the same chips over shared columns).
 */
import { FQ_MODULUS } from '../../field/constants.js';
import { NonNativeChip, nonNativeColumns } from '../../gadgets/nonnative/index.js';
import { RangeTable } from '../../gadgets/range-table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../../plonk/index.js';
import { FlagChip } from '../flags.js';
import { configureFqChips } from './field-ops.js';
import { PairingChip, type EcPairingCall, type EcPairingResult } from './chip.js';
import { EcPairingTable } from './table.js';

export interface EcPairingConfig { byteTable: RangeTable; chip: PairingChip }

export class EcPairingCircuit implements Circuit<EcPairingConfig> {
  readonly results: EcPairingResult[] = [];

  constructor(readonly calls: readonly EcPairingCall[], readonly slots: number) {}

  configure(cs: ConstraintSystem): EcPairingConfig {
    const byteTable = RangeTable.configure(cs, 'byte', 8);
    const fq = NonNativeChip.configure(cs, 'fq', FQ_MODULUS, nonNativeColumns(cs, 'nn', byteTable));
    const flags = FlagChip.configure(cs, 'flag', cs.adviceColumn('flag'));
    return { byteTable, chip: PairingChip.configure(configureFqChips(cs, 'fq', fq), flags, EcPairingTable.configure(cs, 'ecpairing'), this.slots) };
  }

  synthesize({ byteTable, chip }: EcPairingConfig, layouter: Layouter): void {
    this.results.length = 0;
    byteTable.load(layouter);
    this.calls.forEach((call, i) => this.results.push(chip.assign(layouter, call, i)));
  }
}
