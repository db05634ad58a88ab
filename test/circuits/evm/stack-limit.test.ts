/**
 * The 1024-item stack limit is a rule of the circuit, not the prover's choice (review finding, session 8): a push at
 * sp = 0 writes Stack address −1 = r − 1, which the state circuit's key order (steps of 1 … 2^160 mod r) would sort
 * just before address 0. The state circuit range-checks Stack addresses to 0 … 1023, so there only ErrorStackOverflow
 * is provable. The forged run is a real @ethereumjs trace with only its stack cap lifted: SSTORE(0, 1), 1025 × PUSH0,
 * STOP — Ethereum fails it (slot 0 stays 0); proven as a success it would keep the write.
 */
import { expect } from 'chai';
import * as path from 'node:path';
import { honestFailures } from '../gadgets/helpers.js';
import { asm, runPrograms } from '../witness/run.js';
import { evmCase, evmWithState } from './harness.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import { RwTag } from '../../../circuits/state/table.js';
import { keygen, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';

const { Stack } = require(path.join(process.cwd(), 'node_modules/@ethereumjs/evm/dist/cjs/stack.js')) as { Stack: { prototype: { push(v: bigint): void } } };

const K = 13;
const slow = process.env.SLOW ? it : it.skip;
const program = () => asm('PUSH1', 1, 'PUSH0', 'SSTORE', ...Array.from({ length: 1025 }, () => 'PUSH0'), 'STOP');

describe('EVM stack limit (1024 items) through the state circuit', function () {
  this.timeout(600_000);
  let forged: EvmWitness;
  let forgedRow: number;
  before(async () => {
    const push = Stack.prototype.push;
    Stack.prototype.push = function (this: { _maxHeight: number }, v: bigint) { this._maxHeight = 1 << 20; push.call(this, v); };
    try {
      forged = evmCase(await runPrograms([program()]));
    } finally {
      Stack.prototype.push = push;
    }
  });

  it('Ethereum fails the run with ErrorStackOverflow, and that run passes MockProver', async () => {
    const honest = evmCase(await runPrograms([program()]));
    expect(honest.steps.some((s) => s.spec.gadget.name === 'ErrorStackOverflow')).to.equal(true);
    expect(honestFailures(evmWithState(honest, 2400, { steps: 1200, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('the forged success (a push at sp = 0 writing Stack address −1) is refused by the stack address range', () => {
    const last = forged.steps.map((s) => s.spec.name).lastIndexOf('PUSH0');
    expect(forged.steps[last]!.rws[0]!.address).to.equal(-1n);
    expect(forged.steps.some((s) => s.spec.gadget.name === 'ErrorStackOverflow')).to.equal(false);
    expect(forged.rws.find((r) => r.tag === RwTag.Storage && r.isWrite)?.value).to.equal(1n);
    const failures = honestFailures(evmWithState(forged, 2400, { steps: 1200, bitwiseOps: 0 }), K);
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/^lookup rw stack address byte 1@\d+$/);
    forgedRow = Number(failures[0].split('@')[1]);
  });

  slow('the real verifier rejects a proof of the forged success (SLOW)', async () => {
    expect(forgedRow).to.be.a('number');
    await initKernel();
    const circuit = evmWithState(forged, 2400, { steps: 1200, bitwiseOps: 0 });
    const srs = devSrs(K);
    const pk = await keygen(srs, circuit, K);
    expect(verify(pk.vk, [], await proveAssignment(pk, srs, synthesize(circuit, K, [], true))).ok).to.equal(false);
  });
});
