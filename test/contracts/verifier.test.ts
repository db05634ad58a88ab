import { expect } from 'chai';
import hre from 'hardhat';
import { readFileSync } from 'node:fs';
import { toHex, type Hex } from 'viem';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { devSrs, type Srs } from '../../circuits/pcs/index.js';
import { keygen, prove, synthesize, verify, type Circuit, type ProvingKey } from '../../circuits/plonk/index.js';
import { proveAssignment } from '../../circuits/plonk/prover.js';
import { FibonacciCircuit } from '../../circuits/plonk/examples/fibonacci.js';
import { FR_MODULUS } from '../../circuits/field/index.js';
import { EXAMPLES_SRS_K, exampleVerifierSource, proofLayout, VERIFIER_EXAMPLES } from '../../circuits/solidity/index.js';
import { Rng } from '../circuits/field/rng.js';

// The generated Solidity verifiers of the example circuits, on the in-process Hardhat network:
// honest proofs verify, tampered ones (instances, single bit flips, other keys) do not, and the TS
// verifier (circuits/plonk/verifier.ts) agrees with the contract on every case.

interface Case {
  name: string;
  pk: ProvingKey;
  source: string;
  proof: Uint8Array;
  instances: bigint[][];
  call: (proof: Uint8Array, flat: readonly bigint[]) => Promise<boolean>;
}

const flat = (instances: readonly (readonly bigint[])[]) => instances.flat();

