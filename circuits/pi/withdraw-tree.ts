/**
 * The withdrawal tree of a batch, in-circuit: ZkRollup.sol's canonical tree (node/batcher/encoding.ts
 * withdrawalTree) over the compacted leaves that WithdrawalsChip (withdrawals.ts) gives — leaf k is the k-th
 * withdrawal in tx order, a slot past the count holds 0.
 *
 * The contract's tree of `cnt` leaves pads them with 0 to 2^d leaves, d = ⌈log2 cnt⌉, and hashes every pair,
 * (0, 0) pairs too, as node(a, b) = keccak(min ‖ max) (uint256 order); 1 leaf: the leaf; none: 0. Over the
 * circuit's `slots` leaves (the tx slots rounded up to a power of two) the node at level d, index 0 is that root:
 * it sees exactly leaves 0 … 2^d − 1, and with cnt = 0 level 0 is leaf 0 = 0. So the circuit lays out every node
 * and selects the root by cnt:
 *
 *   node (j, i) (region "withdraw tree node", value column; rows 0–31 also hold the difference bytes):
 *     row 0 a hi, 1 a lo, 2 b hi, 3 b lo (the children: copies), 4 s, 5 x hi, 6 x lo, 7 y hi, 8 y lo, 9 borrow
 *     s boolean, (x, y) = s ? (b, a) : (a, b) per half; x, y are the segments of the node's 64-byte preimage
 *     ("withdraw node", gated PreimageChip); y ≥ x as 256-bit numbers: y lo − x lo + borrow·2^128 and
 *     y hi − x hi − borrow are the 16-byte big-endian accumulations of the rows' bytes (each in the byte table),
 *     so both lie in [0, 2^128): with x, y halves < 2^128 (keccak-checked bytes) that is exactly x ≤ y
 *   root (region "withdraw tree root", value column):
 *     row 0 cnt, rows 1 … slots + 1: [cnt = c] for c = 0 … slots, then node (d, 0) hi, lo for d = 0 … D (leaf 0
 *     at d = 0), then root hi, lo, then each node's `on`, level by level
 *     [cnt = c] boolean, Σ = 1, Σ c·[cnt = c] = cnt; root = Σ_d [level(cnt) = d]·node (d, 0)
 *     on (j, i) = [j + bitLength(i) ≤ level(cnt)]: a node is hashed (its preimage looked up) iff it lies under the
 *     selected root, so a batch pays 2^d − 1 keccak permutations, not slots − 1; a node not hashed has an
 *     unconstrained digest, and none of those reaches the root (its parent is not hashed either)
 *
 * The same node value for a and b (e.g. a (0, 0) pair) satisfies both orders: the preimage is the same.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { RangeTable } from '../gadgets/range-table.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import { constant, sum, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { assignInput } from '../gadgets/common.js';
import type { HalvesCells } from './circuit.js';
import { PreimageChip, segmentsOf } from './preimage.js';
import { digestHalves, PublicInputError } from './public-input.js';

const TWO_128 = 1n << 128n;
const NODE_SEGMENTS = segmentsOf([16, 16, 16, 16]);
const bitLength = (i: number): number => (i === 0 ? 0 : i.toString(2).length);

/** The tree level whose leftmost node is the root of `count` leaves: ⌈log2 count⌉ (0 for none or one). */
export const levelOf = (count: number): number => (count === 0 ? 0 : bitLength(count - 1));
/** Leaves of the circuit's tree for `txs` tx slots: the next power of two. */
export const slotsFor = (txs: number): number => 1 << levelOf(Math.max(txs, 1));
/** Whether node (j, i), j ≥ 1, is hashed when the root is at `level`: it lies under node (level, 0). */
const isOn = (j: number, i: number, level: number): boolean => j + bitLength(i) <= level;

const word = (x: bigint): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));
/** A node's preimage: its children sorted as uint256, 32 bytes each. */
const nodePreimage = (a: bigint, b: bigint): Uint8Array => Uint8Array.from([...word(a < b ? a : b), ...word(a < b ? b : a)]);

