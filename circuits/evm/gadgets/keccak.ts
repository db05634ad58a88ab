/**
 * KECCAK256 (SHA3): read offset (sp), size (sp + 1); write hash (sp + 1) = keccak256(memory[offset … offset + size − 1]).
 * The hash is proven by the keccak table (circuits/keccak, shared with the keccak circuit): the step names a keccak
 * input id, its continuation rows look every memory byte up as byte `index` of that input, and the opcode row looks
 * up the digest (id, size, hash). The keccak circuit guarantees an id's input rows hold exactly bytes 0 … length − 1
 * and its digest row their hash, so the pushed word is the hash of exactly these bytes. (Which id does not matter for
 * soundness: two steps naming one id hash the same bytes.)
 *
 * Opcode row: the aux word holds memory expansion for a variable size (memory.ts; c0 = (size = 0) by IsZero), c1 the
 * keccak id. Gas 30 + 6·w + expansion with w = ⌈size/32⌉, proven on the first continuation row: its aux bytes 4, 5
 * hold t and 31 − t (t ∈ [0, 31]) and bytes 8 … 11 hold w with 32·w = size + 31 − t.
 *
 * KeccakBytes rows (4 optional Memory reads at c0 … c0 + 3): c1 = r bytes left, inv = the keccak id, aux bytes 0 … 3
 * the input index i of the row's first byte. Slot j is on for the row's bytes (on flags monotone: the framework),
 * r − Σ on is the next row's r, a row not full leaves nothing and the last row leaves nothing; the opener sets
 * c0 = offset, r = size, i = 0. So the rows read exactly memory[offset + i] for i < size, each looked up as byte i of
 * the input, and size 0 is one row without reads. Memory bytes are bytes: every memory writer constrains them so.
 */
import { splitWord } from '../../gadgets/word.js';
import { constant, sum, type Expr } from '../../plonk/index.js';
import { RwTag } from '../../state/table.js';
import type { AuxWitness, ExecutionGadget, GadgetConfigurer, KeyedSlot, StepExprs } from '../step.js';
import { auxBytes } from './common.js';
import { halfSum } from './comparison.js';
import { expansionGas, expansionWitness, rangeIndex, rangeReadOpener } from './memory.js';

export const KECCAK_BYTES_PER_ROW = 4;
/** Where the first KeccakBytes row keeps t, 31 − t and w (the opener's word count). */
const T_BYTE = 4;
const W_BYTES = 8;

/**
 * What KeccakBytes rows carry for a creation (create-opcode.ts): aux byte 14 = 1 (the rows hash a CREATE's or
 * CREATE2's init code; CreateInit follows them), byte 15 = 1 for CREATE2; the first row's bytes 12, 13 = 49152 − size.
 */
export const CREATION = { bound: 12, creates: 14, create2: 15 } as const;

/** ⌈size/32⌉ words of an opener of KeccakBytes rows (their first row holds it). */
export const hashedWords = (s: StepExprs): Expr => auxBytes(s.next, W_BYTES, 4);

/**
 * An opener of KeccakBytes rows (KECCAK256, CREATE/CREATE2): offset in slot 0, size in slot 1, the keccak id in c1;
 * the range's expansion, and the word count w with 32·w = size + 31 − t on the first row.
 */
export function hashedRange(c: GadgetConfigurer, s: StepExprs): Record<string, Expr> {
  const n = s.next;
  return {
    ...rangeReadOpener(c, s),
    't + (31 − t) = 31': n.auxByte(T_BYTE).add(n.auxByte(T_BYTE + 1)).sub(31),
    '32·w = size + 31 − t': hashedWords(s).mul(32).sub(s.slot(1).lo).sub(31).add(n.auxByte(T_BYTE)),
    "continuation's id = id": n.inv.sub(s.c1),
  };
}

export const KECCAK256: ExecutionGadget = {
  name: 'KECCAK256',
  opcodes: [{ opcode: 0x20, name: 'KECCAK256', param: 0, gas: 30, spDelta: 1 }],
  slots: [{ write: false, base: 0 }, { write: false, base: 1 }, { write: true, base: 1 }],
  flow: 'next',
  continuation: 'KeccakBytes',
  expandsMemory: true,
  keccakDigest: (s) => ({ id: s.c1, length: s.slot(1).lo, hash: s.slot(2) }),
  dynamicGas: (s) => hashedWords(s).mul(6).add(expansionGas(s, s.next.memoryWords)),
  configure(c) {
    c.gate({ ...hashedRange(c, c.step), 'not a creation': c.step.next.auxByte(CREATION.creates) });
  },
  // the builder fills this row (it numbers the keccak inputs): keccakWitness
  witness: () => ({}),
};

/** Memory byte c0 + j of the running call, read where the row covers it. */
const memoryRead = (j: number): KeyedSlot => ({ write: false, optional: true, tag: RwTag.Memory, field: 0, key: (s) => ({ id: s.callId, address: s.c0.add(j) }) });

