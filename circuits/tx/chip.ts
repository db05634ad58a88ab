/**
 * The tx circuit: fills the tx table (table.ts) and proves every row of it from the txs' signed bytes.
 *
 * Layout, one region over all usable rows:
 *  - field rows: `capacity` blocks of SUMMARY_TAGS rows, block b = tx id b + 1 (or all zero once `real` is
 *    0; real blocks come first), the tag of each row fixed. So each (txId, tag) has exactly one row, and a
 *    lookup that finds a value there has pinned it.
 *  - the RLP state machine: per tx its signed encoding, then its signing payload, one byte per row, then
 *    zero rows to the end. On the signed encoding's calldata bytes the table columns hold the CallData rows
 *    (zero on every other machine row).
 *
 * The machine proves, per stream: its bytes are keccak id `keccakId`'s input and its last row carries the
 * digest (keccak table); it is [type byte] list-header items…, each header as the prefix table reads it
 * (short or long form, length bytes counted down, item and list lengths counted down to exactly 0); the
 * items follow the ROM's sequence for the tx type and stream; numbers are canonical (no leading zero) and at
 * most 32 bytes, split into 128-bit halves by the split table; lengths are canonical (the long form only past
 * 55 bytes, no leading zero length byte, a byte < 0x80 never wrapped as a 1-byte string), so each stream is
 * the one canonical encoding of its values. Then, by lookups into the table: each
 * number's value (and the `to` address) is the field row's; each calldata byte of the signing payload is the
 * signed stream's; CallDataLength, CallDataGasCost, IsCreate and Type are what the bytes say. Streams come in
 * (signed, signing) pairs with tx ids 1, 2, … from the first machine row, and each real block's TxHash and
 * TxSignHash rows are found on a stream's last row, so every tx in the table has both encodings.
 *
 * The field rows themselves add: the sender is the signature table's valid recovery of (TxSignHash, recId,
 * SigR, SigS), recId from SigV (EIP-155 for legacy txs); a legacy or 2930 tx's MaxFeePerGas and
 * MaxPriorityFeePerGas are its gas price; IsL1Message is 1 exactly for the bridge account; ChainId is the
 * rollup's (no replay of another chain's txs); s is in the lower half (EIP-2: s's high half < 2^127 − 1, with
 * the machine's top-bit check, so a tx's hash cannot be malleated); a legacy tx has no access list
 * (AccessListGasCost and AccessListItems 0). A typed tx's access list is read by its own rows
 * (constrainAccessList): its items become AccessListAddress / AccessListStorageKey rows, with their count and
 * EIP-2930 gas.
 *
 * Not constrained here: a type-2 tx's GasPrice (the effective price needs the block's base fee; the EVM
 * circuit's BeginTx must check it). Not supported (the witness refuses them): legacy txs without EIP-155,
 * payloads over MAX_RLP_LENGTH bytes.
 */
import { adviceColumns } from '../gadgets/common.js';
import { TWO_128 } from '../gadgets/index.js';
import { keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import { constant, type Column, type ConstraintSystem, type Expr, type Layouter, type Selector } from '../plonk/index.js';
import { sigLookupPairs, type SigTableColumns } from '../sig/table.js';
import { frInv } from '../field/fr-scalar.js';
import { DECODER_FIELDS, DECODER_PADDING_ROW, LOW_S_HI_BOUND, machineTableRow, SUMMARY_TAGS, summaryOffset, type TxWitness, type TxWitnessOptions } from '../witness/tx.js';
import { END_OF_LIST, RlpTables } from './rlp.js';
import { TX_TABLE_FIELDS, TxFieldTag, txLookupPairs, type TxTableColumns } from './table.js';

export class TxCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TxCircuitError';
  }
}

/** Tx slots, the rollup's chain id and its bridge account: fixed in the circuit (its vk). */
export type TxCircuitParams = Readonly<Omit<TxWitnessOptions, 'firstKeccakId'>>;

type Dec = Record<(typeof DECODER_FIELDS)[number], Column>;
const BLOCK = SUMMARY_TAGS.length;
const SELECTORS = ['field', 'field carry', 'field block', 'sender', 'fees', 'l1', 'access list', 'chain', 'low s', 'hashes', 'rlp row', 'rlp next', 'rlp first row', 'rlp last row'] as const;

/** Lagrange basis over tx types {0, 1, 2}: 1 on `type`, 0 on the other two. */
function isType(t: Expr, type: 0 | 2): Expr {
  const half = constant(frInv(2n));
  return type === 0 ? t.sub(1).mul(t.sub(2)).mul(half) : t.mul(t.sub(1)).mul(half);
}

export class TxChip {
  private constructor(
    readonly name: string,
    readonly params: TxCircuitParams,
    readonly table: TxTableColumns,
    readonly dec: Dec,
    readonly field: Record<'real' | 'recId' | 'inv', Column>,
    readonly fixed: Record<'tag' | 'txNo', Column>,
    readonly q: Record<(typeof SELECTORS)[number], Selector>,
    readonly rlp: RlpTables,
  ) {}

