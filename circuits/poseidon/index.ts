export { poseidon, POSEIDON_MAX_INPUTS } from './poseidon.js';
export {
  poseidonParams, POSEIDON_ALPHA, POSEIDON_ROUNDS_FULL, POSEIDON_MIN_WIDTH, POSEIDON_MAX_WIDTH, type PoseidonParams,
} from './parameters.js';
export { PoseidonInputError, PoseidonArityError, PoseidonParameterError } from './errors.js';
