// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVerifier} from "../interfaces/IVerifier.sol";

/// @notice Test double of a generated verifier: a configurable verdict and VK_DIGEST. When expected instances
/// are set, verify also requires the instances to equal them (so tests check the public input the rollup passes).
contract MockVerifier is IVerifier {
    uint256 public immutable VK_DIGEST;
    bool public result;
    bool public shouldRevert;
    uint256[] internal _expected;
    bool public checkInstances;

    constructor(uint256 vkDigest, bool result_) {
        VK_DIGEST = vkDigest;
        result = result_;
    }

    function setResult(bool result_) external {
        result = result_;
    }

    function setRevert(bool shouldRevert_) external {
        shouldRevert = shouldRevert_;
    }

    function expectInstances(uint256[] calldata expected) external {
        _expected = expected;
        checkInstances = true;
    }

    function verify(bytes calldata, uint256[] calldata instances) external view returns (bool) {
        if (shouldRevert) revert("MockVerifier: revert");
        if (checkInstances) {
            if (instances.length != _expected.length) return false;
            for (uint256 i = 0; i < instances.length; i++) {
                if (instances[i] != _expected[i]) return false;
            }
        }
        return result;
    }
}
