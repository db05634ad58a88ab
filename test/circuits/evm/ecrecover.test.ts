import { expect } from 'chai';
import hre from 'hardhat';
import { Address, hexToBytes } from '@ethereumjs/util';
import { encodeFunctionData, type Hex } from 'viem';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { compiledArtifact } from '../../node/artifacts.js';
import { evmCase, evmInstances, evmTestCircuit, evmWithState } from './harness.js';

const K = 12;
const STEPS = 2048;
const RW_ROWS = 4000;

const rowOf = (w: EvmWitness, name: string, from = 0) => w.steps.findIndex((s, i) => i >= from && s.spec.gadget.name === name);
const names = (w: EvmWitness) => w.steps.map((s) => s.spec.gadget.name);
const storageWrites = (w: EvmWitness) => w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.storageKey, r.value]);
const traced = (b: BlockTrace) => b.txs.flatMap((t) => t.storage.filter((a) => a.isWrite).map((a) => [a.slot, a.value]));
const contract = (i: number, code: Uint8Array) => ({ address: programAddress(i), code });

/** A signature of `hash` by a fixed key, and the key's address. */
function signed(hash: Uint8Array): { v: bigint; r: bigint; s: bigint; address: bigint } {
  const priv = keccak_256(new TextEncoder().encode('ecrecover test key'));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(hash, priv, { prehash: false, format: 'recovered' }), 'recovered');
  const key = secp256k1.getPublicKey(priv, false).slice(1);
  return { v: 27n + BigInt(sig.recovery!), r: sig.r, s: sig.s, address: BigInt(`0x${bytesToHex(keccak_256(key).slice(12))}`) };
}

/** MSTORE of `word` at memory `at`. */
const store = (word: bigint, at: number) => ['PUSH32', word, 'PUSH1', at, 'MSTORE'];
/**
 * STATICCALL of 0x01 (all gas left, or `gas`) with input memory[0, size) and 32 bytes asked back at 128; then slot
 * `slot` = its success, slot + 1 = the word at 128, slot + 2 = RETURNDATASIZE.
 */
const ecrecover = (size: number, slot: number, gas?: number) => ['PUSH1', 32, 'PUSH1', 128, 'PUSH1', size, 'PUSH0', 'PUSH1', 1, ...(gas === undefined ? ['GAS'] : ['PUSH2', gas]), 'STATICCALL',
  'PUSH1', slot, 'SSTORE', 'PUSH1', 128, 'MLOAD', 'PUSH1', slot + 1, 'SSTORE', 'RETURNDATASIZE', 'PUSH1', slot + 2, 'SSTORE'];

