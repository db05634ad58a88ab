export { StateTree, type AccountChange, type StateView } from './state-tree.js';
export { SparseMerkleTree } from './smt.js';
export { verifyProof, SMT_MAX_DEPTH, type SmtProof, type SmtLeaf } from './smt-proof.js';
export { hashBranch, hashLeaf } from './smt-node.js';
export { verifyAccountProof, verifyStorageProof, type AccountProof, type StorageProof } from './state-proof.js';
export {
  accountKey, accountValue, storageKey, storageValue, EMPTY_CODE_HASH, type Account, type AccountFields,
} from './encoding.js';
export { MemoryKv, type KvStore, type KvOp } from '../store/kv.js';
export { LevelKv } from '../store/level-kv.js';
export {
  decodeStateProof, encodeStateProof, verifyStateProof, type StateProof, type StateProofJson, type SmtProofJson,
} from './proof-json.js';
export { StateTreeWitness, addressBytes } from './tree-access.js';
export * from './errors.js';
