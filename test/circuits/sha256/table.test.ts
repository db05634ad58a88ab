/**
 * The SHA-256 table as a consumer (the CALL to 0x02) will use it: a circuit beside the SHA-256 chip looks up its
 * input bytes and digest under one id. A true claim passes; a wrong digest, byte or length is refused by the lookup.
 */
import { expect } from 'chai';
import { sha256 } from '@noble/hashes/sha2.js';
import { Sha256Chip, sha256DigestLookup, sha256InputLookup, sha256Witness, type Sha256Block } from '../../../circuits/sha256/index.js';
import { MockProver, synthesize, type Column, type Selector } from '../../../circuits/plonk/index.js';
import { TestCircuit, summary } from '../gadgets/helpers.js';

interface Consumer { sha: Sha256Chip; q: Selector; qDigest: Selector; id: Column; index: Column; byte: Column; lo: Column; hi: Column }
interface Claim { bytes: readonly number[]; length: number; digest: Uint8Array }

const half = (d: Uint8Array, from: number) => d.subarray(from, from + 16).reduce((v, b) => (v << 8n) | BigInt(b), 0n);

function circuit(blocks: readonly Sha256Block[], claim: Claim) {
  return new TestCircuit<Consumer>((cs) => {
    const sha = Sha256Chip.configure(cs);
    const [id, index, byte, lo, hi] = ['id', 'index', 'byte', 'lo', 'hi'].map((n) => cs.adviceColumn(`consumer ${n}`));
    const q = cs.selector('consumer byte');
    const qDigest = cs.selector('consumer digest');
    cs.lookup('consumer input byte', sha256InputLookup(sha.table, q.expr(), id.cur(), index.cur(), byte.cur()));
    // the digest row's length sits in the index column
    cs.lookup('consumer digest', sha256DigestLookup(sha.table, qDigest.expr(), id.cur(), index.cur(), lo.cur(), hi.cur()));
    return { sha, q, qDigest, id, index, byte, lo, hi };
  }, (c, layouter) => {
    c.sha.assign(layouter, blocks);
    layouter.assignRegion('consumer', (region) => {
      claim.bytes.forEach((b, i) => {
        region.enableSelector(c.q, i);
        region.assignAdvice('id', c.id, i, 1n);
        region.assignAdvice('index', c.index, i, BigInt(i));
        region.assignAdvice('byte', c.byte, i, BigInt(b));
      });
      const r = claim.bytes.length;
      region.enableSelector(c.qDigest, r);
      region.assignAdvice('id', c.id, r, 1n);
      region.assignAdvice('length', c.index, r, BigInt(claim.length));
      region.assignAdvice('lo', c.lo, r, half(claim.digest, 16));
      region.assignAdvice('hi', c.hi, r, half(claim.digest, 0));
    });
  });
}

describe('sha256 table: a consumer looks up input bytes and the digest under one id', function () {
  this.timeout(120_000);
  const input = new TextEncoder().encode('abc');
  const blocks = sha256Witness([input]);
  const honest: Claim = { bytes: [...input], length: 3, digest: sha256(input) };
  const failures = (claim: Claim) => summary(MockProver.fromAssignment(synthesize(circuit(blocks, claim), 9, [], true)).verify());
  const row = input.length;

  it('the true claim passes', () => expect(failures(honest)).to.deep.equal([]));
  it('a wrong digest is refused', () => {
    const digest = sha256(input).slice();
    digest[31] ^= 1;
    expect(failures({ ...honest, digest })).to.deep.equal([`lookup consumer digest@${row}`]);
  });
  it('a wrong input byte is refused', () => expect(failures({ ...honest, bytes: [0x61, 0x62, 0x64] })).to.deep.equal(['lookup consumer input byte@2']));
  it('a wrong length is refused', () => expect(failures({ ...honest, length: 4 })).to.deep.equal([`lookup consumer digest@${row}`]));
});
