/**
 * Tx family (circuits/tx): three txs (legacy without calldata, 2930 with 56 bytes of calldata, the L1 deposit) over
 * the fixture tables of circuits/tx/examples.ts (keccak and signature tables constrained by nothing), k = 10.
 */
import { frInv } from '../../../circuits/field/fr-scalar.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, type DecoderRow } from '../../../circuits/witness/tx.js';
import type { NegativeTest, SoundnessTarget, WitnessEditor } from '../types.js';
import { PADDING } from './examples.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, depositTransaction } from '../../../node/l1/bridge.js';
import { createTxFromRLP } from '@ethereumjs/tx';
import { TxWithFixtures } from '../../../circuits/tx/examples.js';
import { BASE_FEE, calldata, common, signedTx, txTrace } from './signed-txs.js';

const CAPACITY = 4;
const params = { capacity: CAPACITY, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), chainId: DEV_CHAIN_ID };
const deposit = () => txTrace(createTxFromRLP(depositTransaction({ nonce: 0n, to: '0x00000000000000000000000000000000000000aa', value: 123n } as never, common, BASE_FEE), { common }), 0);
const circuit = () => new TxWithFixtures([
  txTrace(signedTx({ type: 0, nonce: 0n, data: calldata(0) }), 0), txTrace(signedTx({ type: 1, nonce: 300n, data: calldata(56) }), 1), deposit(),
], params);

const W = circuit().witness;
const START = CAPACITY * SUMMARY_TAGS.length;
const machineRow = (pick: (r: DecoderRow) => boolean) => START + W.decoder.findIndex(pick);
const fieldRow = (txId: number, tag: TxFieldTag) => (txId - 1) * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag);
const itemEnd = (txId: number, signing: 0 | 1, tag: number) => machineRow((r) => r.txId === BigInt(txId) && r.signing === BigInt(signing) && r.tag === BigInt(tag) && r.end === 1n);
const test = (name: string, mutate: (w: WitnessEditor) => void): NegativeTest => ({ name, mutate });

/**
 * Rewrites the byte of machine row `row` (and its keccak fixture row, and the row's inverse) to `byte`, both
 * non-zero (a calldata byte's running value follows): the stream's hash still matches (the fixture's digest is
 * not recomputed), so what objects is what reads the byte's meaning.
 */
function rewriteByte(w: WitnessEditor, row: number, byte: bigint): void {
  const r = W.decoder[row - START];
  const input = Number(r.keccakId) - 1;
  const fixtureRow = W.keccakInputs.slice(0, input).reduce((n, b) => n + b.length + 1, 0) + Number(r.idx);
  w.set('keccak fixture byte', fixtureRow, byte);
  w.set('tx rlp byte', row, byte);
  w.set('tx rlp inv', row, frInv(byte));
  // a payload byte also moves its item's running value (kept for every item, read only for numbers)
  if (r.pay === 0n) return;
  for (let j = row, f = 1n; ; j++, f *= 256n) {
    w.set('tx rlp accLo', j, w.get('tx rlp accLo', j) + (byte - r.byte) * f);
    if (W.decoder[j - START].end === 1n) break;
  }
}

/**
 * Single-cell corruptions ("column@row + 1" or "column@row = v"), each refused by one item alone. The tool picked
 * them from every v + 1 / 0 / 2 edit of the chip's cells on the field rows of a real and a padding block and on
 * machine rows of every kind (first rows, headers, length bytes, number/address/calldata payloads, item and
 * stream ends, padding). Rows: field blocks from 0 (block 4 is padding), the machine from START = 80.
 */
