// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
    function balanceOf(address holder) external view returns (uint256);
}

/// @notice Moves its own tokens for a caller: a CALL into the token (calldata in, a bool back) and a STATICCALL of a
/// view (the balance left) — the nested-frame paths of the EVM circuit's differential tests.
contract TokenRouter {
    error TransferFailed(address token, address to, uint256 value);

    function send(IERC20 token, address to, uint256 value) external returns (uint256 left) {
        if (!token.transfer(to, value)) revert TransferFailed(address(token), to, value);
        left = token.balanceOf(address(this));
    }
}
