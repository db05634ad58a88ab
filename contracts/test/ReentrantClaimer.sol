// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IZkRollup} from "../interfaces/IZkRollup.sol";

/// @notice Withdrawal recipient that tries to claim the same withdrawal again from its receive hook.
contract ReentrantClaimer {
    IZkRollup public rollup;
    uint64 internal _batchIndex;
    IZkRollup.Withdrawal internal _w;
    bytes32[] internal _proof;
    bool public reenter = true;
    uint256 public received;

    function arm(address rollup_, uint64 batchIndex, IZkRollup.Withdrawal calldata w, bytes32[] calldata proof) external {
        rollup = IZkRollup(rollup_);
        _batchIndex = batchIndex;
        _w = w;
        _proof = proof;
    }

    function setReenter(bool reenter_) external {
        reenter = reenter_;
    }

    receive() external payable {
        received += msg.value;
        if (reenter) {
            rollup.claimWithdrawal(_batchIndex, _w, _proof); // reverts: the inner revert bubbles up
        }
    }
}
