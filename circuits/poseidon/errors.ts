/** Errors of the Poseidon hash. */

/** An input that is not a canonical element of BN254 Fr (negative or ≥ r). */
export class PoseidonInputError extends Error {
  constructor(readonly index: number, readonly input: bigint) {
    super(`poseidon: input ${index} = ${input} is not a canonical Fr element (must be in [0, r))`);
    this.name = 'PoseidonInputError';
  }
}

/** An input count the hash has no parameters for. */
export class PoseidonArityError extends Error {
  constructor(readonly arity: number, readonly max: number) {
    super(`poseidon: ${arity} inputs given; supported are 1 to ${max} (widths t = 2 to ${max + 1})`);
    this.name = 'PoseidonArityError';
  }
}

/** A width without parameters, or a parameter generation the reference script would have re-drawn. */
export class PoseidonParameterError extends Error {
  constructor(readonly width: number, readonly detail: string) {
    super(`poseidon: width t = ${width}: ${detail}`);
    this.name = 'PoseidonParameterError';
  }
}
