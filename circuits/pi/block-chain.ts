/**
 * The chain of a batch's blocks: each block follows its parent as Ethereum's header rules have it, from the block
 * before the batch (the public input's parentBlockSummary, the previous batch's last block: ZkRollup.sol gives it) to the
 * batch's last block (its lastBlockSummary). Without it the block table's contexts (block-table.ts) are bound to the
 * public input but are the sequencer's free choice: any timestamp, number or base fee.
 *
 * The batch's txs are in blocks of consecutive txs; the block table has one record per tx (its block's context).
 * Rows: 0 the parent block, s = 1 … capacity tx slot s (tx id s), in the block table's order:
 *
 *   real_s      the slot holds a tx (boolean, a prefix of the slots; Σ real = the block table's record count)
 *   number, timestamp, baseFee   the block of tx s (its record's; on a slot past the txs: row s − 1's, so the
 *                                last row holds the batch's last block, or the parent when there are no txs)
 *   new_s = number_s − number_{s−1}   boolean: tx s opens the next block (number + 1) or shares tx s − 1's;
 *                                the first tx always opens one (its parent is in an earlier batch)
 *   cum_s       the gas its block used up to tx s: gasUsed_s (new block) or cum_{s−1} + gasUsed_s, where gasUsed_s
 *               is the tx's gas used as the EVM circuit proves it at EndTx3 (gas limit − gas left after the refund;
 *               the lookup EvmCircuit.txGasUsedTable); row 0: the parent's gas used. So on the row of a block's last
 *               tx, cum = Σ its txs' gas used = its header's gasUsed.
 *
 * Rules for the slots (all u64 bounds by RangeCheckChip over the byte table, 128 bits):
 *   cum ≤ G (the block gas limit; every row, the parent's too);
 *   every tx's block has gas limit G, a constant of the circuit: the node keeps its genesis gas limit
 *     (node/execution/executor.ts), so the 1/1024 adjustment rule has nothing to check;
 *   same block (new = 0): timestamp, base fee, coinbase and prevRandao as tx s − 1's;
 *   new block (new = 1):  timestamp > the previous block's (Ethereum's rule; the node takes max(now, parent + 1)),
 *     the base fee EIP-1559's from the previous block's (B, U = its cum) as @ethereumjs's calcNextBaseFee (Cancun,
 *     elasticity 2, max change denominator 8), with T = ⌊G / 2⌋:
 *       U = T: B;   U > T: B + max(1, ⌊B·(U − T) / T / 8⌋);   U < T: B − ⌊B·(T − U) / T / 8⌋
 *     (⌊⌊x / T⌋ / 8⌋ = ⌊x / 8T⌋; @ethereumjs's max(…, 0) on a decrease never acts: the delta is at most B / 8) as
 *       up boolean, d = (2·up − 1)·(U − T), d − up ≥ 0 (so up = [U > T]), B·d = 8T·q + r with 0 ≤ r < 8T,
 *       z = [q = 0], B' = B + up·(q + z) − (1 − up)·q.
 *     B·d < 2^128·2^63 and 8T·q + r < 2^195 (q < 2^128), so the field equation is the integer one.
 * The base fee's high half is 0 (its record's) and the last block's base fee fits the public input's uint64.
 *
 * What is not here: the upper bound on timestamps (ZkRollup.sol refuses a batch whose last block is more than an
 * hour after L1's block.timestamp) and empty blocks: a batch's blocks must all hold txs (the batch witness refuses
 * others; the node makes no empty block while it proves, node/sequencer), since a block without txs has no record.
 */
