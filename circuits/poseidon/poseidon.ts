/**
 * The Poseidon hash over BN254 Fr, circomlib-compatible: state [0, in_1, …, in_n] of width t = n + 1,
 * R_F/2 full rounds, R_P partial rounds (S-box on state[0] only), R_F/2 full rounds; each round adds
 * its constants, applies x^5, then multiplies by the MDS matrix. The hash is state[0] after the last round.
 *
 * BigInt arithmetic on per-width scratch arrays (no arrays allocated per call).
 */
import { FR_MODULUS } from '../field/constants.js';
import { PoseidonArityError, PoseidonInputError } from './errors.js';
import { POSEIDON_MAX_WIDTH, poseidonParams, type PoseidonParams } from './parameters.js';

const P = FR_MODULUS;
/** Inputs per call: 1 to 16. */
export const POSEIDON_MAX_INPUTS = POSEIDON_MAX_WIDTH - 1;

interface Scratch { state: bigint[]; next: bigint[] }
const scratches = new Map<number, Scratch>();

function scratchFor(width: number): Scratch {
  let s = scratches.get(width);
  if (!s) {
    s = { state: new Array<bigint>(width).fill(0n), next: new Array<bigint>(width).fill(0n) };
    scratches.set(width, s);
  }
  return s;
}

/** Poseidon of 1 to 16 Fr elements (each in [0, r)); equals circomlib's / poseidon-lite's poseidonN. */
export function poseidon(inputs: readonly bigint[]): bigint {
  const n = inputs.length;
  if (n < 1 || n > POSEIDON_MAX_INPUTS) throw new PoseidonArityError(n, POSEIDON_MAX_INPUTS);
  const params = poseidonParams(n + 1);
  const scratch = scratchFor(params.width);
  const state = scratch.state;
  state[0] = 0n;
  for (let i = 0; i < n; i++) {
    const x = inputs[i];
    if (x < 0n || x >= P) throw new PoseidonInputError(i, x);
    state[i + 1] = x;
  }
  return permute(params, scratch);
}

const pow5 = (x: bigint): bigint => {
  const x2 = (x * x) % P;
  return (((x2 * x2) % P) * x) % P;
};

/** Runs the permutation in place on scratch.state; returns the output lane state[0]. */
function permute(params: PoseidonParams, scratch: Scratch): bigint {
  const { width: t, roundConstants: c, mds } = params;
  const halfFull = params.roundsFull / 2;
  const partialEnd = halfFull + params.roundsPartial;
  const rounds = params.roundsFull + params.roundsPartial;
  let { state, next } = scratch;
  for (let r = 0, k = 0; r < rounds; r++) {
    if (r < halfFull || r >= partialEnd) {
      for (let i = 0; i < t; i++, k++) state[i] = pow5(state[i] + c[k]);
    } else {
      state[0] = pow5(state[0] + c[k]);
      for (let i = 1; i < t; i++) state[i] += c[k + i];
      k += t;
    }
    for (let i = 0; i < t; i++) {
      const row = mds[i];
      let acc = 0n;
      for (let j = 0; j < t; j++) acc += row[j] * state[j];
      next[i] = acc % P;
    }
    [state, next] = [next, state];
  }
  scratch.state = state;
  scratch.next = next;
  return state[0];
}
