export { generateVerifier, generateVerifierFile, proofLayout, VerifierGenerationError, EIP170_CODE_BYTES, type GenerateVerifierOptions, type GeneratedVerifier, type ProofLayout } from './generator.js';
export { VERIFIER_EXAMPLES, EXAMPLES_SRS_K, verifierExample, PublicValuesCircuit, type VerifierExample } from './examples.js';
export { exampleVerifierSource, batchVerifierFile, DEV_SRS_HEADER } from './build.js';
export { compileSolidity, compileVerifier, deployVerifier, VerifierCompileError, type CompiledContract, type DeployContract } from './compile.js';
