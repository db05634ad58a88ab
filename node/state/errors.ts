/** Errors of the state tree. Each carries the values needed to act on it. */

const hex = (x: bigint) => `0x${x.toString(16)}`;

/** A key, value or account field outside its range (e.g. an SMT key ≥ r, a nonce ≥ 2^64, a 19-byte address). */
export class StateRangeError extends Error {
  constructor(readonly field: string, readonly value: bigint | number, readonly detail: string) {
    super(`state: ${field} = ${typeof value === 'bigint' ? hex(value) : value}: ${detail}`);
    this.name = 'StateRangeError';
  }
}

/** A tree node or preimage record that the store should hold but does not (corrupt or foreign store). */
export class MissingStateRecordError extends Error {
  constructor(readonly kind: 'node' | 'account' | 'word' | 'code', readonly hash: bigint) {
    super(`state: ${kind} record ${hex(hash)} is missing from the store (store corrupt, or a root that was never committed)`);
    this.name = 'MissingStateRecordError';
  }
}

/** A stored record whose bytes do not decode. */
export class CorruptStateRecordError extends Error {
  constructor(readonly kind: string, readonly detail: string) {
    super(`state: corrupt ${kind} record: ${detail}`);
    this.name = 'CorruptStateRecordError';
  }
}

/** openAt for a block whose state root was never committed. */
export class UnknownStateVersionError extends Error {
  constructor(readonly blockNumber: number, readonly head: number | undefined) {
    super(`state: no state committed for block ${blockNumber} (latest committed block: ${head ?? 'none'})`);
    this.name = 'UnknownStateVersionError';
  }
}

/** commit for a block number not above the last committed one. */
export class StateCommitOrderError extends Error {
  constructor(readonly blockNumber: number, readonly head: number) {
    super(`state: cannot commit block ${blockNumber}: block ${head} is already committed (block numbers must increase)`);
    this.name = 'StateCommitOrderError';
  }
}

/** A write through a read-only view (openAt). */
export class ReadOnlyStateError extends Error {
  constructor(readonly operation: string, readonly root: bigint) {
    super(`state: ${operation} on a read-only view of root ${hex(root)}`);
    this.name = 'ReadOnlyStateError';
  }
}

/** A storage write to an account that does not exist. */
export class AccountNotFoundError extends Error {
  constructor(readonly address: string) {
    super(`state: account ${address} does not exist (create it with putAccount before writing its storage)`);
    this.name = 'AccountNotFoundError';
  }
}

/** A state proof (rollup_getProof JSON) with a field of the wrong shape. */
export class StateProofFormatError extends Error {
  constructor(readonly field: string, readonly value: unknown, readonly expected: string) {
    super(`state proof: ${field} = ${JSON.stringify(value) ?? 'undefined'}: expected ${expected}`);
    this.name = 'StateProofFormatError';
  }
}
