/**
 * Programs for the out-of-gas tests (account-oog, memory-oog): a caller (90) CALLs each program (91 …) with a little
 * gas and stores whether it succeeded, so each program's failing step ends a nested call and the caller goes on.
 */
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { asm, programAddress } from '../witness/run.js';

export const addressOf = (i: number): bigint => BigInt(programAddress(i).toString());
export const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });
/** The program a tx calls itself (past the callees 91 …). */
export const ROOT = 120;

/** CALL(`gas`, `to`, no value, no input, no output); then SSTORE(slot, success). */
export const callShort = (to: bigint, slot: number, gas = 1000) => ['PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH0', 'PUSH20', to, gas < 0x10000 ? 'PUSH2' : 'PUSH3', gas, 'CALL', 'PUSH1', slot, 'SSTORE'] as const;

/** The caller (90) that CALLs each program (91 …) with its gas (default 1000) and stores the successes; the programs' contracts. */
export const callers = (programs: ReadonlyArray<{ ops: readonly (string | number | bigint)[]; gas?: number }>) => [
  contract(90, asm(...programs.flatMap((p, k) => callShort(addressOf(91 + k), k, p.gas)), 'STOP')),
  ...programs.map((p, k) => contract(91 + k, asm(...p.ops, 'STOP')))];

/** Each tx's status, its failing steps (name, error) and why it is unprovable (none expected). */
export const errors = (b: BlockTrace) => b.txs.map((t) => [t.status, t.steps.filter((x) => x.error !== undefined).map((x) => [x.name, x.error]), unsupportedOps(t)]);

/** The rows of `w` in execution state `name`. */
export const rowsIn = (w: EvmWitness, name: string): number[] => w.steps.flatMap((s, i) => (s.spec.gadget.name === name ? [i] : []));
