export { EvaluationDomain, DomainTooLargeError } from './domain.js';
export { transform, transformMany, transformParallel, PARALLEL_MIN_LOG, type TransformKind } from './ntt.js';
export { evaluate, evaluateMany, divideByLinear } from './polynomial.js';
export { rootOfUnity, COSET_GENERATOR, MAX_DOMAIN_LOG } from './roots.js';
export { releaseTwiddles, twiddleTableLength } from './twiddles.js';
