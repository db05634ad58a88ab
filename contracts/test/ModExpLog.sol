// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Records base^exponent mod modulus as the MODEXP precompile (0x05, EIP-198) gives it, with 32-byte operands: the
/// way an RSA signature check or a Fermat test calls it.
contract ModExpLog {
    uint256 public last;
    uint256 public computed;

    event Computed(uint256 indexed base, uint256 exponent, uint256 modulus, uint256 result);

    error ModExpFailed();

    function power(uint256 base, uint256 exponent, uint256 modulus) external returns (uint256 result) {
        (bool ok, bytes memory out) = address(5).staticcall(abi.encodePacked(uint256(32), uint256(32), uint256(32), base, exponent, modulus));
        if (!ok) revert ModExpFailed();
        result = abi.decode(out, (uint256));
        last = result;
        computed += 1;
        emit Computed(base, exponent, modulus, result);
    }
}
