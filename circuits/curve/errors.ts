/** Errors of the curve layer. */

export type InvalidPointReason = 'length' | 'non-canonical' | 'not-on-curve';

/** Bytes or coordinates that do not denote a point of BN254 G1 (or G2). */
export class InvalidPointError extends Error {
  constructor(readonly group: 'G1' | 'G2', readonly reason: InvalidPointReason, readonly detail: string) {
    super(`${group}: invalid point (${reason}): ${detail}`);
    this.name = 'InvalidPointError';
  }
}
