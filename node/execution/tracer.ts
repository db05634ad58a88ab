import type { StateManagerInterface } from "@ethereumjs/common";
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import { type Account, type Address as EthAddress, bytesToBigInt, createAddressFromBigInt, equalsBytes, KECCAK256_NULL } from "@ethereumjs/util";
import type { VM } from "@ethereumjs/vm";
import type {
  AccountAccess,
  Address,
  BytecodeTrace,
  CallFrameTrace,
  CallKind,
  Hash,
  KeccakInput,
  MemoryOp,
  PrecompileCall,
  StepTrace,
  StorageAccess,
} from "../../circuits/witness/trace.js";
import { toHex as hex } from "./hex.js";
import { keccak256 } from "./keccak.js";
import { guardRevertStepHook, unaffordableRange } from "./revert-step-guard.js";
import { memoryRanges, stackArity } from "./stack-arity.js";

/** What execution of one transaction contributed to the trace (the tx fields themselves are added by the caller). */
export interface TxExecutionTrace {
  steps: StepTrace[];
  frames: CallFrameTrace[];
  storage: StorageAccess[];
  accounts: AccountAccess[];
  keccaks: KeccakInput[];
  precompiles: PrecompileCall[];
}

/** Precompiles of Cancun: 0x01 (ecrecover) … 0x0a (KZG point evaluation). */
export const isPrecompile = (address: EthAddress): boolean => {
  const n = bytesToBigInt(address.bytes);
  return n >= 1n && n <= 10n;
};

/** Where the opcodes whose rows read an account's code hash find the account: the CALL family's second stack item, EXTCODESIZE's and EXTCODECOPY's top. */
const NAMED_ACCOUNT: Readonly<Record<number, number>> = { 0xf1: 2, 0xf2: 2, 0xf4: 2, 0xfa: 2, 0x3b: 1, 0x3c: 1 };

/**
 * The accounts the tx's steps (run or stopped on gas) name whose code hash the trace holds no access of, where the EVM
 * circuit's rows read it: @ethereumjs loads none for a call it stops on gas (no message is sent), nor for the precompile
 * a DELEGATECALL or CALLCODE runs as its caller (CallAccess, ErrorOutOfGasCall's chain), nor for an EXTCODECOPY of 0
 * bytes (it reads no code); EXTCODESIZE reads only the code.
 */
function unloadedAccounts(trace: TxExecutionTrace): Array<{ address: bigint; code: boolean }> {
  const loaded = new Set(trace.accounts.filter((a) => a.field === "codeHash").map((a) => BigInt(a.address)));
  const named = new Map<bigint, boolean>();
  for (const s of trace.steps) {
    const at = NAMED_ACCOUNT[s.opcode];
    if ((s.error !== undefined && s.error !== "out of gas") || at === undefined || s.stack.length < at) continue;
    const address = s.stack.at(-at)! & ((1n << 160n) - 1n);
    if (!loaded.has(address)) named.set(address, (named.get(address) ?? false) || s.opcode === 0x3c);
  }
  return [...named].map(([address, code]) => ({ address, code }));
}

const CALL_KINDS: Record<number, CallKind> = {
  0xf0: "CREATE",
  0xf1: "CALL",
  0xf2: "CALLCODE",
  0xf4: "DELEGATECALL",
  0xf5: "CREATE2",
  0xfa: "STATICCALL",
};

const addr = (address: EthAddress): Address => hex(address.bytes) as Address;

/** keccak256("") as a word: the code hash of accounts without code, most of what a transfer touches. */
const EMPTY_CODE_HASH = bytesToBigInt(KECCAK256_NULL);
const codeHashWord = (hash: Uint8Array | undefined): bigint =>
  hash === undefined || equalsBytes(hash, KECCAK256_NULL) ? EMPTY_CODE_HASH : bytesToBigInt(hash);

/** Bytes `[offset, offset+length)` of a memory snapshot, zero-padded past its end (memory expansion). */
const memorySlice = (memory: Uint8Array, offset: number, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  if (offset < memory.length) out.set(memory.subarray(offset, Math.min(memory.length, offset + length)));
  return out;
};

interface PendingStep {
  index: number;
  stackLength: number;
  writes?: { offset: number; length: number }[];
  keccak?: Uint8Array;
}

/**
 * The `memory` of the steps that touch no memory and the `pushes` of a step until the next one shows them: most
 * steps of a block, so one shared (frozen) empty array each instead of two allocations per step.
 */
const NO_MEMORY: MemoryOp[] = Object.freeze([]) as unknown as MemoryOp[];
const NO_PUSHES: bigint[] = Object.freeze([]) as unknown as bigint[];

