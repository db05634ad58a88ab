// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Minimal contract used to check the Solidity toolchain (compile, deploy, call).
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 newCount);

    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }

    function add(uint256 amount) external {
        count += amount;
        emit Incremented(msg.sender, count);
    }
}