const CELL_EDITS: readonly string[] = [
  'tx txId@3 + 1', 'tx tag@3 + 1', 'tx index@3 + 1', 'tx field recId@0 + 1', 'tx field inv@0 + 1',
  'tx valueLo@60 + 1', 'tx valueHi@60 + 1', 'tx field recId@63 + 1', 'tx valueHi@3 + 1', 'tx valueHi@13 + 1',
  'tx valueLo@14 + 1', 'tx valueHi@14 + 1', 'tx valueHi@16 + 1', 'tx field inv@79 + 1', 'tx valueLo@15 + 1',
  'tx valueHi@15 + 1', 'tx rlp single@81 + 1', 'tx rlp isList@239 + 1', 'tx rlp tag@80 + 1',
  'tx rlp accLo@80 + 1', 'tx rlp accHi@80 + 1', 'tx rlp cnt@80 + 1', 'tx rlp gas@80 + 1', 'tx rlp accLo@81 + 1',
  'tx rlp accHi@81 + 1', 'tx rlp cnt@81 + 1', 'tx rlp gas@81 + 1', 'tx rlp inv@80 + 1', 'tx rlp txId@667 + 1',
  'tx rlp keccakId@667 + 1', 'tx rlp signing@667 + 1', 'tx rlp txType@667 + 1', 'tx rlp idx@667 + 1',
  'tx rlp tag@667 + 1', 'tx rlp sc@667 + 1', 'tx rlp dt@667 + 1', 'tx rlp cn@667 + 1', 'tx rlp to@667 + 1',
  'tx rlp isS@667 + 1', 'tx rlp rem@667 + 1', 'tx rlp listRem@667 + 1', 'tx rlp accLo@667 + 1',
  'tx rlp accHi@667 + 1', 'tx rlp cnt@667 + 1', 'tx rlp gas@667 + 1', 'tx rlp sc@80 + 1', 'tx rlp dt@80 + 1',
  'tx rlp cn@81 + 1', 'tx rlp to@80 + 1', 'tx rlp isS@80 + 1', 'tx rlp rem@80 + 1', 'tx rlp listRem@239 + 1',
  'tx rlp accLo@239 + 1', 'tx rlp accHi@239 + 1', 'tx rlp cnt@239 + 1', 'tx rlp gas@239 + 1',
  'tx rlp plen@81 + 1', 'tx rlp constByte@80 + 1', 'tx rlp lenLeft@93 + 1', 'tx rlp isHi@80 + 1',
  'tx rlp top@80 + 1', 'tx rlp inv@93 + 1', 'tx rlp hashLo@80 + 1', 'tx rlp hashHi@80 + 1',
  'tx rlp dbyte@432 + 1', 'tx txId@80 + 1', 'tx tag@80 + 1', 'tx index@80 + 1', 'tx valueLo@80 + 1',
  'tx valueHi@80 + 1', 'tx rlp txId@81 + 1', 'tx rlp keccakId@239 + 1', 'tx rlp signing@81 + 1',
  'tx rlp txType@81 + 1', 'tx rlp idx@122 = 2', 'tx rlp rem@93 + 1', 'tx rlp cnt@93 + 1', 'tx rlp gas@93 + 1',
  'tx rlp accLo@93 + 1', 'tx rlp accHi@93 + 1', 'tx rlp tag@93 + 1', 'tx rlp sc@84 = 0', 'tx rlp dt@288 = 0',
  'tx rlp cn@93 + 1', 'tx rlp to@84 + 1', 'tx rlp isS@93 + 1', 'tx rlp listRem@82 + 1', 'tx rlp end@80 + 1',
  'tx rlp sc@82 = 0', 'tx rlp top@93 + 1', 'tx valueLo@5 + 1', 'tx valueLo@8 + 1', 'tx valueHi@12 + 1',
];

function cellEdit(spec: string): NegativeTest {
  const m = /^(.+)@(\d+) (?:\+ 1|= (\d+))$/.exec(spec);
  if (!m) throw new Error(`bad cell edit "${spec}"`);
  const [, column, row, value] = m;
  return test(spec, (w) => w.set(column, Number(row), value === undefined ? w.get(column, Number(row)) + 1n : BigInt(value)));
}

export const tx: SoundnessTarget = {
  name: 'tx',
  family: 'tx',
  description: 'circuits/tx: tx table from signed txs through the RLP state machine (keccak and signature tables are fixtures here)',
  honest: () => ({ circuit: circuit(), k: 10, instances: [] }),
  negatives: [
    test('wrong nonce in the table', (w) => w.set('tx valueLo', fieldRow(2, TxFieldTag.Nonce), 2n)),
    test('wrong value hi in the table', (w) => w.set('tx valueHi', fieldRow(1, TxFieldTag.Value), 1n)),
    test('nonce item read as the gas limit', (w) => w.set('tx rlp tag', itemEnd(1, 0, TxFieldTag.Nonce), BigInt(TxFieldTag.GasLimit))),
    test('sender changed', (w) => w.set('tx valueLo', fieldRow(2, TxFieldTag.CallerAddress), 1n)),
    test('deposit not marked', (w) => w.set('tx valueLo', fieldRow(3, TxFieldTag.IsL1Message), 0n)),
    test('legacy fee cap ≠ gas price', (w) => w.set('tx valueLo', fieldRow(1, TxFieldTag.MaxFeePerGas), 1n)),
    test('wrong tx hash', (w) => w.set('tx valueHi', fieldRow(3, TxFieldTag.TxHash), 1n)),
    test('low-s inverse', (w) => w.set('tx field inv', fieldRow(2, TxFieldTag.SigS), 0n)),
    // the fixtures are unconstrained, so an edit there is a lie one lookup alone must catch
    test('a stream byte the keccak table does not hold', (w) => w.set('keccak fixture byte', 5, w.get('keccak fixture byte', 5) ^ 1n)),
    test('a digest the keccak table does not hold', (w) => w.set('keccak fixture hashLo', W.keccakInputs[0].length, 1n)),
    test('a sender the signature table does not recover', (w) => w.set('sig fixture address', 1, 1n)),
    test('signing payload calldata that is not the signed tx\'s', (w) => {
      const row = machineRow((r) => r.txId === 2n && r.signing === 1n && r.dbyte === 1n && r.byte > 1n);
      rewriteByte(w, row, W.decoder[row - START].byte ^ 1n);
    }),
    test('a prefix byte that does not announce its item\'s length', (w) => {
      const row = itemEnd(2, 0, TxFieldTag.Nonce) - 2;
      rewriteByte(w, row, W.decoder[row - START].byte + 1n);
    }),
    test('a user tx marked as an L1 message', (w) => { w.set('tx valueLo', fieldRow(1, TxFieldTag.IsL1Message), 1n); w.set('tx field inv', fieldRow(1, TxFieldTag.IsL1Message), 0n); }),
    { name: 'txs of the dev chain in a circuit for another chain', inputs: () => ({ circuit: new TxWithFixtures(circuit().txs, { ...params, chainId: DEV_CHAIN_ID + 1n }, W), k: 10, instances: [] }) },
    ...CELL_EDITS.map(cellEdit),
  ],
  allow: [PADDING],
};

export const txTargets: readonly SoundnessTarget[] = [tx];
