/**
 * Runs hand-assembled programs as one block of real txs with @ethereumjs/vm (Cancun, in-memory state), traced by the
 * node's ExecutionTracer and assembled by its buildBlockTrace — the code that fills the node's block traces — for the
 * EVM soundness target's honest witness and for the circuit tests (test/circuits/witness/run.ts builds on it).
 */
import { createBlock } from '@ethereumjs/block';
import { createTx } from '@ethereumjs/tx';
import { Account, type Address, bigIntToBytes, bytesToHex, createAddressFromPrivateKey, createZeroAddress, setLengthLeft } from '@ethereumjs/util';
import { buildBlock, createVM } from '@ethereumjs/vm';
import { opcodeName } from '../../../circuits/evm/coverage.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import type { BlockSummary } from '../../../circuits/pi/public-input.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_BASE_FEE, DEV_CHAIN_ID, DEV_GAS_LIMIT } from '../../../node/execution/genesis.js';
import { buildBlockTrace } from '../../../node/execution/trace-builder.js';
import { ExecutionTracer } from '../../../node/execution/tracer.js';

const KEY = new Uint8Array(32).fill(7);
/** The one sender of every tx (funded with 10^24 wei before the block). */
export const SENDER: Address = createAddressFromPrivateKey(KEY);

export interface Contract { readonly address: Address; readonly code: Uint8Array; readonly storage?: ReadonlyArray<readonly [bigint, bigint]>; /** 0 unless set. */ readonly nonce?: bigint }
/** EIP-2930 access list entries: an address and its storage keys. */
export type AccessList = ReadonlyArray<{ readonly address: Address; readonly storageKeys: readonly bigint[] }>;
export interface Call {
  readonly to: Address; readonly data?: Uint8Array; readonly value?: bigint; readonly maxFeePerGas?: bigint; readonly maxPriorityFeePerGas?: bigint;
  /** 2 (EIP-1559) unless 1 (EIP-2930: its gas price is maxFeePerGas). */
  readonly type?: 1 | 2;
  readonly accessList?: AccessList;
  /** 1,000,000 unless set. */
  readonly gasLimit?: bigint;
}
/** The block's header choices. */
export interface BlockOptions { readonly coinbase?: Address; readonly timestamp?: bigint; /** 1 unless set (its parent's number is one less). */ readonly number?: bigint }

/** The parent of runBlock's block as a block summary (the batch public input's parentBlock). */
export const RUN_BLOCK_PARENT: BlockSummary = { number: 0n, timestamp: 0n, baseFee: DEV_BASE_FEE, gasUsed: 0n };

/** Executes `calls` in order as one block's txs (type 2 unless a call says 1) of one sender, `contracts` deployed before the block. */
export async function runBlock(calls: readonly Call[], contracts: readonly Contract[], options: BlockOptions = {}): Promise<BlockTrace> {
  const common = createL2Common(DEV_CHAIN_ID);
  const tracer = new ExecutionTracer();
  const plain = await createVM({ common, setHardfork: false });
  await plain.stateManager.putAccount(SENDER, new Account(0n, 10n ** 24n));
  for (const c of contracts) {
    await plain.stateManager.putAccount(c.address, new Account(c.nonce));
    await plain.stateManager.putCode(c.address, c.code);
    for (const [slot, value] of c.storage ?? []) await plain.stateManager.putStorage(c.address, setLengthLeft(bigIntToBytes(slot), 32), bigIntToBytes(value));
  }
  const vm = await createVM({ common, setHardfork: false, stateManager: tracer.recordingStateManager(plain.stateManager as never) });
  tracer.attach(vm);
  const parent = createBlock({ header: { number: (options.number ?? 1n) - 1n, gasLimit: DEV_GAS_LIMIT, baseFeePerGas: DEV_BASE_FEE, stateRoot: await vm.stateManager.getStateRoot() } }, { common, setHardfork: false });
  tracer.beginBlock();
  const builder = await buildBlock(vm, {
    parentBlock: parent,
    headerData: { timestamp: options.timestamp ?? 1n, coinbase: options.coinbase ?? createZeroAddress(), gasLimit: DEV_GAS_LIMIT },
    blockOpts: { putBlockIntoBlockchain: false, setHardfork: false, common },
  });
  const included = [];
  for (const [nonce, call] of calls.entries()) {
    const maxFeePerGas = call.maxFeePerGas ?? 10n ** 10n;
    const fees = call.type === 1 ? { type: 1, gasPrice: maxFeePerGas } : { type: 2, maxFeePerGas, maxPriorityFeePerGas: call.maxPriorityFeePerGas ?? 1n };
    const accessList = call.accessList?.map((e) => ({ address: e.address.toString(), storageKeys: e.storageKeys.map((k) => bytesToHex(setLengthLeft(bigIntToBytes(k), 32))) }));
    const tx = createTx({ nonce, to: call.to, data: call.data ?? new Uint8Array(), value: call.value ?? 0n, gasLimit: call.gasLimit ?? 1_000_000n, ...fees, accessList, chainId: DEV_CHAIN_ID }, { common }).sign(KEY);
    tracer.beginTx();
    const result = await builder.addTransaction(tx);
    included.push({ tx, result, trace: tracer.endTx() });
  }
  const { block } = await builder.build();
  return buildBlockTrace(block, included, parent.header.stateRoot, [...tracer.bytecodes.values()]);
}

const OPS: Record<string, number> = Object.fromEntries(
  Array.from({ length: 256 }, (_, code) => [opcodeName(code), code] as const).filter(([name]) => name !== undefined),
);

/** Mnemonics and PUSH operands (sized by the mnemonic) to bytes. */
export function asm(...items: Array<string | bigint | number>): Uint8Array {
  const out: number[] = [];
  let width = 0;
  for (const item of items) {
    if (typeof item === 'string') {
      const code = OPS[item];
      if (code === undefined) throw new Error(`asm: unknown mnemonic ${item}`);
      out.push(code);
      width = code >= 0x60 && code <= 0x7f ? code - 0x5f : 0;
      continue;
    }
    if (width === 0) throw new Error(`asm: operand ${item} without a PUSH`);
    for (let i = width - 1; i >= 0; i--) out.push(Number((BigInt(item) >> BigInt(8 * i)) & 0xffn));
    width = 0;
  }
  return Uint8Array.from(out);
}