export interface WithdrawTree {
  /** levels[j][i]: level 0 the leaves (padded with 0 to `slots`), the last level one node. */
  readonly levels: readonly (readonly bigint[])[];
  /** The root's level: levelOf(count). */
  readonly level: number;
  readonly root: bigint;
  /** The preimages of the hashed nodes (those under the root), level by level, left to right: keccak inputs. */
  readonly inputs: readonly Uint8Array[];
}

/** The contract's tree over `leaves` (uint256, in withdrawal order) on `slots` leaves (a power of two ≥ their count). */
export function withdrawTree(leaves: readonly bigint[], slots: number): WithdrawTree {
  if (slots < 1 || (slots & (slots - 1)) !== 0 || leaves.length > slots) throw new PublicInputError(`${leaves.length} withdrawal leaves on a tree of ${slots} slots (a power of two, at least the count)`);
  const levels: bigint[][] = [[...leaves, ...Array<bigint>(slots - leaves.length).fill(0n)]];
  const inputs: Uint8Array[] = [];
  const level = levelOf(leaves.length);
  for (let j = 1; levels[j - 1]!.length > 1; j++) {
    const below = levels[j - 1]!;
    levels.push(Array.from({ length: below.length / 2 }, (_, i) => {
      const pre = nodePreimage(below[2 * i]!, below[2 * i + 1]!);
      if (isOn(j, i, level)) inputs.push(pre);
      return BigInt(`0x${Buffer.from(keccak_256(pre)).toString('hex')}`);
    }));
  }
  return { levels, level, root: levels[level]![0]!, inputs };
}

const halves = (x: bigint): [bigint, bigint] => [x >> 128n, x & (TWO_128 - 1n)];

/** What hashes the nodes (none for a single slot: the root is the leaf). */
interface NodeParts { readonly byte: Column; readonly acc: Column; readonly q: Record<'node' | 'diff' | 'start', Selector>; readonly pre: PreimageChip }

export class WithdrawTreeChip {
  private constructor(readonly slots: number, readonly value: Column, readonly qRoot: Selector, readonly nodes: NodeParts | undefined) {}

