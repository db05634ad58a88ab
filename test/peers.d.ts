/**
 * GPL peers used only as test vectors and benchmark baselines (devDependencies, never imported by
 * product code). They ship no types; tests describe the few calls they make at the call site.
 */
declare module 'snarkjs';
declare module 'ffjavascript';
