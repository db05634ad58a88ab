import { constant, type Expr } from '../../plonk/index.js';
import type { ExecutionGadget, GadgetConfigurer, StepExprs } from '../step.js';

/**
 * An error state on the fetched opcode (circuit.ts `fetched`): consumes all the gas
 * (gas' = gas − cost − (gas − cost) = 0), and proves the error by `rules`.
 */
export const fetchedError = (name: string, rules: (s: StepExprs) => Record<string, Expr>, witness: ExecutionGadget['witness'] = () => ({})): ExecutionGadget => ({
  name,
  opcodes: [],
  fetched: true,
  slots: [],
  flow: 'end',
  successors: ['CallReturn'],
  dynamicGas: (s) => s.gas.sub(s.gasCost),
  configure: (c) => c.gate(rules(c.step)),
  witness,
});

/**
 * The first row of a fetched error state too large for one row: the opcode fetched at pc, `slots` read and `rules`
 * proven, nothing charged (gas' = gas − cost + cost) and pc kept (pc' = pc), so that the failing row `continuation`
 * names (directly, or after a row between) fetches the same opcode with the same gas.
 */
export const fetchedOpening = (name: string, slots: ExecutionGadget['slots'], continuation: string, rules: (c: GadgetConfigurer) => Record<string, Expr>): ExecutionGadget => ({
  name,
  opcodes: [],
  fetched: true,
  slots,
  flow: 'custom',
  continuation,
  dynamicGas: (s) => constant(0).sub(s.gasCost),
  configure: (c) => c.gate({ ...rules(c), "pc' = pc": c.step.next.pc.sub(c.step.pc) }),
  witness: () => ({}),
});
