/**
 * Executes hand-assembled programs as real transactions with @ethereumjs/vm (Cancun, in-memory state), traced
 * by the node's own ExecutionTracer and assembled by its buildBlockTrace — the code that fills the node's block
 * traces — and returns the block trace the circuits consume. A program given as bytes is deployed before the
 * block at its own address (PROGRAM_BASE + its index) and called; `{ to, data }` calls a contract predeployed
 * with `contracts` (with optional storage), or any other address (a plain transfer when it has no code; `value` sends ether). (The
 * node's Executor is not used directly so that these tests do not depend on the node's state-tree backend.)
 */
import { createBlock } from '@ethereumjs/block';
import { createTx } from '@ethereumjs/tx';
import { Account, Address, bigIntToBytes, createAddressFromPrivateKey, createZeroAddress, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { buildBlock, createVM } from '@ethereumjs/vm';
import { opcodeName } from '../../../circuits/evm/coverage.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_BASE_FEE, DEV_CHAIN_ID, DEV_GAS_LIMIT } from '../../../node/execution/genesis.js';
import { buildBlockTrace } from '../../../node/execution/trace-builder.js';
import { ExecutionTracer } from '../../../node/execution/tracer.js';

const KEY = new Uint8Array(32).fill(7);

/** A transaction to run: code to deploy and call, or a call to an address. */
export type Program = Uint8Array | { to: Address; data?: Uint8Array; value?: bigint; maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint };

/** Where program i is deployed. */
export const programAddress = (i: number): Address => new Address(hexToBytes(`0x${(PROGRAM_BASE + BigInt(i)).toString(16).padStart(40, '0')}`));
const PROGRAM_BASE = 0xc0de0000n;

/** Runs each program as one tx, in order, in one block; `contracts` (and the programs given as code) are deployed before the block. */
export async function runPrograms(programs: readonly Program[], contracts: ReadonlyArray<{ address: Address; code: Uint8Array; storage?: ReadonlyArray<readonly [bigint, bigint]> }> = []): Promise<BlockTrace> {
  const deployed = programs.flatMap((p, i) => (p instanceof Uint8Array ? [{ address: programAddress(i), code: p }] : []));
  contracts = [...contracts, ...deployed];
  const common = createL2Common(DEV_CHAIN_ID);
  const sender = createAddressFromPrivateKey(KEY);
  const tracer = new ExecutionTracer();
  const plain = await createVM({ common, setHardfork: false });
  await plain.stateManager.putAccount(sender, new Account(0n, 10n ** 24n));
  for (const c of contracts) {
    await plain.stateManager.putAccount(c.address, new Account());
    await plain.stateManager.putCode(c.address, c.code);
    for (const [slot, value] of c.storage ?? []) await plain.stateManager.putStorage(c.address, setLengthLeft(bigIntToBytes(slot), 32), bigIntToBytes(value));
  }
  const vm = await createVM({ common, setHardfork: false, stateManager: tracer.recordingStateManager(plain.stateManager as never) });
  tracer.attach(vm);
  const parent = createBlock({ header: { number: 0n, gasLimit: DEV_GAS_LIMIT, baseFeePerGas: DEV_BASE_FEE, stateRoot: await vm.stateManager.getStateRoot() } }, { common, setHardfork: false });
  tracer.beginBlock();
  const builder = await buildBlock(vm, {
    parentBlock: parent,
    headerData: { timestamp: 1n, coinbase: createZeroAddress(), gasLimit: DEV_GAS_LIMIT },
    blockOpts: { putBlockIntoBlockchain: false, setHardfork: false, common },
  });
  const included = [];
  for (const [nonce, program] of programs.entries()) {
    const fields = program instanceof Uint8Array ? { to: programAddress(nonce) } : { to: program.to, data: program.data ?? new Uint8Array(), value: program.value ?? 0n };
    const fees = program instanceof Uint8Array ? {} : { maxFeePerGas: program.maxFeePerGas, maxPriorityFeePerGas: program.maxPriorityFeePerGas };
    const tx = createTx({ type: 2, nonce, ...fields, gasLimit: 1_000_000n, maxFeePerGas: fees.maxFeePerGas ?? 10n ** 10n, maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 1n, chainId: DEV_CHAIN_ID }, { common }).sign(KEY);
    tracer.beginTx();
    const result = await builder.addTransaction(tx);
    included.push({ tx, result, trace: tracer.endTx() });
  }
  const { block } = await builder.build();
  return buildBlockTrace(block, included, parent.header.stateRoot, [...tracer.bytecodes.values()]);
}

/** A tiny assembler: mnemonics and numbers (PUSH operands sized by the mnemonic) to bytes. */
export function asm(...items: Array<string | bigint | number>): Uint8Array {
  const out: number[] = [];
  let pushWidth = 0;
  for (const item of items) {
    if (typeof item === 'string') {
      const code = OPS[item];
      if (code === undefined) throw new Error(`asm: unknown mnemonic ${item}`);
      out.push(code);
      pushWidth = code >= 0x60 && code <= 0x7f ? code - 0x5f : 0;
      continue;
    }
    if (pushWidth === 0) throw new Error(`asm: operand ${item} without a PUSH`);
    const v = BigInt(item);
    for (let i = pushWidth - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
    pushWidth = 0;
  }
  return Uint8Array.from(out);
}

/** Opcode bytes by mnemonic, from the coverage table's Cancun names. */
const OPS: Record<string, number> = Object.fromEntries(
  Array.from({ length: 256 }, (_, code) => [opcodeName(code), code] as const).filter(([name]) => name !== undefined),
);
