// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IVerifier
/// @notice The interface of the generated PLONK/KZG verifiers in contracts/verifier/ (circuits/solidity).
/// @dev The generated verifiers return false on any invalid input; they revert only when given too little gas (so
/// an honest proof is never reported false for want of gas). ZkRollup treats a revert as a failed proof.
interface IVerifier {
    /// @notice Digest of the verifying key the contract was generated from.
    function VK_DIGEST() external view returns (uint256);

    /// @notice True iff `proof` proves the circuit for `instances` (instance columns' values, column after column).
    function verify(bytes calldata proof, uint256[] calldata instances) external view returns (bool);
}
