import { expect } from 'chai';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../../circuits/pcs/index.js';
import {
  deserializeProvingKey, deserializeVerifyingKey, keygen, KeyFormatError, prove, serializeProvingKey,
  serializeVerifyingKey, shapeText, verify, constant, type Circuit, type Column, type ProvingKey, type Selector,
} from '../../../circuits/plonk/index.js';
import { FibonacciCircuit } from '../../../circuits/plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../../../circuits/plonk/examples/range-add.js';
import { RotationsCircuit } from '../../../circuits/plonk/examples/rotations.js';

describe('plonk key serialization', function () {
  this.timeout(60_000);
  let srs: Srs;
  const fib = new FibonacciCircuit(6);
  let pk: ProvingKey;

  before(async () => {
    await initKernel();
    srs = devSrs(9);
    pk = await keygen(srs, fib, 4);
  });

  it('verifying key round trip: same shape, commitments and digest; proofs verify under the loaded key', async () => {
    const bytes = serializeVerifyingKey(pk.vk);
    const vk = deserializeVerifyingKey(bytes);
    expect(vk.digest).to.equal(pk.vk.digest);
    expect(shapeText(vk.cs)).to.equal(shapeText(pk.vk.cs));
    expect(vk.fixedCommitments).to.deep.equal(pk.vk.fixedCommitments);
    expect(serializeVerifyingKey(vk)).to.deep.equal(bytes);
    const proof = await prove(pk, srs, fib, fib.instances());
    expect(verify(vk, fib.instances(), proof)).to.deep.equal({ ok: true });
  });

  it('round trips keys of circuits with lookups, shuffles and selectors', async () => {
    const cases: Array<[Circuit<unknown>, number]> = [[new RangeAddCircuit([[3n, 4n]]) as Circuit<unknown>, 9], [new RotationsCircuit(6) as Circuit<unknown>, 4]];
    for (const [c, k] of cases) {
      const key = await keygen(srs, c, k);
      const vk = deserializeVerifyingKey(serializeVerifyingKey(key.vk));
      expect(shapeText(vk.cs)).to.equal(shapeText(key.vk.cs));
      expect(vk.digest).to.equal(key.vk.digest);
    }
  });

  it('round trips a gate written with a negative constant (constant(-1n)) to the same digest', async () => {
    const negative: Circuit<{ a: Column; q: Selector }> = {
      configure: (cs) => {
        const a = cs.adviceColumn('a');
        const q = cs.selector('q');
        cs.createGate('one', { 'a − 1 = 0': q.expr().mul(a.cur().add(constant(-1n))) });
        return { a, q };
      },
      synthesize: (cfg, layouter) => layouter.assignRegion('one', (r) => { r.assignAdvice('a', cfg.a, 0, 1n); r.enableSelector(cfg.q, 0); }),
    };
    const key = await keygen(srs, negative, 4);
    const vk = deserializeVerifyingKey(serializeVerifyingKey(key.vk));
    expect(vk.digest).to.equal(key.vk.digest);
    expect(shapeText(vk.cs)).to.equal(shapeText(key.vk.cs));
  });

  it('proving key round trip: a loaded key proves, and the proof equals the original key\'s', async () => {
    const bytes = serializeProvingKey(pk);
    const loaded = await deserializeProvingKey(bytes);
    const a = await prove(pk, srs, fib, fib.instances());
    const b = await prove(loaded, srs, fib, fib.instances());
    expect(b).to.deep.equal(a); // the prover is deterministic
    expect(verify(loaded.vk, fib.instances(), b)).to.deep.equal({ ok: true });
    expect(serializeProvingKey(loaded)).to.deep.equal(bytes);
  });

  it('refuses altered or malformed keys with KeyFormatError naming the problem', async () => {
    const json = JSON.parse(new TextDecoder().decode(serializeVerifyingKey(pk.vk)));
    const enc = (j: unknown) => new TextEncoder().encode(JSON.stringify(j));
    const tamperedGate = structuredClone(json);
    tamperedGate.cs.gates[0].constraints[0].expr = ['c', '0'];
    expect(() => deserializeVerifyingKey(enc(tamperedGate))).to.throw(KeyFormatError, /digest mismatch/);
    const tamperedCommitment = structuredClone(json);
    tamperedCommitment.fixedCommitments[0] = tamperedCommitment.fixedCommitments[1];
    expect(() => deserializeVerifyingKey(enc(tamperedCommitment))).to.throw(KeyFormatError, /digest mismatch/);
    const missing = structuredClone(json);
    missing.fixedCommitments.pop();
    expect(() => deserializeVerifyingKey(enc(missing))).to.throw(KeyFormatError, /fixed commitments/);
    expect(() => deserializeVerifyingKey(enc({ ...json, format: 'other' }))).to.throw(KeyFormatError, /unsupported verifying key format/);
    expect(() => deserializeVerifyingKey(new TextEncoder().encode('{'))).to.throw(KeyFormatError, /not JSON/);
    const pkBytes = serializeProvingKey(pk);
    try {
      await deserializeProvingKey(pkBytes.subarray(0, pkBytes.length - 1));
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(KeyFormatError);
      expect((e as Error).message).to.match(/expected \d+ bytes/);
    }
  });
});