/**
 * Fills the execution part of the trace from the VM's hooks: the EVM `step`, `beforeMessage`, `afterMessage` and
 * `newContract` events for opcodes, memory, frames, keccak inputs and precompile calls, and a recording proxy
 * around the state manager for account and storage accesses (so reads done by the transaction checks and by
 * SSTORE's gas rule are captured as well). Collects only between `beginTx` and `endTx`.
 */
export class ExecutionTracer {
  /** Global read/write counter of the current block (memory, storage and account operations). */
  private rwc = 0;
  private current: TxExecutionTrace | undefined;
  /** Open frames (indices into `current.frames`), innermost last, with the step awaiting its result. */
  private frameStack: { frame: number; pending?: PendingStep }[] = [];
  private pendingPrecompiles: { call: PrecompileCall; frame: number }[] = [];
  readonly bytecodes = new Map<Hash, BytecodeTrace>();
  /** Hashes of code arrays read from the state manager: a contract's code was hashed again on every call. */
  private readonly storedCodeHashes = new WeakMap<Uint8Array, Hash>();

  /** Starts a new block: resets the RW counter and the bytecode set. */
  beginBlock(): void {
    this.rwc = 0;
    this.bytecodes.clear();
  }

  beginTx(): void {
    this.current = { steps: [], frames: [], storage: [], accounts: [], keccaks: [], precompiles: [] };
    this.frameStack = [];
    this.pendingPrecompiles = [];
  }

  /** Ends the transaction and returns its trace. */
  endTx(): TxExecutionTrace {
    const trace = this.current;
    if (trace === undefined) throw new Error("ExecutionTracer.endTx called without beginTx");
    this.current = undefined;
    return trace;
  }

  /** Registers the EVM listeners on `vm` (once per VM). */
  attach(vm: VM): void {
    guardRevertStepHook();
    const events = vm.evm.events;
    if (events === undefined) throw new Error("the EVM has no event emitter; tracing is impossible");
    events.on("step", (step: InterpreterStep) => this.onStep(step));
    events.on("beforeMessage", (message: Message) => this.onBeforeMessage(message));
    events.on("afterMessage", (result: EVMResult) => this.onAfterMessage(result));
    // the accounts the circuit's rows read that @ethereumjs never loaded (unloadedAccounts): an account the tx never
    // touched is, after the tx, as it was before it, so reading it (and its code: EXTCODECOPY's rows run over it) here
    // records it in the trace (a listener of two parameters is awaited by the VM; once per tx, not per message)
    vm.events.on("afterTx", (_result: unknown, resolve?: (result?: unknown) => void) => {
      const accounts = this.current === undefined ? [] : unloadedAccounts(this.current);
      const reads = accounts.flatMap(({ address, code }) => {
        const a = createAddressFromBigInt(address);
        return [vm.stateManager.getAccount(a), ...(code ? [vm.stateManager.getCode(a)] : [])];
      });
      Promise.all(reads).then(() => resolve?.(), () => resolve?.());
    });
    events.on("newContract", (data: { address: EthAddress; code: Uint8Array }) => {
      const top = this.frameStack.at(-1);
      if (this.current !== undefined && top !== undefined) {
        const frame = this.current.frames[top.frame]!;
        frame.address = addr(data.address);
        frame.codeAddress = frame.address;
      }
    });
  }

  private onStep(step: InterpreterStep): void {
    const trace = this.current;
    const top = this.frameStack.at(-1);
    if (trace === undefined || top === undefined) return;
    if (top.pending !== undefined) this.finishStep(top.pending, step.stack, step.memory);
    const opcode = step.opcode.code;
    const index = trace.steps.length;
    const pending: PendingStep = { index, stackLength: step.stack.length };
    const ranges = memoryRanges(opcode, step.stack);
    const memory = ranges.length === 0 ? NO_MEMORY : [];
    for (const range of ranges) {
      // a range the step cannot pay to expand over fails it before it is touched, and may exceed any buffer (RETURN of 2^255 bytes)
      if (unaffordableRange(range.offset, range.length, BigInt(Math.ceil(step.memory.length / 32)), step.gasLeft)) continue;
      const offset = Number(range.offset);
      const length = Number(range.length);
      if (range.isWrite) (pending.writes ??= []).push({ offset, length });
      else memory.push({ rwc: this.rwc++, isWrite: false, offset, bytes: memorySlice(step.memory, offset, length) });
    }
    if (opcode === 0x20) pending.keccak = memory[0]?.bytes ?? new Uint8Array();
    trace.steps.push({
      frame: top.frame,
      depth: step.depth,
      pc: step.pc,
      opcode,
      name: step.opcode.name,
      gasLeft: step.gasLeft,
      gasCost: step.opcode.dynamicFee ?? BigInt(step.opcode.fee),
      gasRefund: step.gasRefund,
      stack: step.stack, // a copy the EVM made for this step's event
      pops: stackArity(opcode).pops,
      pushes: NO_PUSHES,
      memorySize: step.memory.length,
      memory,
    });
    top.pending = pending;
  }

