/**
 * What the tx circuit's RLP state machine may read, as fixed tables:
 *  - the item sequence of each encoding (the "ROM"): per tx type and stream (signed tx or signing payload),
 *    which field follows which, and how each item is read (a number, the `to` address, calldata, the EIP-2930
 *    access list — a list, whose nested items the chip's access-list rows read — or a constant byte such as
 *    EIP-155's empty r and s);
 *  - the prefix table: what an RLP prefix byte announces (a single byte, a string or a list; its short
 *    length or the number of length bytes that follow);
 *  - the split table: whether a byte of a number with `rem` bytes after it belongs to the high 128-bit half
 *    (and whether it is a 32-byte number's first);
 *  - the length table: the first length byte of a long form, so lengths are canonical (one byte ≥ 56, or two
 *    bytes without a leading zero: payloads up to 65535 bytes).
 */
import type { Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { TxFieldTag } from './table.js';

/** Decoder tags of items that are not tx table fields (above every TxFieldTag). */
export const ACCESS_LIST_ITEM = 64;
export const EIP155_ZERO_R = 65;
export const EIP155_ZERO_S = 66;
/** The "tag" after the last item of a stream. */
export const END_OF_LIST = 127;

export type ItemKind = 'scalar' | 'address' | 'data' | 'const' | 'accessList';
export interface ItemSpec { readonly tag: number; readonly kind: ItemKind; readonly constByte?: number }

/** 0 legacy (EIP-155), 1 EIP-2930, 2 EIP-1559. */
export type TxType = 0 | 1 | 2;
export const TX_TYPES: readonly TxType[] = [0, 1, 2];

const T = TxFieldTag;
const num = (tag: TxFieldTag): ItemSpec => ({ tag, kind: 'scalar' });
const TO: ItemSpec = { tag: T.CalleeAddress, kind: 'address' };
const DATA: ItemSpec = { tag: T.CallData, kind: 'data' };
/** EIP-2930's [[address, [storageKey, …]], …]: the only list item. */
const ACCESS_LIST: ItemSpec = { tag: ACCESS_LIST_ITEM, kind: 'accessList' };
const SIG = [num(T.SigV), num(T.SigR), num(T.SigS)];

/** The items of the signing payload (signing = true) or of the signed tx, in encoding order. */
export function itemSequence(type: TxType, signing: boolean): ItemSpec[] {
  const body = [num(T.Nonce), num(T.GasPrice), num(T.GasLimit), TO, num(T.Value), DATA];
  if (type === 0) {
    return [...body, ...(signing
      ? [num(T.ChainId), { tag: EIP155_ZERO_R, kind: 'const', constByte: 0x80 } as const, { tag: EIP155_ZERO_S, kind: 'const', constByte: 0x80 } as const]
      : SIG)];
  }
  const fees = type === 1 ? [num(T.GasPrice)] : [num(T.MaxPriorityFeePerGas), num(T.MaxFeePerGas)];
  return [num(T.ChainId), num(T.Nonce), ...fees, num(T.GasLimit), TO, num(T.Value), DATA, ACCESS_LIST, ...(signing ? [] : SIG)];
}

/** ROM columns: (type, signing, prevTag, tag, isScalar, isData, isConst, isAddress, isSigS, constByte, isAccessList). */
export const ROM_FIELDS = ['type', 'signing', 'prevTag', 'tag', 'sc', 'dt', 'cn', 'to', 'isS', 'constByte', 'al'] as const;
type RomRow = Record<(typeof ROM_FIELDS)[number], number>;

function romRows(): RomRow[] {
  const rows: RomRow[] = [];
  for (const type of TX_TYPES) {
    for (const signing of [0, 1]) {
      let prevTag = 0;
      for (const s of itemSequence(type, signing === 1)) {
        rows.push({
          type, signing, prevTag, tag: s.tag, sc: +(s.kind === 'scalar'), dt: +(s.kind === 'data'), cn: +(s.kind === 'const'),
          to: +(s.kind === 'address'), isS: +(s.tag === T.SigS), constByte: s.constByte ?? 0, al: +(s.kind === 'accessList'),
        });
        prevTag = s.tag;
      }
      rows.push({ type, signing, prevTag, tag: END_OF_LIST, sc: 0, dt: 0, cn: 0, to: 0, isS: 0, constByte: 0, al: 0 });
    }
  }
  return rows;
}

/** What a prefix byte announces: (byte, isSingle, isList, shortLength, lengthBytes). */
export function prefixInfo(byte: number): [number, number, number, number, number] {
  if (byte < 0x80) return [byte, 1, 0, 0, 0];
  if (byte <= 0xb7) return [byte, 0, 0, byte - 0x80, 0];
  if (byte < 0xc0) return [byte, 0, 0, 0, byte - 0xb7];
  if (byte <= 0xf7) return [byte, 0, 1, byte - 0xc0, 0];
  return [byte, 0, 1, 0, byte - 0xf7];
}

/**
 * A number's bytes go to its high half while 16 or more bytes follow them; at most 32 bytes in all. `top` marks
 * the first byte of a 32-byte number (31 follow it), whose high bit the low-s rule reads.
 */
export const SPLIT_ROWS: ReadonlyArray<[rem: number, isHi: number, top: number]> = Array.from({ length: 32 }, (_, rem) => [rem, rem >= 16 ? 1 : 0, rem === 31 ? 1 : 0]);

/** Longest payload (string or list) the circuit reads: two length bytes. */
export const MAX_RLP_LENGTH = 0xffff;

/** (number of length bytes, the first one): canonical long forms up to MAX_RLP_LENGTH. */
export const LENGTH_ROWS: ReadonlyArray<[count: number, first: number]> = [
  ...Array.from({ length: 256 - 56 }, (_, i): [number, number] => [1, 56 + i]),
  ...Array.from({ length: 255 }, (_, i): [number, number] => [2, 1 + i]),
];

/** The fixed tables (ROM, prefix, split, length). Each keeps an all-zero row for disabled lookups. */
export class RlpTables {
  private constructor(
    readonly name: string, readonly rom: readonly Column[], readonly prefix: readonly Column[], readonly split: readonly Column[], readonly length: readonly Column[],
  ) {}

  static configure(cs: ConstraintSystem, name: string): RlpTables {
    const cols = (part: string, fields: readonly string[]) => fields.map((f) => cs.fixedColumn(`${name} ${part} ${f}`));
    return new RlpTables(
      name, cols('rom', ROM_FIELDS), cols('prefix', ['byte', 'single', 'list', 'length', 'length bytes']), cols('split', ['rem', 'hi', 'top']),
      cols('length', ['count', 'first byte']),
    );
  }

  romTable(): Expr[] { return this.rom.map((c) => c.cur()); }
  prefixTable(): Expr[] { return this.prefix.map((c) => c.cur()); }
  splitTable(): Expr[] { return this.split.map((c) => c.cur()); }
  lengthTable(): Expr[] { return this.length.map((c) => c.cur()); }

  /** Row 0 of every table stays zero. */
  load(layouter: Layouter): void {
    layouter.assignRegion(`${this.name} fixed tables`, (region) => {
      const put = (cols: readonly Column[], row: number, values: readonly number[]) =>
        values.forEach((v, j) => region.assignFixed(cols[j].name, cols[j], row, BigInt(v)));
      romRows().forEach((r, i) => put(this.rom, 1 + i, ROM_FIELDS.map((f) => r[f])));
      for (let b = 0; b < 256; b++) put(this.prefix, 1 + b, prefixInfo(b));
      SPLIT_ROWS.forEach((r, i) => put(this.split, 1 + i, r));
      LENGTH_ROWS.forEach((r, i) => put(this.length, 1 + i, r));
    });
  }
}
