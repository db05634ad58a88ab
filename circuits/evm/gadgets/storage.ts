/**
 * Storage: SLOAD (v1: in the root call, whose address is its tx's callee). Storage rows of the RW table are keyed
 * by (tx id, contract, slot) with the slot's value at the tx's start as the committed value (the state circuit
 * makes a key's first access start from it); EIP-2929 warm slots are TxAccessListStorage rows (tx id, contract,
 * slot) whose value becomes 1 once the slot is accessed — every writer writes 1, so a row's value before is 1 iff
 * the slot was warm (an EIP-2930 access list's slots are written at the tx's start: tx.ts BeginTxAccessListKey).
 *
 *   SLOAD:  read key (sp); read Storage (contract, key) = v with committed value = the aux word; write
 *           TxAccessListStorage (contract, key) ← 1; write sp ← v. Gas: 100 (warm) + 2000 if the slot was cold
 *           (EIP-2929's 2100). The contract is c0, which the StorageContract row after it binds to the call
 *           context's CalleeAddress (a creating frame's is its new address; the tx table's callee is 0 there).
 *   SSTORE: read key (sp), read value n (sp + 1); write Storage (contract, key): c → n with original (committed)
 *           value o = the aux word; write TxAccessListStorage ← 1. Gas (EIP-2200/2929): 100, + 2100 if the slot
 *           was cold, + 2800 (o ≠ 0) or 19900 (o = 0) if the store changes a clean slot (c ≠ n, o = c).
 *           Then one SstoreRefund row: the tx's refund counter R → R + δ (EIP-3529, clears refund 4800):
 *             clean change (c ≠ n, o = c):  δ = 4800 if n = 0 (then o = c ≠ 0)
 *             dirty change (c ≠ n, o ≠ c):  δ = 4800·[o ≠ 0]·([n = 0] − [c = 0]) + [o = n]·(o = 0 ? 19900 : 2800)
 *           (EIP-3529 says −4800 if c = 0, else +4800 if n = 0: as c ≠ n they are not both 0, hence [n = 0] − [c = 0]);
 *           and the EIP-2200 sentry: the gas before SSTORE exceeds 2300. Then StorageContract binds SSTORE's c0 as SLOAD's.
 *
 * SstoreRefund's cells: the tests as 0/1 aux bytes, each IsZero's inverse in a scratch cell, products of tests in
 * more aux bytes (keeping every rule at degree ≤ 3), the sentry's gas − 2301 in 8 aux bytes. A word's equality is
 * two IsZeros (lo and hi differences): one IsZero of a combination could vanish for two different words.
 */
import { FR_MODULUS } from '../../field/constants.js';
import { modInverse } from '../../field/modular.js';
import { mod } from '../../gadgets/common.js';
import { constant, type Expr } from '../../plonk/index.js';
import { CallContextField, RwTag } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, KeyedSlot, StepExprs, WordExpr } from '../step.js';
import { fetchedError, fetchedOpening } from './fetched.js';
import { address, auxBytes, callContext, is, isZeroRules, small, upperBytesZero } from './common.js';

/** EIP-2929: warm storage read cost, the cold surcharge of SLOAD on top of it, and SSTORE's cold cost. */
export const WARM_STORAGE_READ = 100n;
export const COLD_SLOAD_SURCHARGE = 2000n;
export const COLD_SLOAD_COST = 2100n;
/** EIP-2200 (with EIP-2929's repricing): SSTORE of a clean slot beyond the warm read, for o = 0 (set) and o ≠ 0 (reset). */
export const SSTORE_SET_EXTRA = 19_900n;
export const SSTORE_RESET_EXTRA = 2_800n;
/** EIP-3529's refund for clearing a slot. */
export const SSTORE_CLEARS_REFUND = 4_800n;
/** EIP-2200: SSTORE fails unless more gas than this is left. */
export const SSTORE_SENTRY = 2_300n;

/** The running contract's slot `slot 0` (the key popped first), in the per-tx Storage or warm-slot rows. */
const slotOf = (tag: RwTag.Storage | RwTag.TxAccessListStorage, write: boolean): KeyedSlot => ({
  write, tag, field: 0,
  key: (s) => ({ id: s.txId, address: s.c0, storageKey: s.slot(0), committed: tag === RwTag.Storage ? s.aux : undefined }),
});

