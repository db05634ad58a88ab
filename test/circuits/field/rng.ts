/** Tests share the examples' deterministic generator (a failure reproduces by seed). */
export { Rng } from '../../../circuits/plonk/examples/rng.js';
