// The tx circuit's fixtures live where the soundness tool's tx target can use them too (scripts may not import test/).
export * from '../../../circuits/tx/examples.js';
export * from '../../../scripts/soundness/targets/signed-txs.js';