export const SLOAD: ExecutionGadget = {
  name: 'SLOAD',
  opcodes: [{ opcode: 0x54, name: 'SLOAD', param: 0, gas: Number(WARM_STORAGE_READ), spDelta: 0 }],
  slots: [{ write: false, base: 0 }, slotOf(RwTag.Storage, false), slotOf(RwTag.TxAccessListStorage, true), { write: true, base: 0 }],
  // the warm mark (EIP-2929: a failed call's accesses are cold again)
  reversible: true,
  flow: 'next',
  continuation: 'StorageContract',
  dynamicGas: (s) => constant(1).sub(s.slotPrev(2).lo).mul(COLD_SLOAD_SURCHARGE),
  configure(c) {
    const s = c.step;
    c.gate({ ...is(s.slot(2), small(constant(1)), 'slot warm'), ...is(s.slot(3), s.slot(1), 'pushed = stored') });
  },
  // the builder fills the aux word (the committed value) and c0: storage rows come from the trace
  witness: () => ({}),
};

/** SstoreRefund's aux bytes (tests, products of tests, the sentry) and scratch cells (inverses). */
const B = { zO: 0, zN: 1, zC: 2, cnLo: 3, cnHi: 4, ocLo: 5, ocHi: 6, onLo: 7, onHi: 8, eqCN: 9, eqOC: 10, eqON: 11, clean: 12, cleanClear: 13, dirtyO: 14, dirtyBack: 15, sentry: 16, cleanZero: 24 } as const;
const SENTRY_BYTES = 8;
type Inverse = 'zO' | 'zN' | 'zC' | 'cnLo' | 'cnHi' | 'ocLo' | 'ocHi' | 'onLo' | 'onHi';
const INVERSES: readonly Inverse[] = ['zO', 'zN', 'zC', 'cnLo', 'cnHi', 'ocLo', 'ocHi', 'onLo', 'onHi'];
/** Where inverse i lives: inv, c0, c1, then the lo and hi cells of slots 1 … 3 (SstoreRefund uses slot 0 only). */
const INVERSE_FIXED = 3;
function inverseCell(s: StepExprs, i: number): Expr {
  const fixed = [s.inv, s.c0, s.c1];
  if (i < INVERSE_FIXED) return fixed[i]!;
  const j = 1 + Math.floor((i - INVERSE_FIXED) / 2);
  return (i - INVERSE_FIXED) % 2 === 0 ? s.slot(j).lo : s.slot(j).hi;
}

export const SSTORE: ExecutionGadget = {
  name: 'SSTORE',
  writesState: true,
  // the value and the warm mark (EIP-2929: a failed call's accesses are cold again)
  reversible: 2,
  opcodes: [{ opcode: 0x55, name: 'SSTORE', param: 0, gas: Number(WARM_STORAGE_READ), spDelta: 2 }],
  slots: [{ write: false, base: 0 }, { write: false, base: 1 }, slotOf(RwTag.Storage, true), slotOf(RwTag.TxAccessListStorage, true)],
  flow: 'next',
  continuation: 'SstoreRefund',
  dynamicGas: (s) => sstoreGas(s.slotPrev(3).lo, s.next),
  configure(c) {
    const s = c.step;
    c.gate({ ...is(s.slot(2), s.slot(1), 'stored = value'), ...is(s.slot(3), small(constant(1)), 'slot warm') });
  },
  // the builder fills the aux word (the original value) and c0: storage rows come from the trace
  witness: () => ({}),
};

/** SSTORE's gas beyond its 100: 2100 if the slot was cold (its warm flag before), 2800 or 19900 for a clean change (`tests`' bytes). */
const sstoreGas = (warmBefore: Expr, tests: StepExprs): Expr => constant(1).sub(warmBefore).mul(COLD_SLOAD_COST)
  .add(tests.auxByte(B.clean).mul(SSTORE_RESET_EXTRA)).add(tests.auxByte(B.cleanZero).mul(SSTORE_SET_EXTRA - SSTORE_RESET_EXTRA));

/**
 * The tests on (original o, current c, new n) in `s`'s cells (SstoreRefund's layout above, with ErrorOutOfGasSstoreEnd
 * the same): each IsZero, the equalities and their products; `b` reads a test's byte.
 */
