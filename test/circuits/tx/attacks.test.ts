import { expect } from 'chai';
import { RLP } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { frInv, frMod } from '../../../circuits/field/fr-scalar.js';
import { splitWord } from '../../../circuits/gadgets/index.js';
import { MockProver, synthesize } from '../../../circuits/plonk/index.js';
import { ACCESS_LIST_ITEM } from '../../../circuits/tx/rlp.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { SUMMARY_TAGS, txWitness } from '../../../circuits/witness/tx.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS } from '../../../node/l1/bridge.js';
import { corrupt, summary, type Edit } from '../gadgets/helpers.js';
import { SENDER, TxWithFixtures, calldata, signedTx, txTrace } from './fixtures.js';

// Attacks found by a soundness review, kept as regression tests: each is consistent everywhere but the rule that
// now refuses it.

const bridge = BigInt(BRIDGE_ADDRESS.toString());
const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as `0x${string}`;

describe('tx circuit: review attacks', function () {
  this.timeout(120_000);

  it('a field row posing as the last row of a stream (to claim another tx\'s signing hash, hence its sender) fails the hashes lookup', () => {
    const params = { capacity: 2, bridgeAddress: bridge, chainId: DEV_CHAIN_ID };
    const victim = txTrace(signedTx({ type: 2, nonce: 0n, data: calldata(0), value: 1n }), 0);
    // tx 2: the attacker's nonce, value and recipient, with the victim's (v, r, s)
    const body = txTrace(signedTx({ type: 2, nonce: 1n, data: calldata(0), value: 10n ** 20n, key: new Uint8Array(32).fill(7) }), 1);
    const items = RLP.decode(body.raw.subarray(1)) as Uint8Array[];
    const stolen = RLP.decode(victim.raw.subarray(1)) as Uint8Array[];
    [items[9], items[10], items[11]] = [stolen[9]!, stolen[10]!, stolen[11]!];
    const raw = Uint8Array.from([2, ...RLP.encode(items)]);
    const forged = { ...body, raw, v: victim.v, r: victim.r, s: victim.s, hash: hex(keccak_256(raw)) };
    const w = txWitness([victim, forged], params);
    const row = (tag: TxFieldTag) => w.summary[SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(tag)]!;
    const victimAddress = BigInt(SENDER.toString());
    row(TxFieldTag.CallerAddress).valueLo = victimAddress;
    row(TxFieldTag.IsL1Message).inv = frInv(frMod(victimAddress - bridge));
    const [hashLo, hashHi] = splitWord(BigInt(victim.signingHash));
    row(TxFieldTag.TxSignHash).valueLo = hashLo;
    row(TxFieldTag.TxSignHash).valueHi = hashHi;
    const circuit = new TxWithFixtures([victim, { ...forged, signingHash: victim.signingHash }], params, w);
    const a = synthesize(circuit, 10, [], true);
    expect(summary(MockProver.fromAssignment(a).verify())).to.deep.equal([`lookup tx hashes@${SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(TxFieldTag.TxSignHash)}`]);
    // machine cells on field row 0: "the last row of tx 2's signing payload", digest of keccak id 2 (tx 1's payload)
    const fake: Edit[] = ([
      ['last', 1n], ['txId', 2n], ['signing', 1n], ['keccakId', 2n], ['idx', BigInt(w.keccakInputs[1]!.length) - 1n], ['hashLo', hashLo], ['hashHi', hashHi],
      ['txType', 2n], ['tag', BigInt(ACCESS_LIST_ITEM)],
    ] as const).map(([f, v]) => ({ column: `tx rlp ${f}`, row: 0, value: v }));
    expect(summary(MockProver.fromAssignment(corrupt(a, fake)).verify())).to.deep.equal([`lookup tx hashes@${SUMMARY_TAGS.length + SUMMARY_TAGS.indexOf(TxFieldTag.TxSignHash)}`]);
  });

  it('a signature re-encoded with v + 2^128 (same sender, another tx hash) fails "SigV hi = 0"', () => {
    const params = { capacity: 1, bridgeAddress: bridge, chainId: DEV_CHAIN_ID };
    const honest = txTrace(signedTx({ type: 2, nonce: 0n, data: calldata(3) }), 0);
    const items = RLP.decode(honest.raw.subarray(1)) as Uint8Array[];
    const v = honest.v + (1n << 128n);
    items[9] = Uint8Array.from(Buffer.from(v.toString(16).padStart(34, '0'), 'hex'));
    const raw = Uint8Array.from([honest.raw[0]!, ...RLP.encode(items)]);
    const evil = { ...honest, raw, v, hash: hex(keccak_256(raw)) };
    const w = txWitness([evil], params);
    w.summary.find((r) => r.tag === BigInt(TxFieldTag.CallerAddress))!.recId = honest.v; // what the sender gate takes from SigV's lo half
    expect(summary(MockProver.run(10, new TxWithFixtures([evil], params, w), []).verify())).to.deep.equal(['gate tx sender/SigV hi = 0@3']);
  });
});
