// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Records the address ecrecover (precompile 0x01) gives for each signed hash: the signer's for a valid signature,
/// 0 for an invalid one (Solidity's ecrecover gives 0 where the precompile returns nothing).
contract SignatureLog {
    mapping(bytes32 => address) public signerOf;
    uint256 public checked;

    event Recovered(bytes32 indexed hash, address signer);

    function check(bytes32 hash, uint8 v, bytes32 r, bytes32 s) external returns (address signer) {
        signer = ecrecover(hash, v, r, s);
        signerOf[hash] = signer;
        checked += 1;
        emit Recovered(hash, signer);
    }
}
