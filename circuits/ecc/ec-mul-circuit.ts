/**
 * A standalone ecMul circuit over any supported curve (BN254 G1 for the precompile): byte table,
 * non-native chips for the base and scalar fields over shared columns, flags, the ecMul table and one
 * EcMulChip region per call. For tests and benchmarks; the super circuit will share the columns.
 */
import { NonNativeChip, nonNativeColumns } from '../gadgets/nonnative/index.js';
import { RangeTable } from '../gadgets/range-table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { BN254_G1, type CurveParams } from './curve.js';
import { EcMulChip, type EcMulCall, type EcMulResult } from './ec-mul.js';
import { FlagChip } from './flags.js';
import { EcMulTable } from './precompile-table.js';
import { ScalarMulChip } from './scalar-mul.js';

export interface EcMulConfig { byteTable: RangeTable; chip: EcMulChip }

export class EcMulCircuit implements Circuit<EcMulConfig> {
  /** Filled by synthesize (the last pass): each call's proven cells. */
  readonly results: EcMulResult[] = [];

  constructor(readonly calls: readonly EcMulCall[], readonly curve: CurveParams = BN254_G1) {}

  configure(cs: ConstraintSystem): EcMulConfig {
    const byteTable = RangeTable.configure(cs, 'byte', 8);
    const columns = nonNativeColumns(cs, 'nn', byteTable);
    const fq = NonNativeChip.configure(cs, 'fq', this.curve.p, columns);
    const fn = NonNativeChip.configure(cs, 'fn', this.curve.n, columns);
    const mul = ScalarMulChip.configure(cs, 'ec', this.curve, columns, fq, fn);
    const flags = FlagChip.configure(cs, 'flag', cs.adviceColumn('flag'));
    return { byteTable, chip: EcMulChip.configure(mul, flags, EcMulTable.configure(cs, 'ecmul')) };
  }

  synthesize({ byteTable, chip }: EcMulConfig, layouter: Layouter): void {
    this.results.length = 0;
    byteTable.load(layouter);
    this.calls.forEach((call, i) => this.results.push(chip.assign(layouter, call, i)));
  }
}
