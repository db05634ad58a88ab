import { expect } from 'chai';
import type { Hex } from 'viem';
import { l1MessagePreimage, l1MessagesHash, l1MessagesKeccakInputs } from '../../../circuits/pi/l1-messages.js';
import { PublicInputError } from '../../../circuits/pi/public-input.js';
import { MAX_WITHDRAWALS, withdrawLeafPreimage, withdrawRoot } from '../../../circuits/pi/withdrawals.js';
import { foldMessageHashes, l1MessageHash, withdrawalLeaf, withdrawalTree } from '../../../node/batcher/encoding.js';

const address = (x: bigint): Hex => `0x${x.toString(16).padStart(40, '0')}`;

// The circuits' encodings (@noble) against the node's (viem's ABI encoder; test/node/batcher/encoding.test.ts checks
// those against ZkRollup.sol's own functions through hardhat).
describe('bridge encodings: the circuits\' L1 message fold and withdraw root = the node\'s (the contract\'s)', () => {
  const messages = [
    { sender: 0xabcdefn, to: (1n << 160n) - 1n, value: (1n << 256n) - 1n, nonce: 0n },
    { sender: 1n << 159n, to: 0x5a4b000000000000000000000000000000000001n, value: 10n ** 18n, nonce: 1n },
    { sender: 7n, to: 0n, value: 0n, nonce: 2n },
  ];

  it('l1MessagesHash is the contract\'s fold over the messages\' hashes (0 without any); each message and step is one keccak input', () => {
    for (let n = 0; n <= messages.length; n++) {
      const node = messages.slice(0, n).map((m) => l1MessageHash({ sender: address(m.sender), to: address(m.to), value: m.value, nonce: m.nonce }));
      expect(l1MessagesHash(messages.slice(0, n))).to.equal(n === 0 ? `0x${'00'.repeat(32)}` : foldMessageHashes(node));
    }
    expect(l1MessagesKeccakInputs(messages).map((x) => x.length)).to.deep.equal([128, 64, 128, 64, 128, 64]);
  });

  it('withdrawRoot is the contract\'s tree for 0 … 9 leaves (0 for none, the leaf for one); more than MAX_WITHDRAWALS are refused', () => {
    const ws = Array.from({ length: MAX_WITHDRAWALS + 1 }, (_, i) => ({ to: 0x1234n + BigInt(i), amount: 99n * BigInt(i), nonce: 41n + BigInt(i) }));
    for (let n = 0; n <= 9; n++) {
      const node = ws.slice(0, n).map((w) => withdrawalLeaf({ to: address(w.to), amount: w.amount, nonce: w.nonce }));
      expect(withdrawRoot(ws.slice(0, n)), `${n} leaves`).to.equal(withdrawalTree(node).root);
    }
    expect(MAX_WITHDRAWALS).to.equal(16); // the largest power of two within a tx block's 20 rows
    expect(() => withdrawRoot(ws)).to.throw(PublicInputError, '17 withdrawals: the batch circuit proves at most 16');
  });

  it('a field that does not fit its ABI type is refused, not truncated', () => {
    expect(() => l1MessagePreimage({ ...messages[0]!, sender: 1n << 160n })).to.throw(PublicInputError, 'does not fit its ABI type');
    expect(() => l1MessagePreimage({ ...messages[0]!, value: 1n << 256n })).to.throw(PublicInputError);
    expect(() => withdrawLeafPreimage({ to: -1n, amount: 0n, nonce: 0n })).to.throw(PublicInputError);
  });
});
