/** The reference the arithmetic gadgets are checked against: one opcode run on @ethereumjs/evm. */
import { createEVM, type EVM } from '@ethereumjs/evm';
import { hexToBytes } from '@ethereumjs/util';

let evm: Promise<EVM> | undefined;

const push32 = (x: bigint) => `7f${x.toString(16).padStart(64, '0')}`;

/** EVM opcode `op` (e.g. 0x04 DIV) on the stack [top, second, …] = operands: the word it leaves on top. */
export async function evmOp(op: number, ...operands: bigint[]): Promise<bigint> {
  evm ??= createEVM();
  const pushes = [...operands].reverse().map(push32).join('');
  const code = hexToBytes(`0x${pushes}${op.toString(16).padStart(2, '0')}`);
  const r = await (await evm).runCode({ code, gasLimit: 100_000n });
  if (r.exceptionError) throw new Error(`EVM reference: opcode 0x${op.toString(16)} failed: ${r.exceptionError.error}`);
  return r.runState!.stack.peek(1)[0];
}

export const OP = { MUL: 0x02, DIV: 0x04, MOD: 0x06, ADDMOD: 0x08, MULMOD: 0x09, SHL: 0x1b, SHR: 0x1c, SAR: 0x1d } as const;
