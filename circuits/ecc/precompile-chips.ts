/**
 * The EC precompiles' chips as a batch circuit holds them: ecAdd (EcAddChip) and ecMul (EcMulChip) over one set of
 * non-native columns (BN254 Fq and Fr share them), one flag column, and their two precompile tables, which the EVM
 * circuit looks up (evm/gadgets/ec-precompile.ts). The byte table is the caller's (shared).
 */
import { FQ_MODULUS } from '../field/constants.js';
import { NonNativeChip, nonNativeColumns } from '../gadgets/nonnative/index.js';
import type { RangeTable } from '../gadgets/range-table.js';
import type { ConstraintSystem, Layouter } from '../plonk/index.js';
import { BN254_G1 } from './curve.js';
import { EcAddChip, type EcAddCall } from './ec-add.js';
import { EcMulChip, type EcMulCall } from './ec-mul.js';
import { FlagChip } from './flags.js';
import { EcAddTable, EcMulTable } from './precompile-table.js';
import { ScalarMulChip } from './scalar-mul.js';

export class EcPrecompileChips {
  private constructor(readonly ecAdd: EcAddChip, readonly ecMul: EcMulChip) {}

  static configure(cs: ConstraintSystem, byte: RangeTable): EcPrecompileChips {
    const columns = nonNativeColumns(cs, 'ec nn', byte);
    const fq = NonNativeChip.configure(cs, 'ec fq', FQ_MODULUS, columns);
    const fr = NonNativeChip.configure(cs, 'ec fr', BN254_G1.n, columns);
    const flags = FlagChip.configure(cs, 'ec flag', cs.adviceColumn('ec flag'));
    const mul = ScalarMulChip.configure(cs, 'ec mul', BN254_G1, columns, fq, fr);
    return new EcPrecompileChips(EcAddChip.configure(fq, flags, EcAddTable.configure(cs, 'ecadd')), EcMulChip.configure(mul, flags, EcMulTable.configure(cs, 'ecmul')));
  }

  get tables(): { ecAdd: EcAddTable; ecMul: EcMulTable } {
    return { ecAdd: this.ecAdd.table, ecMul: this.ecMul.table };
  }

  /** Proves each call, one region per call, and writes its table row. */
  assign(layouter: Layouter, adds: readonly EcAddCall[], muls: readonly EcMulCall[]): void {
    adds.forEach((call, i) => this.ecAdd.assign(layouter, call, i));
    muls.forEach((call, i) => this.ecMul.assign(layouter, call, i));
  }
}