  /** Columns are named "<name> <field>" (table), "<name> rlp <field>" (machine), "<name> field <own>" (field rows). */
  static configure(cs: ConstraintSystem, keccak: KeccakTableColumns, sig: SigTableColumns, params: TxCircuitParams, name = 'tx'): TxChip {
    const chip = new TxChip(
      name, params, adviceColumns(cs, name, TX_TABLE_FIELDS), adviceColumns(cs, `${name} rlp`, DECODER_FIELDS),
      adviceColumns(cs, `${name} field`, ['real', 'recId', 'inv'] as const),
      { tag: cs.fixedColumn(`${name} fixed tag`), txNo: cs.fixedColumn(`${name} fixed tx number`) },
      Object.fromEntries(SELECTORS.map((s) => [s, cs.selector(`${name} ${s}`)])) as TxChip['q'],
      RlpTables.configure(cs, `${name} rlp`),
    );
    chip.constrainFields(cs, sig);
    chip.constrainMachine(cs, keccak);
    return chip;
  }

  /** A gate named as its selector ("<name> <sel>"): each rule holds where the selector is on. */
  private gate(cs: ConstraintSystem, sel: (typeof SELECTORS)[number], rules: Record<string, Expr>): void {
    cs.createGate(`${this.name} ${sel}`, Object.entries(rules).map(([n, e]): [string, Expr] => [n, this.q[sel].expr().mul(e)]));
  }

  private constrainFields(cs: ConstraintSystem, sig: SigTableColumns): void {
    const { name, table: t, field: f, fixed, q } = this;
    const one = constant(1);
    const real = f.real.cur();
    const at = (c: Column, from: TxFieldTag, to: TxFieldTag) => c.rot(summaryOffset(to) - summaryOffset(from));
    this.gate(cs, 'field', {
      'real is boolean': real.mul(one.sub(real)),
      'txId = real · block number': t.txId.cur().sub(real.mul(fixed.txNo.cur())),
      'tag = real · fixed tag': t.tag.cur().sub(real.mul(fixed.tag.cur())),
      'index = 0': t.index.cur(),
      'recId only on the sender row': f.recId.cur().mul(one.sub(q.sender.expr())),
      'inv only on the IsL1Message and SigS rows': f.inv.cur().mul(one.sub(q.l1.expr()).sub(q['low s'].expr())),
      'padding: valueLo = 0': one.sub(real).mul(t.valueLo.cur()),
      'padding: valueHi = 0': one.sub(real).mul(t.valueHi.cur()),
    });
    this.gate(cs, 'field carry', { 'real as on the previous row': real.sub(f.real.prev()) });
    this.gate(cs, 'field block', { 'real blocks come first': real.mul(one.sub(f.real.rot(-BLOCK))) });

    // sender: (TxSignHash, recId, SigR, SigS) recovers to CallerAddress in the signature table
    const S = TxFieldTag.CallerAddress;
    const type = at(t.valueLo, S, TxFieldTag.Type);
    const eip155 = isType(type, 0).mul(at(t.valueLo, S, TxFieldTag.ChainId).mul(2).add(35));
    this.gate(cs, 'sender', {
      'recId = v (typed) or v − 35 − 2·chainId (legacy)': at(t.valueLo, S, TxFieldTag.SigV).sub(f.recId.cur()).sub(real.mul(eip155)),
      // v below 2^128: a high half would re-encode the same signature as another tx (another hash, same sender)
      'SigV hi = 0': at(t.valueHi, S, TxFieldTag.SigV),
      'address fits valueLo': t.valueHi.cur(),
    });
    const word = (tag: TxFieldTag, half: 'valueLo' | 'valueHi') => at(t[half], S, tag);
    cs.lookup(`${name} sender`, sigLookupPairs(sig, q.sender.expr().mul(real), {
      msgHashLo: word(TxFieldTag.TxSignHash, 'valueLo'), msgHashHi: word(TxFieldTag.TxSignHash, 'valueHi'), recId: f.recId.cur(),
      rLo: word(TxFieldTag.SigR, 'valueLo'), rHi: word(TxFieldTag.SigR, 'valueHi'), sLo: word(TxFieldTag.SigS, 'valueLo'), sHi: word(TxFieldTag.SigS, 'valueHi'),
      address: t.valueLo.cur(), isValid: one,
    }));

    // legacy and 2930: both fee caps are the gas price (the row is MaxFeePerGas, MaxPriorityFeePerGas the next)
    const M = TxFieldTag.MaxFeePerGas;
    const notType2 = one.sub(isType(at(t.valueLo, M, TxFieldTag.Type), 2));
    const fees: Record<string, Expr> = {};
    for (const fee of [M, TxFieldTag.MaxPriorityFeePerGas]) {
      for (const half of ['valueLo', 'valueHi'] as const) {
        fees[`type 0/1: ${TxFieldTag[fee]} ${half} = gas price`] = notType2.mul(at(t[half], M, fee).sub(at(t[half], M, TxFieldTag.GasPrice)));
      }
    }
    this.gate(cs, 'fees', fees);

    // IsL1Message = [CallerAddress = bridge], by an inverse
    const L = TxFieldTag.IsL1Message;
    const d = at(t.valueLo, L, TxFieldTag.CallerAddress).sub(this.params.bridgeAddress);
    this.gate(cs, 'l1', {
      'IsL1Message = 1 − (caller − bridge)·inv': t.valueLo.cur().sub(one.sub(d.mul(f.inv.cur()))),
      'IsL1Message = 0 unless caller = bridge': d.mul(t.valueLo.cur()),
      'IsL1Message fits valueLo': t.valueHi.cur(),
    });
    this.gate(cs, 'low s', {
      'SigS high half ≠ 2^127 − 1': real.mul(t.valueHi.cur().sub(LOW_S_HI_BOUND).mul(f.inv.cur()).sub(1)),
      'padding: no inverse': one.sub(real).mul(f.inv.cur()),
    });
    this.gate(cs, 'chain', { 'ChainId = the rollup\'s (lo)': real.mul(t.valueLo.cur().sub(this.params.chainId)), 'ChainId = the rollup\'s (hi)': t.valueHi.cur() });
    // a legacy tx has no access list; a typed tx's gas and item count are its access list item's (the machine's lookups)
    const A = TxFieldTag.AccessListGasCost;
    const legacy = isType(at(t.valueLo, A, TxFieldTag.Type), 0);
    this.gate(cs, 'access list', {
      'type 0: AccessListGasCost = 0': legacy.mul(t.valueLo.cur()), 'type 0: AccessListItems = 0': legacy.mul(at(t.valueLo, A, TxFieldTag.AccessListItems)),
      'AccessListGasCost hi = 0': t.valueHi.cur(), 'AccessListItems hi = 0': at(t.valueHi, A, TxFieldTag.AccessListItems),
    });

    // TxHash and TxSignHash are the digests on the last rows of the tx's two streams. The table side is gated by
    // the machine-row selector: the machine's columns are unconstrained on the field rows, so ungated a field row
    // could pose as a stream's last row and supply any digest of the keccak table (e.g. another tx's signing hash)
    const r = this.dec;
    const last = this.q['rlp row'].expr().mul(r.last.cur());
    const hashTag = constant(BigInt(TxFieldTag.TxHash)).add(r.signing.cur().mul(TxFieldTag.TxSignHash - TxFieldTag.TxHash));
    const qh = q.hashes.expr().mul(real);
    cs.lookup(`${name} hashes`, [
      [qh.mul(t.txId.cur()), last.mul(r.txId.cur())], [qh.mul(t.tag.cur()), last.mul(hashTag)],
      [qh.mul(t.valueLo.cur()), last.mul(r.hashLo.cur())], [qh.mul(t.valueHi.cur()), last.mul(r.hashHi.cur())],
    ]);
  }