/**
 * Rows that read a memory range and look its bytes up as one keccak input (the rules above): KECCAK256's
 * continuation, or (internal, with `successors` and the gas kept) a creating frame's code deposit (create.ts).
 */
export function keccakBytesRows(name: string, internal?: { readonly successors: readonly string[] }): ExecutionGadget {
  return {
    name,
    opcodes: [],
    slots: Array.from({ length: KECCAK_BYTES_PER_ROW }, (_, j) => memoryRead(j)),
    flow: internal === undefined ? 'continuation' : 'internal',
    successors: internal?.successors,
    ...(internal === undefined ? { continuation: CREATE_INIT, branch: CREATE_NO_FRAME } : {}),
    keccakInputs: (s) => Array.from({ length: KECCAK_BYTES_PER_ROW }, (_, j) => ({ id: s.inv, index: rangeIndex(s).add(j), byte: s.slot(j).lo, enabled: s.slotOn(j) })),
    configure(c) {
      const s = c.step;
      const n = s.next;
      const one = constant(1);
      const more = n.state(name);
      const rest = s.c1.sub(sum(Array.from({ length: KECCAK_BYTES_PER_ROW }, (_, j) => s.slotOn(j))));
      c.gate({
        'a row not full leaves nothing': one.sub(s.slotOn(KECCAK_BYTES_PER_ROW - 1)).mul(rest),
        'last: nothing left': one.sub(more).mul(rest),
        "more: r' = r − Σ on": more.mul(n.c1.sub(rest)),
        "more: c0' = c0 + 4": more.mul(n.c0.sub(s.c0).sub(KECCAK_BYTES_PER_ROW)),
        "more: index' = index + 4": more.mul(rangeIndex(n).sub(rangeIndex(s)).sub(KECCAK_BYTES_PER_ROW)),
        "more: id' = id": more.mul(n.inv.sub(s.inv)),
        // internal rows keep the gas themselves (the framework does for continuation rows)
        ...(internal === undefined ? creationRules(s, more) : { "gas' = gas": n.gas.sub(s.gas) }),
      });
    },
    witness: () => ({}),
  };
}

/** The states after a creation's init code rows (create-opcode.ts): its frame's, or none where the balance is short. */
export const CREATE_INIT = 'CreateInit';
const CREATE_NO_FRAME = 'CreateNoFrame';

/** KeccakBytes' creation flags: carried along the rows; after the last row, CreateInit or CreateNoFrame iff they hash a creation's init code. */
function creationRules(s: StepExprs, more: Expr): Record<string, Expr> {
  const n = s.next;
  const creates = s.auxByte(CREATION.creates);
  const init = n.state(CREATE_INIT).add(n.state(CREATE_NO_FRAME));
  return {
    'more: creation flag carried': more.mul(n.auxByte(CREATION.creates).sub(creates)), 'more: CREATE2 flag carried': more.mul(n.auxByte(CREATION.create2).sub(s.auxByte(CREATION.create2))),
    "a creation's last row: next is CreateInit or CreateNoFrame": creates.mul(constant(1).sub(more)).mul(constant(1).sub(init)),
    'CreateInit or CreateNoFrame only after a creation': constant(1).sub(creates).mul(init),
  };
}

export const KECCAK_BYTES = keccakBytesRows('KeccakBytes');

/**
 * The aux cells of a KECCAK256 of `size` bytes at `offset` with `memoryWords` in use, as keccak input `id`: the opcode
 * row's and one per continuation row (each with the number of bytes it reads).
 */
export function keccakWitness(offset: bigint, size: number, memoryWords: number, id: number, creation?: { readonly create2: boolean; readonly bound: bigint }): { opener: AuxWitness; rows: Array<AuxWitness & { bytes: number }> } {
  const opener: AuxWitness = { aux: expansionWitness(BigInt(memoryWords), offset, BigInt(size), true), isZero: halfSum(BigInt(size)), c1: BigInt(id) };
  const t = (size + 31) % 32;
  const w = Math.ceil(size / 32);
  const flags = creation === undefined ? 0n : (1n << BigInt(8 * CREATION.creates)) | ((creation.create2 ? 1n : 0n) << BigInt(8 * CREATION.create2));
  const first = (BigInt(t) << BigInt(8 * T_BYTE)) | (BigInt(31 - t) << BigInt(8 * (T_BYTE + 1))) | (BigInt(w) << BigInt(8 * W_BYTES)) | ((creation?.bound ?? 0n) << BigInt(8 * CREATION.bound));
  const rows = Array.from({ length: Math.max(1, Math.ceil(size / KECCAK_BYTES_PER_ROW)) }, (_, k) => {
    const i = KECCAK_BYTES_PER_ROW * k;
    return {
      aux: BigInt(i) | (k === 0 ? first : 0n) | flags, c0: splitWord(offset)[0] + BigInt(i), c1: BigInt(size - i), inv: BigInt(id),
      bytes: Math.min(KECCAK_BYTES_PER_ROW, size - i),
    };
  });
  return { opener, rows };
}