  /**
   * Column "withdraw tree value" (equality), gate "withdraw tree root"; with more than one slot also "withdraw tree
   * byte", "withdraw tree acc", gates "withdraw tree node", "withdraw tree diff", lookup "withdraw tree diff byte"
   * and the preimage "withdraw node".
   */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, byteTable: RangeTable, slots: number): WithdrawTreeChip {
    if (slotsFor(slots) !== slots) throw new PublicInputError(`a withdrawal tree of ${slots} slots: not a power of two`);
    const value = cs.adviceColumn('withdraw tree value');
    cs.enableEquality(value);
    const qRoot = cs.selector('withdraw tree root');
    const one = constant(1n);
    const v = (row: number) => value.rot(row);
    const nodes = slots > 1 ? WithdrawTreeChip.configureNodes(cs, keccak, byteTable, value) : undefined;

    const r = qRoot.expr();
    const depth = levelOf(slots);
    const is = (c: number) => v(1 + c);
    const rootRules: Record<string, Expr> = {};
    for (let c = 0; c <= slots; c++) rootRules[`[cnt = ${c}] is boolean`] = r.mul(is(c)).mul(one.sub(is(c)));
    const counts = Array.from({ length: slots + 1 }, (_, c) => c);
    rootRules['Σ [cnt = c] = 1'] = r.mul(sum(counts.map(is)).sub(one));
    rootRules['Σ c·[cnt = c] = cnt'] = r.mul(sum(counts.map((c) => is(c).mul(BigInt(c)))).sub(v(0)));
    const atLevel = (dl: number) => sum(counts.filter((c) => levelOf(c) === dl).map(is));
    const nodeAt = 2 + slots;
    const rootAt = nodeAt + 2 * (depth + 1);
    for (const [h, at] of [['hi', 0], ['lo', 1]] as const) {
      const selected = sum(Array.from({ length: depth + 1 }, (_, dl) => atLevel(dl).mul(v(nodeAt + 2 * dl + at))));
      rootRules[`root ${h} = Σ [level(cnt) = d]·node (d, 0) ${h}`] = r.mul(v(rootAt + at).sub(selected));
    }
    let on = rootAt + 2;
    for (let j = 1; j <= depth; j++) {
      for (let i = 0; i < slots >> j; i++) {
        rootRules[`on (${j}, ${i}) = [level(cnt) ≥ ${j + bitLength(i)}]`] = r.mul(v(on++).sub(sum(counts.filter((c) => levelOf(c) >= j + bitLength(i)).map(is))));
      }
    }
    cs.createGate('withdraw tree root', rootRules);
    return new WithdrawTreeChip(slots, value, qRoot, nodes);
  }

  private static configureNodes(cs: ConstraintSystem, keccak: KeccakTableColumns, byteTable: RangeTable, value: Column): NodeParts {
    const byte = cs.adviceColumn('withdraw tree byte');
    const acc = cs.adviceColumn('withdraw tree acc');
    const q = { node: cs.selector('withdraw tree node'), diff: cs.selector('withdraw tree diff'), start: cs.selector('withdraw tree diff start') };
    const one = constant(1n);
    const v = (row: number) => value.rot(row);
    const n = q.node.expr();
    const [s, borrow] = [v(4), v(9)];
    const nodeRules: Record<string, Expr> = { 's is boolean': n.mul(s).mul(one.sub(s)), 'borrow is boolean': n.mul(borrow).mul(one.sub(borrow)) };
    for (const [h, at] of [['hi', 0], ['lo', 1]] as const) {
      const [a, b] = [v(at), v(2 + at)];
      nodeRules[`x ${h} = s ? b : a`] = n.mul(v(5 + at).sub(a).sub(s.mul(b.sub(a))));
      nodeRules[`y ${h} = s ? a : b`] = n.mul(v(7 + at).sub(b).sub(s.mul(a.sub(b))));
    }
    nodeRules['y lo − x lo + borrow·2^128 = its 16 bytes'] = n.mul(acc.rot(15).sub(v(8).sub(v(6)).add(borrow.mul(TWO_128))));
    nodeRules['y hi − x hi − borrow = its 16 bytes'] = n.mul(acc.rot(31).sub(v(7).sub(v(5)).sub(borrow)));
    cs.createGate('withdraw tree node', nodeRules);
    const d = q.diff.expr();
    cs.createGate('withdraw tree diff', { 'acc = 256·acc_prev·(not start) + byte': d.mul(acc.cur().sub(one.sub(q.start.expr()).mul(acc.prev()).mul(256n)).sub(byte.cur())) });
    byteTable.lookup(cs, 'withdraw tree diff byte', d.mul(byte.cur()));

    return { byte, acc, q, pre: PreimageChip.configure(cs, 'withdraw node', keccak, { fixed: 64, gated: true }) };
  }

  /**
   * `leaves`: the compacted leaf cells (slots of them), `count`: the withdrawal count cell, `ids`: the keccak ids
   * of the hashed nodes (withdrawTree's inputs, in order). Returns the root's halves: withdrawRoot.
   */
  assign(layouter: Layouter, leaves: readonly HalvesCells[], count: AssignedCell, ids: readonly number[]): HalvesCells {
    if (leaves.length !== this.slots) throw new PublicInputError(`${leaves.length} leaf cells for a tree of ${this.slots} slots`);
    const cnt = Number(count.value);
    const level = levelOf(cnt);
    const depth = levelOf(this.slots);
    let nextId = 0;
    const nodes: Array<{ hi: AssignedCell; lo: AssignedCell; on: AssignedCell }[]> = [];
    let below: readonly HalvesCells[] = leaves;
    for (let j = 1; j <= depth; j++) {
      const row = Array.from({ length: below.length / 2 }, (_, i) => {
        const on = isOn(j, i, level);
        if (on && nextId >= ids.length) throw new PublicInputError(`the withdrawal tree hashes more nodes than the ${ids.length} keccak ids given`);
        return this.assignNode(layouter, below[2 * i]!, below[2 * i + 1]!, on ? ids[nextId++]! : 0);
      });
      nodes.push(row);
      below = row;
    }
    if (nextId !== ids.length) throw new PublicInputError(`the withdrawal tree hashes ${nextId} nodes, ${ids.length} keccak ids were given`);

    return layouter.assignRegion('withdraw tree root', (r) => {
      r.enableSelector(this.qRoot, 0);
      let row = 0;
      const put = (name: string, input: AssignedCell | bigint) => assignInput(r, `withdraw tree ${name}`, this.value, row++, input);
      put('cnt', count);
      for (let c = 0; c <= this.slots; c++) put(`[cnt = ${c}]`, c === cnt ? 1n : 0n);
      const leftmost = [leaves[0]!, ...nodes.map((l) => l[0]!)];
      leftmost.forEach((x, dl) => { put(`node (${dl}, 0) hi`, x.hi); put(`node (${dl}, 0) lo`, x.lo); });
      const root = { hi: put('root hi', leftmost[level]!.hi.value), lo: put('root lo', leftmost[level]!.lo.value) };
      nodes.forEach((l, j) => l.forEach((x, i) => put(`on (${j + 1}, ${i})`, x.on)));
      return root;
    });
  }

  /** Node (a, b): its sorted preimage hashed (gated by `keccakId` ≠ 0) and the order proven; its digest cells and `on`. */
  private assignNode(layouter: Layouter, a: HalvesCells, b: HalvesCells, keccakId: number): { hi: AssignedCell; lo: AssignedCell; on: AssignedCell } {
    const { byte: byteCol, acc: accCol, q, pre: chip } = this.nodes!;
    const [av, bv] = [(a.hi.value << 128n) | a.lo.value, (b.hi.value << 128n) | b.lo.value];
    const swap = av > bv;
    const [x, y] = swap ? [bv, av] : [av, bv];
    const pre = nodePreimage(av, bv);
    const digest = digestHalves(keccak_256(pre));
    const region = chip.assign(layouter, 'withdraw node', pre, NODE_SEGMENTS, 64, digest, keccakId, keccakId === 0 ? 0n : 1n);
    layouter.assignRegion('withdraw tree node', (r) => {
      r.enableSelector(q.node, 0);
      const cell = (name: string, row: number, input: AssignedCell | bigint) => assignInput(r, `withdraw tree ${name}`, this.value, row, input);
      [a.hi, a.lo, b.hi, b.lo].forEach((c, row) => cell(['a hi', 'a lo', 'b hi', 'b lo'][row]!, row, c));
      cell('s', 4, swap ? 1n : 0n);
      [...halves(x), ...halves(y)].forEach((h, i) => r.constrainEqual(cell(['x hi', 'x lo', 'y hi', 'y lo'][i]!, 5 + i, h), region.segments[i]!));
      const [xh, xl] = halves(x);
      const [yh, yl] = halves(y);
      const borrow = yl < xl ? 1n : 0n;
      cell('borrow', 9, borrow);
      const diffs = [yl - xl + borrow * TWO_128, yh - xh - borrow];
      diffs.forEach((diff, part) => {
        let acc = 0n;
        for (let i = 0; i < 16; i++) {
          const row = 16 * part + i;
          const byte = (diff >> BigInt(8 * (15 - i))) & 0xffn;
          acc = acc * 256n + byte;
          r.enableSelector(q.diff, row);
          if (i === 0) r.enableSelector(q.start, row);
          r.assignAdvice('withdraw tree byte', byteCol, row, byte);
          r.assignAdvice('withdraw tree acc', accCol, row, acc);
        }
      });
    });
    return { hi: region.hi, lo: region.lo, on: region.on! };
  }
}
