/**
 * A standalone ecAdd circuit: the byte table, the non-native Fq chip, the flag chip, the ecAdd
 * precompile table and one EcAddChip region per call. The super circuit will configure the same
 * chips over shared columns; this one is for tests and benchmarks.
 */
import { FQ_MODULUS } from '../field/constants.js';
import { NonNativeChip, nonNativeColumns } from '../gadgets/nonnative/index.js';
import { RangeTable } from '../gadgets/range-table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { EcAddChip, type EcAddCall, type EcAddResult } from './ec-add.js';
import { FlagChip } from './flags.js';
import { EcAddTable } from './precompile-table.js';

export interface EcAddConfig { byteTable: RangeTable; chip: EcAddChip }

export class EcAddCircuit implements Circuit<EcAddConfig> {
  /** Filled by synthesize (the last pass): each call's proven cells, for tests and callers. */
  readonly results: EcAddResult[] = [];

  constructor(readonly calls: readonly EcAddCall[]) {}

  configure(cs: ConstraintSystem): EcAddConfig {
    const byteTable = RangeTable.configure(cs, 'byte', 8);
    const fq = NonNativeChip.configure(cs, 'fq', FQ_MODULUS, nonNativeColumns(cs, 'nn', byteTable));
    const flags = FlagChip.configure(cs, 'flag', cs.adviceColumn('flag'));
    return { byteTable, chip: EcAddChip.configure(fq, flags, EcAddTable.configure(cs, 'ecadd')) };
  }

  synthesize({ byteTable, chip }: EcAddConfig, layouter: Layouter): void {
    this.results.length = 0;
    byteTable.load(layouter);
    this.calls.forEach((call, i) => this.results.push(chip.assign(layouter, call, i)));
  }
}
