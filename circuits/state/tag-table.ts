/**
 * The state circuit's fixed table of tag properties: one lookup per row binds the row's tag to its
 * flags (is it padding, which first-access rule applies) and to the one-hot choice of the key field
 * where the row first differs from the previous one. One wide lookup instead of a range check on the
 * tag, booleanity gates on every flag and a gate "exactly one field differs".
 *
 *   (tag, nonPadding, isStack, isMemory, isStorage, initZero, isAccount, s_0 … s_6)
 *     tag 0 (padding):  one row, all zero (also the tuple of rows where the lookup is disabled);
 *     tag t ≥ 1:        one row per key field f, with s_f = 1 and every other s zero.
 *
 * `initZero` tags start at 0 in every key group (Stack, Memory, TransientStorage and the per-tx and
 * per-call tags); Storage starts at its committed value; Account's initial values are left to the SMT
 * circuit (issue #10), see StateChip.
 */
import type { Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { RwTag } from './table.js';

/** The sort key, most significant first (storageKey as a 256-bit number: hi before lo). */
export const KEY_FIELDS = ['tag', 'id', 'address', 'fieldTag', 'storageKeyHi', 'storageKeyLo', 'rwCounter'] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

export const TAG_FLAGS = ['nonPadding', 'isStack', 'isMemory', 'isStorage', 'initZero', 'isAccount'] as const;
export type TagFlag = (typeof TAG_FLAGS)[number];

const INIT_ZERO: ReadonlySet<RwTag> = new Set([
  RwTag.Stack, RwTag.Memory, RwTag.TransientStorage, RwTag.CallContext, RwTag.TxLog, RwTag.TxReceipt,
  RwTag.TxAccessListAccount, RwTag.TxAccessListStorage, RwTag.TxRefund, RwTag.TxCreated,
]);

/** The flags of a tag (all zero for padding). */
export function tagFlags(tag: RwTag): Record<TagFlag, bigint> {
  const b = (x: boolean) => (x ? 1n : 0n);
  return {
    nonPadding: b(tag !== RwTag.Padding), isStack: b(tag === RwTag.Stack), isMemory: b(tag === RwTag.Memory),
    isStorage: b(tag === RwTag.Storage), initZero: b(INIT_ZERO.has(tag)), isAccount: b(tag === RwTag.Account),
  };
}

/** The largest tag (tags are 0 … MAX_TAG). */
export const MAX_TAG = Math.max(...Object.values(RwTag).filter((v): v is number => typeof v === 'number'));

export class RwTagTable {
  private constructor(readonly name: string, readonly tag: Column, readonly flags: Readonly<Record<TagFlag, Column>>, readonly first: readonly Column[]) {}

  static configure(cs: ConstraintSystem, name: string): RwTagTable {
    const flags = Object.fromEntries(TAG_FLAGS.map((f) => [f, cs.fixedColumn(`${name} ${f}`)])) as Record<TagFlag, Column>;
    return new RwTagTable(name, cs.fixedColumn(`${name} tag`), flags, KEY_FIELDS.map((f) => cs.fixedColumn(`${name} s ${f}`)));
  }

  /** The table side of the lookup, in the order of `inputs` in StateChip. */
  columns(): Expr[] {
    return [this.tag, ...TAG_FLAGS.map((f) => this.flags[f]), ...this.first].map((c) => c.cur());
  }

  load(layouter: Layouter): void {
    layouter.assignRegion(`${this.name} table`, (region) => {
      let row = 1; // row 0 stays the all-zero padding tuple
      for (let tag = 1; tag <= MAX_TAG; tag++) {
        const flags = tagFlags(tag);
        for (let f = 0; f < KEY_FIELDS.length; f++, row++) {
          region.assignFixed('tag', this.tag, row, BigInt(tag));
          for (const k of TAG_FLAGS) region.assignFixed(k, this.flags[k], row, flags[k]);
          this.first.forEach((c, j) => region.assignFixed(`s ${KEY_FIELDS[j]}`, c, row, j === f ? 1n : 0n));
        }
      }
    });
  }
}
