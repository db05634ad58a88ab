/**
 * SmtUpdateChip: one operation on the Poseidon sparse Merkle tree (hash.ts) per region of LEVELS = 255 rows,
 * row d = depth d, proving "new root = insert-or-update(old root, key, value)" in canonical form; a delete is
 * the same statement read backwards (witness.ts), flagged `del`.
 *
 * Per row d (advice unless noted; O = old path, N = new path):
 *   key bits b_d and other-key bits b'_d       KeyBitsChip ×2 (canonical: unique bits, value < r)
 *   aboveO_d, aboveN_d                          1 while d is above that path's terminal (non-increasing)
 *   sO_d, sN_d                                  sibling at depth d (0 from the terminal down)
 *   hO_d, hN_d                                  node hash at depth d (the terminal's hash from the terminal down)
 *   w_d                                         on the old path's last sibling row: its node's width (3 | 4)
 *   leafO, otherO                               constant per region: old terminal is a leaf / another key's
 *   row 0: on, del, chk, rootBefore, rootAfter      row 254: vO, vN (old / new terminal leaf values)
 *
 * Constraints (ext = aboveN − aboveO: the rows where only the new path is above, i.e. a push-down):
 *   path    where above: (3, left, right, 0, h_d) in the Poseidon table, (left, right) = b ? (s, h_{d+1}) : (h_{d+1}, s);
 *           row 254: (4, key | k', vO, 1, hO) if leafO, (4, key, vN, 1, hN) always, hO = vO = 0 if not leafO;
 *           below the terminal h_d = h_{d+1}, s_d = 0.
 *   shape   aboveO ≤ aboveN; siblings equal while both are above; at the old terminal aboveN = otherO, so
 *           the paths part exactly when another key's leaf must be pushed down.
 *   push    on ext rows sN = 0 and b' = b, except the last: sN = the old terminal's hash and b' ≠ b — the two
 *           keys part exactly there, so the pushed leaf lands where the canonical tree has it.
 *   canon   the old path's last sibling is a node hash ((w, s) in the table with w ∈ {3, 4}, so s ≠ 0) and a branch (w = 3)
 *           when the old terminal is empty. For an insert this holds in any canonical old tree; for a delete
 *           (whose "old" tree is the result) it is what makes the result canonical: no leaf left beside an
 *           empty slot, no collapsed leaf stopping below an empty sibling.
 *   ends    del ⇒ the old terminal is not the key's own leaf; rootBefore/rootAfter = (hO_0, hN_0), swapped if del.
 *           chk (a check, not with del): rootAfter = rootBefore = hO_0 — the old path alone is the statement
 *           (inclusion of vO, or non-inclusion when the terminal is not the key's leaf); the new path is a dummy.
 *           A disabled operation (on = 0: capacity padding) proves a dummy path and passes the root through
 *           (rootAfter = rootBefore) — a chain's layout then depends on its capacity, not on its witness.
 *           What `on` may skip is for the circuit that binds operations to the RW table to decide.
 *
 * Max degree 5 (the "smt canonical" gate); lookup inputs degree ≤ 4. Three lookups: old path
 * and new path into the (width, in0, in1, in2, out) table, last sibling into its (width, out) projection.
 */
import type { AssignedCell, Column, ConstraintSystem, Expr, Layouter } from '../plonk/index.js';
import { constant } from '../plonk/index.js';
import { SMT_MAX_DEPTH } from './hash.js';
import { KeyBitsChip, LEVELS, assignLevels, configureLevels, type LevelLayout } from './key-bits.js';
import type { PoseidonTable } from './poseidon-table.js';
import type { SmtOpWitness } from './witness.js';

/**
 * The cells an operation exposes to the circuit around it (chaining, the RW table). Only the roots' columns
 * take part in copies (each equality column costs the permutation argument); bind the others by lookups on
 * their rows, or enable equality on their columns when a copy is needed.
 */
export interface AssignedSmtOp {
  readonly rootBefore: AssignedCell;
  readonly rootAfter: AssignedCell;
  /** 1 for a state change, 0 for padding. */
  readonly on: AssignedCell;
  readonly key: AssignedCell;
  readonly del: AssignedCell;
  /** 1 for a check: the old path is proven, the root stays (rootAfter = rootBefore = the old path's root). */
  readonly chk: AssignedCell;
  readonly leafO: AssignedCell;
  readonly otherO: AssignedCell;
  /** Old terminal leaf value (0 when empty): the key's value before an update when leafO = 1, otherO = 0. */
  readonly oldValue: AssignedCell;
  /** The key's value on the new path: after an insert/update, before a delete. */
  readonly newValue: AssignedCell;
}

interface PathColumns { readonly above: Column; readonly s: Column; readonly h: Column }

