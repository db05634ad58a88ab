// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVerifier} from "./interfaces/IVerifier.sol";
import {IZkRollup} from "./interfaces/IZkRollup.sol";

/// @title ZkRollup
/// @notice L1 contract of the zkEVM rollup. The sequencer commits batches; anyone finalizes them, in order,
/// with a validity proof checked by the generated verifier; the owner may revert committed but unfinalized
/// batches. ETH deposits go through an ordered L1→L2 message queue; withdrawals are claimed with a Merkle
/// proof against the withdraw root of a finalized batch.
///
/// @dev Byte encodings (the node and the circuits reproduce these exactly; all integers big-endian):
///
/// Batch public input (the verifier's 2 instances, in this order: [hi, lo]):
///   piHash = keccak256(abi.encodePacked(
///       uint64  chainId,          // the L2 chain id (immutable), 8 bytes
///       bytes32 prevStateRoot,    // 32 bytes
///       bytes32 newStateRoot,     // 32 bytes
///       bytes32 withdrawRoot,     // 32 bytes
///       bytes32 txDataHash,       // 32 bytes
///       bytes32 l1MessagesHash,   // 32 bytes
///       bytes32 blockContextHash, // 32 bytes
///       bytes32 parentBlock,      // the block before the batch: the parent batch's lastBlock (genesisBlock for batch 1)
///       bytes32 lastBlock))       // the batch's last block (its parentBlock again when it has no txs)  → 264-byte preimage
///   hi = uint256(piHash) >> 128, lo = uint256(piHash) & (2^128 − 1); both < 2^128 < r (BN254 Fr).
///   This is the batch circuit's public input (circuits/pi/public-input.ts, BATCH_PI_WORD_FIELDS).
///
/// Block summaries (what the next block is checked against: number + 1, a later timestamp, EIP-1559's base fee
/// from the gas used; the batch circuit proves the chain from parentBlock through the batch's blocks to lastBlock,
/// circuits/pi/block-chain.ts):
///   blockSummary = bytes32(abi.encodePacked(uint64 number, uint64 timestamp, uint64 baseFee, uint64 gasUsed))
///   stored per batch at commit; a batch whose lastBlock's timestamp is more than MAX_FUTURE_SECONDS (1 hour, as
///   Arbitrum's default futureSeconds) later than this L1 block's is refused, so L2 time never runs far ahead of
///   L1's. The slack covers an L1 whose latest block lags the wall clock (the gas estimate runs on it; Hardhat's
///   lags by seconds) and L2 blocks faster than one a second (each a second after its parent).
///
/// Block contexts (committed by the sequencer, checked only by the proof, which binds them to what
/// COINBASE, TIMESTAMP, NUMBER, PREVRANDAO, GASLIMIT and BASEFEE return to the batch's txs):
///   blockContextHash = keccak256(record(tx 1) ‖ … ‖ record(tx N))   over the batch's N txs in order,
///   record = abi.encodePacked(address coinbase, uint64 timestamp, uint64 number, bytes32 prevRandao,
///            uint64 gasLimit, uint256 baseFee)   of the block the tx is in (108 bytes);
///   a batch without txs has keccak256("").
///
/// Tx data (committed by the sequencer, checked only by the proof, which binds it to the txs the batch
/// executes; the txs themselves are not posted here):
///   txDataHash = keccak256(txHash(tx 1) ‖ … ‖ txHash(tx N))   over the batch's N txs in order (32 bytes each),
///   txHash = keccak256 of the tx's signed bytes (its Ethereum tx hash); a batch without txs has keccak256("").
///
/// Batch hash (what a child batch names as its parent):
///   batchHash = keccak256(abi.encodePacked(
///       uint64 batchIndex, bytes32 parentBatchHash, bytes32 prevStateRoot, bytes32 newStateRoot,
///       bytes32 withdrawRoot, bytes32 txDataHash, uint64 l1MessageStart, uint64 numL1Messages,
///       bytes32 l1MessagesHash, bytes32 blockContextHash))  → 8 + 5·32 + 8 + 8 + 2·32 = 248-byte preimage
///   Batch 0 is the genesis batch, committed and finalized at deployment: parent 0, prevStateRoot 0,
///   newStateRoot = genesisStateRoot, every other field 0.
///
/// L1 messages (the queue; nonce = queue index, starting at 0):
///   messageHash = keccak256(abi.encode(address sender, address to, uint256 value, uint256 nonce))  (4·32 bytes)
///   queue rolling hash:  q_0 = 0,  q_{n+1} = keccak256(abi.encodePacked(q_n, messageHash_n))
///   a batch's l1MessagesHash: the same fold restarted at 0 over the messages it consumes, in queue order:
///     h = 0; for each consumed message m: h = keccak256(abi.encodePacked(h, messageHash_m))
///   (a batch consuming no message has l1MessagesHash = bytes32(0)).
///
/// Withdrawal Merkle tree (keccak, binary, commutative node hashing like OpenZeppelin's MerkleProof):
///   leaf = keccak256(abi.encode(address to, uint256 amount, uint256 nonce))   (3·32 bytes)
///   to = the L2 sender, nonce = the withdrawing L2 tx's nonce (its sender's account nonce)
///   node(a, b) = keccak256(abi.encodePacked(min(a, b), max(a, b)))             (64 bytes; sorted as uint256)
///   Canonical construction: leaves in L2 withdrawal order, padded with bytes32(0) to a power of two;
///   root of a single leaf = the leaf; a batch without withdrawals has withdrawRoot = bytes32(0).
///   The batch circuit proves this root over the batch's withdrawals, any number up to its tx slots.
///   A proof is the list of sibling hashes from the leaf up; verification folds node(h, sibling).
///   Leaves (96-byte preimages) cannot be confused with nodes (64-byte preimages).
///   Double claims are prevented by a nullifier on the leaf (the sender's L2 tx nonce makes leaves unique).
contract ZkRollup is IZkRollup {
    // ─── immutable configuration ─────────────────────────────────────────────────────────────────────────

    /// @notice The L2 chain id, the first field of every batch public input.
    uint64 public immutable chainId;

    /// @notice How much later than L1's block.timestamp a committed batch's last L2 block may be.
    uint64 public constant MAX_FUTURE_SECONDS = 1 hours;

    // ─── roles ───────────────────────────────────────────────────────────────────────────────────────────

    address public owner;
    address public pendingOwner;
    address public sequencer;

    // ─── verifier ────────────────────────────────────────────────────────────────────────────────────────

    IVerifier public verifier;
    /// @notice The digest of the verifying key of `verifier` (checked against its VK_DIGEST()).
    uint256 public vkDigest;

    // ─── batches ─────────────────────────────────────────────────────────────────────────────────────────

    uint64 public lastCommittedBatch;
    uint64 public lastFinalizedBatch;
    mapping(uint64 => Batch) internal _batches;

    // ─── L1→L2 message queue ─────────────────────────────────────────────────────────────────────────────

    bytes32[] internal _l1MessageHashes;
    /// @notice Rolling hash over all queued messages (q_n above, n = l1MessageCount()).
    bytes32 public l1QueueHash;
    /// @notice Queue index of the next message a batch must consume.
    uint64 public nextL1MessageIndex;

    // ─── withdrawals ─────────────────────────────────────────────────────────────────────────────────────

    /// @notice Nullifiers: leaf => claimed.
    mapping(bytes32 => bool) public claimed;

    uint256 private _lock = 1; // 1 = unlocked, 2 = locked

    // ─── modifiers ───────────────────────────────────────────────────────────────────────────────────────

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlySequencer() {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        _;
    }

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    /// @param genesisBlock the L2 genesis block's summary (see blockSummary above): batch 1's parentBlock.
    constructor(
        address owner_,
        address sequencer_,
        address verifier_,
        uint256 vkDigest_,
        uint64 chainId_,
        bytes32 genesisStateRoot,
        bytes32 genesisBlock
    ) {
        if (owner_ == address(0) || sequencer_ == address(0)) revert ZeroAddress();
        chainId = chainId_;
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
        sequencer = sequencer_;
        emit SequencerUpdated(address(0), sequencer_);
        _setVerifier(verifier_, vkDigest_);

        Batch storage g = _batches[0];
        g.newStateRoot = genesisStateRoot;
        g.lastBlock = genesisBlock;
        bytes32 genesisHash = _sealBatch(0, bytes32(0), g);
        emit BatchFinalized(0, genesisHash, genesisStateRoot, bytes32(0));
    }

    // ─── batches ─────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IZkRollup
    function commitBatch(CommitBatchInput calldata input) external onlySequencer returns (bytes32 batchHash) {
        uint64 index = lastCommittedBatch + 1;
        if (input.batchIndex != index) revert WrongBatchIndex(index, input.batchIndex);
        Batch storage parent = _batches[index - 1];
        if (input.parentBatchHash != parent.batchHash) revert WrongParentHash(parent.batchHash, input.parentBatchHash);
        if (input.prevStateRoot != parent.newStateRoot) revert WrongPrevStateRoot(parent.newStateRoot, input.prevStateRoot);

        uint64 start = nextL1MessageIndex;
        uint64 available = uint64(_l1MessageHashes.length) - start;
        if (input.numL1Messages > available) revert TooManyL1Messages(available, input.numL1Messages);
        uint64 lastTimestamp = uint64(uint256(input.lastBlock) >> 128);
        if (lastTimestamp > block.timestamp + MAX_FUTURE_SECONDS) revert BlockInFuture(lastTimestamp, block.timestamp);

        // Stored first, hashed and emitted from storage: the ten fields do not fit the stack at once.
        Batch storage b = _batches[index];
        b.prevStateRoot = input.prevStateRoot;
        b.newStateRoot = input.newStateRoot;
        b.withdrawRoot = input.withdrawRoot;
        b.txDataHash = input.txDataHash;
        b.l1MessagesHash = _l1MessagesHash(start, input.numL1Messages);
        b.l1MessageStart = start;
        b.numL1Messages = input.numL1Messages;
        b.blockContextHash = input.blockContextHash;
        b.lastBlock = input.lastBlock;
        batchHash = _sealBatch(index, input.parentBatchHash, b);

        lastCommittedBatch = index;
        nextL1MessageIndex = start + input.numL1Messages;
    }

    /// @inheritdoc IZkRollup
    function finalizeBatch(uint64 batchIndex, bytes calldata proof) external {
        if (batchIndex <= lastFinalizedBatch) revert BatchAlreadyFinalized(batchIndex);
        if (batchIndex > lastCommittedBatch) revert BatchNotCommitted(batchIndex);
        uint64 expected = lastFinalizedBatch + 1;
        if (batchIndex != expected) revert FinalizeOutOfOrder(expected, batchIndex);

        (, uint256 hi, uint256 lo) = publicInput(batchIndex);
        uint256[] memory instances = new uint256[](2);
        instances[0] = hi;
        instances[1] = lo;
        // A verifier that reverts (malformed input, out of gas) counts as a failed verification.
        try verifier.verify(proof, instances) returns (bool ok) {
            if (!ok) revert InvalidProof(batchIndex);
        } catch {
            revert InvalidProof(batchIndex);
        }

        lastFinalizedBatch = batchIndex;
        Batch storage b = _batches[batchIndex];
        emit BatchFinalized(batchIndex, b.batchHash, b.newStateRoot, b.withdrawRoot);
    }

    /// @inheritdoc IZkRollup
    /// @dev Reverts batches batchIndex..lastCommittedBatch (newest first in the events) and rewinds the L1
    /// message queue pointer to the first message batchIndex consumed.
    function revertBatch(uint64 batchIndex) external onlyOwner {
        if (batchIndex == 0) revert RevertGenesis();
        if (batchIndex <= lastFinalizedBatch) revert BatchAlreadyFinalized(batchIndex);
        uint64 last = lastCommittedBatch;
        if (batchIndex > last) revert BatchNotCommitted(batchIndex);

        nextL1MessageIndex = _batches[batchIndex].l1MessageStart;
        for (uint64 i = last; i >= batchIndex; i--) {
            bytes32 h = _batches[i].batchHash;
            delete _batches[i];
            emit BatchReverted(i, h);
        }
        lastCommittedBatch = batchIndex - 1;
    }

    // ─── L1→L2 messages ──────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IZkRollup
    function depositETH(address to) external payable returns (uint64 nonce) {
        if (to == address(0)) revert ZeroAddress();
        if (msg.value == 0) revert ZeroDeposit();
        nonce = uint64(_l1MessageHashes.length);
        bytes32 messageHash = computeL1MessageHash(msg.sender, to, msg.value, nonce);
        _l1MessageHashes.push(messageHash);
        bytes32 q = keccak256(abi.encodePacked(l1QueueHash, messageHash));
        l1QueueHash = q;
        emit L1MessageQueued(nonce, msg.sender, to, msg.value, messageHash, q);
    }

    // ─── withdrawals ─────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IZkRollup
    function claimWithdrawal(
        uint64 batchIndex,
        Withdrawal calldata withdrawal,
        bytes32[] calldata merkleProof
    ) external nonReentrant {
        if (batchIndex > lastFinalizedBatch) revert BatchNotFinalized(batchIndex);
        bytes32 leaf = computeWithdrawalLeaf(withdrawal.to, withdrawal.amount, withdrawal.nonce);
        if (claimed[leaf]) revert AlreadyClaimed(leaf);
        if (processMerkleProof(leaf, merkleProof) != _batches[batchIndex].withdrawRoot) {
            revert InvalidMerkleProof(batchIndex, leaf);
        }

        // effects before the interaction
        claimed[leaf] = true;
        emit WithdrawalClaimed(batchIndex, withdrawal.to, withdrawal.amount, withdrawal.nonce, leaf);

        (bool ok, ) = withdrawal.to.call{value: withdrawal.amount}("");
        if (!ok) revert EthTransferFailed(withdrawal.to, withdrawal.amount);
    }

    // ─── administration ──────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IZkRollup
    function setVerifier(address newVerifier, uint256 newVkDigest) external onlyOwner {
        _setVerifier(newVerifier, newVkDigest);
    }

    /// @inheritdoc IZkRollup
    function setSequencer(address newSequencer) external onlyOwner {
        if (newSequencer == address(0)) revert ZeroAddress();
        emit SequencerUpdated(sequencer, newSequencer);
        sequencer = newSequencer;
    }

    /// @inheritdoc IZkRollup
    /// @dev Two-step: the new owner must call acceptOwnership. address(0) cancels a pending transfer.
    function transferOwnership(address newOwner) external onlyOwner {
        pendingOwner = newOwner;
        emit OwnershipTransferStarted(owner, newOwner);
    }

    /// @inheritdoc IZkRollup
    function acceptOwnership() external {
        if (msg.sender != pendingOwner) revert NotPendingOwner(msg.sender);
        emit OwnershipTransferred(owner, msg.sender);
        owner = msg.sender;
        pendingOwner = address(0);
    }

    // ─── views and pure helpers ──────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IZkRollup
    function getBatch(uint64 batchIndex) external view returns (Batch memory) {
        return _batches[batchIndex];
    }

    /// @notice The finalized L2 state root.
    function finalizedStateRoot() external view returns (bytes32) {
        return _batches[lastFinalizedBatch].newStateRoot;
    }

    /// @notice The withdraw root of a finalized batch (reverts with BatchNotFinalized otherwise).
    function finalizedWithdrawRoot(uint64 batchIndex) external view returns (bytes32) {
        if (batchIndex > lastFinalizedBatch) revert BatchNotFinalized(batchIndex);
        return _batches[batchIndex].withdrawRoot;
    }

    /// @inheritdoc IZkRollup
    function isFinalized(uint64 batchIndex) external view returns (bool) {
        return batchIndex <= lastFinalizedBatch;
    }

    /// @inheritdoc IZkRollup
    function l1MessageCount() external view returns (uint64) {
        return uint64(_l1MessageHashes.length);
    }

    /// @notice The hash of the L1 message with queue index `nonce`.
    function l1MessageHash(uint64 nonce) external view returns (bytes32) {
        return _l1MessageHashes[nonce];
    }

    /// @inheritdoc IZkRollup
    /// @dev For a committed batch; reverts with BatchNotCommitted otherwise (the genesis batch has none).
    function publicInput(uint64 batchIndex) public view returns (bytes32 hash, uint256 hi, uint256 lo) {
        if (batchIndex == 0 || batchIndex > lastCommittedBatch) revert BatchNotCommitted(batchIndex);
        Batch storage b = _batches[batchIndex];
        hash = computePublicInputHash(
            chainId,
            b.prevStateRoot,
            b.newStateRoot,
            b.withdrawRoot,
            b.txDataHash,
            b.l1MessagesHash,
            b.blockContextHash,
            _batches[batchIndex - 1].lastBlock,
            b.lastBlock
        );
        hi = uint256(hash) >> 128;
        lo = uint256(hash) & type(uint128).max;
    }

    function computePublicInputHash(
        uint64 chainId_,
        bytes32 prevStateRoot,
        bytes32 newStateRoot,
        bytes32 withdrawRoot,
        bytes32 txDataHash,
        bytes32 l1MessagesHash,
        bytes32 blockContextHash,
        bytes32 parentBlock,
        bytes32 lastBlock
    ) public pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                chainId_,
                prevStateRoot,
                newStateRoot,
                withdrawRoot,
                txDataHash,
                l1MessagesHash,
                blockContextHash,
                parentBlock,
                lastBlock
            )
        );
    }

    /// @notice A block summary (see the encodings above).
    function blockSummary(uint64 number, uint64 timestamp, uint64 baseFee, uint64 gasUsed) public pure returns (bytes32) {
        return bytes32(abi.encodePacked(number, timestamp, baseFee, gasUsed));
    }

    function computeBatchHash(
        uint64 batchIndex,
        bytes32 parentBatchHash,
        bytes32 prevStateRoot,
        bytes32 newStateRoot,
        bytes32 withdrawRoot,
        bytes32 txDataHash,
        uint64 l1MessageStart,
        uint64 numL1Messages,
        bytes32 l1MessagesHash,
        bytes32 blockContextHash
    ) public pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                batchIndex,
                parentBatchHash,
                prevStateRoot,
                newStateRoot,
                withdrawRoot,
                txDataHash,
                l1MessageStart,
                numL1Messages,
                l1MessagesHash,
                blockContextHash
            )
        );
    }

    function computeL1MessageHash(address sender, address to, uint256 value, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(sender, to, value, nonce));
    }

    function computeWithdrawalLeaf(address to, uint256 amount, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(to, amount, nonce));
    }

    /// @notice Folds `proof` over `leaf` with the commutative node hash; the result is the claimed root.
    function processMerkleProof(bytes32 leaf, bytes32[] calldata proof) public pure returns (bytes32 h) {
        h = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 s = proof[i];
            h = h < s ? keccak256(abi.encodePacked(h, s)) : keccak256(abi.encodePacked(s, h));
        }
    }

    // ─── internals ───────────────────────────────────────────────────────────────────────────────────────

    function _l1MessagesHash(uint64 start, uint64 count) internal view returns (bytes32 h) {
        uint64 end = start + count;
        for (uint64 i = start; i < end; i++) {
            h = keccak256(abi.encodePacked(h, _l1MessageHashes[i]));
        }
    }

    /// @dev Computes, stores and announces the hash of the batch `index` whose other fields `b` holds.
    function _sealBatch(uint64 index, bytes32 parentBatchHash, Batch storage b) internal returns (bytes32 batchHash) {
        batchHash = computeBatchHash(
            index,
            parentBatchHash,
            b.prevStateRoot,
            b.newStateRoot,
            b.withdrawRoot,
            b.txDataHash,
            b.l1MessageStart,
            b.numL1Messages,
            b.l1MessagesHash,
            b.blockContextHash
        );
        b.batchHash = batchHash;
        emit BatchCommitted(
            index,
            batchHash,
            b.prevStateRoot,
            b.newStateRoot,
            b.withdrawRoot,
            b.txDataHash,
            b.l1MessageStart,
            b.numL1Messages,
            b.l1MessagesHash,
            b.blockContextHash
        );
    }

    function _setVerifier(address newVerifier, uint256 newVkDigest) internal {
        if (newVerifier == address(0)) revert ZeroAddress();
        if (newVerifier.code.length == 0) revert NotAContract(newVerifier);
        uint256 actual;
        try IVerifier(newVerifier).VK_DIGEST() returns (uint256 d) {
            actual = d;
        } catch {
            revert VkDigestUnavailable(newVerifier);
        }
        if (actual != newVkDigest) revert VkDigestMismatch(newVkDigest, actual);
        emit VerifierUpdated(address(verifier), newVerifier, newVkDigest);
        verifier = IVerifier(newVerifier);
        vkDigest = newVkDigest;
    }
}
