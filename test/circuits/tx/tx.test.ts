import { expect } from 'chai';
import { createTxFromRLP } from '@ethereumjs/tx';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { MockProver, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { joinWord } from '../../../circuits/gadgets/index.js';
import { MAX_RLP_LENGTH } from '../../../circuits/tx/rlp.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, TxWitnessError, txWitness, type DecoderRow, type TxWitness } from '../../../circuits/witness/tx.js';
import type { TxTrace } from '../../../circuits/witness/trace.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, depositTransaction } from '../../../node/l1/bridge.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { createAddressFromString } from '@ethereumjs/util';
import { BASE_FEE, TxWithFixtures, calldata, common, signedTx, txTrace, type TxSpec } from './fixtures.js';

const BRIDGE = BigInt(BRIDGE_ADDRESS.toString());
const params = (capacity: number) => ({ capacity, bridgeAddress: BRIDGE, chainId: DEV_CHAIN_ID });

/** The L1 deposit the node builds for queue message 0 (a type-2 tx signed by the bridge account). */
const deposit = (): TxTrace => txTrace(createTxFromRLP(depositTransaction({ nonce: 0n, to: '0x00000000000000000000000000000000000000aa', value: 123n } as never, common, BASE_FEE), { common }), 0);

/** Txs of all three types; calldata at the RLP length boundaries 0, 1, 55, 56; a creation; a deposit. */
const MIXED: TxSpec[] = [
  { type: 0, nonce: 0n, data: calldata(0) }, { type: 1, nonce: 1n, data: Uint8Array.of(0x7f) }, { type: 2, nonce: 2n, data: calldata(55) },
  { type: 0, nonce: 3n, data: calldata(56), create: true }, { type: 1, nonce: 300n, data: calldata(56) }, { type: 2, nonce: 5n, data: Uint8Array.of(0x80), value: 0n },
];

/** The table a witness fills: (txId, tag) → value, calldata per tx id. */
function tableOf(w: TxWitness) {
  const fields = new Map<string, bigint>();
  for (const r of w.summary) if (r.real) fields.set(`${r.txId}/${r.tag}`, joinWord(r.valueLo, r.valueHi));
  const data = new Map<bigint, number[]>();
  for (const r of w.decoder) if (r.signing === 0n && r.dbyte === 1n) (data.get(r.txId) ?? data.set(r.txId, []).get(r.txId)!)[Number(r.cnt - 1n)] = Number(r.byte);
  return { field: (txId: number, tag: TxFieldTag) => fields.get(`${txId}/${tag}`), data: (txId: number) => Uint8Array.from(data.get(BigInt(txId)) ?? []) };
}

/** MockProver failures after `edits`, on one synthesized witness (edits are undone after each call). */
function failuresOn(circuit: TxWithFixtures, k: number): (edits: readonly Edit[]) => string[] {
  let honest: Assignment | undefined;
  return (edits) => {
    const a = (honest ??= synthesize(circuit, k, [], true));
    const saved = a.advice.map((column) => column.slice());
    try {
      return summary(MockProver.fromAssignment(corrupt(a, edits)).verify());
    } finally {
      saved.forEach((column, i) => { a.advice[i] = column; });
    }
  };
}

describe('tx circuit (over keccak and signature table test fixtures)', function () {
  this.timeout(300_000);
  const traces = [...MIXED.map((s, i) => txTrace(signedTx(s), i)), deposit()];

  it('the table holds what @ethereumjs decodes from the raw txs', () => {
    const t = tableOf(txWitness(traces, params(8)));
    traces.forEach((trace, i) => {
      const tx = createTxFromRLP(trace.raw, { common });
      const id = i + 1;
      const expected: Array<[TxFieldTag, bigint]> = [
        [TxFieldTag.Nonce, tx.nonce], [TxFieldTag.GasLimit, tx.gasLimit], [TxFieldTag.Value, tx.value], [TxFieldTag.Type, BigInt(tx.type)],
        [TxFieldTag.CallerAddress, BigInt(tx.getSenderAddress().toString())], [TxFieldTag.CalleeAddress, tx.to ? BigInt(tx.to.toString()) : 0n],
        [TxFieldTag.IsCreate, tx.to ? 0n : 1n], [TxFieldTag.CallDataLength, BigInt(tx.data.length)], [TxFieldTag.ChainId, tx.common.chainId()],
        [TxFieldTag.TxHash, BigInt(`0x${bytesToHex(tx.hash())}`)], [TxFieldTag.TxSignHash, BigInt(`0x${bytesToHex(tx.getHashedMessageToSign())}`)],
        [TxFieldTag.SigV, tx.v!], [TxFieldTag.SigR, tx.r!], [TxFieldTag.SigS, tx.s!], [TxFieldTag.GasPrice, trace.effectiveGasPrice],
        [TxFieldTag.MaxFeePerGas, trace.maxFeePerGas], [TxFieldTag.MaxPriorityFeePerGas, trace.maxPriorityFeePerGas],
        [TxFieldTag.CallDataGasCost, [...tx.data].reduce((g, b) => g + (b ? 16n : 4n), 0n)], [TxFieldTag.IsL1Message, i === traces.length - 1 ? 1n : 0n],
      ];
      for (const [tag, v] of expected) expect(t.field(id, tag), `tx ${id} ${TxFieldTag[tag]}`).to.equal(v);
      expect(t.data(id)).to.deep.equal(tx.data);
    });
  });

  it('all three types, calldata of 0, 1, 55, 56 bytes, a creation and an L1 deposit pass MockProver', () => {
    expect(summary(MockProver.run(12, new TxWithFixtures(traces, params(8)), []).verify())).to.deep.equal([]);
  });

  for (const type of [2, 0, 1] as const) {
    const title = `type ${type} with 1000 bytes of calldata (long-form string and list lengths) passes MockProver`;
    // one type by default: each takes k = 12 and several seconds
    (type === 2 || process.env.SLOW ? it : it.skip)(title, () => {
      const big = new TxWithFixtures([txTrace(signedTx({ type, nonce: 7n, data: calldata(1000) }), 0)], params(1));
      expect(big.witness.decoder.filter((r) => r.lenRow === 1n).length, 'length bytes (list and calldata, both streams)').to.equal(2 * (2 + 2));
      expect(summary(MockProver.run(12, big, []).verify())).to.deep.equal([]);
    });
  }

  it('txs of the node\'s block trace (a real @ethereumjs run) pass MockProver', async () => {
    const block = await runPrograms([Uint8Array.of(0x60, 0x01, 0x60, 0x00, 0x55, 0x00), { to: createAddressFromString('0x00112233445566778899aabbccddeeff00112233'), data: calldata(40) }]);
    const c = new TxWithFixtures(block.txs, params(2));
    const callees = c.witness.summary.filter((r) => r.tag === BigInt(TxFieldTag.CalleeAddress)).map((r) => r.valueLo);
    expect(callees).to.deep.equal(block.txs.map((t) => BigInt(t.to!)));
    expect(summary(MockProver.run(10, c, []).verify())).to.deep.equal([]);
  });

  it('the witness refuses what the circuit does not support, or a trace that disagrees with its bytes', () => {
    const legacy = traces[0];
    expect(() => txWitness([legacy, legacy], params(1))).to.throw(TxWitnessError, /do not fit/);
    expect(() => txWitness([{ ...legacy, nonce: 1n }], params(1))).to.throw(TxWitnessError, /nonce 0 in the encoding, 1 in the trace/);
    expect(() => txWitness([{ ...legacy, data: calldata(4) }], params(1))).to.throw(TxWitnessError, /calldata differs/);
    expect(() => txWitness([{ ...legacy, raw: Uint8Array.of(0x03, ...legacy.raw) }], params(1))).to.throw(TxWitnessError, /type 3 is not supported/);
  });

  describe('canonical encoding', () => {
    // legacy with 56 bytes of calldata (long-form lengths), 1559 whose calldata is the 1-byte string 0x80
    const circuit = new TxWithFixtures([traces[3], traces[5]], params(2));
    const start = 2 * SUMMARY_TAGS.length;
    const at = (pick: (r: DecoderRow) => boolean) => start + circuit.witness.decoder.findIndex(pick);
    const failures = failuresOn(circuit, 10);

    it('a long form for a short length is refused', () => {
      // the calldata's length byte 56 claimed as 55 (the prefix still announces one length byte)
      const r = at((x) => x.txId === 1n && x.signing === 0n && x.tag === BigInt(TxFieldTag.CallData) && x.lenRow === 1n);
      expect(failures([{ column: 'tx rlp byte', row: r, value: 55n }])).to.include(`lookup tx rlp canonical length@${r}`);
    });

    it('a byte < 0x80 wrapped as a 1-byte string is refused', () => {
      const r = at((x) => x.txId === 2n && x.signing === 0n && x.tag === BigInt(TxFieldTag.CallData) && x.pay === 1n);
      expect(failures([{ column: 'tx rlp byte', row: r, value: 0x7fn }])).to.include(`lookup tx rlp one-byte string@${r}`);
    });

    it('the witness refuses an encoding longer than the circuit reads', () => {
      expect(() => txWitness([txTrace(signedTx({ type: 2, nonce: 0n, data: calldata(MAX_RLP_LENGTH) }), 0)], params(1))).to.throw(TxWitnessError, /over the 65535/);
    });
  });

  describe('mutations: MockProver names exactly the broken constraint', () => {
    const K = 10;
    const CAPACITY = 3;
    // legacy without calldata, 2930 with 56 bytes (long-form calldata), the L1 deposit
    const circuit = new TxWithFixtures([traces[0], traces[4], deposit()], params(CAPACITY));
    const w = circuit.witness;
    const machineStart = CAPACITY * SUMMARY_TAGS.length;
    /** Region row of the first machine row matching `pick`. */
    const machineRow = (pick: (r: DecoderRow) => boolean): number => {
      const i = w.decoder.findIndex(pick);
      expect(i, 'machine row').to.be.greaterThanOrEqual(0);
      return machineStart + i;
    };
    const itemEnd = (txId: number, signing: 0 | 1, tag: number) => machineRow((r) => r.txId === BigInt(txId) && r.signing === BigInt(signing) && r.tag === BigInt(tag) && r.end === 1n);
    const fieldRow = (txId: number, tag: TxFieldTag) => (txId - 1) * SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag);
    const failures = failuresOn(circuit, K);

    it('the honest witness passes', () => {
      expect(failures([])).to.deep.equal([]);
    });

    it('a wrong nonce in the table', () => {
      expect(failures([{ column: 'tx valueLo', row: fieldRow(2, TxFieldTag.Nonce), value: 2n }])).to.deep.equal([
        `lookup tx field value@${itemEnd(2, 0, TxFieldTag.Nonce)}`, `lookup tx field value@${itemEnd(2, 1, TxFieldTag.Nonce)}`,
      ]);
    });

    it('a wrong value (high half) in the table', () => {
      expect(failures([{ column: 'tx valueHi', row: fieldRow(1, TxFieldTag.Value), value: 1n }])).to.deep.equal([
        `lookup tx field value@${itemEnd(1, 0, TxFieldTag.Value)}`, `lookup tx field value@${itemEnd(1, 1, TxFieldTag.Value)}`,
      ]);
    });

    it('a wrong calldata byte in the table', () => {
      const r = machineRow((x) => x.txId === 2n && x.signing === 0n && x.dbyte === 1n && x.cnt === 10n);
      const s = machineRow((x) => x.txId === 2n && x.signing === 1n && x.dbyte === 1n && x.cnt === 10n);
      expect(failures([{ column: 'tx valueLo', row: r, value: (v) => v ^ 1n }])).to.deep.equal([`gate tx rlp row/table: valueLo@${r}`, `lookup tx calldata byte@${s}`]);
    });

    it('a wrong calldata length', () => {
      expect(failures([{ column: 'tx valueLo', row: fieldRow(2, TxFieldTag.CallDataLength), value: 55n }])).to.deep.equal([
        `lookup tx calldata length and is-create@${itemEnd(2, 0, TxFieldTag.CallData)}`, `lookup tx calldata length and is-create@${itemEnd(2, 1, TxFieldTag.CallData)}`,
      ]);
    });

    it('a wrong length prefix (the header of 56 bytes of calldata read without its length byte)', () => {
      const r = machineRow((x) => x.txId === 2n && x.signing === 0n && x.tag === BigInt(TxFieldTag.CallData) && x.pfx === 1n);
      expect(failures([{ column: 'tx rlp lenLeft', row: r, value: 0n }])).to.deep.equal([
        `gate tx rlp next/length byte: count down@${r + 1}`, `lookup tx rlp canonical length@${r + 1}`, `lookup tx rlp prefix@${r}`,
      ]);
    });

    it('a payload byte claimed as the end of its item', () => {
      const r = machineRow((x) => x.txId === 2n && x.signing === 0n && x.tag === BigInt(TxFieldTag.CallData) && x.cnt === 1n);
      expect(failures([{ column: 'tx rlp rem', row: r, value: 0n }])).to.deep.equal([`gate tx rlp next/payload: count down@${r}`, `gate tx rlp next/payload: count down@${r + 1}`]);
    });

    it('an item out of order (the nonce read as the gas limit)', () => {
      const r = itemEnd(1, 0, TxFieldTag.Nonce);
      expect(failures([{ column: 'tx rlp tag', row: r, value: BigInt(TxFieldTag.GasLimit) }])).to.deep.equal([
        `lookup tx field value@${r}`, `lookup tx rlp item order@${r}`, `lookup tx rlp item order@${r + 1}`,
      ]);
    });

    it('a signing payload that claims another tx type', () => {
      const r = machineRow((x) => x.txId === 2n && x.signing === 1n && x.first === 1n);
      expect(failures([{ column: 'tx rlp txType', row: r, value: 2n }])).to.deep.equal([
        `gate tx rlp next/stream: txType as on the previous row@${r + 1}`, `gate tx rlp row/type byte = type@${r}`, `lookup tx type@${r}`,
      ]);
    });

    it('a tx signed for another chain', () => {
      const other = new TxWithFixtures(circuit.txs, { ...params(CAPACITY), chainId: DEV_CHAIN_ID + 1n }, w);
      const rows = [1, 2, 3].map((id) => fieldRow(id, TxFieldTag.ChainId));
      expect(summary(MockProver.run(K, other, []).verify())).to.deep.equal(rows.map((r) => `gate tx chain/ChainId = the rollup's (lo)@${r}`));
      expect(() => txWitness(circuit.txs, { ...params(CAPACITY), chainId: DEV_CHAIN_ID + 1n })).to.throw(TxWitnessError, /signed for chain 31338, the rollup is chain 31339/);
    });

    it('a high s (EIP-2): the witness refuses it, the field rows and the machine name it', () => {
      // the same tx with the malleated signature (n − s, parity flipped): r and s are both 32 bytes here
      const t = traces[2];
      const raw = Uint8Array.from(t.raw);
      expect([raw[raw.length - 66], raw[raw.length - 33]], 'r and s headers').to.deep.equal([0xa0, 0xa0]);
      raw[raw.length - 67] = raw[raw.length - 67] === 0x80 ? 0x01 : 0x80;
      raw.set(hexToBytes((secp256k1.Point.CURVE().n - t.s).toString(16).padStart(64, '0')), raw.length - 32);
      expect(() => txWitness([{ ...t, raw }], params(1))).to.throw(TxWitnessError, /not in the lower half/);

      const sRow = fieldRow(2, TxFieldTag.SigS);
      expect(failures([{ column: 'tx field inv', row: sRow, value: 0n }])).to.deep.equal([`gate tx low s/SigS high half ≠ 2^127 − 1@${sRow}`]);
      const top = machineRow((x) => x.txId === 2n && x.signing === 0n && x.isS === 1n && x.top === 1n);
      expect(failures([{ column: 'tx rlp byte', row: top, value: (v) => v | 0x80n }])).to.include(`lookup tx rlp low s@${top}`);
    });

    it('a wrong sender', () => {
      const row = fieldRow(2, TxFieldTag.CallerAddress);
      expect(failures([{ column: 'tx valueLo', row, value: (v) => v + 1n }])).to.deep.equal([
        `gate tx l1/IsL1Message = 1 − (caller − bridge)·inv@${fieldRow(2, TxFieldTag.IsL1Message)}`, `lookup tx sender@${row}`,
      ]);
    });

    it('a deposit not marked as an L1 message', () => {
      const row = fieldRow(3, TxFieldTag.IsL1Message);
      expect(failures([{ column: 'tx valueLo', row, value: 0n }])).to.deep.equal([`gate tx l1/IsL1Message = 1 − (caller − bridge)·inv@${row}`]);
    });

    it('a legacy tx whose fee cap is not its gas price', () => {
      const row = fieldRow(1, TxFieldTag.MaxFeePerGas);
      expect(failures([{ column: 'tx valueLo', row, value: (v) => v + 1n }])).to.deep.equal([`gate tx fees/type 0/1: MaxFeePerGas valueLo = gas price@${row}`]);
    });

    it('a wrong tx hash', () => {
      const row = fieldRow(3, TxFieldTag.TxHash);
      expect(failures([{ column: 'tx valueHi', row, value: (v) => v ^ 1n }])).to.deep.equal([`lookup tx hashes@${row}`]);
    });

    it('a dropped tx (its block zeroed as padding, a later one kept)', () => {
      const edits: Edit[] = SUMMARY_TAGS.flatMap((_, j) => ['tx txId', 'tx tag', 'tx valueLo', 'tx valueHi', 'tx field real'].map((column) => ({ column, row: SUMMARY_TAGS.length + j, value: 0n })));
      expect(failures(edits)).to.include(`gate tx field block/real blocks come first@${2 * SUMMARY_TAGS.length}`);
    });
  });
});