export class SmtUpdateChip {
  private constructor(
    readonly levels: LevelLayout,
    readonly key: KeyBitsChip,
    readonly other: KeyBitsChip,
    readonly oldPath: PathColumns,
    readonly newPath: PathColumns,
    readonly cols: {
      readonly on: Column; readonly w: Column; readonly leafO: Column; readonly otherO: Column; readonly del: Column; readonly chk: Column;
      readonly rootBefore: Column; readonly rootAfter: Column; readonly vO: Column; readonly vN: Column;
    },
  ) {}

  /** Rows per operation. */
  static readonly ROWS = LEVELS;

  static configure(cs: ConstraintSystem, table: PoseidonTable): SmtUpdateChip {
    const levels = configureLevels(cs, 'smt');
    const key = KeyBitsChip.configure(cs, 'smt key', levels);
    const other = KeyBitsChip.configure(cs, 'smt other key', levels);
    const path = (p: string): PathColumns => ({
      above: cs.adviceColumn(`smt above${p}`), s: cs.adviceColumn(`smt s${p}`), h: cs.adviceColumn(`smt h${p}`),
    });
    const old = path('O');
    const nw = path('N');
    const [on, w, leafO, otherO, del, chk, rootBefore, rootAfter, vO, vN] =
      ['on', 'w', 'leafO', 'otherO', 'del', 'chk', 'root before', 'root after', 'vO', 'vN'].map((n) => cs.adviceColumn(`smt ${n}`));
    cs.enableEquality(rootBefore);
    cs.enableEquality(rootAfter);

    const one = constant(1);
    const q = levels.qLevel.expr();
    const top = levels.qTop.expr();
    const bottom = levels.qBottom.expr();
    const b = key.cols.b.cur();
    const b2 = other.cols.b.cur();
    const [aO, aN] = [old.above.cur(), nw.above.cur()];
    const [aOn, aNn] = [old.above.next(), nw.above.next()];
    const ext = aN.sub(aO);
    const extNext = aNn.sub(aOn);
    const extLast = ext.mul(one.sub(extNext));
    const lastO = aO.mul(one.sub(aOn));
    const [lO, oO] = [leafO.cur(), otherO.cur()];

    const pathRules = (p: string, c: PathColumns): Array<[string, Expr]> => {
      const a = c.above.cur();
      return [
        [`above${p} is boolean`, q.mul(a.mul(one.sub(a)))],
        [`above${p} is non-increasing`, q.mul(c.above.next().mul(one.sub(a)))],
        [`below the terminal h${p} = h${p}'`, q.mul(one.sub(a).mul(c.h.cur().sub(c.h.next())))],
        [`below the terminal s${p} = 0`, q.mul(one.sub(a).mul(c.s.cur()))],
      ];
    };
    cs.createGate('smt path', [
      ...pathRules('O', old),
      ...pathRules('N', nw),
      ['aboveO ≤ aboveN', q.mul(aO.mul(one.sub(aN)))],
      ['common siblings sO = sN', q.mul(aO.mul(old.s.cur().sub(nw.s.cur())))],
      ['old terminal below the root: aboveN = otherO', q.mul(lastO.mul(aNn.sub(oO)))],
      ["leafO constant", q.mul(leafO.next().sub(lO))],
      ["otherO constant", q.mul(otherO.next().sub(oO))],
    ]);
    cs.createGate('smt push-down', {
      'sN = 0 inside': q.mul(ext.mul(extNext).mul(nw.s.cur())),
      'sN = old terminal at the end': q.mul(extLast.mul(nw.s.cur().sub(old.h.cur()))),
      "other key's bit = key's inside": q.mul(ext.mul(extNext).mul(b2.sub(b))),
      "other key's bit ≠ key's at the end": q.mul(extLast.mul(b2.add(b).sub(1))),
    });
    // w ∈ {3, 4} keeps the lookup off the table's all-zero row, which would pass s = 0
    cs.createGate('smt canonical', {
      "last old sibling's width is 3 or 4": q.mul(lastO.mul(w.cur().sub(3)).mul(w.cur().sub(4))),
      "empty terminal's last sibling is a branch": q.mul(lastO.mul(one.sub(lO)).mul(w.cur().sub(3))),
    });
    const d = del.cur();
    const c = chk.cur();
    const enabled = on.cur();
    const [hO0, hN0] = [old.h.cur(), nw.h.cur()];
    cs.createGate('smt top', {
      'old terminal at the root: aboveN = otherO': top.mul(one.sub(aO).mul(aN.sub(oO))),
      'del is boolean': top.mul(d.mul(one.sub(d))),
      "del ⇒ old terminal is not the key's leaf": top.mul(d.mul(lO.sub(oO))),
      'chk is boolean': top.mul(c.mul(one.sub(c))),
      'not both del and chk': top.mul(d.mul(c)),
      'on is boolean': top.mul(enabled.mul(one.sub(enabled))),
      'root before': top.mul(enabled.mul(rootBefore.cur().sub(hO0).sub(d.mul(hN0.sub(hO0))))),
      'root after': top.mul(enabled.mul(rootAfter.cur().sub(hN0).sub(d.add(c).mul(hO0.sub(hN0))))),
      'disabled: root passes through': top.mul(one.sub(enabled).mul(rootAfter.cur().sub(rootBefore.cur()))),
    });
    cs.createGate('smt bottom', {
      'aboveO = 0': bottom.mul(aO),
      'aboveN = 0': bottom.mul(aN),
      'leafO is boolean': bottom.mul(lO.mul(one.sub(lO))),
      'otherO is boolean': bottom.mul(oO.mul(one.sub(oO))),
      'otherO ⇒ leafO': bottom.mul(oO.mul(one.sub(lO))),
      'empty terminal: hO = 0': bottom.mul(one.sub(lO).mul(old.h.cur())),
      'empty terminal: vO = 0': bottom.mul(one.sub(lO).mul(vO.cur())),
      'no other key: k\' = 0': bottom.mul(one.sub(oO).mul(other.cols.acc.cur())),
    });

    /** (3, left, right, 0, h) on level rows where above, plus `leaf` (4, key, value, 1, h) on the bottom row where `isLeaf`. */
    const hashLookup = (c: PathColumns, leafKey: Expr, value: Expr, isLeaf: Expr) => {
      const branch = q.mul(c.above.cur());
      const leaf = bottom.mul(isLeaf);
      const s = c.s.cur();
      const child = c.h.next();
      return table.lookup(branch.mul(3).add(leaf.mul(4)), [
        branch.mul(b.mul(s).add(one.sub(b).mul(child))).add(leaf.mul(leafKey)),
        branch.mul(b.mul(child).add(one.sub(b).mul(s))).add(leaf.mul(value)),
        leaf,
      ], branch.add(leaf).mul(c.h.cur()));
    };
    const k = key.cols.acc.cur();
    const oldLeafKey = k.add(oO.mul(other.cols.acc.cur().sub(k)));
    cs.lookup('smt old path hash', hashLookup(old, oldLeafKey, vO.cur(), lO));
    cs.lookup('smt new path hash', hashLookup(nw, k, vN.cur(), one));
    cs.lookup('smt last old sibling is a node', table.nodeLookup(q.mul(w.cur()), q.mul(lastO).mul(old.s.cur())));
    return new SmtUpdateChip(levels, key, other, old, nw, { on, w, leafO, otherO, del, chk, rootBefore, rootAfter, vO, vN });
  }

