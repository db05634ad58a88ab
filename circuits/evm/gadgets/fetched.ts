import type { Expr } from '../../plonk/index.js';
import type { ExecutionGadget, StepExprs } from '../step.js';

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
