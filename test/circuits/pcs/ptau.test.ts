import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { buildBn128 } from 'ffjavascript';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { Fr, FR_MODULUS } from '../../../circuits/field/index.js';
import { commit, freeSrs, importPtau, PtauFormatError, SrsError } from '../../../circuits/pcs/index.js';
import { Rng } from '../field/rng.js';

/** ffjavascript / snarkjs are GPL devDependencies: used here only to produce and cross-check vectors. */
describe('pcs/ptau: import of snarkjs powers-of-tau files', function () {
  this.timeout(120_000);
  const POWER = 5;
  let dir: string;
  let ptau: string;
  let curve: Awaited<ReturnType<typeof buildBn128>>;

  before(async () => {
    await initKernel();
    dir = mkdtempSync(join(tmpdir(), 'ptau-'));
    // the process-wide multi-threaded curve, which snarkjs reuses inside contribute(); terminating
    // it in after() stops its workers (else they keep mocha from exiting)
    curve = await buildBn128();
    const fresh = join(dir, 'pot0.ptau');
    ptau = join(dir, 'pot1.ptau');
    const pot = snarkjs.powersOfTau;
    await pot.newAccumulator(curve, POWER, fresh);
    await pot.contribute(fresh, ptau, 'test contribution', 'fixed test entropy');
  });

  after(async () => {
    await curve?.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The tauG1 section as snarkjs wrote it, and the commitment ffjavascript computes from it. */
  async function peerCommit(scalars: bigint[]): Promise<{ x: bigint; y: bigint }> {
    const bytes = readFileSync(ptau);
    const header = 12; // magic, version, section count
    let pos = header;
    for (;;) {
      const id = bytes.readUInt32LE(pos);
      const size = Number(bytes.readBigUInt64LE(pos + 4));
      if (id === 2) break;
      pos += 12 + size;
    }
    const points = new Uint8Array(bytes.subarray(pos + 12, pos + 12 + 64 * scalars.length));
    const sc = new Uint8Array(32 * scalars.length);
    scalars.forEach((s, i) => { for (let j = 0; j < 32; j++) sc[32 * i + j] = Number((s >> BigInt(8 * j)) & 0xffn); });
    const res = await curve.G1.multiExpAffine(points, sc);
    const [x, y] = curve.G1.toObject(curve.G1.toAffine(res));
    return { x, y };
  }

  it('imports 2^k ≤ 2^power powers whose commitments equal ffjavascript/snarkjs over the same file', async () => {
    const rng = new Rng(7);
    for (const k of [POWER, 3, 0]) {
      const srs = await importPtau(ptau, k);
      expect(srs.insecure).to.equal(false);
      expect(srs.n).to.equal(1 << k);
      const scalars = Array.from({ length: srs.n }, () => rng.bits(256) % FR_MODULUS);
      const p = Fr.alloc(srs.n);
      Fr.writeVec(p, scalars);
      expect(await commit(srs, p, srs.n), `k = ${k}`).to.deep.equal(await peerCommit(scalars));
      Fr.free(p);
      freeSrs(srs);
    }
  });

  it('refuses k larger than the file holds', async () => {
    try {
      await importPtau(ptau, POWER + 1);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(PtauFormatError);
      expect((e as Error).message).to.match(/2\^5 powers, 2\^6 requested/);
    }
  });

  function tampered(name: string, edit: (b: Buffer) => void): string {
    const b = Buffer.from(readFileSync(ptau));
    edit(b);
    const f = join(dir, name);
    writeFileSync(f, b);
    return f;
  }

  async function expectRejected(file: string, cls: new (...args: never[]) => Error, pattern: RegExp) {
    try {
      await importPtau(file, 2);
      expect.fail(`${file} should be rejected`);
    } catch (e) {
      expect(e, (e as Error).message).to.be.instanceOf(cls);
      expect((e as Error).message).to.match(pattern);
    }
  }

  it('rejects a wrong magic, version, curve and a truncated file with PtauFormatError', async () => {
    await expectRejected(tampered('magic.ptau', (b) => b.write('xtau', 0)), PtauFormatError, /magic/);
    await expectRejected(tampered('version.ptau', (b) => b.writeUInt32LE(2, 4)), PtauFormatError, /version 2/);
    // the header's prime starts at byte 12 (section header) + 12 (id, size) + 4 (n8)
    await expectRejected(tampered('prime.ptau', (b) => { b[28] ^= 1; }), PtauFormatError, /not BN254/);
    const full = readFileSync(ptau);
    const cut = join(dir, 'cut.ptau');
    writeFileSync(cut, full.subarray(0, full.length - 100));
    await expectRejected(cut, PtauFormatError, /past the end/);
  });

  it('rejects a tauG1 point off the curve, and powers that do not match [τ]G2', async () => {
    const sectionStart = (b: Buffer, want: number) => {
      let pos = 12;
      while (b.readUInt32LE(pos) !== want) pos += 12 + Number(b.readBigUInt64LE(pos + 4));
      return pos + 12;
    };
    // flip a bit of y of tauG1[2]: the point leaves the curve
    await expectRejected(tampered('offcurve.ptau', (b) => { b[sectionStart(b, 2) + 2 * 64 + 40] ^= 1; }), SrsError, /tauG1\[2\] is not on the curve/);
    // swap tauG1[1] and tauG1[2]: both on the curve, but no longer consecutive powers
    await expectRejected(tampered('swapped.ptau', (b) => {
      const s = sectionStart(b, 2);
      const p1 = Buffer.from(b.subarray(s + 64, s + 128));
      b.copy(b, s + 64, s + 128, s + 192);
      p1.copy(b, s + 128);
    }), SrsError, /not consecutive powers/);
  });
});