function sstoreTests(s: StepExprs, o: WordExpr, cur: WordExpr, n: WordExpr): { rules: Record<string, Expr>; b: (k: keyof typeof B) => Expr } {
  const b = (k: keyof typeof B) => s.auxByte(B[k]);
  const inverse = (k: Inverse) => inverseCell(s, INVERSES.indexOf(k));
  const one = constant(1);
  const sum2 = (w: WordExpr) => w.lo.add(w.hi);
  const changed = one.sub(b('eqCN'));
  const dirty = changed.sub(b('clean'));
  return {
    b,
    rules: {
      ...isZeroRules('o = 0', sum2(o), inverse('zO'), b('zO')),
      ...isZeroRules('n = 0', sum2(n), inverse('zN'), b('zN')),
      ...isZeroRules('c = 0', sum2(cur), inverse('zC'), b('zC')),
      ...isZeroRules('c = n lo', cur.lo.sub(n.lo), inverse('cnLo'), b('cnLo')), ...isZeroRules('c = n hi', cur.hi.sub(n.hi), inverse('cnHi'), b('cnHi')),
      ...isZeroRules('o = c lo', o.lo.sub(cur.lo), inverse('ocLo'), b('ocLo')), ...isZeroRules('o = c hi', o.hi.sub(cur.hi), inverse('ocHi'), b('ocHi')),
      ...isZeroRules('o = n lo', o.lo.sub(n.lo), inverse('onLo'), b('onLo')), ...isZeroRules('o = n hi', o.hi.sub(n.hi), inverse('onHi'), b('onHi')),
      'c = n': b('eqCN').sub(b('cnLo').mul(b('cnHi'))), 'o = c': b('eqOC').sub(b('ocLo').mul(b('ocHi'))), 'o = n': b('eqON').sub(b('onLo').mul(b('onHi'))),
      'clean change': b('clean').sub(changed.mul(b('eqOC'))), 'clean change to 0': b('cleanClear').sub(b('clean').mul(b('zN'))),
      'clean change of o = 0': b('cleanZero').sub(b('clean').mul(b('zO'))),
      'dirty change, o ≠ 0': b('dirtyO').sub(dirty.mul(one.sub(b('zO')))), 'dirty change back to o': b('dirtyBack').sub(dirty.mul(b('eqON'))),
      ...upperBytesZero(s, B.cleanZero + 1),
    },
  };
}

export const SSTORE_REFUND: ExecutionGadget = {
  name: 'SstoreRefund',
  reversible: true,
  opcodes: [],
  slots: [{ write: true, tag: RwTag.TxRefund, field: 0, key: (s) => ({ id: s.txId, address: constant(0) }) }],
  flow: 'continuation',
  continuation: 'StorageContract',
  configure(c) {
    const s = c.step;
    const store = s.at(-1);
    const { rules, b } = sstoreTests(s, store.aux, store.slotPrev(2), store.slot(2));
    const delta = b('cleanClear').mul(SSTORE_CLEARS_REFUND)
      .add(b('dirtyO').mul(b('zN').sub(b('zC'))).mul(SSTORE_CLEARS_REFUND))
      .add(b('dirtyBack').mul(b('zO').mul(SSTORE_SET_EXTRA - SSTORE_RESET_EXTRA).add(SSTORE_RESET_EXTRA)));
    c.gate({
      ...rules,
      "refund' = refund + δ": s.slot(0).lo.sub(s.slotPrev(0).lo).sub(delta), 'refund hi = 0': s.slot(0).hi,
      'sentry: gas before SSTORE − 2301 fits 8 bytes': store.gas.sub(SSTORE_SENTRY + 1n).sub(auxBytes(s, B.sentry, SENTRY_BYTES)),
      'next is StorageContract': constant(1).sub(s.next.state('StorageContract')),
    });
  },
  witness: () => ({}),
};

/**
 * The contract c0 of SLOAD (the row before) or SSTORE (two rows before, its SstoreRefund between) is the running call's
 * CallContext CalleeAddress: the callee of a call, the new address of a creating frame. One row, read only.
 */
export const STORAGE_CONTRACT: ExecutionGadget = {
  name: 'StorageContract',
  opcodes: [],
  slots: [callContext(CallContextField.CalleeAddress, false)],
  flow: 'continuation',
  configure(c) {
    const s = c.step;
    const prev = s.at(-1);
    // only SLOAD and SstoreRefund name this state, so exactly one of the two terms is on
    const contract = prev.state('SLOAD').mul(prev.c0).add(prev.state('SstoreRefund').mul(s.at(-2).c0));
    c.gate({ "contract = the call's CalleeAddress": address(s.slot(0)).lo.sub(contract), 'one row': s.next.state('StorageContract') });
  },
  witness: () => ({}),
};

const SSTORE_OPCODE = 0x55;
const SSTORE_OOG = 'ErrorOutOfGasSstore';

/**
 * SSTORE short of its gas (more than the 2300 of its sentry, or ErrorSstoreSentry; below 100: ErrorOutOfGas): SSTORE's
 * row with reads for writes — key, new value n, Storage (contract c0, key) read c with original o = the aux word, the
 * warm flag read — charging nothing (gas' = gas, pc' = pc); then ErrorOutOfGasSstoreEnd, fetched again at the same pc:
 * the opcode SSTORE, c0 the running contract (CallContext CalleeAddress), SstoreRefund's tests on (o, c, n) in its
 * cells, and gasCost + 2100·cold + 2800·clean + 17100·[clean, o = 0] − gas − 1 ≥ 0 in aux bytes 16 … 23 (the sentry's
 * place). A failing state (error.ts FAILURES): all gas consumed.
 */