  private constrainMachine(cs: ConstraintSystem, keccak: KeccakTableColumns): void {
    const { name, table: t } = this;
    const one = constant(1);
    const c = Object.fromEntries(DECODER_FIELDS.map((k) => [k, this.dec[k].cur()])) as Record<(typeof DECODER_FIELDS)[number], Expr>;
    const p = Object.fromEntries(DECODER_FIELDS.map((k) => [k, this.dec[k].prev()])) as Record<(typeof DECODER_FIELDS)[number], Expr>;
    const active = c.typeRow.add(c.pfx).add(c.lenRow).add(c.pay);
    const activePrev = p.typeRow.add(p.pfx).add(p.lenRow).add(p.pay);
    const notList = one.sub(c.isList);
    const itemPfx = c.pfx.mul(notList);
    const itemLen = c.lenRow.mul(notList);
    const inItemPrev = p.pfx.add(p.lenRow).mul(one.sub(p.isList)).add(p.pay);
    const booleans = ['typeRow', 'pfx', 'lenRow', 'pay', 'isList', 'single', 'sc', 'dt', 'cn', 'to', 'isS', 'first', 'last', 'end', 'isHi', 'top', 'al'] as const;
    const unsigned = one.sub(c.signing);
    const w = unsigned.mul(c.dbyte);
    const wa = unsigned.mul(c.addrEnd.add(c.keyEnd));

    this.gate(cs, 'rlp row', {
      ...Object.fromEntries(booleans.map((b) => [`${b} is boolean`, c[b].mul(one.sub(c[b]))])),
      'one row kind': active.mul(one.sub(active)),
      'single only on a prefix': c.single.mul(one.sub(c.pfx)),
      'isList only on a prefix or length byte': c.isList.mul(one.sub(c.pfx).sub(c.lenRow)),
      'a stream starts with its type byte or list header': c.first.mul(one.sub(c.typeRow).sub(c.pfx)),
      'a stream starts at index 0': c.first.mul(c.idx),
      'the first prefix is the list header': c.first.mul(c.pfx).mul(notList),
      'a type byte only first': c.typeRow.mul(one.sub(c.first)),
      'a type byte only for types 1 and 2': c.typeRow.mul(c.txType.sub(1)).mul(c.txType.sub(2)),
      'type 0 has no type byte': c.first.mul(c.pfx).mul(c.txType),
      'type byte = type': c.typeRow.mul(c.byte.sub(c.txType)),
      'no tag outside items': c.typeRow.add(c.isList).mul(c.tag),
      'list header: list length = prefix length': c.pfx.mul(c.isList).mul(c.listRem.sub(c.plen)),
      'item prefix: item length = prefix length': itemPfx.mul(c.rem.sub(c.plen)),
      'constant item: no length': c.pfx.mul(c.cn).mul(c.plen),
      'constant item: no length bytes': c.pfx.mul(c.cn).mul(c.lenLeft),
      'constant item: its byte': c.pfx.mul(c.cn).mul(c.byte.sub(c.constByte)),
      'prefix: value = the single byte (lo)': c.pfx.mul(c.accLo.sub(c.single.mul(c.byte))),
      'prefix: value = the single byte (hi)': c.pfx.mul(c.accHi),
      'prefix: count = single': c.pfx.mul(c.cnt.sub(c.single)),
      'prefix: gas of the single byte': c.pfx.mul(c.gas.sub(c.single.mul(c.nz.mul(12).add(4)))),
      ...Object.fromEntries((['accLo', 'accHi', 'cnt', 'gas'] as const).map((k) => [`length byte: ${k} = 0`, c.lenRow.mul(c[k])])),
      'nz = byte · inv': c.nz.sub(c.byte.mul(c.inv)),
      'nz = 1 unless byte = 0': c.byte.mul(one.sub(c.nz)),
      'a number is not the single byte 0': c.pfx.mul(c.single).mul(c.sc).mul(one.sub(c.nz)),
      'an item ends with nothing left': c.end.mul(c.rem),
      'a stream ends with nothing left': c.last.mul(c.listRem),
      // cells a row kind does not use are 0 (no free cells): padding rows entirely, item cells outside items,
      // header cells off headers, number cells off numbers, the digest off the last row
      ...Object.fromEntries(DECODER_FIELDS.map((k) => [`padding: ${k} = 0`, one.sub(active).mul(c[k])])),
      ...Object.fromEntries((['sc', 'dt', 'cn', 'to', 'isS', 'al', 'rem'] as const).map((k) => [`no ${k} outside items`, c.typeRow.add(c.isList).mul(c[k])])),
      ...Object.fromEntries((['listRem', 'accLo', 'accHi', 'cnt', 'gas'] as const).map((k) => [`type byte: ${k} = 0`, c.typeRow.mul(c[k])])),
      'plen only on a prefix': c.plen.mul(one.sub(c.pfx)),
      'constByte only on a constant item\'s prefix': c.constByte.mul(one.sub(c.pfx.mul(c.cn))),
      'lenLeft only on a header': c.lenLeft.mul(one.sub(c.pfx).sub(c.lenRow)),
      'isHi only on a number\'s payload': c.isHi.mul(one.sub(c.pay.mul(c.sc.add(c.to)))),
      'top only on a number\'s payload': c.top.mul(one.sub(c.pay.mul(c.sc.add(c.to)))),
      'inv = 0 when byte = 0': c.inv.mul(one.sub(c.nz)),
      'digest only on the last row (lo)': c.hashLo.mul(one.sub(c.last)),
      'digest only on the last row (hi)': c.hashHi.mul(one.sub(c.last)),
      'to is empty or 20 bytes': c.end.mul(c.to).mul(c.cnt).mul(c.cnt.sub(20)),
      'dbyte = calldata byte row': c.dbyte.sub(c.dt.mul(c.pay.add(c.single))),
      // the signed stream's calldata bytes (w) and access-list items (on their last bytes) are the table's rows
      'table: txId': t.txId.cur().sub(w.add(wa).mul(c.txId)),
      'table: tag': t.tag.cur().sub(w.mul(TxFieldTag.CallData)).sub(unsigned.mul(c.addrEnd.mul(TxFieldTag.AccessListAddress).add(c.keyEnd.mul(TxFieldTag.AccessListStorageKey)))),
      'table: index': t.index.cur().sub(w.mul(c.cnt.sub(1))).sub(wa.mul(c.alIdx)),
      'table: valueLo': t.valueLo.cur().sub(w.mul(c.byte)).sub(wa.mul(c.alLo)),
      'table: valueHi': t.valueHi.cur().sub(wa.mul(c.alHi)),
    });
    const cont = active.sub(c.first);
    const carry = (k: (typeof DECODER_FIELDS)[number]) => c[k].sub(p[k]);
    const inItemNotFirst = itemLen.add(c.pay);
    this.gate(cs, 'rlp next', {
      'last = the next row starts a stream or is padding': p.last.sub(activePrev.mul(c.first.add(one).sub(active))),
      'no stream after padding': active.mul(one.sub(activePrev)),
      ...Object.fromEntries((['txId', 'keccakId', 'signing', 'txType'] as const).map((k) => [`stream: ${k} as on the previous row`, cont.mul(carry(k))])),
      'stream: idx = previous + 1': cont.mul(c.idx.sub(p.idx).sub(1)),
      'the signing payload follows the signed tx': c.first.mul(c.signing.add(p.signing).sub(1)),
      'tx ids count up by signed tx': c.first.mul(c.txId.sub(p.txId).sub(one.sub(c.signing))),
      'a prefix follows the type byte': p.typeRow.mul(one.sub(c.pfx)),
      'the list header follows the type byte': p.typeRow.mul(notList),
      'a list header only at the start': c.pfx.mul(c.isList).mul(one.sub(c.first).sub(p.typeRow)),
      'a length byte follows a prefix or length byte': c.lenRow.mul(one.sub(p.pfx).sub(p.lenRow)),
      'length byte: same header': c.lenRow.mul(c.isList.sub(p.isList)),
      'length byte: count down': c.lenRow.mul(c.lenLeft.sub(p.lenLeft).add(1)),
      'length bytes: all read': p.pfx.add(p.lenRow).mul(one.sub(c.lenRow)).mul(p.lenLeft),
      'list length byte: big-endian': c.lenRow.mul(c.isList).mul(c.listRem.sub(p.listRem.mul(256)).sub(c.byte)),
      'item length byte: big-endian': itemLen.mul(c.rem.sub(p.rem.mul(256)).sub(c.byte)),
      'payload follows its item': c.pay.mul(one.sub(inItemPrev)),
      'payload: count down': c.pay.mul(c.rem.sub(p.rem).add(1)),
      'payload: count up': c.pay.mul(c.cnt.sub(p.cnt).sub(1)),
      'payload: gas 4 per zero byte, 16 per other': c.pay.mul(c.gas.sub(p.gas).sub(c.nz.mul(12)).sub(4)),
      'payload: value lo': c.pay.mul(c.accLo.sub(c.isHi.mul(p.accLo)).sub(one.sub(c.isHi).mul(p.accLo.mul(256).add(c.byte)))),
      'payload: value hi': c.pay.mul(c.accHi.sub(one.sub(c.isHi).mul(p.accHi)).sub(c.isHi.mul(p.accHi.mul(256).add(c.byte)))),
      'a number has no leading zero': c.pay.mul(one.sub(p.pay)).mul(c.sc).mul(one.sub(c.nz)),
      ...Object.fromEntries((['tag', 'sc', 'dt', 'cn', 'to', 'isS', 'al'] as const).map((k) => [`item: ${k} as on the previous row`, inItemNotFirst.mul(carry(k))])),
      'item rows: list count down': itemPfx.add(inItemNotFirst).mul(c.listRem.sub(p.listRem).add(1)),
      'end = the item ends here': p.end.sub(inItemPrev.mul(one.sub(c.pay).sub(c.lenRow))),
    });
    this.gate(cs, 'rlp first row', {
      'a stream starts on the first row (or none does)': active.sub(c.first),
      'the first tx is tx 1': c.txId.sub(c.first),
      'the first stream is a signed tx': c.signing,
    });
    this.gate(cs, 'rlp last row', { 'the last row is padding': active.add(c.end).add(c.last) });

    const rlp = this.rlp;
    const romInput = (g: Expr, prevTag: Expr, tag: Expr, flags: readonly Expr[]): Array<[Expr, Expr]> =>
      [g.mul(c.txType), g.mul(c.signing), g.mul(prevTag), g.mul(tag), ...flags.map((e) => g.mul(e))].map((e, i): [Expr, Expr] => [e, rlp.romTable()[i]]);
    cs.lookup(`${name} rlp item order`, romInput(itemPfx, p.tag, c.tag, [c.sc, c.dt, c.cn, c.to, c.isS, c.constByte, c.al]));
    cs.lookup(`${name} rlp list end`, romInput(c.last, c.tag, constant(END_OF_LIST), [0, 0, 0, 0, 0, 0, 0].map((v) => constant(v))));
    const gp = c.pfx.mul(one.sub(c.cn));
    // the access list item's prefix announces a list, every other item's a string
    cs.lookup(`${name} rlp prefix`, [c.byte, c.single, c.isList.add(c.al), c.plen, c.lenLeft].map((e, i): [Expr, Expr] => [gp.mul(e), rlp.prefixTable()[i]]));
    const gs = c.pay.mul(c.sc.add(c.to));
    cs.lookup(`${name} rlp number split`, [c.rem, c.isHi, c.top].map((e, i): [Expr, Expr] => [gs.mul(e), rlp.splitTable()[i]]));
    const firstLength = c.lenRow.mul(p.pfx);
    cs.lookup(`${name} rlp canonical length`, [[firstLength.mul(p.lenLeft), rlp.lengthTable()[0]], [firstLength.mul(c.byte), rlp.lengthTable()[1]]]);
    // a 1-byte string is a byte ≥ 0x80 (smaller ones are their own encoding): not a single byte in the prefix table
    const oneByteString = c.pay.mul(p.pfx).mul(c.end);
    cs.lookup(`${name} rlp one-byte string`, [[oneByteString.mul(c.byte), rlp.prefixTable()[0]], [constant(0), rlp.prefixTable()[1]]]);
    // EIP-2 low s: a 32-byte s starts below 0x80 (its high half < 2^127; the field rows exclude 2^127 − 1)
    const sTop = c.pay.mul(c.isS).mul(c.top);
    cs.lookup(`${name} rlp low s`, [[sTop.mul(c.byte), rlp.prefixTable()[0]], [sTop, rlp.prefixTable()[1]]]);
    cs.lookup(`${name} keccak input`, keccakInputLookup(keccak, active, c.keccakId, c.idx, c.byte));
    cs.lookup(`${name} keccak digest`, keccakDigestLookup(keccak, c.last, c.keccakId, c.idx.add(1), c.hashLo, c.hashHi));

    const row = (txId: Expr, tag: Expr, valueLo: Expr, valueHi: Expr = constant(0), index: Expr = constant(0)) => ({ txId, tag, index, valueLo, valueHi });
    const gv = c.end.mul(c.sc.add(c.to));
    cs.lookup(`${name} field value`, txLookupPairs(t, gv, row(c.txId, c.tag, c.accLo.add(c.to.mul(c.accHi).mul(TWO_128)), one.sub(c.to).mul(c.accHi))));
    const [gd, ga] = [c.end.mul(c.dt), c.end.mul(c.to)];
    cs.lookup(`${name} calldata length and is-create`, txLookupPairs(t, one, row(
      gd.add(ga).mul(c.txId), gd.mul(TxFieldTag.CallDataLength).add(ga.mul(TxFieldTag.IsCreate)),
      gd.mul(c.cnt).add(ga.mul(one.sub(c.cnt.mul(frInv(20n))))),
    )));
    cs.lookup(`${name} calldata gas`, txLookupPairs(t, gd, row(c.txId, constant(TxFieldTag.CallDataGasCost), c.gas)));
    cs.lookup(`${name} calldata byte`, txLookupPairs(t, c.signing.mul(c.dbyte), row(c.txId, constant(TxFieldTag.CallData), c.byte, constant(0), c.cnt.sub(1))));
    cs.lookup(`${name} type`, txLookupPairs(t, c.first, row(c.txId, constant(TxFieldTag.Type), c.txType)));
    this.constrainAccessList(cs, c, p);
  }

