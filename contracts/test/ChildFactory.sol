// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What ChildFactory deploys: a constructor that stores its argument, its deployer and the value it was sent.
contract Child {
    uint256 public value;
    address public immutable deployer;

    constructor(uint256 v) payable {
        value = v;
        deployer = msg.sender;
    }

    function bump() external returns (uint256) {
        return ++value;
    }
}

/// @notice Deploys Child with CREATE2 (a salt: the address known in advance) or CREATE — the nested-creation paths of
/// the EVM circuit's differential tests — and calls the new child at once.
contract ChildFactory {
    event Deployed(address indexed child, bytes32 salt);

    function deploy(bytes32 salt, uint256 v) external payable returns (address child) {
        Child c = new Child{salt: salt, value: msg.value}(v);
        c.bump();
        child = address(c);
        emit Deployed(child, salt);
    }

    function deployPlain(uint256 v) external returns (address) {
        return address(new Child(v));
    }

    /// @notice The CREATE2 address `deploy(salt, v)` makes (EIP-1014), computed without deploying.
    function predict(bytes32 salt, uint256 v) external view returns (address) {
        bytes32 hash = keccak256(abi.encodePacked(type(Child).creationCode, abi.encode(v)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, hash)))));
    }
}
