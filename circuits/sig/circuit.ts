/**
 * A standalone recovery circuit: byte table, two sets of non-native columns with chips for the curve's two
 * fields, scalar chains and flags ("nn": u1·G and the glue; "nn R": u2·R, three limb columns wide — see
 * SigChip), the signature table and SigChip's regions per signature. The keccak table comes from the
 * caller (the keccak circuit's columns, or in tests and benchmarks the labelled fixture), as the super
 * circuit will share it.
 */
import { FlagChip } from '../ecc/flags.js';
import { SECP256K1, type CurveParams } from '../ecc/curve.js';
import { ScalarMulChip } from '../ecc/scalar-mul.js';
import { adviceColumns } from '../gadgets/common.js';
import { NonNativeChip, nonNativeColumns } from '../gadgets/nonnative/index.js';
import { RangeTable } from '../gadgets/range-table.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { SigChip, type SigCall, type SigResult } from './recover.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from './table.js';

/** Where the keccak table comes from: its columns, and how its rows are laid out. */
export interface KeccakSource {
  configure(cs: ConstraintSystem): KeccakTableColumns;
  assign(table: KeccakTableColumns, layouter: Layouter): void;
}

/**
 * Limb columns of u2·R's chain (EcChainChip width): 3 puts a block on 10 rows, so a secp256k1 recovery's rows
 * are those of its "sig R" region (3,480; one column took 12,844). Circuit ids that name a key carry it.
 */
export const SIG_CHAIN_WIDTH = 3;

export interface SigConfig { byteTable: RangeTable; keccak: KeccakTableColumns; table: SigTableColumns; chip: SigChip }

export class SigCircuit implements Circuit<SigConfig> {
  /** Filled by synthesize (the last pass): each signature's proven cells. */
  readonly results: SigResult[] = [];

  constructor(readonly calls: readonly SigCall[], readonly keccak: KeccakSource, readonly curve: CurveParams = SECP256K1) {}

  configure(cs: ConstraintSystem): SigConfig {
    const byteTable = RangeTable.configure(cs, 'byte', 8);
    const kit = (suffix: string, width: number, fixedBase: boolean) => {
      const columns = nonNativeColumns(cs, `nn${suffix}`, byteTable, width);
      const fq = NonNativeChip.configure(cs, `fp${suffix}`, this.curve.p, columns);
      const fn = NonNativeChip.configure(cs, `fn${suffix}`, this.curve.n, columns);
      const mul = ScalarMulChip.configure(cs, `ec${suffix}`, this.curve, columns, fq, fn, { fixedBase });
      return { mul, flags: FlagChip.configure(cs, `flag${suffix}`, cs.adviceColumn(`flag${suffix}`)) };
    };
    const keccak = this.keccak.configure(cs);
    const table = { ...adviceColumns(cs, 'sig table', SIG_TABLE_FIELDS), enabled: cs.fixedColumn('sig table enabled') };
    return { byteTable, keccak, table, chip: SigChip.configure(cs, 'sig', kit('', 1, true), kit(' R', SIG_CHAIN_WIDTH, false), keccak, table) };
  }

  synthesize({ byteTable, keccak, chip }: SigConfig, layouter: Layouter): void {
    this.results.length = 0;
    byteTable.load(layouter);
    this.keccak.assign(keccak, layouter);
    this.calls.forEach((call, i) => this.results.push(chip.assign(layouter, call, i)));
  }
}
