/**
 * A tx whose callee is a precompile (its root call runs no code): after BeginTxPrecompile's value transfer (tx.ts),
 * one row charges the precompile's gas. A root call's output reaches no state (no caller's memory, no receipt field),
 * so the tx's effects are its gas and its success, and both follow from the input's length alone for the
 * precompiles whose price is base + per-word · ⌈L / 32⌉ and that cannot fail on their input:
 *
 *   ecrecover (0x01) 3000; sha256 (0x02) 60 + 12·w; ripemd160 (0x03) 600 + 120·w; identity (0x04) 15 + 3·w.
 *
 * (An invalid ecrecover signature returns empty output, a success.) MODEXP (its price reads its input) and ecAdd and
 * ecMul (they fail on malformed input) run their calls' rows over the tx's calldata (modexp.ts, ec-precompile.ts);
 * BLAKE2F's price and success read three calldata fields (blake2f-root.ts); the pairing and point-evaluation
 * precompiles have no row: BeginTxFunds1 sends every precompile callee to BeginTxPrecompile, so a tx to one of them
 * cannot be proven.
 *
 * Aux bytes: 0 … 3 the precompile, one-hot (boolean, Σ = 1: callee = Σ (i + 1)·f_i, looked up as the tx's callee);
 * 4 … 7 L (the tx's CallDataLength); 8, 9 t, 31 − t and 10 … 13 w with 32·w = L + 31 − t (precompile.ts `words`); the
 * gas is BeginTxPrecompile's;
 *   PrecompileRoot          16 … 23 = gas − cost; gas' = gas − cost.
 *   PrecompileRootOutOfGas  16 … 23 = cost − gas − 1; gas' = 0 (all gas consumed); a failing state (error.ts FAILURES):
 *                           the value transfer and the sender's debit undone, the receipt status 0.
 * Both are followed by EndTx.
 */
import { constant, sum, type Expr } from '../../plonk/index.js';
import { TxFieldTag } from '../../tx/table.js';
import type { AuxWitness, ExecutionGadget, StepExprs, TxLookup } from '../step.js';
import { small, upperBytesZero } from './common.js';
import { ECRECOVER_GAS } from './ecrecover.js';
import { charged, IDENTITY_GAS, IDENTITY_WORD_GAS, inputLength as length, shortOfGas, L_BYTES, LEFT_BYTES, words, wordsWitness } from './precompile.js';
import { gasCarried, internal, PRECOMPILE_ROOT, PRECOMPILE_ROOT_OOG } from './tx.js';

/** The precompiles a tx may call, at addresses 1, 2, …: base and per-word gas (Yellow Paper appendix E). */
export const ROOT_PRECOMPILE_GAS: ReadonlyArray<{ readonly name: string; readonly base: bigint; readonly word: bigint }> = [
  { name: 'ecrecover', base: ECRECOVER_GAS, word: 0n },
  { name: 'sha256', base: 60n, word: 12n },
  { name: 'ripemd160', base: 600n, word: 120n },
  { name: 'identity', base: IDENTITY_GAS, word: IDENTITY_WORD_GAS },
];

const flag = (s: StepExprs, i: number): Expr => s.auxByte(i);

const lookups = (s: StepExprs): readonly TxLookup[] => [
  { tag: TxFieldTag.CalleeAddress, value: small(sum(ROOT_PRECOMPILE_GAS.map((_, i) => flag(s, i).mul(i + 1)))) },
  { tag: TxFieldTag.CallDataLength, value: small(length(s)) },
];

/**
 * The one-hot rules, w's, the gas BeginTxPrecompile left (an internal row's gas is its own rules' to bind: `charged`
 * and `shortOfGas` bind only the next row's), and the cost Σ f_i·(base_i + word_i·w).
 */
function rootCost(s: StepExprs): { rules: Record<string, Expr>; cost: Expr } {
  const { rules, w } = words(s, length(s));
  const flags = ROOT_PRECOMPILE_GAS.map((_, i) => flag(s, i));
  return {
    rules: {
      ...Object.fromEntries(ROOT_PRECOMPILE_GAS.map(({ name }, i) => [`${name} flag boolean`, flags[i]!.mul(constant(1).sub(flags[i]!))])),
      'one precompile: Σ flags = 1': sum(flags).sub(1), ...rules, ...gasCarried(s), ...Object.fromEntries([14, 15].map((j) => [`aux byte ${j} = 0`, s.auxByte(j)])), ...upperBytesZero(s, LEFT_BYTES + 8),
    },
    cost: sum(ROOT_PRECOMPILE_GAS.map(({ base, word }, i) => flags[i]!.mul(w.mul(word).add(base)))),
  };
}

export const PRECOMPILE_ROOT_ROW: ExecutionGadget = internal(PRECOMPILE_ROOT, ['EndTx'], [], lookups, (c) => {
  const s = c.step;
  const { rules, cost } = rootCost(s);
  c.gate({ ...rules, ...charged(s, cost) });
});

export const PRECOMPILE_ROOT_OUT_OF_GAS: ExecutionGadget = internal(PRECOMPILE_ROOT_OOG, ['EndTx'], [], lookups, (c) => {
  const s = c.step;
  const { rules, cost } = rootCost(s);
  c.gate({ ...rules, ...shortOfGas(s, cost) });
});

/** The root precompile rows (the failing one is listed in error.ts FAILURES). */
export const PRECOMPILE_ROOT_ROWS: readonly ExecutionGadget[] = [PRECOMPILE_ROOT_ROW, PRECOMPILE_ROOT_OUT_OF_GAS];

/** The gas the precompile at `address` charges for `length` bytes of input; undefined where no root row is built. */
export function rootPrecompileGas(address: bigint, length: number): bigint | undefined {
  const price = ROOT_PRECOMPILE_GAS[Number(address) - 1];
  return address < 1n || price === undefined ? undefined : price.base + price.word * BigInt(Math.ceil(length / 32));
}

/** The aux word of the precompile's row for a tx with `length` bytes of calldata and `gas` left after BeginTx. */
export function rootPrecompileWitness(address: bigint, length: number, gas: bigint): AuxWitness {
  const cost = rootPrecompileGas(address, length);
  if (cost === undefined) throw new RangeError(`no root row for precompile ${address}`);
  const field = (v: bigint | number, at: number) => BigInt(v) << BigInt(8 * at);
  return { aux: field(1, Number(address) - 1) | field(length, L_BYTES) | wordsWitness(length) | field(gas >= cost ? gas - cost : cost - gas - 1n, LEFT_BYTES) };
}
