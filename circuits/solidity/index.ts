export { generateVerifier, proofLayout, VerifierGenerationError, type GenerateVerifierOptions, type ProofLayout } from './generator.js';
export { VERIFIER_EXAMPLES, EXAMPLES_SRS_K, verifierExample, PublicValuesCircuit, type VerifierExample } from './examples.js';
export { exampleVerifierSource, DEV_SRS_HEADER } from './build.js';
