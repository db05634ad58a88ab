import { expect } from 'chai';
import { createTxFromRLP } from '@ethereumjs/tx';
import { bytesToHex } from '@noble/hashes/utils.js';
import { MockProver, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { joinWord } from '../../../circuits/gadgets/index.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, TxWitnessError, machineTableRow, txWitness, type DecoderRow } from '../../../circuits/witness/tx.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS } from '../../../node/l1/bridge.js';
import { corrupt, expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { TxWithFixtures, calldata, common, signedTx, txTrace, type TxSpec } from './fixtures.js';

const params = (capacity: number) => ({ capacity, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID });
const key = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const;
const A = '0x00112233445566778899aabbccddeeff00112233' as const;
const B = `0x${'ab'.repeat(20)}` as const;

/**
 * Type 2 with a duplicate address and key, an empty key list, and an entry of 2 keys (long-form entry and keys
 * headers); type 1 with keys only; a legacy tx (no list); a type-2 tx with an empty list.
 */
const SPECS: TxSpec[] = [
  { type: 2, nonce: 0n, data: calldata(3), accessList: [{ address: A, storageKeys: [key(1), key(2 ** 40)] }, { address: B, storageKeys: [] }, { address: A, storageKeys: [key(1)] }] },
  { type: 1, nonce: 1n, data: calldata(0), accessList: [{ address: B, storageKeys: [`0x${'ff'.repeat(32)}`, key(0)] }] },
  { type: 0, nonce: 2n, data: calldata(1) },
  { type: 2, nonce: 3n, data: calldata(0) },
];

describe('tx circuit: EIP-2930 access lists (nested RLP, AccessListAddress/StorageKey rows, count and gas)', function () {
  this.timeout(300_000);
  const K = 11;
  const traces = SPECS.map((s, i) => txTrace(signedTx(s), i));
  const circuit = new TxWithFixtures(traces, params(SPECS.length));
  const w = circuit.witness;
  const machineStart = SPECS.length * SUMMARY_TAGS.length;
  const fieldRow = (txId: number, tag: TxFieldTag) => (txId - 1) * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag);
  const machineRows = (pick: (r: DecoderRow) => boolean) => w.decoder.flatMap((r, i) => (pick(r) ? [machineStart + i] : []));
  let honest: Assignment | undefined;
  const failures = (edits: readonly Edit[]): string[] => {
    const a = (honest ??= synthesize(circuit, K, [], true));
    const saved = a.advice.map((column) => column.slice());
    try {
      return summary(MockProver.fromAssignment(corrupt(a, edits)).verify());
    } finally {
      saved.forEach((column, i) => { a.advice[i] = column; });
    }
  };

  it('the table holds the items @ethereumjs decodes, with their count and EIP-2930 gas; MockProver passes', () => {
    traces.forEach((trace, i) => {
      const list = createTxFromRLP(trace.raw, { common }).toJSON().accessList ?? [];
      const expected = list.flatMap((e) => [[TxFieldTag.AccessListAddress, BigInt(e.address)], ...e.storageKeys.map((k) => [TxFieldTag.AccessListStorageKey, BigInt(k)])]);
      const rows = w.decoder.map(machineTableRow).filter((r) => r.txId === BigInt(i + 1) && r.tag !== BigInt(TxFieldTag.CallData));
      expect(rows.map((r) => [Number(r.tag), joinWord(r.valueLo, r.valueHi)]), `tx ${i + 1}`).to.deep.equal(expected);
      expect(rows.map((r) => r.index)).to.deep.equal(expected.map((_, j) => BigInt(j)));
      const field = (tag: TxFieldTag) => w.summary[fieldRow(i + 1, tag)]!.valueLo;
      const keys = list.reduce((n, e) => n + e.storageKeys.length, 0);
      expect([field(TxFieldTag.AccessListItems), field(TxFieldTag.AccessListGasCost)]).to.deep.equal([BigInt(expected.length), BigInt(2400 * list.length + 1900 * keys)]);
    });
    // long forms: tx 1's first entry (89 bytes) and its keys list (66), in both streams
    expect(w.decoder.filter((r) => r.txId === 1n && (r.entryLen === 1n || r.keysLen === 1n)).length).to.equal(2 * 2);
    expect(failures([])).to.deep.equal([]);
  });

  it('the witness refuses an access list that is not the canonical encoding of its items or disagrees with the trace', () => {
    const t = traces[0]!;
    expect(() => txWitness([{ ...t, accessList: t.accessList.slice(1) }], params(1))).to.throw(TxWitnessError, /access list/);
    // a key of 31 bytes: not a storage key
    const raw = Uint8Array.from(t.raw);
    const at = bytesToHex(raw).indexOf(`a0${key(1).slice(2)}`) / 2;
    expect(at).to.be.greaterThan(0);
    expect(() => txWitness([{ ...t, raw: Uint8Array.from([...raw.subarray(0, at), 0x9f, ...raw.subarray(at + 2)]) }], params(1))).to.throw(TxWitnessError);
  });

  it('mutations: a dropped key, wrong gas, a wrong item count, an entry length, a key read as an address, a legacy tx with gas', () => {
    // tx 1's item 1 (key 1 of A) zeroed in the table: the signing payload's item lookup and the table gate name it
    const [dropped] = machineRows((r) => r.txId === 1n && r.signing === 0n && r.keyEnd === 1n);
    const [signingKey] = machineRows((r) => r.txId === 1n && r.signing === 1n && r.keyEnd === 1n);
    expect(failures(['tx txId', 'tx tag', 'tx index', 'tx valueLo', 'tx valueHi'].map((column) => ({ column, row: dropped!, value: 0n })))).to.deep.equal([
      `gate tx rlp row/table: index@${dropped}`, `gate tx rlp row/table: tag@${dropped}`, `gate tx rlp row/table: txId@${dropped}`, `gate tx rlp row/table: valueLo@${dropped}`, `lookup tx access list item@${signingKey}`,
    ]);
    const lastOf = (txId: bigint) => machineRows((r) => r.txId === txId && r.al === 1n && r.end === 1n);
    const gas = fieldRow(1, TxFieldTag.AccessListGasCost);
    expect(failures([{ column: 'tx valueLo', row: gas, value: (v) => v - 1900n }])).to.deep.equal(lastOf(1n).map((r) => `lookup tx access list gas@${r}`));
    const count = fieldRow(2, TxFieldTag.AccessListItems);
    expect(failures([{ column: 'tx valueLo', row: count, value: 2n }])).to.deep.equal(lastOf(2n).map((r) => `lookup tx access list items@${r}`));
    // tx 1's first entry header (0xf8, one length byte 89) read as 88: its payload then ends one byte before the keys do
    const [len] = machineRows((r) => r.txId === 1n && r.signing === 0n && r.entryLen === 1n);
    expect(failures([{ column: 'tx rlp entryRem', row: len!, value: (v) => v - 1n }])).to.include(`gate tx rlp access list next/entry length byte: big-endian@${len}`);
    // tx 2's first key claimed as an address (its kind and end flag)
    const [keyEnd] = machineRows((r) => r.txId === 2n && r.signing === 0n && r.keyEnd === 1n);
    expect(failures([{ column: 'tx rlp keyEnd', row: keyEnd!, value: 0n }, { column: 'tx rlp addrEnd', row: keyEnd!, value: 1n }])).to.include(`gate tx rlp access list/addrEnd: an address's 20th byte@${keyEnd}`);
    // a legacy tx claiming access-list gas
    const legacy = fieldRow(3, TxFieldTag.AccessListGasCost);
    expect(failures([{ column: 'tx valueLo', row: legacy, value: 2400n }])).to.deep.equal([`gate tx access list/type 0: AccessListGasCost = 0@${legacy}`]);
    // an item's counters on header rows (read by no rule there, so pinned to 0: no free decoder cell)
    const [entryHead] = machineRows((r) => r.txId === 1n && r.entryHead === 1n);
    const [keysLen] = machineRows((r) => r.txId === 1n && r.keysLen === 1n);
    expect(failures([{ column: 'tx rlp alLo', row: entryHead!, value: 1n }, { column: 'tx rlp alCnt', row: keysLen!, value: 5n }, { column: 'tx rlp alHi', row: keysLen!, value: 1n }])).to.deep.equal([
      `gate tx rlp access list/header: alCnt = 0@${keysLen}`, `gate tx rlp access list/header: alHi = 0@${keysLen}`, `gate tx rlp access list/header: alLo = 0@${entryHead}`,
    ]);
  });

  it('real prover: a type-2 tx with an access list proves; its gas one key short and an item value on a header row are rejected', async () => {
    const one = new TxWithFixtures([traces[0]!], params(1));
    const row = SUMMARY_TAGS.indexOf(TxFieldTag.AccessListGasCost);
    const failed = await expectVerifierRejects(one, 10, [], [{ column: 'tx valueLo', row, value: (v) => v - 1900n }]);
    expect(failed.map((f) => f.split('@')[0])).to.deep.equal(['lookup tx access list gas', 'lookup tx access list gas']);
    // an item's value on an entry header row
    const head = SUMMARY_TAGS.length + one.witness.decoder.findIndex((r) => r.entryHead === 1n);
    expect(await expectVerifierRejects(one, 10, [], [{ column: 'tx rlp alLo', row: head, value: 1n }])).to.deep.equal([`gate tx rlp access list/header: alLo = 0@${head}`]);
  });
});
