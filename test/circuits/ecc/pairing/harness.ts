/**
 * A test circuit that runs one body of pairing code on CircuitFq (one region of NonNativeChip blocks and
 * flag rows) and the same body on BigFq, so a test compares the circuit's values and row use with the
 * reference's (BigFq counts the non-native rows each call takes; RegionOps.rows is the circuit's); and a
 * point on the twist outside G2 for the membership tests.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { FQ_MODULUS } from '../../../../circuits/field/constants.js';
import { BigFq, CircuitFq, PairingOps, TWIST_B, configureFqChips, fq2Mul, type G2 } from '../../../../circuits/ecc/pairing/index.js';
import { FlagChip } from '../../../../circuits/ecc/flags.js';
import { RegionOps } from '../../../../circuits/ecc/point.js';
import { NonNativeChip, nonNativeColumns, type Element } from '../../../../circuits/gadgets/nonnative/index.js';
import { RangeTable } from '../../../../circuits/gadgets/range-table.js';
import type { AssignedCell } from '../../../../circuits/plonk/index.js';
import type { Rng } from '../../field/rng.js';
import { TestCircuit } from '../../gadgets/helpers.js';

/** Pairing code over either field implementation; returns whatever the test wants to read back. */
export type Body<R> = <T, B>(o: PairingOps<T, B>) => R;

export interface Run<R> { circuit: TestCircuit<unknown>; out: () => { value: R; nonNative: number } }

/** The circuit of `body` (its result and row use are read after synthesis). */
export function pairingCircuit<R>(body: Body<R>): Run<R> {
  let last: { value: R; nonNative: number } | undefined;
  const circuit = new TestCircuit(
    (cs) => {
      const byteTable = RangeTable.configure(cs, 'byte', 8);
      const fq = NonNativeChip.configure(cs, 'fq', FQ_MODULUS, nonNativeColumns(cs, 'nn', byteTable));
      return { byteTable, field: configureFqChips(cs, 'fq', fq), flags: FlagChip.configure(cs, 'flag', cs.adviceColumn('flag')) };
    },
    ({ byteTable, field, flags }, layouter) => {
      byteTable.load(layouter);
      layouter.assignRegion('pairing test', (region) => {
        const ops = new RegionOps(region, flags);
        const value = body(new PairingOps<Element, AssignedCell>(new CircuitFq(ops, field)));
        last = { value, nonNative: ops.rows };
      });
    },
  );
  return { circuit: circuit as TestCircuit<unknown>, out: () => last! };
}

/** The body on BigFq: its result and the rows it counts. */
export function reference<R>(body: Body<R>): { value: R; nonNative: number; flags: number } {
  const F = new BigFq(FQ_MODULUS);
  const value = body(new PairingOps(F));
  return { value, ...F.rows };
}

/** A point on the twist outside G2: a random x with x³ + b' a square in Fq2 (the cofactor is not cleared). */
export function twistPointOutsideG2(rng: Rng): G2<bigint> {
  const { Fp2 } = bn254.fields;
  for (;;) {
    const x: [bigint, bigint] = [rng.below(FQ_MODULUS), rng.below(FQ_MODULUS)];
    const rhs = fq2Mul(fq2Mul(x, x), x);
    const y2 = Fp2.add({ c0: rhs[0], c1: rhs[1] }, { c0: TWIST_B[0], c1: TWIST_B[1] });
    let y;
    try { y = Fp2.sqrt(y2); } catch { continue; }
    if (y === undefined || !Fp2.eql(Fp2.sqr(y), y2)) continue;
    return { x, y: [y.c0, y.c1] };
  }
}
