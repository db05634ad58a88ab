/** Errors of the SMT circuit's witness building: each names the operation and what was expected. */

const hex = (x: bigint) => `0x${x.toString(16)}`;

/** An operation's proof does not lead to the current root (stale proof, wrong order, or a tampered tree). */
export class SmtProofMismatchError extends Error {
  constructor(readonly op: number, readonly key: bigint, readonly detail: string) {
    super(`smt: operation ${op} (key ${hex(key)}): ${detail}`);
    this.name = 'SmtProofMismatchError';
  }
}

/** A key, value or proof element outside [0, r): the tree holds BN254 Fr elements only. */
export class SmtFieldRangeError extends Error {
  constructor(readonly op: number, readonly field: string, readonly value: bigint) {
    super(`smt: operation ${op}: ${field} = ${hex(value)} is not a BN254 Fr element (expected 0 ≤ x < r)`);
    this.name = 'SmtFieldRangeError';
  }
}

/** A tree node the witness needs (the preimage of a sibling hash) that the node source does not hold. */
export class SmtMissingNodeError extends Error {
  constructor(readonly op: number, readonly hash: bigint) {
    super(`smt: operation ${op} needs the node with hash ${hex(hash)} (the last sibling on its path), which the node source does not hold`);
    this.name = 'SmtMissingNodeError';
  }
}

/** More operations or hashes than the circuit was laid out for. */
export class SmtCapacityError extends Error {
  constructor(readonly what: string, readonly needed: number, readonly capacity: number) {
    super(`smt: ${needed} ${what} needed, the circuit has room for ${capacity}`);
    this.name = 'SmtCapacityError';
  }
}
