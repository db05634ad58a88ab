/** The part of ZkRollup's ABI (contracts/interfaces/IZkRollup.sol) the node uses, typed for viem. */
import { parseAbi } from "viem";

export const ZK_ROLLUP_ABI = parseAbi([
  "struct CommitBatchInput { uint64 batchIndex; bytes32 parentBatchHash; bytes32 prevStateRoot; bytes32 newStateRoot; bytes32 txDataHash; bytes32 blockContextHash; bytes32 withdrawRoot; uint64 numL1Messages; }",
  "struct Batch { bytes32 batchHash; bytes32 prevStateRoot; bytes32 newStateRoot; bytes32 withdrawRoot; bytes32 txDataHash; bytes32 l1MessagesHash; uint64 l1MessageStart; uint64 numL1Messages; bytes32 blockContextHash; }",
  "function commitBatch(CommitBatchInput input) returns (bytes32)",
  "function finalizeBatch(uint64 batchIndex, bytes proof)",
  "function depositETH(address to) payable returns (uint64)",
  "function getBatch(uint64 batchIndex) view returns (Batch)",
  "function lastCommittedBatch() view returns (uint64)",
  "function lastFinalizedBatch() view returns (uint64)",
  "function chainId() view returns (uint64)",
  "function vkDigest() view returns (uint256)",
  "function sequencer() view returns (address)",
  "function publicInput(uint64 batchIndex) view returns (bytes32 hash, uint256 hi, uint256 lo)",
  "event BatchCommitted(uint64 indexed batchIndex, bytes32 indexed batchHash, bytes32 prevStateRoot, bytes32 newStateRoot, bytes32 withdrawRoot, bytes32 txDataHash, uint64 l1MessageStart, uint64 numL1Messages, bytes32 l1MessagesHash, bytes32 blockContextHash)",
  "event BatchFinalized(uint64 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot)",
  "event L1MessageQueued(uint64 indexed nonce, address indexed sender, address indexed to, uint256 value, bytes32 messageHash, bytes32 queueHash)",
  "error WrongBatchIndex(uint64 expected, uint64 given)",
  "error WrongParentHash(bytes32 expected, bytes32 given)",
  "error WrongPrevStateRoot(bytes32 expected, bytes32 given)",
  "error TooManyL1Messages(uint64 available, uint64 requested)",
  "error NotSequencer(address caller)",
  "error InvalidProof(uint64 batchIndex)",
  "error FinalizeOutOfOrder(uint64 expected, uint64 given)",
  "error BatchNotCommitted(uint64 batchIndex)",
  "error BatchAlreadyFinalized(uint64 batchIndex)",
]);
