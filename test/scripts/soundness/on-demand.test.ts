import { expect } from 'chai';
import { analyze, type TargetReport } from '../../../scripts/soundness/engine.js';
import { FAST_CORRUPTIONS } from '../../../scripts/soundness/cli.js';
import { smtUpdate } from '../../../scripts/soundness/targets/smt-update.js';
import { tx } from '../../../scripts/soundness/targets/tx.js';
import { ecMul } from '../../../scripts/soundness/targets/ec-mul.js';
import { sig } from '../../../scripts/soundness/targets/sig.js';

/**
 * The on-demand targets that are not yet fully guarded, pinned: what is unguarded is exactly what its header
 * says (so a new gap, or a closed one, shows), no negative test is broken, and the fuzz finds no free cell.
 */
/** tx: items no negative test isolates yet (a single cell edit trips several rules at once for these). */
const TX_NOT_YET_GUARDED: readonly string[] = [
  "gate tx field/real is boolean",
  "gate tx field carry/real as on the previous row",
  "gate tx field block/real blocks come first",
  // guarded by a consistently re-encoded tx (v + 2^128), not a cell edit: test/circuits/tx/attacks.test.ts
  "gate tx sender/SigV hi = 0",
  "gate tx chain/ChainId = the rollup's (hi)",
  "gate tx rlp row/typeRow is boolean",
  "gate tx rlp row/pfx is boolean",
  "gate tx rlp row/lenRow is boolean",
  "gate tx rlp row/pay is boolean",
  "gate tx rlp row/isList is boolean",
  "gate tx rlp row/single is boolean",
  "gate tx rlp row/sc is boolean",
  "gate tx rlp row/dt is boolean",
  "gate tx rlp row/cn is boolean",
  "gate tx rlp row/to is boolean",
  "gate tx rlp row/isS is boolean",
  "gate tx rlp row/first is boolean",
  "gate tx rlp row/last is boolean",
  "gate tx rlp row/end is boolean",
  "gate tx rlp row/isHi is boolean",
  "gate tx rlp row/top is boolean",
  "gate tx rlp row/one row kind",
  "gate tx rlp row/a stream starts with its type byte or list header",
  "gate tx rlp row/a stream starts at index 0",
  "gate tx rlp row/the first prefix is the list header",
  "gate tx rlp row/a type byte only first",
  "gate tx rlp row/a type byte only for types 1 and 2",
  "gate tx rlp row/type 0 has no type byte",
  "gate tx rlp row/type byte = type",
  "gate tx rlp row/list header: list length = prefix length",
  "gate tx rlp row/item prefix: item length = prefix length",
  "gate tx rlp row/constant item: no length",
  "gate tx rlp row/constant item: no length bytes",
  "gate tx rlp row/constant item: its byte",
  "gate tx rlp row/nz = 1 unless byte = 0",
  "gate tx rlp row/a number is not the single byte 0",
  "gate tx rlp row/an item ends with nothing left",
  "gate tx rlp row/a stream ends with nothing left",
  "gate tx rlp row/padding: byte = 0",
  "gate tx rlp row/padding: first = 0",
  "gate tx rlp row/padding: last = 0",
  "gate tx rlp row/padding: typeRow = 0",
  "gate tx rlp row/padding: pfx = 0",
  "gate tx rlp row/padding: lenRow = 0",
  "gate tx rlp row/padding: pay = 0",
  "gate tx rlp row/padding: isList = 0",
  "gate tx rlp row/padding: single = 0",
  "gate tx rlp row/padding: top = 0",
  "gate tx rlp row/padding: constByte = 0",
  "gate tx rlp row/padding: lenLeft = 0",
  "gate tx rlp row/padding: plen = 0",
  "gate tx rlp row/padding: isHi = 0",
  "gate tx rlp row/padding: end = 0",
  "gate tx rlp row/padding: dbyte = 0",
  "gate tx rlp row/padding: nz = 0",
  "gate tx rlp row/padding: inv = 0",
  "gate tx rlp row/padding: hashLo = 0",
  "gate tx rlp row/padding: hashHi = 0",
  "gate tx rlp row/to is empty or 20 bytes",
  "gate tx rlp next/last = the next row starts a stream or is padding",
  "gate tx rlp next/no stream after padding",
  "gate tx rlp next/the signing payload follows the signed tx",
  "gate tx rlp next/tx ids count up by signed tx",
  "gate tx rlp next/a prefix follows the type byte",
  "gate tx rlp next/the list header follows the type byte",
  "gate tx rlp next/a list header only at the start",
  "gate tx rlp next/a length byte follows a prefix or length byte",
  "gate tx rlp next/length byte: same header",
  "gate tx rlp next/length byte: count down",
  "gate tx rlp next/length bytes: all read",
  "gate tx rlp next/list length byte: big-endian",
  "gate tx rlp next/item length byte: big-endian",
  "gate tx rlp next/payload follows its item",
  "gate tx rlp next/a number has no leading zero",
  "gate tx rlp first row/a stream starts on the first row (or none does)",
  "gate tx rlp first row/the first tx is tx 1",
  "gate tx rlp first row/the first stream is a signed tx",
  "gate tx rlp last row/the last row is padding",
  "lookup tx rlp list end",
  "lookup tx rlp canonical length",
  "lookup tx rlp one-byte string",
  "lookup tx rlp low s",
];

const unguarded = (r: TargetReport) => r.items.filter((i) => i.killers.length === 0 && !i.exception).map((i) => i.item.id);
const check = (r: TargetReport, expected: string[]) => {
  expect(unguarded(r)).to.deep.equal(expected);
  expect(r.problems.filter((p) => !p.startsWith('unguarded: '))).to.deep.equal([]);
  expect(r.fuzz!.free).to.deep.equal([]);
  expect(r.fuzz!.caught).to.be.greaterThan(0);
};

describe('scripts/soundness: on-demand targets (fast mode)', function () {
  this.timeout(300_000);

  (process.env.SLOW ? it : it.skip)('smt-update (SLOW=1: ~15 s of CPU, k = 11): unguarded: the above flags\' rules', () => {
    check(analyze(smtUpdate, { corruptions: FAST_CORRUPTIONS, seed: 1 }), [
      'gate smt path/aboveO is boolean', 'gate smt path/aboveO is non-increasing', 'gate smt path/aboveN is boolean', 'gate smt path/aboveN is non-increasing',
      'gate smt bottom/aboveO = 0', 'gate smt bottom/aboveN = 0',
    ]);
  });

  it('tx (~10 s, k = 10): unguarded: the items its header lists as not yet isolated', () => {
    check(analyze(tx, { corruptions: FAST_CORRUPTIONS, seed: 1 }), [...TX_NOT_YET_GUARDED]);
  });

  // the scalar-mul chain is being reworked: its items' names are not pinned, only that nothing else is found
  for (const [t, cost] of [[ecMul, '~10 s'], [sig, '~20 s']] as const) {
    (process.env.SLOW ? it : it.skip)(`${t.name} (SLOW=1: ${cost} of CPU, k = 12): no broken negative, no free cell; its own table guarded`, () => {
      const r = analyze(t, { corruptions: FAST_CORRUPTIONS, seed: 1 });
      expect(r.problems.filter((p) => !p.startsWith('unguarded: '))).to.deep.equal([]);
      expect(r.fuzz!.free).to.deep.equal([]);
      expect(r.negatives.every((n) => n.kills.length === 1), 'each negative isolates one item').to.equal(true);
    });
  }
});