  /**
   * The access list item's payload, [[address, [key, …]], …], one byte per row (its outer item rows are a list's: the
   * prefix table says so). Each payload row is one of: an entry's list prefix or length byte, an address byte, the
   * keys list's prefix or length byte, a key byte; the first byte of an address or key (alPre) is its string prefix,
   * 0x94 or 0xa0 (exactly 20 or 32 bytes follow: addrEnd/keyEnd at alCnt 20/32). Which kind follows which is fixed:
   * entry header → address → keys header → keys …, and an entry or the list ends only where entryRem and keysRem, the
   * entry's and keys list's bytes left (set by their headers, as canonical as the outer lengths, counted down), are 0.
   * alIdx counts the items (addresses and keys) before a row, alGas their EIP-2930 gas (2400 and 1900); alLo/alHi
   * accumulate the item's value (a key's first 16 bytes in alHi, by the split table). On the signed stream each item's
   * last row is its tx table row (index alIdx); on the signing stream it must be that row; at the list's end the
   * count and gas are the tx's AccessListItems and AccessListGasCost.
   */
  private constrainAccessList(cs: ConstraintSystem, c: Record<(typeof DECODER_FIELDS)[number], Expr>, p: Record<(typeof DECODER_FIELDS)[number], Expr>): void {
    const { name, table: t, rlp } = this;
    const one = constant(1);
    const kinds = (r: typeof c) => r.entryHead.add(r.entryLen).add(r.keysHead).add(r.keysLen).add(r.addrByte).add(r.keyByte);
    const k = kinds(c);
    const strings = c.addrByte.add(c.keyByte);
    // an address or key byte after the prefix
    const body = strings.sub(c.alPre);
    const ends = c.addrEnd.add(c.keyEnd);
    const headers = c.entryHead.add(c.entryLen).add(c.keysHead).add(c.keysLen);
    const flags = ['entryHead', 'entryLen', 'keysHead', 'keysLen', 'addrByte', 'keyByte', 'alPre', 'addrEnd', 'keyEnd', 'alIsHi'] as const;
    const counters = ['hLeft', 'entryRem', 'keysRem', 'alCnt', 'alIdx', 'alGas', 'alLo', 'alHi'] as const;
    const rowRules: Record<string, Expr> = {
      ...Object.fromEntries(flags.map((f) => [`${f} is boolean`, c[f].mul(one.sub(c[f]))])),
      'one access-list kind on its payload rows, none elsewhere': k.sub(c.pay.mul(c.al)),
      ...Object.fromEntries(counters.map((f) => [`${f} = 0 off the access list`, one.sub(k).mul(c[f])])),
      'alPre, ends, alIsHi only on address or key bytes': c.alPre.add(ends).add(c.alIsHi).mul(one.sub(strings)),
      'prefix byte: 0x94 (address) or 0xa0 (key)': c.alPre.mul(c.byte.sub(c.addrByte.mul(0x94)).sub(c.keyByte.mul(0xa0))),
      'prefix: alCnt = 0': c.alPre.mul(c.alCnt), 'prefix: alLo = 0': c.alPre.mul(c.alLo), 'prefix: alHi = 0': c.alPre.mul(c.alHi),
      // (no rule reads an item's counters on a header row: pinned, so that no cell of the decoder is left free)
      'header: alCnt = 0': headers.mul(c.alCnt), 'header: alLo = 0': headers.mul(c.alLo), 'header: alHi = 0': headers.mul(c.alHi),
      'addrEnd: an address\'s 20th byte': c.addrEnd.mul(one.sub(c.addrByte)).add(c.addrEnd.mul(c.alCnt.sub(20))),
      'keyEnd: a key\'s 32nd byte': c.keyEnd.mul(one.sub(c.keyByte)).add(c.keyEnd.mul(c.alCnt.sub(32))),
      'an address is all low half': c.addrByte.mul(c.alIsHi),
      'hLeft only on headers': c.hLeft.mul(c.addrByte.add(c.keyByte)),
      'keysRem only in the keys list': c.keysRem.mul(c.entryHead.add(c.entryLen).add(c.addrByte)),
      // the list ends where an entry may: nothing left of the entry or its keys
      'the list ends with its entry': c.end.mul(c.al).mul(c.entryRem),
      'the list ends with its keys': c.end.mul(c.al).mul(c.keysRem),
    };
    cs.createGate(`${name} rlp access list`, Object.entries(rowRules).map(([n, e]): [string, Expr] => [n, this.q['rlp row'].expr().mul(e)]));

    const pHeader = p.entryHead.add(p.entryLen);
    const pKeysHeader = p.keysHead.add(p.keysLen);
    const nextRules: Record<string, Expr> = {
      // what may precede each kind (an entry header: the list's prefix, or the end of an entry, below)
      'entry length byte after the entry prefix or length byte': c.entryLen.mul(one.sub(pHeader)),
      'keys header after an address': c.keysHead.mul(one.sub(p.addrEnd)),
      'keys length byte after the keys prefix or length byte': c.keysLen.mul(one.sub(pKeysHeader)),
      'address prefix after the entry header': c.addrByte.mul(c.alPre).mul(one.sub(pHeader)),
      'key prefix after the keys header or a key': c.keyByte.mul(c.alPre).mul(one.sub(pKeysHeader).sub(p.keyEnd)),
      'address byte after an address byte': c.addrByte.sub(c.addrByte.mul(c.alPre)).mul(one.sub(p.addrByte).add(p.addrEnd)),
      'key byte after a key byte': c.keyByte.sub(c.keyByte.mul(c.alPre)).mul(one.sub(p.keyByte).add(p.keyEnd)),
      'an entry starts after the last one ends (entry)': c.entryHead.mul(p.entryRem),
      'an entry starts after the last one ends (keys)': c.entryHead.mul(p.keysRem),
      // what must follow
      'an address goes on to its 20th byte': p.addrByte.sub(p.addrEnd).mul(one.sub(c.addrByte)),
      'a key goes on to its 32nd byte': p.keyByte.sub(p.keyEnd).mul(one.sub(c.keyByte)),
      'the keys list follows its address': p.addrEnd.mul(one.sub(c.keysHead)),
      'header length bytes: all read (entry)': pHeader.mul(p.hLeft).mul(one.sub(c.entryLen)),
      'header length bytes: all read (keys)': pKeysHeader.mul(p.hLeft).mul(one.sub(c.keysLen)),
      'the address follows its entry header': pHeader.mul(one.sub(c.entryLen)).mul(one.sub(c.addrByte)),
      // counters
      'length byte: hLeft counts down': c.entryLen.add(c.keysLen).mul(c.hLeft.sub(p.hLeft).add(1)),
      'entry length byte: big-endian': c.entryLen.mul(c.entryRem.sub(p.entryRem.mul(256)).sub(c.byte)),
      'keys length byte: big-endian': c.keysLen.mul(c.keysRem.sub(p.keysRem.mul(256)).sub(c.byte)),
      'entry payload: entryRem counts down': strings.add(c.keysHead).add(c.keysLen).mul(c.entryRem.sub(p.entryRem).add(1)),
      'key bytes: keysRem counts down': c.keyByte.mul(c.keysRem.sub(p.keysRem).add(1)),
      'address or key byte: alCnt counts up': body.mul(c.alCnt.sub(p.alCnt).sub(1)),
      'address or key byte: value lo': body.mul(c.alLo.sub(c.alIsHi.mul(p.alLo)).sub(one.sub(c.alIsHi).mul(p.alLo.mul(256).add(c.byte)))),
      'address or key byte: value hi': body.mul(c.alHi.sub(one.sub(c.alIsHi).mul(p.alHi)).sub(c.alIsHi.mul(p.alHi.mul(256).add(c.byte)))),
      'alIdx counts the items before': k.mul(c.alIdx.sub(p.alIdx).sub(p.addrEnd).sub(p.keyEnd)),
      'alGas: 2400 per address, 1900 per key before': k.mul(c.alGas.sub(p.alGas).sub(p.addrEnd.mul(2400)).sub(p.keyEnd.mul(1900))),
    };
    cs.createGate(`${name} rlp access list next`, Object.entries(nextRules).map(([n, e]): [string, Expr] => [n, this.q['rlp next'].expr().mul(e)]));

    // an entry or keys list header: a list prefix (its short length the entry's or keys' bytes, else length bytes follow)
    const h = c.entryHead.add(c.keysHead);
    cs.lookup(`${name} rlp access list header`, [
      h.mul(c.byte), constant(0), h, c.entryHead.mul(c.entryRem).add(c.keysHead.mul(c.keysRem)), h.mul(c.hLeft),
    ].map((e, i): [Expr, Expr] => [e, rlp.prefixTable()[i]]));
    const firstLength = c.entryLen.mul(p.entryHead).add(c.keysLen.mul(p.keysHead));
    cs.lookup(`${name} rlp access list canonical length`, [[firstLength.mul(p.hLeft), rlp.lengthTable()[0]], [firstLength.mul(c.byte), rlp.lengthTable()[1]]]);
    // a key's byte j (alCnt, 1 … 32) is high iff 32 − j ≥ 16
    const keyBody = c.keyByte.sub(c.keyByte.mul(c.alPre));
    cs.lookup(`${name} rlp access list key split`, [[keyBody.mul(constant(32).sub(c.alCnt)), rlp.splitTable()[0]], [keyBody.mul(c.alIsHi), rlp.splitTable()[1]]]);

    const item = c.signing.mul(c.addrEnd.add(c.keyEnd));
    cs.lookup(`${name} access list item`, txLookupPairs(t, item, {
      txId: c.txId, tag: c.addrEnd.mul(TxFieldTag.AccessListAddress).add(c.keyEnd.mul(TxFieldTag.AccessListStorageKey)), index: c.alIdx, valueLo: c.alLo, valueHi: c.alHi,
    }));
    // on the list's last row (its prefix when empty): the items and gas counted, with the row's own item
    const last = c.end.mul(c.al);
    const zero = constant(0);
    cs.lookup(`${name} access list items`, txLookupPairs(t, last, { txId: c.txId, tag: constant(TxFieldTag.AccessListItems), index: zero, valueLo: c.alIdx.add(c.addrEnd).add(c.keyEnd), valueHi: zero }));
    cs.lookup(`${name} access list gas`, txLookupPairs(t, last, {
      txId: c.txId, tag: constant(TxFieldTag.AccessListGasCost), index: zero, valueLo: c.alGas.add(c.addrEnd.mul(2400)).add(c.keyEnd.mul(1900)), valueHi: zero,
    }));
  }

