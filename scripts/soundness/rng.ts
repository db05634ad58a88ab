/** Fuzz runs use the examples' seeded generator, so a run reproduces from `--seed`. */
export { Rng } from '../../circuits/plonk/examples/rng.js';
