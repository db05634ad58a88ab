import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { Stopwatch, keygen, prove, verify } from '../../../circuits/plonk/index.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { copyWitness } from '../../../circuits/witness/copy.js';
import { asm, runPrograms } from '../witness/run.js';
import { CopyWithFixtures } from './fixtures.js';

const K = 12;
const CONTRACT = createAddressFromString(`0x${'c0bedead'.padStart(40, '0')}`);
const CALLDATA = Uint8Array.from({ length: 1500 }, (_, i) => (i * 7 + 1) & 0xff);
/** 1500 calldata bytes to memory, KECCAK256 of 1000 of them, LOG0 of 500: about 3000 copy rows and 3500 RW rows. */
const CODE = asm(
  'PUSH2', 1500, 'PUSH1', 0, 'PUSH1', 0, 'CALLDATACOPY',
  'PUSH2', 1000, 'PUSH1', 0, 'KECCAK256', 'POP',
  'PUSH2', 500, 'PUSH2', 1000, 'LOG0',
  'STOP',
);

describe(`copy circuit at capacity (k = ${K}, SLOW)`, function () {
  this.timeout(1_800_000);

  (process.env.SLOW ? it : it.skip)('about 3000 copied bytes: keygen, prove and verify, timed', async () => {
    const block = await runPrograms([{ to: CONTRACT, data: CALLDATA }], [{ address: CONTRACT, code: CODE }]);
    const witness = copyWitness(block);
    const bytes = witness.events.reduce((n, e) => n + e.bytes.length, 0);
    const circuit = new CopyWithFixtures(witness, new Map([[1, CALLDATA]]), (1 << K) - 1);
    await initKernel();
    const t0 = performance.now();
    const srs = devSrs(K);
    const pk = await keygen(srs, circuit, K);
    const t1 = performance.now();
    const sw = new Stopwatch();
    const proof = await prove(pk, srs, circuit, [], sw);
    const t2 = performance.now();
    expect(verify(pk.vk, [], proof)).to.deep.equal({ ok: true });
    const t3 = performance.now();
    console.log(`    k=${K} copied bytes=${bytes} rw rows=${witness.rws.length} advice columns=${pk.vk.cs.advice.length} degree=${pk.vk.protocol.degree} keygen ${((t1 - t0) / 1000).toFixed(1)} s, prove ${((t2 - t1) / 1000).toFixed(1)} s, verify ${((t3 - t2) / 1000).toFixed(2)} s, proof ${proof.length} bytes`);
    const phases = [...sw.totals].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`);
    console.log(`    prover phases: ${phases.join(', ')}`);
    expect(bytes).to.equal(3000);
  });
});