  /** Usable rows the machine gets after the field rows (its last one stays padding). */
  machineRows(usableRows: number): number {
    return usableRows - this.params.capacity * BLOCK;
  }

  /** Loads the fixed tables and lays out the field rows and the machine rows up to the last usable row. */
  assign(layouter: Layouter, witness: TxWitness): void {
    const { capacity } = this.params;
    if (witness.summary.length !== capacity * BLOCK) throw new TxCircuitError(`${witness.summary.length} field rows, the circuit has ${capacity} blocks of ${BLOCK}`);
    const usable = layouter.assignment.usableRows;
    const machine = this.machineRows(usable);
    if (witness.decoder.length + 1 > machine) throw new TxCircuitError(`${witness.decoder.length} RLP rows (+1 padding) do not fit the ${machine} rows left after ${capacity} tx slots`);
    this.rlp.load(layouter);
    layouter.assignRegion(`${this.name} table`, (region) => {
      const put = (col: Column, row: number, v: bigint) => region.assignAdvice(col.name, col, row, v);
      witness.summary.forEach((s, i) => {
        const b = Math.floor(i / BLOCK);
        region.enableSelector(this.q.field, i);
        if (i % BLOCK !== 0) region.enableSelector(this.q['field carry'], i);
        else if (b > 0) region.enableSelector(this.q['field block'], i);
        const tag = SUMMARY_TAGS[i % BLOCK];
        const sel = { [TxFieldTag.CallerAddress]: 'sender', [TxFieldTag.MaxFeePerGas]: 'fees', [TxFieldTag.IsL1Message]: 'l1', [TxFieldTag.AccessListGasCost]: 'access list', [TxFieldTag.ChainId]: 'chain', [TxFieldTag.SigS]: 'low s', [TxFieldTag.TxHash]: 'hashes', [TxFieldTag.TxSignHash]: 'hashes' }[tag as number] as (typeof SELECTORS)[number] | undefined;
        if (sel) region.enableSelector(this.q[sel], i);
        region.assignFixed('tag', this.fixed.tag, i, BigInt(tag));
        region.assignFixed('tx number', this.fixed.txNo, i, BigInt(b + 1));
        for (const f of TX_TABLE_FIELDS) put(this.table[f], i, f === 'index' ? 0n : s[f]);
        put(this.field.real, i, s.real);
        put(this.field.recId, i, s.recId);
        put(this.field.inv, i, s.inv);
      });
      const start = capacity * BLOCK;
      for (let j = 0; j < machine; j++) {
        const r = witness.decoder[j] ?? DECODER_PADDING_ROW;
        const i = start + j;
        region.enableSelector(this.q['rlp row'], i);
        region.enableSelector(this.q[j === 0 ? 'rlp first row' : 'rlp next'], i);
        if (j === machine - 1) region.enableSelector(this.q['rlp last row'], i);
        for (const f of DECODER_FIELDS) put(this.dec[f], i, r[f]);
        const cell = machineTableRow(r);
        for (const f of TX_TABLE_FIELDS) put(this.table[f], i, cell[f]);
      }
    });
  }
}