import { mod } from '../gadgets/common.js';
import { IsZeroChip } from '../gadgets/is-zero.js';
import { RangeCheckChip } from '../gadgets/range-check.js';
import type { RangeTable } from '../gadgets/range-table.js';
import { constant, type AssignedCell, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { BlockFieldTag, type BlockContext, type RecordCells } from './block-table.js';
import type { BlockSummaryCells } from './circuit.js';
import { PublicInputError, type BlockSummary } from './public-input.js';

/** The EVM circuit's (txId, gas used) per tx, 0s on its other rows (EvmCircuit.txGasUsedTable). */
export type GasUsedTable = readonly [txId: Expr, gasUsed: Expr];

/** Columns of the region, by name ("block chain <name>"). */
const CHAINED = ['number', 'timestamp', 'baseFee'] as const;
const RECORD = ['recNumber', 'recTimestamp', 'recBaseFeeLo', 'recBaseFeeHi', 'recGasLimit', 'coinbaseLo', 'coinbaseHi', 'randaoLo', 'randaoHi'] as const;
/** The range-checked values (each in [0, 2^128)), in their order in the range region. */
const CHECKED = ['room', 'tsGap', 'upGap', 'quot', 'rem', 'remGap'] as const;
const COLUMNS = ['real', 'count', ...CHAINED, 'cum', 'gasUsed', ...RECORD, 'up', 'd', 'zInv', 'z', ...CHECKED] as const;
type Col = (typeof COLUMNS)[number];

/** The record cell each RECORD column copies (tag, half). */
const RECORD_SOURCE: Record<(typeof RECORD)[number], readonly [BlockFieldTag, 'lo' | 'hi']> = {
  recNumber: [BlockFieldTag.Number, 'lo'], recTimestamp: [BlockFieldTag.Timestamp, 'lo'], recBaseFeeLo: [BlockFieldTag.BaseFee, 'lo'],
  recBaseFeeHi: [BlockFieldTag.BaseFee, 'hi'], recGasLimit: [BlockFieldTag.GasLimit, 'lo'], coinbaseLo: [BlockFieldTag.Coinbase, 'lo'],
  coinbaseHi: [BlockFieldTag.Coinbase, 'hi'], randaoLo: [BlockFieldTag.PrevRandao, 'lo'], randaoHi: [BlockFieldTag.PrevRandao, 'hi'],
};

/** EIP-1559's next base fee after a block with base fee `baseFee` that used `gasUsed` of `gasLimit` (@ethereumjs's calcNextBaseFee). */
export function nextBaseFee(baseFee: bigint, gasUsed: bigint, gasLimit: bigint): bigint {
  const target = gasLimit / 2n;
  if (gasUsed === target) return baseFee;
  const delta = (baseFee * (gasUsed > target ? gasUsed - target : target - gasUsed)) / target / 8n;
  return gasUsed > target ? baseFee + (delta > 1n ? delta : 1n) : baseFee - delta;
}

/** The range region's row that checks `value` of tx slot `slot` (1-based; slot 0: the parent's room). */
export const rangeRow = (slot: number, value: (typeof CHECKED)[number]): number => (slot === 0 ? 0 : 1 + (slot - 1) * CHECKED.length + CHECKED.indexOf(value));

/** One row's witness values. */
type Row = Record<Col, bigint>;

export class BlockChainChip {
  private constructor(
    readonly cols: Record<Col, Column>, readonly txId: Column, readonly q: Record<'parent' | 'slot' | 'first', Selector>,
    readonly zero: IsZeroChip, readonly range: RangeCheckChip, readonly gasLimit: bigint,
  ) {}

  /**
   * Columns "block chain <name>", gate "block chain", the range check "block chain range" over `byte`, the lookup
   * "block chain tx gas used in the EVM" into `gasUsed`. `gasLimit`: G, every block's gas limit.
   */
  static configure(cs: ConstraintSystem, byte: RangeTable, gasUsed: GasUsedTable, gasLimit: bigint): BlockChainChip {
    if (gasLimit < 2n || gasLimit >= 1n << 60n) throw new PublicInputError(`block gas limit ${gasLimit}: the block chain takes 2 … 2^60 − 1`);
    const cols = Object.fromEntries(COLUMNS.map((c) => [c, cs.adviceColumn(`block chain ${c}`)])) as Record<Col, Column>;
    for (const c of ['count', ...CHAINED, 'cum', ...RECORD, ...CHECKED] as const) cs.enableEquality(cols[c]);
    const txId = cs.fixedColumn('block chain txId');
    const q = { parent: cs.selector('block chain parent'), slot: cs.selector('block chain slot'), first: cs.selector('block chain first') };
    const one = constant(1n);
    const [cur, prev] = [(c: Col) => cols[c].cur(), (c: Col) => cols[c].prev()];
    const s = q.slot.expr();
    const real = cur('real');
    const nb = cur('number').sub(prev('number'));
    const keep = one.sub(nb);
    const target = gasLimit / 2n;
    const up = cur('up');
    const B = prev('baseFee');
    const rules: Record<string, Expr> = {
      'real is boolean': s.mul(real).mul(one.sub(real)),
      'real slots are a prefix': s.mul(one.sub(q.first.expr())).mul(real).mul(one.sub(prev('real'))),
      'count = count_prev + real': s.mul(cur('count').sub(prev('count')).sub(real)),
      'new block is boolean (number = previous or previous + 1)': s.mul(nb).mul(keep),
      'the first tx opens a block after the parent': s.mul(q.first.expr()).mul(real).mul(keep),
      'same block: timestamp': s.mul(keep).mul(cur('timestamp').sub(prev('timestamp'))),
      'same block: base fee': s.mul(keep).mul(cur('baseFee').sub(B)),
      'base fee hi = 0': s.mul(cur('recBaseFeeHi')),
      'gas limit = G': s.mul(real).mul(cur('recGasLimit').sub(gasLimit)),
      'cum = (same block ? cum_prev : 0) + real·gasUsed': s.mul(cur('cum').sub(keep.mul(prev('cum'))).sub(real.mul(cur('gasUsed')))),
      'room = G − cum': q.parent.expr().add(s).mul(cur('room').sub(constant(gasLimit).sub(cur('cum')))),
      'parent: count = 0': q.parent.expr().mul(cur('count')),
      'new block: tsGap = timestamp − timestamp_prev − 1': s.mul(cur('tsGap').sub(nb.mul(cur('timestamp').sub(prev('timestamp')).sub(1n)))),
      'up is boolean': s.mul(up).mul(one.sub(up)),
      'd = (2·up − 1)·(cum_prev − T)': s.mul(cur('d').sub(up.mul(2n).sub(1n).mul(prev('cum').sub(target)))),
      'new block: upGap = d − up': s.mul(cur('upGap').sub(nb.mul(cur('d').sub(up)))),
      'new block: B·d = 8T·quot + rem': s.mul(nb).mul(B.mul(cur('d')).sub(cur('quot').mul(8n * target)).sub(cur('rem'))),
      'new block: remGap = 8T − 1 − rem': s.mul(cur('remGap').sub(nb.mul(constant(8n * target - 1n).sub(cur('rem'))))),
      'not a new block: quot = 0': s.mul(keep).mul(cur('quot')),
      'not a new block: rem = 0': s.mul(keep).mul(cur('rem')),
      'new block: base fee = B + up·(quot + z) − (1 − up)·quot': s.mul(nb).mul(cur('baseFee').sub(B).sub(up.mul(cur('quot').add(cur('z')))).add(one.sub(up).mul(cur('quot')))),
    };
    for (const f of CHAINED) {
      const rec = cols[f === 'baseFee' ? 'recBaseFeeLo' : f === 'number' ? 'recNumber' : 'recTimestamp'].cur();
      rules[`${f} = real ? its record's : the previous row's`] = s.mul(cur(f).sub(prev(f)).sub(real.mul(rec.sub(prev(f)))));
    }
    for (const f of ['coinbaseLo', 'coinbaseHi', 'randaoLo', 'randaoHi'] as const) rules[`same block: ${f}`] = s.mul(real).mul(keep).mul(cur(f).sub(prev(f)));
    cs.createGate('block chain', rules);
    const zero = IsZeroChip.configure(cs, 'block chain quot', s, cur('quot'), cols.zInv, cols.z);
    cs.lookup('block chain tx gas used in the EVM', [[s.mul(real).mul(txId.cur()), gasUsed[0]], [s.mul(real).mul(cur('gasUsed')), gasUsed[1]]]);
    const chunks = Array.from({ length: 16 }, (_, i) => cs.adviceColumn(`block chain range byte ${i}`));
    const range = RangeCheckChip.configure(cs, 'block chain range', byte, cs.adviceColumn('block chain range value'), chunks);
    return new BlockChainChip(cols, txId, q, zero, range, gasLimit);
  }

  /**
   * Lays out `capacity` slots for `blocks` (the block table's order) whose txs used `txGasUsed` (in order); `records`: the block table's record cells per
   * slot, `count` its record count; `parent`, `last`: the public input's summaries, `parentBlock` the parent's values.
   */
  assign(layouter: Layouter, capacity: number, blocks: readonly BlockContext[], txGasUsed: readonly bigint[], parentBlock: BlockSummary, records: readonly RecordCells[], count: AssignedCell, parent: BlockSummaryCells, last: BlockSummaryCells): void {
    const G = this.gasLimit;
    const T = G / 2n;
    const headers = blocks.flatMap((b) => Array.from({ length: b.txCount }, () => b.header)).map((header, i) => ({ header, gasUsed: txGasUsed[i] ?? 0n }));
    if (headers.length !== txGasUsed.length || headers.length > capacity || records.length !== capacity) throw new PublicInputError(`${headers.length} txs, ${records.length} record slots: the block chain has ${capacity}`);
    const rows: Row[] = [];
    const blank = (): Row => Object.fromEntries(COLUMNS.map((c) => [c, 0n])) as Row;
    const p = blank();
    Object.assign(p, { number: parentBlock.number, timestamp: parentBlock.timestamp, baseFee: parentBlock.baseFee, cum: parentBlock.gasUsed, room: G - parentBlock.gasUsed });
    rows.push(p);
    for (let s = 1; s <= capacity; s++) {
      const prev = rows[s - 1]!;
      const r: Row = { ...blank(), count: prev.count, number: prev.number, timestamp: prev.timestamp, baseFee: prev.baseFee, cum: prev.cum };
      const tx = headers[s - 1];
      if (tx !== undefined) {
        const h = tx.header;
        Object.assign(r, {
          real: 1n, count: prev.count + 1n, number: h.number, timestamp: h.timestamp, baseFee: h.baseFeePerGas, gasUsed: tx.gasUsed,
          recNumber: h.number, recTimestamp: h.timestamp, recBaseFeeLo: h.baseFeePerGas & ((1n << 128n) - 1n), recBaseFeeHi: h.baseFeePerGas >> 128n, recGasLimit: h.gasLimit,
          coinbaseLo: BigInt(h.coinbase) & ((1n << 128n) - 1n), coinbaseHi: BigInt(h.coinbase) >> 128n,
          randaoLo: BigInt(h.prevRandao) & ((1n << 128n) - 1n), randaoHi: BigInt(h.prevRandao) >> 128n,
        });
        const isNew = h.number !== prev.number;
        r.cum = (isNew ? 0n : prev.cum) + tx.gasUsed;
        if (isNew) {
          const U = prev.cum;
          r.up = U > T ? 1n : 0n;
          r.d = U > T ? U - T : T - U;
          r.quot = (prev.baseFee * r.d) / (8n * T);
          r.rem = (prev.baseFee * r.d) % (8n * T);
          r.tsGap = h.timestamp - prev.timestamp - 1n;
          r.upGap = r.d - r.up;
          r.remGap = 8n * T - 1n - r.rem;
        } else {
          r.up = prev.cum > T ? 1n : 0n;
          r.d = (2n * r.up - 1n) * (prev.cum - T);
        }
      } else {
        r.up = prev.cum > T ? 1n : 0n;
        r.d = (2n * r.up - 1n) * (prev.cum - T);
      }
      r.room = G - r.cum;
      rows.push(r);
    }
    const checked = layouter.assignRegion('block chain', (region) => {
      const cells: Array<Partial<Record<Col, AssignedCell>>> = [];
      rows.forEach((r, row) => {
        region.enableSelector(row === 0 ? this.q.parent : this.q.slot, row);
        if (row === 1) region.enableSelector(this.q.first, row);
        region.assignFixed('txId', this.txId, row, BigInt(row));
        const at: Partial<Record<Col, AssignedCell>> = {};
        for (const c of COLUMNS) if (c !== 'zInv' && c !== 'z') at[c] = region.assignAdvice(`block chain ${c}`, this.cols[c], row, mod(r[c]));
        if (row > 0) {
          this.zero.assign(region, row, () => r.quot);
          for (const c of RECORD) {
            const [tag, half] = RECORD_SOURCE[c];
            region.constrainEqual(records[row - 1]!(tag, half), at[c]!);
          }
        }
        cells.push(at);
      });
      const [first, end] = [cells[0]!, cells.at(-1)!];
      region.constrainEqual(end.count!, count);
      for (const [f, col] of [['number', 'number'], ['timestamp', 'timestamp'], ['baseFee', 'baseFee'], ['gasUsed', 'cum']] as const) {
        region.constrainEqual(parent[f], first[col]!);
        region.constrainEqual(last[f], end[col]!);
      }
      return cells.flatMap((at, row) => (row === 0 ? [at.room!] : CHECKED.map((c) => at[c]!)));
    });
    // rows: the parent's room, then per slot room, tsGap, upGap, quot, rem, remGap (CHECKED). A value that breaks its
    // rule (a claimed parent the batch does not follow) gets the low bytes of its field element, so the row's
    // decomposition fails rather than the witness: what MockProver names (rangeRow).
    layouter.assignRegion('block chain range', (region) => checked.forEach((cell, i) => {
      region.enableSelector(this.range.q, i);
      const value = region.assignAdvice('block chain range value', this.range.value, i, () => mod(cell.value));
      region.constrainEqual(cell, value);
      this.range.chunks.forEach((c, j) => region.assignAdvice(`block chain range byte ${j}`, c, i, () => (mod(cell.value) >> BigInt(8 * j)) & 0xffn));
    }));
  }
}
