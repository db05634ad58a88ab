/**
 * The fixed opcode table of the EVM circuit: one row (opcode, execution state id, param, constant gas, stack
 * pointer delta) per supported opcode, generated from the gadgets. Each step looks its opcode up here, which
 * binds its execution state, parameter, gas cost and stack delta to the opcode fetched from the bytecode, so no
 * per-opcode gate repeats those constants. Row 0 is the padding state's all-zero tuple (which disabled lookups
 * also hit).
 */
import type { ExecutionGadget, OpcodeSpec } from './step.js';
import { GADGETS } from './gadgets/index.js';

/** State id of padding steps (the rows after the last real step). */
export const PADDING_STATE = 0;

/** An opcode with the gadget that executes it and that gadget's state id. */
export interface OpcodeEntry extends OpcodeSpec { readonly gadget: ExecutionGadget; readonly state: number }

/** State id of a gadget: its position in GADGETS, after padding. */
export const stateId = (gadget: ExecutionGadget): number => GADGETS.indexOf(gadget) + 1;

/** The states that run no opcode (BeginTx, EndTx and continuation rows), in state-id order. */
export const INTERNAL_GADGETS: readonly ExecutionGadget[] = GADGETS.filter((g) => g.opcodes.length === 0);

/** Supported opcodes by byte value. */
export const OPCODES: ReadonlyMap<number, OpcodeEntry> = new Map(
  GADGETS.flatMap((gadget) => gadget.opcodes.map((spec): [number, OpcodeEntry] => [spec.opcode, { ...spec, gadget, state: stateId(gadget) }])),
);