  /** Completes a step once the next step of its frame shows the stack and memory after it. */
  private finishStep(pending: PendingStep, stackAfter: readonly bigint[], memoryAfter: Uint8Array): void {
    const step = this.current!.steps[pending.index]!;
    step.pushes = stackAfter.slice(pending.stackLength - step.pops);
    for (const { offset, length } of pending.writes ?? []) {
      step.memory.push({ rwc: this.rwc++, isWrite: true, offset, bytes: memorySlice(memoryAfter, offset, length) });
    }
    if (pending.keccak !== undefined) {
      this.current!.keccaks.push({ input: pending.keccak, output: hex(keccak256(pending.keccak)) });
    }
  }

  private onBeforeMessage(message: Message): void {
    const trace = this.current;
    if (trace === undefined) return;
    const parent = this.frameStack.at(-1);
    const callingStep = parent?.pending === undefined ? undefined : trace.steps[parent.pending.index];
    const isCreate = message.to === undefined;
    const kind: CallKind =
      (callingStep !== undefined ? CALL_KINDS[callingStep.opcode] : undefined) ?? (isCreate ? "CREATE" : "CALL");
    const to = message.to === undefined ? "0x" : addr(message.to);
    const frame: CallFrameTrace = {
      index: trace.frames.length,
      parent: parent?.frame ?? -1,
      callStep: parent?.pending?.index ?? -1,
      depth: message.depth,
      kind,
      caller: addr(message.caller),
      address: to as Address,
      // Message.codeAddress throws for creations (no code address before the contract exists).
      codeAddress: isCreate ? (to as Address) : addr(message.codeAddress),
      value: message.value,
      gasLimit: message.gasLimit,
      // a copy: a nested call's data can be a view of the caller's memory, which the caller may write afterwards
      input: message.data.slice(),
      isStatic: message.isStatic,
      success: false,
      gasUsed: 0n,
      output: new Uint8Array(),
    };
    trace.frames.push(frame);
    this.frameStack.push({ frame: frame.index });
    if (message.to !== undefined && isPrecompile(message.to)) {
      const call = { address: frame.address, input: frame.input, output: new Uint8Array(), success: false, gasUsed: 0n };
      this.pendingPrecompiles.push({ call, frame: frame.index });
    }
  }

  private onAfterMessage(result: EVMResult): void {
    const trace = this.current;
    const top = this.frameStack.pop();
    if (trace === undefined || top === undefined) return;
    const exec = result.execResult;
    const failed = exec.exceptionError !== undefined;
    if (top.pending !== undefined) {
      const step = trace.steps[top.pending.index]!;
      // The frame's last op halted it (STOP/RETURN/REVERT/SELFDESTRUCT) or failed; it pushes nothing.
      if (failed && exec.exceptionError!.error !== "revert") step.error = exec.exceptionError!.error;
    }
    const frame = trace.frames[top.frame]!;
    // a creation that collides (EIP-684) runs no code and announces no contract: its address is the result's
    if (frame.address === "0x" && result.createdAddress !== undefined) {
      frame.address = addr(result.createdAddress);
      frame.codeAddress = frame.address;
    }
    frame.success = !failed;
    frame.gasUsed = exec.executionGasUsed;
    frame.output = exec.returnValue;
    const precompile = this.pendingPrecompiles.at(-1);
    if (precompile !== undefined && precompile.frame === top.frame) {
      this.pendingPrecompiles.pop();
      trace.precompiles.push({ ...precompile.call, output: exec.returnValue, success: !failed, gasUsed: exec.executionGasUsed });
    }
  }

  /** The step currently executing (the index storage accesses are attributed to), or -1. */
  private currentStepIndex(): number {
    return this.frameStack.at(-1)?.pending?.index ?? -1;
  }

  private recordAccount(address: EthAddress, before: Account | undefined, after: Account | undefined, isWrite: boolean): void {
    const trace = this.current;
    if (trace === undefined) return;
    const fields: [AccountAccess["field"], bigint, bigint][] = [
      ["nonce", before?.nonce ?? 0n, after?.nonce ?? 0n],
      ["balance", before?.balance ?? 0n, after?.balance ?? 0n],
      ["codeHash", codeHashWord(before?.codeHash), codeHashWord(after?.codeHash)],
    ];
    const at = addr(address);
    for (const [field, valuePrev, value] of fields) {
      if (isWrite && valuePrev === value) continue;
      trace.accounts.push({ rwc: this.rwc++, isWrite, address: at, field, valuePrev, value });
    }
  }