describe('evm circuit: the ecrecover precompile (0x01) called from code (differential against @ethereumjs/evm)', function () {
  this.timeout(900_000);
  const hash = keccak_256(new TextEncoder().encode('a message'));
  const h = BigInt(`0x${bytesToHex(hash)}`);
  const sig = signed(hash);
  let valid: EvmWitness;
  let invalid: EvmWitness;
  let validBlock: BlockTrace;
  let invalidBlock: BlockTrace;

  before(async () => {
    // a valid signature with 128, 160 (the rest ignored) and 100 (s cut short, zero-padded) input bytes
    validBlock = await runPrograms([asm(...store(h, 0), ...store(sig.v, 32), ...store(sig.r, 64), ...store(sig.s, 96), ...ecrecover(128, 0), ...ecrecover(160, 3), ...ecrecover(100, 6), 'STOP')]);
    valid = evmCase(validBlock);
    // v = 29; v = 2^128 + 27 (v hi ≠ 0); r = 0 with a good v (recovers nothing); no input at all (v = 0); 2999 gas (out of gas)
    invalidBlock = await runPrograms([{ to: programAddress(70), value: 0n }], [contract(70, asm(...store(h, 0), ...store(29n, 32), ...store(sig.r, 64), ...store(sig.s, 96),
      ...ecrecover(128, 0), ...store((1n << 128n) + 27n, 32), ...ecrecover(128, 3), ...store(sig.v, 32), ...store(0n, 64), ...ecrecover(128, 6),
      ...ecrecover(0, 9), ...store(sig.r, 64), ...ecrecover(128, 12, 2999), 'STOP'))]);
    invalid = evmCase(invalidBlock);
  });

  it('a valid signature: the address word returned (128, 160 and 100 input bytes), gas 3000; storage as @ethereumjs; MockProver passes over the state circuit', () => {
    expect(validBlock.txs.map((t) => [t.status, t.precompiles.map((p) => p.success), unsupportedOps(t)])).to.deep.equal([[1, [true, true, true], []]]);
    expect(storageWrites(valid)).to.deep.equal(traced(validBlock));
    const stored = storageWrites(valid).map((x) => x[1]);
    expect(stored.slice(0, 6)).to.deep.equal([1n, sig.address, 32n, 1n, sig.address, 32n]);
    expect(valid.recoveries).to.have.length(3);
    const head = rowOf(valid, 'PrecompileEcrecover');
    expect(names(valid).slice(head, head + 43)).to.deep.equal(['PrecompileEcrecover', ...Array(32).fill('EcrecoverInput'), 'EcrecoverSig', ...Array(8).fill('EcrecoverOutput'), 'CallReturn']);
    expect(honestFailures(evmWithState(valid, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('invalid inputs: v = 29, v hi ≠ 0, r = 0 and an empty input return nothing (the call succeeds); 2999 gas fails; MockProver passes over the state circuit', () => {
    expect(invalidBlock.txs.map((t) => [t.status, t.precompiles.map((p) => p.success), unsupportedOps(t)])).to.deep.equal([[1, [true, true, true, true, false], []]]);
    expect(storageWrites(invalid)).to.deep.equal(traced(invalidBlock));
    // only the r = 0 call has v ∈ {27, 28}: one recovery looked up (invalid)
    expect(invalid.recoveries.map((r) => r.r)).to.deep.equal([0n]);
    expect(names(invalid).filter((n) => n === 'EcrecoverOutput')).to.have.length(0);
    expect(names(invalid).filter((n) => n === 'EcrecoverOutOfGas')).to.have.length(1);
    expect(honestFailures(evmWithState(invalid, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('mutations of a valid call are named: an input byte, the half it builds, the recovered address, isValid, the input length, the gas', async () => {
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, valid), K, evmInstances(valid), edits);
    const head = rowOf(valid, 'PrecompileEcrecover');
    const sigRow = head + 33;
    // a running half other than the bytes read (input row 5: the hash's lo half, its second row)
    expect(rr([{ column: 'evm inv', row: head + 6, value: (x) => x + 1n }])).to.include(`gate evm EcrecoverInput/inv = the half so far: its bytes after the previous rows' (none where z)@${head + 6}`);
    // another address claimed (the output word): the signature table has no such row
    expect(rr([{ column: 'evm aux byte 0', row: sigRow, value: (x) => x ^ 1n }])).to.include(`lookup evm signature@${sigRow}`);
    // valid claimed invalid: no output rows would follow, and the table says valid
    expect(rr([{ column: 'evm slot 0 lo', row: sigRow, value: 0n }])).to.include(`lookup evm signature@${sigRow}`);
    // the lookup switched off by claiming v is not 27 or 28
    expect(rr([{ column: 'evm c0', row: sigRow, value: 0n }])).to.include(`gate evm EcrecoverSig/not vOk: not valid@${sigRow}`);
    // fewer input bytes taken (127 of 128: s's last byte read as 0)
    expect(rr([{ column: 'evm c1', row: head + 1, value: 127n }])).to.include(`gate evm PrecompileEcrecover/input: c1' = min(L, 128)@${head}`);
    // cheaper than 3000
    expect(rr([{ column: 'evm gas', row: head + 1, value: (x) => x + 1n }])).to.include(`gate evm PrecompileEcrecover/gas' = gas − 3000@${head}`);
    // an output byte other than the address's
    const out = sigRow + 4;
    expect(rr([{ column: 'evm slot 0 lo', row: out, value: (x) => x ^ 1n }])).to.include(`gate evm EcrecoverOutput/byte 0 lo@${out}`);
    // the real prover and verifier refuse a forged address too
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, valid), K, evmInstances(valid), [{ column: 'evm aux byte 0', row: sigRow, value: (x) => x ^ 1n }])).to.include(`lookup evm signature@${sigRow}`);
  });

  it('mutations of the invalid calls are named: v claimed good, a recovery claimed where there is none, the input row count, out of gas claimed with enough gas', async () => {
    const rr = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, invalid), K, evmInstances(invalid), edits);
    const sigs = names(invalid).flatMap((n, i) => (n === 'EcrecoverSig' ? [i] : []));
    // v = 29 claimed valid-looking
    expect(rr([{ column: 'evm c0', row: sigs[0]!, value: 1n }])).to.include(`gate evm EcrecoverSig/vOk: v lo ∈ {27, 28}@${sigs[0]}`);
    // v hi ≠ 0 hidden: its inverse zeroed
    expect(rr([{ column: 'evm inv', row: sigs[1]!, value: 0n }])).to.include(`gate evm EcrecoverSig/not vOk: v hi or c1 is not 0@${sigs[1]}`);
    // r = 0 claimed to recover something
    expect(rr([{ column: 'evm slot 0 lo', row: sigs[2]!, value: 1n }])).to.include(`lookup evm signature@${sigs[2]}`);
    // an input row's place in its half changed
    expect(rr([{ column: 'evm aux byte 4', row: sigs[3]! - 2, value: 1n }])).to.include(`gate evm EcrecoverInput/more: t' = t + 1 − 4z'@${sigs[3]! - 3}`);
    // out of gas claimed with the gas there
    const oog = rowOf(invalid, 'EcrecoverOutOfGas');
    expect(rr([{ column: 'evm gas', row: oog, value: 3000n }])).to.include(`gate evm EcrecoverOutOfGas/aux bytes 16 … 23 = 3000 − gas − 1 (short of gas)@${oog}`);
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, invalid), K, evmInstances(invalid), [{ column: 'evm c0', row: sigs[0]!, value: 1n }])).to.include(`gate evm EcrecoverSig/vOk: v lo ∈ {27, 28}@${sigs[0]}`);
  });

  it('a DELEGATECALL of 0x01 runs the same rows (CallCredit picks them by the code address): the signer returned; MockProver passes', async () => {
    const delegate = ['PUSH1', 32, 'PUSH1', 128, 'PUSH1', 128, 'PUSH0', 'PUSH1', 1, 'GAS', 'DELEGATECALL', 'PUSH0', 'SSTORE', 'PUSH1', 128, 'MLOAD', 'PUSH1', 1, 'SSTORE'];
    const b = await runPrograms([asm(...store(h, 0), ...store(sig.v, 32), ...store(sig.r, 64), ...store(sig.s, 96), ...delegate, 'STOP')]);
    expect(b.txs.map((t) => [t.status, unsupportedOps(t)])).to.deep.equal([[1, []]]);
    const w = evmCase(b);
    expect(storageWrites(w).map((x) => x[1])).to.deep.equal([1n, sig.address]);
    expect(honestFailures(evmWithState(w, RW_ROWS, { steps: STEPS, bitwiseOps: 0 }), K)).to.deep.equal([]);
  });

  it('a Solidity contract (contracts/test/SignatureLog.sol) recovering a valid and an invalid signature: the signer, then 0, stored as @ethereumjs; MockProver passes', async () => {
    const log = new Address(hexToBytes('0x0000000000000000000000000000000000005160'));
    const { abi } = await compiledArtifact('SignatureLog');
    const code = hexToBytes((await hre.artifacts.readArtifact('SignatureLog')).deployedBytecode as Hex);
    const other = `0x${'11'.repeat(32)}` as Hex;
    const word = (x: bigint) => `0x${x.toString(16).padStart(64, '0')}` as Hex;
    const check = (hashWord: Hex, v: number) => hexToBytes(encodeFunctionData({ abi, functionName: 'check', args: [hashWord, v, word(sig.r), word(sig.s)] }));
    const b = await runPrograms([{ to: log, data: check(word(h), Number(sig.v)) }, { to: log, data: check(other, 30) }], [{ address: log, code }]);
    expect(b.txs.map((t) => [t.status, t.precompiles.map((p) => p.output.length), unsupportedOps(t)])).to.deep.equal([[1, [32], []], [1, [0], []]]);
    const r = evmCase(b);
    // signerOf[h] = the signer; signerOf[other] = 0 (v = 30: nothing returned); checked = 1, 2
    const writes = storageWrites(r);
    expect(writes).to.deep.equal(traced(b));
    expect(writes.map((x) => x[1])).to.deep.equal([sig.address, 1n, 0n, 2n]);
    expect(honestFailures(evmTestCircuit(STEPS, r, { bitwiseOps: 16, arith: { mul: 8, divMod: 8, addMod: 0, mulMod: 0, shl: 16, shr: 16, sar: 0, slt: 8, sgt: 8 } }), K, evmInstances(r))).to.deep.equal([]);
  });
});
