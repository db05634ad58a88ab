/**
 * A tx whose gas limit is below its intrinsic gas is invalid: no block may hold it. The frame's starting gas would
 * wrap to p − x, and a failing state (INVALID, the fetched errors) consumes the gas left without a range check, so
 * without a check at the frame's start such a tx was provable as "included, failed" (the reviewer's attack: the sender
 * charged, its nonce bumped). BeginTxCallee range-checks the gas after the intrinsic gas, CreateTx after a creation's.
 * The traces are real @ethereumjs runs with the gas limit lowered and the tx re-signed, as a cheating prover would.
 */
import { expect } from 'chai';
import { createTx, createTxFromRLP } from '@ethereumjs/tx';
import { bytesToHex } from '@noble/hashes/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { keygen, prove, verify } from '../../../circuits/plonk/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { honestFailures } from '../gadgets/helpers.js';
import { deploy } from '../witness/deploy.js';
import { runPrograms } from '../witness/run.js';
import { evmCase, evmInstances, evmTestCircuit } from './harness.js';

const K = 10;
const STEPS = 64;

/** The block with its one tx's gas limit lowered to `limit` (re-signed, every step's gas shifted): what a cheating prover would feed. */
function lowered(block: BlockTrace, limit: bigint): BlockTrace {
  const tx = block.txs[0]! as unknown as Record<string, any>;
  const shift = tx.gasLimit - limit;
  const common = createL2Common(DEV_CHAIN_ID);
  const old = createTxFromRLP(tx.raw, { common }) as any;
  const signed = createTx({ type: 2, nonce: old.nonce, to: old.to, data: old.data, value: old.value, gasLimit: limit, maxFeePerGas: old.maxFeePerGas, maxPriorityFeePerGas: old.maxPriorityFeePerGas, chainId: DEV_CHAIN_ID }, { common }).sign(new Uint8Array(32).fill(7));
  Object.assign(tx, {
    gasLimit: limit, gasUsed: limit, raw: signed.serialize(), hash: `0x${bytesToHex(signed.hash())}`, v: signed.v, r: signed.r, s: signed.s,
    signingHash: `0x${bytesToHex(keccak_256(signed.getMessageToSign() as Uint8Array))}`,
  });
  for (const s of tx.steps) s.gasLeft -= shift;
  return block;
}

/** The witness of `block` with gas cells reduced mod p and `state`'s aux bytes of the frame gas set to its low 64 bits (the prover's best try). */
function cheatingWitness(block: BlockTrace, state: string, shift: bigint) {
  const w = evmCase(block);
  const row = w.steps.findIndex((s) => s.spec.name === state);
  for (const s of w.steps as unknown as Array<{ gasLeft: bigint }>) s.gasLeft = ((s.gasLeft % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
  const step = w.steps[row]! as unknown as { gasLeft: bigint; aux: { aux: bigint } };
  const mask = (1n << 64n) - 1n;
  step.aux.aux = (step.aux.aux & ~(mask << shift)) | ((step.gasLeft & mask) << shift);
  return { w, row };
}

describe('evm circuit: a gas limit below the intrinsic gas is refused (invalid tx, not a failed one)', function () {
  this.timeout(300_000);

  it('a call whose code fails (INVALID) with a gas limit of 20,000 < 21,000: BeginTxCallee\'s gas range fails', async () => {
    const honest = await runPrograms([Uint8Array.of(0x60, 1, 0xfe)]);
    const ok = evmCase(honest);
    expect(honestFailures(evmTestCircuit(STEPS, ok), K, evmInstances(ok))).to.deep.equal([]);
    const { w, row } = cheatingWitness(lowered(await runPrograms([Uint8Array.of(0x60, 1, 0xfe)]), 20_000n), 'BeginTxCallee', 0n);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.include(`gate evm BeginTxCallee/aux bytes 0 … 7 = gas left (gas limit ≥ intrinsic gas)@${row}`);
  });

  it('a creation with a gas limit of 40,000 < its 53,018 intrinsic gas, its init code failing: CreateTx\'s gas range fails', async () => {
    const { w, row } = cheatingWitness(lowered(await runPrograms([deploy(Uint8Array.of(0xfe))]), 40_000n), 'CreateTx', 48n);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.include(`gate evm CreateTx/aux bytes 6 … 13 = gas left (gas limit ≥ intrinsic gas)@${row}`);
  });

  it('the real prover\'s proof of the call\'s cheating witness is rejected by the verifier', async () => {
    const { w } = cheatingWitness(lowered(await runPrograms([Uint8Array.of(0x60, 1, 0xfe)]), 20_000n), 'BeginTxCallee', 0n);
    await initKernel();
    const srs = devSrs(K);
    const circuit = evmTestCircuit(STEPS, w);
    const pk = await keygen(srs, circuit, K);
    expect(verify(pk.vk, evmInstances(w), await prove(pk, srs, circuit, evmInstances(w))).ok).to.equal(false);
  });
});
