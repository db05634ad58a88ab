// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVerifier} from "../interfaces/IVerifier.sol";

/// @title NoBatchCircuitVerifier
/// @notice The devnet's verifier while no batch circuit exists (issue #10): it accepts no proof, so no batch can
/// be finalized. Its VK_DIGEST is 0, a digest no generated verifier has. Replace it with setVerifier once the
/// batch circuit's verifier is generated (scripts/gen-verifier.ts).
contract NoBatchCircuitVerifier is IVerifier {
    uint256 public constant VK_DIGEST = 0;

    function verify(bytes calldata, uint256[] calldata) external pure returns (bool) {
        return false;
    }
}
