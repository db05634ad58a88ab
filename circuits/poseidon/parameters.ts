/**
 * Poseidon parameters over BN254 Fr, generated as circomlib's (and poseidon-lite's) constants were: the
 * Poseidon reference script (hadeshash `generate_parameters_grain.sage 1 0 254 t 8 R_P r`) with x^5,
 * R_F = 8 and the partial round counts of circomlib. All values come from one Grain stream per width:
 * first the (R_F + R_P)·t round constants, each a 254-bit draw rejected and redrawn while ≥ r; then the
 * MDS matrix as the Cauchy matrix M[i][j] = 1 / (x_i + y_j) of 2t further draws taken mod r.
 *
 * The reference script also re-draws a matrix that fails its invariant-subspace checks or has repeated
 * x/y values; no width circomlib uses needs that (the tests compare every width with poseidon-lite), and
 * generation refuses rather than diverges if it ever would.
 */
import { FR_MODULUS } from '../field/constants.js';
import { PoseidonParameterError } from './errors.js';
import { Grain } from './grain.js';

export const POSEIDON_ALPHA = 5n;
export const POSEIDON_ROUNDS_FULL = 8;
/** Partial rounds for t = 2, 3, …, 17 (circomlib; 128-bit security, rounded as in the paper's table). */
const ROUNDS_PARTIAL = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68] as const;

export const POSEIDON_MIN_WIDTH = 2;
export const POSEIDON_MAX_WIDTH = POSEIDON_MIN_WIDTH + ROUNDS_PARTIAL.length - 1;

const FIELD_BITS = 254;

export interface PoseidonParams {
  /** State width t = inputs + 1 (the capacity element is state[0]). */
  readonly width: number;
  readonly roundsFull: number;
  readonly roundsPartial: number;
  /** Round constants, round-major: constant of round r, lane i at `r * width + i`. */
  readonly roundConstants: readonly bigint[];
  /** MDS matrix, row-major: new state[i] = Σ_j mds[i][j] · state[j]. */
  readonly mds: readonly (readonly bigint[])[];
}

const cache = new Map<number, PoseidonParams>();

/** Parameters of width t ∈ [2, 17], generated on first use and cached. */
export function poseidonParams(width: number): PoseidonParams {
  let params = cache.get(width);
  if (!params) {
    params = generate(width);
    cache.set(width, params);
  }
  return params;
}

function generate(width: number): PoseidonParams {
  if (!Number.isInteger(width) || width < POSEIDON_MIN_WIDTH || width > POSEIDON_MAX_WIDTH) {
    throw new PoseidonParameterError(width, `supported widths are ${POSEIDON_MIN_WIDTH} to ${POSEIDON_MAX_WIDTH}`);
  }
  const roundsFull = POSEIDON_ROUNDS_FULL;
  const roundsPartial = ROUNDS_PARTIAL[width - POSEIDON_MIN_WIDTH];
  const grain = new Grain({ fieldBits: FIELD_BITS, width, roundsFull, roundsPartial });
  const p = FR_MODULUS;

  const roundConstants: bigint[] = [];
  for (let k = 0; k < (roundsFull + roundsPartial) * width; k++) {
    let c = grain.nextInteger(FIELD_BITS);
    while (c >= p) c = grain.nextInteger(FIELD_BITS);
    roundConstants.push(c);
  }

  const draws: bigint[] = [];
  for (let k = 0; k < 2 * width; k++) draws.push(grain.nextInteger(FIELD_BITS) % p);
  if (new Set(draws).size !== draws.length) throw new PoseidonParameterError(width, 'Cauchy points repeat; the reference script would re-draw');
  const xs = draws.slice(0, width), ys = draws.slice(width);
  const mds = xs.map((x) => ys.map((y) => {
    const s = (x + y) % p;
    if (s === 0n) throw new PoseidonParameterError(width, 'x_i + y_j = 0; the reference script would re-draw');
    return invert(s, p);
  }));
  return { width, roundsFull, roundsPartial, roundConstants, mds };
}

/** a^-1 mod p for 0 < a < p (extended Euclid). */
function invert(a: bigint, p: bigint): bigint {
  let [r0, r1] = [p, a];
  let [s0, s1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}