describe('Solidity verifier (generated, on the Hardhat network)', function () {
  this.timeout(300_000);
  let srs: Srs;
  const cases: Case[] = [];

  before(async function () {
    await initKernel();
    srs = devSrs(EXAMPLES_SRS_K);
    await hre.run('compile', { quiet: true });
    for (const ex of VERIFIER_EXAMPLES) {
      const { pk, source } = await exampleVerifierSource(ex, srs);
      const proof = await prove(pk, srs, ex.circuit, ex.instances);
      const contract = await hre.viem.deployContract(ex.contractName as never);
      const c = contract as unknown as { read: { verify(args: [Hex, readonly bigint[]]): Promise<boolean> } };
      cases.push({ name: ex.name, pk, source, proof, instances: ex.instances, call: (p, inst) => c.read.verify([toHex(p), inst]) });
    }
  });

  /** TS and Solidity verdicts; asserts they agree. */
  async function both(c: Case, proof: Uint8Array, instances: bigint[][], flatInstances = flat(instances), vk = c.pk.vk): Promise<boolean> {
    const ts = verify(vk, instances, proof).ok;
    const sol = await c.call(proof, flatInstances);
    expect(sol, `Solidity verdict ${sol} vs TS verdict ${ts}`).to.equal(ts);
    return sol;
  }

  for (const ex of VERIFIER_EXAMPLES) {
    describe(ex.name, () => {
      const get = () => cases.find((c) => c.name === ex.name)!;

      it('the checked-in contract matches the regenerated source (not stale)', () => {
        const file = `contracts/verifier/${ex.contractName}.sol`;
        const onDisk = readFileSync(file, 'utf8');
        expect(onDisk === get().source, `${file} is stale: run \`npm run gen:verifier -- --circuit ${ex.name}\``).to.equal(true);
        expect(onDisk).to.include('generated for a development SRS; not for production');
        expect(onDisk).to.include(`0x${get().pk.vk.digest.toString(16).padStart(64, '0')}`);
      });

      it('an honest proof verifies on-chain (and in TS)', async () => {
        const c = get();
        expect(c.proof.length).to.equal(proofLayout(c.pk.vk).bytes);
        expect(await both(c, c.proof, c.instances)).to.equal(true);
      });

      it('the same proof with wrong instances fails', async () => {
        const c = get();
        if (c.instances.length > 0) {
          for (let col = 0; col < c.instances.length; col++) {
            for (let i = 0; i < c.instances[col].length; i++) {
              const wrong = c.instances.map((v) => [...v]);
              wrong[col][i] = (wrong[col][i] + 1n) % FR_MODULUS;
              expect(await both(c, c.proof, wrong)).to.equal(false);
            }
          }
          // one value missing / one too many: the Solidity side rejects the count
          expect(await c.call(c.proof, flat(c.instances).slice(1))).to.equal(false);
          // a non-canonical value (v + r): the TS verifier reduces mod r, the contract rejects it
          const nonCanonical = flat(c.instances);
          nonCanonical[0] += FR_MODULUS;
          expect(await c.call(c.proof, nonCanonical)).to.equal(false);
        }
        // an instance value for a circuit that takes fewer
        expect(await c.call(c.proof, [...flat(c.instances), 1n])).to.equal(false);
        expect(verify(c.pk.vk, [...c.instances, [1n]], c.proof).ok).to.equal(false);
      });

      it('200 random single-bit flips of the proof all fail (TS agrees)', async () => {
        const c = get();
        const rng = new Rng(0x5eed + ex.name.length);
        const flips = Array.from({ length: 200 }, () => rng.int(c.proof.length * 8));
        const BATCH = 25;
        for (let b = 0; b < flips.length; b += BATCH) {
          const batch = flips.slice(b, b + BATCH).map((bit) => {
            const p = c.proof.slice();
            p[bit >> 3] ^= 1 << (bit & 7);
            return { bit, p };
          });
          const sol = await Promise.all(batch.map(({ p }) => c.call(p, flat(c.instances))));
          batch.forEach(({ bit, p }, i) => {
            const ts = verify(c.pk.vk, c.instances, p).ok;
            expect(sol[i], `bit ${bit}: Solidity accepted`).to.equal(false);
            expect(ts, `bit ${bit}: TS accepted`).to.equal(false);
          });
        }
      });

      it('malformed proofs fail: wrong length, scalar ≥ r, point off the curve', async () => {
        const c = get();
        const layout = proofLayout(c.pk.vk);
        expect(await both(c, c.proof.slice(0, -32), c.instances)).to.equal(false);
        expect(await both(c, new Uint8Array([...c.proof, 0, 0, 0, 0]), c.instances)).to.equal(false);
        expect(await both(c, new Uint8Array(0), c.instances)).to.equal(false);
        // the first evaluation + r (still fits in 32 bytes)
        const evalAt = 64 * layout.commitments;
        const s = BigInt(toHex(c.proof.subarray(evalAt, evalAt + 32))) + FR_MODULUS;
        const p1 = c.proof.slice();
        p1.set(Buffer.from(s.toString(16).padStart(64, '0'), 'hex'), evalAt);
        expect(await both(c, p1, c.instances)).to.equal(false);
        // first commitment replaced by (1, 1), not on the curve; then by the point at infinity
        const p2 = c.proof.slice();
        p2.fill(0, 0, 64);
        p2[31] = 1;
        p2[63] = 1;
        expect(await both(c, p2, c.instances)).to.equal(false);
        p2.fill(0, 0, 64);
        expect(await both(c, p2, c.instances)).to.equal(false);
      });

      it('a proof of an unsatisfying witness (valid openings, failing quotient identity) fails', async () => {
        const c = get();
        const a = synthesize(ex.circuit, ex.k, ex.instances, true);
        a.advice[0][1] = (a.advice[0][1] + 1n) % FR_MODULUS;
        const bad = await proveAssignment(c.pk, srs, a);
        expect(await both(c, bad, c.instances)).to.equal(false);
      });

      it("proofs made for another circuit's key fail", async () => {
        const c = get();
        for (const other of cases) {
          if (other.name === c.name) continue;
          expect(await both(c, other.proof, other.instances, flat(other.instances).slice(0, flat(c.instances).length))).to.equal(false);
        }
      });
    });
  }

  it('a proof of a same-shaped circuit under a different key (Fibonacci with 6 steps) fails', async () => {
    const c = cases.find((x) => x.name === 'fibonacci')!;
    const fib6 = new FibonacciCircuit(6);
    const pk6 = await keygen(srs, fib6 as Circuit<unknown>, 4);
    expect(pk6.vk.digest).to.not.equal(c.pk.vk.digest);
    const proof6 = await prove(pk6, srs, fib6 as Circuit<unknown>, fib6.instances());
    expect(proof6.length).to.equal(c.proof.length);
    expect(verify(pk6.vk, fib6.instances(), proof6).ok).to.equal(true);
    expect(await both(c, proof6, fib6.instances())).to.equal(false);
  });
});
