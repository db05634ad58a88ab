import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit } from './harness.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;

/** Runtime code the init codes deploy: SSTORE(0, 1), STOP. */
const RUNTIME = asm('PUSH1', 1, 'PUSH0', 'SSTORE', 'STOP');
/** Init code that stores 9 at its own slot 5, then returns RUNTIME (5 bytes, from a word written at 0). */
const INIT = asm('PUSH1', 9, 'PUSH1', 5, 'SSTORE', 'PUSH5', BigInt(`0x${Buffer.from(RUNTIME).toString('hex')}`), 'PUSH0', 'MSTORE', 'PUSH1', RUNTIME.length, 'PUSH1', 32 - RUNTIME.length, 'RETURN');
/** The root's code: `init` written at memory 0 … (as a right-aligned word), then CREATE or CREATE2(salt) of it with `value`; SSTORE(slot, result). */
const create = (init: Uint8Array, { value = 0, salt, slot = 0 }: { value?: number; salt?: bigint; slot?: number } = {}) => [
  'PUSH32', BigInt(`0x${Buffer.from(init).toString('hex')}`), 'PUSH0', 'MSTORE',
  ...(salt === undefined ? [] : ['PUSH32', salt]), 'PUSH1', init.length, 'PUSH1', 32 - init.length, 'PUSH1', value, salt === undefined ? 'CREATE' : 'CREATE2',
  'PUSH1', slot, 'SSTORE',
] as const;

const rowOf = (w: EvmWitness, name: string, from = 0) => w.steps.findIndex((s, i) => i >= from && s.spec.gadget.name === name);
const names = (w: EvmWitness) => w.steps.map((s) => s.spec.gadget.name);
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.slot, a.value]));

describe('evm circuit: CREATE and CREATE2 from running code (differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);

  it('CREATE then CREATE2 of init code that stores and deploys code: addresses, nonces, storage and gas as @ethereumjs; MockProver passes over the state circuit', async () => {
    expect(INIT.length).to.be.at.most(32);
    const b = await runPrograms([asm(...create(INIT, { value: 0 }), ...create(INIT, { salt: 0x5a17n, slot: 1 }), 'STOP')]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const w = evmCase(b);
    const at = rowOf(w, 'CREATE');
    expect(names(w).slice(at, at + 4)).to.deep.equal(['CREATE', 'KeccakBytes', 'KeccakBytes', 'KeccakBytes']);
    expect(storageWrites(w)).to.deep.equal(traced(b));
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    expect(honestFailures(evmComposed(w, { steps: STEPS, bitwiseOps: 0, rw: RW_ROWS, bytecode: 256 }, 8), 12)).to.deep.equal([]);
  });
});
