import { dirname, join } from "node:path";
import { memoryCost } from "../../circuits/evm/gadgets/memory.js";

/** What this guard touches of @ethereumjs/evm's (unexported) Interpreter. */
interface InterpreterInternals {
  _runState: {
    opCode: number;
    stack: { peek(n: number): bigint[] };
    memory: { read(offset: number, size: number, avoidCopy?: boolean): Uint8Array };
  };
  _runStepHook(dynamicFee: bigint, gasLeft: bigint, memorySize: bigint): Promise<void>;
}

const REVERT = 0xfd;
let installed = false;

/**
 * Whether the expansion of `words` words of memory over [offset, offset + length) costs more than `gasLeft`: the step
 * runs out of gas before it touches the range, which can be far larger than any buffer (2^255 bytes).
 */
export const unaffordableRange = (offset: bigint, length: bigint, words: bigint, gasLeft: bigint): boolean => {
  if (length === 0n) return false;
  const needed = (offset + length + 31n) / 32n;
  return needed > words && memoryCost(needed) - memoryCost(words) > gasLeft;
};

/**
 * @ethereumjs/evm 10.1's step hook reads a REVERT's range out of memory (for the event's `error` field) before the gas
 * check that would fail it, growing memory to offset + length: a REVERT of 2^64 bytes throws a RangeError out of the
 * tx (the node would reject a valid, failing tx), one of 2^30 allocates a GiB. Only traced runs (a `step` listener)
 * run the hook; for a range the step cannot pay for, the hook here reads nothing (the tracer does not use the field)
 * and the gas check then fails the step as without a listener. Installed once, by the tracer.
 */
export function guardRevertStepHook(): void {
  if (installed) return;
  installed = true;
  // the Interpreter is not exported: load its module next to the package's entry point (the same module instance)
  const { Interpreter } = require(join(dirname(require.resolve("@ethereumjs/evm")), "interpreter")) as { Interpreter: { prototype: InterpreterInternals } };
  const runStepHook = Interpreter.prototype._runStepHook;
  Interpreter.prototype._runStepHook = async function (this: InterpreterInternals, dynamicFee: bigint, gasLeft: bigint, memorySize: bigint): Promise<void> {
    const state = this._runState;
    if (state.opCode !== REVERT) return runStepHook.call(this, dynamicFee, gasLeft, memorySize);
    const [offset, length] = state.stack.peek(2) as [bigint, bigint];
    // (memorySize: the words before the step; its gas handler may have grown memoryWordCount already)
    if (!unaffordableRange(offset, length, memorySize, gasLeft)) return runStepHook.call(this, dynamicFee, gasLeft, memorySize);
    const { memory } = state;
    const read = memory.read;
    memory.read = () => new Uint8Array(0);
    try {
      await runStepHook.call(this, dynamicFee, gasLeft, memorySize);
    } finally {
      memory.read = read;
    }
  };
}