  /** Records a bytecode; `stored`: an array the state manager handed out (never changed), hashed only once. */
  private recordCode(code: Uint8Array, stored: boolean): void {
    if (code.length === 0) return;
    let codeHash = stored ? this.storedCodeHashes.get(code) : undefined;
    if (codeHash === undefined) {
      codeHash = hex(keccak256(code));
      if (stored) this.storedCodeHashes.set(code, codeHash);
    }
    if (!this.bytecodes.has(codeHash)) this.bytecodes.set(codeHash, { codeHash, code });
  }

  /**
   * Wraps the VM's state manager so that account and storage accesses are recorded while a tx is traced.
   * The proxy forwards everything else untouched.
   */
  recordingStateManager(target: StateManagerInterface & { originalStorageCache?: { get(a: EthAddress, k: Uint8Array): Promise<Uint8Array> } }): StateManagerInterface {
    /** Value of the slot at the start of the tx (the EVM's own EIP-2200 cache when the state manager has one). */
    const committed = async (address: EthAddress, slot: Uint8Array): Promise<bigint> =>
      bytesToBigInt(
        target.originalStorageCache !== undefined
          ? await target.originalStorageCache.get(address, slot)
          : await target.getStorage(address, slot),
      );
    const hooks: Partial<Record<keyof StateManagerInterface, unknown>> = {
      getAccount: async (address: EthAddress) => {
        const account = await target.getAccount(address);
        this.recordAccount(address, account, account, false);
        return account;
      },
      putAccount: async (address: EthAddress, account: Account | undefined) => {
        const before = this.current === undefined ? undefined : await target.getAccount(address);
        await target.putAccount(address, account);
        this.recordAccount(address, before, account, true);
      },
      modifyAccountFields: async (address: EthAddress, fields: Parameters<StateManagerInterface["modifyAccountFields"]>[1]) => {
        const before = this.current === undefined ? undefined : await target.getAccount(address);
        await target.modifyAccountFields(address, fields);
        if (this.current !== undefined) this.recordAccount(address, before, await target.getAccount(address), true);
      },
      deleteAccount: async (address: EthAddress) => {
        const before = this.current === undefined ? undefined : await target.getAccount(address);
        await target.deleteAccount(address);
        this.recordAccount(address, before, undefined, true);
      },
      getCode: async (address: EthAddress) => {
        const code = await target.getCode(address);
        if (this.current !== undefined) {
          this.recordCode(code, true);
          // EXTCODESIZE, EXTCODECOPY, and CALLCODE and DELEGATECALL entering their frame (no step yet) read only the code; the
          // circuit reads the account's code hash, so record that read
          const opcode = this.current.steps[this.currentStepIndex()]?.opcode;
          const top = this.frameStack.at(-1);
          const entering = top?.pending === undefined ? this.current.frames[top?.frame ?? -1] : undefined;
          const borrowed = entering !== undefined && (entering.kind === "CALLCODE" || entering.kind === "DELEGATECALL") && entering.codeAddress === addr(address);
          if (opcode === 0x3b || opcode === 0x3c || borrowed) {
            const account = await target.getAccount(address);
            this.recordAccount(address, account, account, false);
          }
        }
        return code;
      },
      putCode: async (address: EthAddress, code: Uint8Array) => {
        await target.putCode(address, code);
        if (this.current !== undefined) this.recordCode(code, false);
      },
      getStorage: async (address: EthAddress, slot: Uint8Array) => {
        const value = await target.getStorage(address, slot);
        if (this.current !== undefined) {
          const v = bytesToBigInt(value);
          this.recordStorage(address, slot, false, await committed(address, slot), v, v);
        }
        return value;
      },
      putStorage: async (address: EthAddress, slot: Uint8Array, value: Uint8Array) => {
        if (this.current === undefined) return target.putStorage(address, slot, value);
        const before = bytesToBigInt(await target.getStorage(address, slot));
        const original = await committed(address, slot);
        await target.putStorage(address, slot, value);
        this.recordStorage(address, slot, true, original, before, bytesToBigInt(value));
      },
    };
    const bound = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(obj, prop) {
        const hook = hooks[prop as keyof StateManagerInterface];
        if (hook !== undefined) return hook;
        const value = Reflect.get(obj, prop, obj) as unknown;
        if (typeof value !== "function") return value;
        let fn = bound.get(prop);
        if (fn === undefined) {
          fn = (value as (...args: unknown[]) => unknown).bind(obj);
          bound.set(prop, fn);
        }
        return fn;
      },
    });
  }

  private recordStorage(address: EthAddress, slot: Uint8Array, isWrite: boolean, committed: bigint, valuePrev: bigint, value: bigint): void {
    const trace = this.current;
    if (trace === undefined) return;
    trace.storage.push({
      rwc: this.rwc++,
      step: this.currentStepIndex(),
      isWrite,
      address: addr(address),
      slot: bytesToBigInt(slot),
      committed,
      valuePrev,
      value,
    });
  }
}