  /** Lays out one operation in its own region. */
  assign(layouter: Layouter, op: SmtOpWitness, index: number): AssignedSmtOp {
    return layouter.assignRegion(`smt op ${index}`, (region) => {
      const { cols } = this;
      assignLevels(region, 0, this.levels);
      const key = this.key.assign(region, 0, op.key);
      this.other.assign(region, 0, op.otherKey);
      const assignPath = (c: PathColumns, siblings: readonly bigint[], nodes: readonly bigint[]) => {
        const n = siblings.length;
        for (let d = 0; d < LEVELS; d++) {
          region.assignAdvice('above', c.above, d, d < n ? 1n : 0n);
          if (d < SMT_MAX_DEPTH) region.assignAdvice('sibling', c.s, d, d < n ? siblings[d] : 0n);
        }
        for (let d = 0; d < LEVELS; d++) region.assignAdvice('node hash', c.h, d, nodes[Math.min(d, n)]);
      };
      assignPath(this.oldPath, op.old.siblings, op.old.nodes);
      assignPath(this.newPath, op.new.siblings, op.new.nodes);
      const nO = op.old.siblings.length;
      const width = op.lastSibling === null ? 0n : op.lastSibling.kind === 'branch' ? 3n : 4n;
      for (let d = 0; d < SMT_MAX_DEPTH; d++) region.assignAdvice('w', cols.w, d, d === nO - 1 ? width : 0n);
      /** A per-operation flag on every row (the gates keep it constant); returns its bottom cell. */
      const flag = (name: string, column: Column, on: boolean) =>
        Array.from({ length: LEVELS }, (_, d) => region.assignAdvice(name, column, d, on ? 1n : 0n))[SMT_MAX_DEPTH];
      return {
        rootBefore: region.assignAdvice('root before', cols.rootBefore, 0, op.rootBefore),
        rootAfter: region.assignAdvice('root after', cols.rootAfter, 0, op.rootAfter),
        on: region.assignAdvice('on', cols.on, 0, op.enabled ? 1n : 0n),
        key,
        del: region.assignAdvice('del', cols.del, 0, op.del ? 1n : 0n),
        chk: region.assignAdvice('chk', cols.chk, 0, op.check ? 1n : 0n),
        leafO: flag('leafO', cols.leafO, op.oldTerminal !== 'empty'),
        otherO: flag('otherO', cols.otherO, op.oldTerminal === 'other'),
        oldValue: region.assignAdvice('vO', cols.vO, SMT_MAX_DEPTH, op.oldValue),
        newValue: region.assignAdvice('vN', cols.vN, SMT_MAX_DEPTH, op.newValue),
      };
    });
  }
}
