// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IZkRollup
/// @notice L1 contract of the zkEVM rollup: batch commit/finalize, the L1→L2 message queue (ETH deposits),
/// withdrawal claims against finalized withdraw roots, and the verifier upgrade path.
/// @dev The byte encodings (batch hash, public input, L1 messages, withdrawal Merkle tree) are documented on
/// ZkRollup (contracts/ZkRollup.sol); the node and the circuits reproduce them exactly.
interface IZkRollup {
    // ─── types ───────────────────────────────────────────────────────────────────────────────────────────

    /// @notice What the sequencer commits for one batch.
    struct CommitBatchInput {
        uint64 batchIndex; // must be lastCommittedBatch + 1
        bytes32 parentBatchHash; // must equal the hash of batch batchIndex − 1
        bytes32 prevStateRoot; // must equal the parent's newStateRoot
        bytes32 newStateRoot;
        bytes32 txDataHash;
        bytes32 blockContextHash; // the contexts of the blocks of the batch's txs (see ZkRollup); bound by the proof
        bytes32 withdrawRoot; // root of the batch's withdrawal Merkle tree (bytes32(0): no withdrawals)
        uint64 numL1Messages; // L1 messages consumed by this batch, in queue order
        bytes32 lastBlock; // the summary of the batch's last block (see ZkRollup); its timestamp at most an hour after L1's; bound by the proof
    }

    /// @notice What is stored for a committed batch.
    struct Batch {
        bytes32 batchHash;
        bytes32 prevStateRoot;
        bytes32 newStateRoot;
        bytes32 withdrawRoot;
        bytes32 txDataHash;
        bytes32 l1MessagesHash;
        uint64 l1MessageStart; // queue index of the first consumed L1 message
        uint64 numL1Messages;
        bytes32 blockContextHash;
        bytes32 lastBlock; // the summary of its last block: the next batch's parentBlock
    }

    /// @notice An L2→L1 withdrawal (a leaf of a batch's withdraw tree).
    struct Withdrawal {
        address to;
        uint256 amount;
        uint256 nonce; // unique per withdrawal on L2
    }

    // ─── errors ──────────────────────────────────────────────────────────────────────────────────────────

    error NotOwner(address caller);
    error NotPendingOwner(address caller);
    error NotSequencer(address caller);
    error ZeroAddress();
    error NotAContract(address account);
    error VkDigestMismatch(uint256 expected, uint256 actual);
    error VkDigestUnavailable(address verifier);
    error WrongBatchIndex(uint64 expected, uint64 given);
    error WrongParentHash(bytes32 expected, bytes32 given);
    error WrongPrevStateRoot(bytes32 expected, bytes32 given);
    error TooManyL1Messages(uint64 available, uint64 requested);
    error BlockInFuture(uint64 lastBlockTimestamp, uint256 l1Timestamp);
    error BatchNotCommitted(uint64 batchIndex);
    error BatchAlreadyFinalized(uint64 batchIndex);
    error FinalizeOutOfOrder(uint64 expected, uint64 given);
    error InvalidProof(uint64 batchIndex);
    error RevertGenesis();
    error ZeroDeposit();
    error BatchNotFinalized(uint64 batchIndex);
    error AlreadyClaimed(bytes32 leaf);
    error InvalidMerkleProof(uint64 batchIndex, bytes32 leaf);
    error EthTransferFailed(address to, uint256 amount);
    error Reentrancy();

    // ─── events ──────────────────────────────────────────────────────────────────────────────────────────

    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event SequencerUpdated(address indexed previousSequencer, address indexed newSequencer);
    event VerifierUpdated(address indexed previousVerifier, address indexed newVerifier, uint256 vkDigest);
    event BatchCommitted(
        uint64 indexed batchIndex,
        bytes32 indexed batchHash,
        bytes32 prevStateRoot,
        bytes32 newStateRoot,
        bytes32 withdrawRoot,
        bytes32 txDataHash,
        uint64 l1MessageStart,
        uint64 numL1Messages,
        bytes32 l1MessagesHash,
        bytes32 blockContextHash
    );
    event BatchFinalized(uint64 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot);
    event BatchReverted(uint64 indexed batchIndex, bytes32 indexed batchHash);
    event L1MessageQueued(
        uint64 indexed nonce,
        address indexed sender,
        address indexed to,
        uint256 value,
        bytes32 messageHash,
        bytes32 queueHash
    );
    event WithdrawalClaimed(
        uint64 indexed batchIndex,
        address indexed to,
        uint256 amount,
        uint256 nonce,
        bytes32 leaf
    );

    // ─── functions ───────────────────────────────────────────────────────────────────────────────────────

    function commitBatch(CommitBatchInput calldata input) external returns (bytes32 batchHash);

    function finalizeBatch(uint64 batchIndex, bytes calldata proof) external;

    function revertBatch(uint64 batchIndex) external;

    function depositETH(address to) external payable returns (uint64 nonce);

    function claimWithdrawal(uint64 batchIndex, Withdrawal calldata withdrawal, bytes32[] calldata merkleProof) external;

    function setVerifier(address newVerifier, uint256 newVkDigest) external;

    function setSequencer(address newSequencer) external;

    function transferOwnership(address newOwner) external;

    function acceptOwnership() external;

    function getBatch(uint64 batchIndex) external view returns (Batch memory);

    function publicInput(uint64 batchIndex) external view returns (bytes32 hash, uint256 hi, uint256 lo);

    function l1MessageCount() external view returns (uint64);

    function isFinalized(uint64 batchIndex) external view returns (bool);
}
