/** Conversions between the tower's coefficient tuples and @noble/curves bn254 field elements (same tower). */
import { bn254 } from '@noble/curves/bn254.js';
import type { Fq12, Fq2, Fq6 } from './tower.js';

const { Fp12 } = bn254.fields;
type NobleFp2 = { c0: bigint; c1: bigint };
type NobleFp6 = { c0: NobleFp2; c1: NobleFp2; c2: NobleFp2 };
export type NobleFp12 = { c0: NobleFp6; c1: NobleFp6 };

const fp2 = (a: Fq2<bigint>): NobleFp2 => ({ c0: a[0], c1: a[1] });
const fp6 = (a: Fq6<bigint>): NobleFp6 => ({ c0: fp2(a[0]), c1: fp2(a[1]), c2: fp2(a[2]) });
export const toNoble = (a: Fq12<bigint>): NobleFp12 => ({ c0: fp6(a[0]), c1: fp6(a[1]) });

const un2 = (a: NobleFp2): Fq2<bigint> => [a.c0, a.c1];
const un6 = (a: NobleFp6): Fq6<bigint> => [un2(a.c0), un2(a.c1), un2(a.c2)];
export const fromNoble = (a: NobleFp12): Fq12<bigint> => [un6(a.c0), un6(a.c1)];

export const fq12Inverse = (a: Fq12<bigint>): Fq12<bigint> => fromNoble(Fp12.inv(toNoble(a) as never) as unknown as NobleFp12);
