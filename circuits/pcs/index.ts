export { devSrs, devTau, fixedBaseTable, fixedBaseMulTable, importPtau, checkSrsPowers, freeSrs, randomScalar, LagrangeBases, SrsError, type Srs } from './srs.js';
export { commit, commitValues, open, verify, batchVerify, type KzgOpening, type KzgClaim } from './kzg.js';
export { readPtauHeader, readPtauPowers, PtauFormatError, type PtauHeader, type PtauPowers } from './ptau.js';