export const SSTORE_OOG_START: ExecutionGadget = fetchedOpening(SSTORE_OOG,
  [{ write: false, base: 0 }, { write: false, base: 1 }, slotOf(RwTag.Storage, false), slotOf(RwTag.TxAccessListStorage, false)], `${SSTORE_OOG}End`, () => ({}));

export const SSTORE_OOG_END: ExecutionGadget = {
  ...fetchedError(`${SSTORE_OOG}End`, (s) => {
    const store = s.at(-1);
    const { rules } = sstoreTests(s, store.aux, store.slot(2), store.slot(1));
    return {
      ...rules, 'the opcode is SSTORE': s.opcode.sub(SSTORE_OPCODE), [`after ${SSTORE_OOG}`]: store.state(SSTORE_OOG).sub(1),
      "contract = the call's CalleeAddress": address(s.slot(0)).lo.sub(store.c0),
      'aux bytes 16 … 23 = gas cost + dynamic gas − gas − 1 (short of gas)': auxBytes(s, B.sentry, SENTRY_BYTES).sub(s.gasCost.add(sstoreGas(store.slot(3).lo, s)).sub(s.gas).sub(1)),
    };
  }),
  slots: [callContext(CallContextField.CalleeAddress, false)],
};

/** SSTORE's gas beyond the table's 100 and its refund change, per the rules above (original o, current c, new n). */
export function sstoreEffects(o: bigint, c: bigint, n: bigint, cold: boolean): { gas: bigint; refund: bigint } {
  const coldGas = cold ? COLD_SLOAD_COST : 0n;
  if (c === n) return { gas: coldGas, refund: 0n };
  if (o === c) return { gas: coldGas + (o === 0n ? SSTORE_SET_EXTRA : SSTORE_RESET_EXTRA), refund: n === 0n ? SSTORE_CLEARS_REFUND : 0n };
  let refund = 0n;
  if (o !== 0n) refund += c === 0n ? -SSTORE_CLEARS_REFUND : n === 0n ? SSTORE_CLEARS_REFUND : 0n;
  if (o === n) refund += o === 0n ? SSTORE_SET_EXTRA : SSTORE_RESET_EXTRA;
  return { gas: coldGas, refund };
}

/**
 * SstoreRefund's aux cells for (o, c, n) and the gas before SSTORE: the tests' bytes, the inverses in their cells
 * (ErrorOutOfGasSstoreEnd's with `short`, its shortfall, in the sentry's bytes).
 */
export function sstoreRefundWitness(o: bigint, c: bigint, n: bigint, gasBefore: bigint, short?: bigint): AuxWitness {
  const lo = (w: bigint) => w & ((1n << 128n) - 1n);
  const hi = (w: bigint) => w >> 128n;
  const tested: Record<Inverse, bigint> = {
    zO: lo(o) + hi(o), zN: lo(n) + hi(n), zC: lo(c) + hi(c),
    cnLo: lo(c) - lo(n), cnHi: hi(c) - hi(n), ocLo: lo(o) - lo(c), ocHi: hi(o) - hi(c), onLo: lo(o) - lo(n), onHi: hi(o) - hi(n),
  };
  const bit = (x: boolean) => (x ? 1n : 0n);
  const eq = { eqCN: c === n, eqOC: o === c, eqON: o === n };
  const clean = !eq.eqCN && eq.eqOC;
  const dirty = !eq.eqCN && !eq.eqOC;
  const bytes: Record<keyof typeof B, bigint> = {
    ...(Object.fromEntries(INVERSES.map((k) => [k, bit(tested[k] === 0n)])) as Record<Inverse, bigint>),
    eqCN: bit(eq.eqCN), eqOC: bit(eq.eqOC), eqON: bit(eq.eqON), clean: bit(clean), cleanClear: bit(clean && n === 0n), cleanZero: bit(clean && o === 0n),
    dirtyO: bit(dirty && o !== 0n), dirtyBack: bit(dirty && o === n), sentry: short ?? gasBefore - SSTORE_SENTRY - 1n,
  };
  const aux = (Object.keys(B) as Array<keyof typeof B>).reduce((acc, k) => acc | (bytes[k] << BigInt(8 * B[k])), 0n);
  const inverses = INVERSES.map((k) => (tested[k] === 0n ? 0n : modInverse(mod(tested[k]), FR_MODULUS)));
  const halves = new Map<number, { lo: bigint; hi: bigint }>();
  for (let j = 1; 2 * (j - 1) + INVERSE_FIXED < inverses.length; j++) halves.set(j, { lo: inverses[INVERSE_FIXED + 2 * (j - 1)]!, hi: inverses[INVERSE_FIXED + 2 * (j - 1) + 1] ?? 0n });
  return { aux, inv: inverses[0], c0: inverses[1], c1: inverses[2], cells: halves };
}
