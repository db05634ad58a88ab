/**
 * Gas of on-chain proof verification (issue 6): for each example circuit, and for a circuit whose only
 * variable is the number of public values (1, 2, 16), deploys the generated verifier on the in-process
 * Hardhat network and takes estimateGas of a transaction calling verify(proof, instances).
 *
 * Peer: snarkjs 0.7 PLONK verifiers (`zkey export solidityverifier`), built offline here: the R1CS and
 * witness files are written directly (no circom), over a fresh powers-of-tau (2^8) made with snarkjs.
 * Peer circuits mirror ours: Fibonacci with 10 steps and public [f0, f1, f11]; a running sum over m public
 * values. Lines are `name  ours  peer  ratio` (ratio = ours / peer; below 1 means we use less gas).
 *
 * Gas is the total of the transaction (21000 + calldata + execution) under Hardhat's default hardfork (Osaka: a
 * transaction's gas limit is capped at 2^24 by EIP-7825, so a verify must fit in that), its receipt's gasUsed,
 * and "exec" is that minus 21000 and the calldata's 4/16 gas per zero/non-zero byte.
 *
 * With --batch test|full, first a real batch proof (see batchRow): the generated verifier split into stage
 * contracts (EIP-170), code bytes summed over them. No peer: no other verifier of this circuit exists.
 *
 *   npm run bench:gas [-- --batch test|full]
 */
import hre from 'hardhat';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeFunctionResult, encodeFunctionData, toHex, type Abi, type Hex } from 'viem';
import * as snarkjs from 'snarkjs';
import { buildBn128 } from 'ffjavascript';
import { initKernel } from '../../circuits/wasm/kernel.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { keygen, prove, verify, type Circuit } from '../../circuits/plonk/index.js';
import { FR_MODULUS } from '../../circuits/field/index.js';
import { Command, Option } from 'commander';
import { createAddressFromString } from '@ethereumjs/util';
import {
  batchVerifierFile, compileSolidity, compileVerifier, deployVerifier, DEV_SRS_HEADER, EXAMPLES_SRS_K, generateVerifier,
  generateVerifierFile, proofLayout, PublicValuesCircuit, VERIFIER_EXAMPLES,
} from '../../circuits/solidity/index.js';
import { SuperCircuit } from '../../circuits/super/index.js';
import { batchWitness } from '../../circuits/witness/batch.js';
import { runPrograms } from '../../test/circuits/witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from '../../test/circuits/super/fixture.js';
import { TEST_BATCH_CAPACITY, TX_GAS_CAP } from '../../test/contracts/verifier-deploy.js';
import { DEVNET_BATCH_CAPACITY } from '../../node/prover/batch-circuit.js';

interface Compiled { abi: Abi; bytecode: Hex }

/** Compiles one source with the pinned solcjs and the settings of hardhat.config.ts. */
function compile(contractName: string, source: string): Compiled {
  const c = compileSolidity(contractName, source);
  return { abi: c.abi as Abi, bytecode: c.bytecode };
}

type Row = { name: string; ours: Measured; peer?: Measured; note: string };
const PAYEE = createAddressFromString('0x00000000000000000000000000000000000beef1');
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(0)} s`;

/**
 * A real proof of a node-executed block (test/circuits/witness/run.ts, roots bound by the SMT witness) under the
 * batch circuit: "full" = circuits/super at DEVNET_BATCH_CAPACITY (ecrecover included), 1 transfer; "test" = the
 * TEST ONLY configuration (signatures unproven; labelled as such), 2 transfers. Verified in TS, then on-chain.
 */
async function batchRow(kind: 'test' | 'full'): Promise<Row> {
  const test = kind === 'test';
  const capacity = test ? TEST_BATCH_CAPACITY : DEVNET_BATCH_CAPACITY;
  const { block, state } = await withStateRoots(await runPrograms(test ? [{ to: PAYEE, value: 10n ** 18n }, { to: PAYEE, value: 3n }] : [{ to: PAYEE, value: 5n }]));
  const circuit = test ? SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [block], state) : new SuperCircuit(capacity, PARAMS, batchWitness([block], capacity, PARAMS, undefined, state));
  const srs = devSrs(capacity.k);
  let t = performance.now();
  const pk = await keygen(srs, test ? circuit : new SuperCircuit(capacity, PARAMS), capacity.k);
  const keygenTime = seconds(t);
  t = performance.now();
  const instances = circuit.instances();
  const proof = await prove(pk, srs, circuit, instances);
  const proveTime = seconds(t);
  if (!verify(pk.vk, instances, proof).ok) throw new Error(`batch (${kind}): the TS verifier rejects the proof`);
  const g = test
    ? generateVerifierFile(pk.vk, { contractName: 'BatchTestVerifier', instanceLengths: [2], header: DEV_SRS_HEADER })
    : batchVerifierFile(pk.vk, capacity, PARAMS);
  const compiled = compileVerifier(g);
  const address = await deployVerifier(g, compiled, (_name, c, args) => deploy({ abi: c.abi as Abi, bytecode: c.bytecode }, args));
  const m = await measureAt(address, compiled.get(g.contractName)!.abi as Abi, 'verify', [toHex(proof), instances.flat()]);
  m.codeBytes = [...compiled.values()].reduce((a, c) => a + c.codeBytes, 0);
  const l = proofLayout(pk.vk);
  const ecMuls = /(\d+) ecMul/.exec(g.source)?.[1] ?? '?';
  return {
    name: `verify batch ${test ? 'TEST ONLY (no ecrecover), 2 transfers' : `1 transfer in ${capacity.txs} tx slot(s)`}, k = ${capacity.k}`,
    ours: m,
    note: `proof ${l.bytes} B (${l.commitments} commitments, ${l.evaluations} evaluations, ${l.witnesses} opening witnesses), ${ecMuls} ecMul; ` +
      `${g.parts.length} stage contracts + main (code summed); keygen ${keygenTime}, prove ${proveTime}`,
  };
}

const calldataGas = (data: Hex) => {
  let g = 0;
  for (let i = 2; i < data.length; i += 2) g += data.slice(i, i + 2) === '00' ? 4 : 16;
  return g;
};

interface Measured { gas: bigint; exec: bigint; calldataBytes: number; codeBytes: number }

async function deploy(c: Compiled, args: readonly unknown[] = []): Promise<Hex> {
  const [wallet] = await hre.viem.getWalletClients();
  const client = await hre.viem.getPublicClient();
  const hash = await wallet.deployContract({ abi: c.abi, bytecode: c.bytecode, account: wallet.account, args });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || receipt.contractAddress == null) throw new Error(`deployment reverted (tx ${hash})`);
  return receipt.contractAddress;
}

async function measure(c: Compiled, functionName: string, args: readonly unknown[]): Promise<Measured> {
  return measureAt(await deploy(c), c.abi, functionName, args);
}

/** Gas of calling `functionName` on a deployed contract; `codeBytes` is that contract's code (without stages). */
async function measureAt(to: Hex, abi: Abi, functionName: string, args: readonly unknown[]): Promise<Measured> {
  const [wallet] = await hre.viem.getWalletClients();
  const client = await hre.viem.getPublicClient();
  const data = encodeFunctionData({ abi, functionName, args });
  const res = await client.call({ to, data });
  const ok = decodeFunctionResult({ abi, functionName, data: res.data! });
  if (ok !== true) throw new Error(`${functionName} returned ${String(ok)} for an honest proof`);
  // gasUsed of a sent transaction limited by EIP-7825's cap (estimateGas searches limits above it and fails
  // when a limit near the use does not do: calls keep 1/64 of their gas)
  const hash = await wallet.sendTransaction({ to, data, gas: TX_GAS_CAP });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted within the ${TX_GAS_CAP} gas of one transaction`);
  const gas = receipt.gasUsed;
  const code = await client.getCode({ address: to });
  return { gas, exec: gas - 21000n - BigInt(calldataGas(data)), calldataBytes: (data.length - 2) / 2, codeBytes: ((code?.length ?? 2) - 2) / 2 };
}

// ---------- snarkjs PLONK peer: R1CS and witness written directly ----------

type Lc = Array<[wire: number, coeff: bigint]>;
interface R1cs { nPublic: number; nWires: number; constraints: Array<[Lc, Lc, Lc]>; witness: bigint[] }

/** 32-byte little-endian (field elements reduced mod r; the modulus itself as is). */
function le32(v: bigint): Buffer {
  const b = Buffer.alloc(32);
  let x = v === FR_MODULUS ? v : ((v % FR_MODULUS) + FR_MODULUS) % FR_MODULUS;
  for (let i = 0; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn);
  return b;
}
const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
const u64 = (v: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };
const section = (type: number, body: Buffer) => Buffer.concat([u32(type), u64(body.length), body]);

/** iden3 .r1cs (version 1): header, constraints, wire→label map. Wires: 0 = one, 1..nPublic public inputs. */
function r1csFile(r: R1cs): Buffer {
  const lc = (l: Lc) => Buffer.concat([u32(l.length), ...l.map(([w, c]) => Buffer.concat([u32(w), le32(c)]))]);
  const header = Buffer.concat([u32(32), le32(FR_MODULUS), u32(r.nWires), u32(0), u32(r.nPublic), u32(0), u64(r.nWires), u32(r.constraints.length)]);
  const constraints = Buffer.concat(r.constraints.map(([a, b, c]) => Buffer.concat([lc(a), lc(b), lc(c)])));
  const map = Buffer.concat(Array.from({ length: r.nWires }, (_, i) => u64(i)));
  return Buffer.concat([Buffer.from('r1cs'), u32(1), u32(3), section(1, header), section(2, constraints), section(3, map)]);
}

/** iden3 .wtns (version 2). */
function wtnsFile(r: R1cs): Buffer {
  const header = Buffer.concat([u32(32), le32(FR_MODULUS), u32(r.witness.length)]);
  return Buffer.concat([Buffer.from('wtns'), u32(2), u32(2), section(1, header), section(2, Buffer.concat(r.witness.map(le32)))]);
}

/** Fibonacci with `steps` additions, public [f0, f1, f_{steps+1}] (as our example circuit). */
function fibonacciR1cs(steps: number): R1cs {
  const f = [1n, 1n];
  for (let i = 0; i < steps; i++) f.push((f[i] + f[i + 1]) % FR_MODULUS);
  const last = steps + 1;
  const wire = (j: number) => (j === 0 ? 1 : j === 1 ? 2 : j === last ? 3 : 4 + (j - 2));
  const constraints: Array<[Lc, Lc, Lc]> = [];
  for (let i = 0; i < steps; i++) constraints.push([[[wire(i), 1n], [wire(i + 1), 1n]], [[0, 1n]], [[wire(i + 2), 1n]]]);
  const witness = [1n, f[0], f[1], f[last], ...f.slice(2, last)];
  return { nPublic: 3, nWires: witness.length, constraints, witness };
}

/** Running sum s_{i+1} = s_i + x_i over m public x (s_0 = 0). */
function publicValuesR1cs(values: readonly bigint[]): R1cs {
  const m = values.length;
  const s = (i: number) => m + i; // s_1..s_m at wires m+1..2m
  const constraints: Array<[Lc, Lc, Lc]> = [];
  const witness = [1n, ...values];
  let acc = 0n;
  for (let i = 0; i < m; i++) {
    const a: Lc = i === 0 ? [[1, 1n]] : [[s(i), 1n], [i + 1, 1n]];
    constraints.push([a, [[0, 1n]], [[s(i + 1), 1n]]]);
    acc = (acc + values[i]) % FR_MODULUS;
    witness.push(acc);
  }
  return { nPublic: m, nWires: witness.length, constraints, witness };
}

interface Peer { name: string; compiled: Compiled; args: readonly unknown[] }

async function snarkjsPeer(dir: string, ptau: string, name: string, r: R1cs): Promise<Peer> {
  const r1 = join(dir, `${name}.r1cs`);
  const wt = join(dir, `${name}.wtns`);
  const zk = join(dir, `${name}.zkey`);
  writeFileSync(r1, r1csFile(r));
  writeFileSync(wt, wtnsFile(r));
  await snarkjs.plonk.setup(r1, ptau, zk);
  const { proof, publicSignals } = await snarkjs.plonk.prove(zk, wt) as { proof: unknown; publicSignals: string[] };
  const vkey = await snarkjs.zKey.exportVerificationKey(zk);
  if (!(await snarkjs.plonk.verify(vkey, publicSignals, proof))) throw new Error(`snarkjs rejected its own ${name} proof`);
  const templates = { plonk: readFileSync(join(dirname(require.resolve('snarkjs')), '..', 'templates', 'verifier_plonk.sol.ejs'), 'utf8') };
  const source = (await snarkjs.zKey.exportSolidityVerifier(zk, templates)) as string;
  const calldata = (await snarkjs.plonk.exportSolidityCallData(proof, publicSignals)) as string;
  // "[0x…, …(24 proof words)],[0x…, …(public signals)]"
  const words = (calldata.match(/0x[0-9a-fA-F]+/g) ?? []).map(BigInt);
  if (words.length !== 24 + r.nPublic) throw new Error(`unexpected snarkjs calldata: ${calldata.slice(0, 80)}…`);
  return { name, compiled: compile('PlonkVerifier', source), args: [words.slice(0, 24), words.slice(24)] };
}

async function main(opts: { batch: 'none' | 'test' | 'full' }): Promise<void> {
  await initKernel();
  const srs = devSrs(EXAMPLES_SRS_K);
  const rows: Row[] = [];

  const ours = async (name: string, circuit: Circuit<unknown>, k: number, instances: bigint[][]) => {
    const pk = await keygen(srs, circuit, k);
    const proof = await prove(pk, srs, circuit, instances);
    if (!verify(pk.vk, instances, proof).ok) throw new Error(`${name}: the TS verifier rejects the proof`);
    const contractName = 'BenchVerifier';
    const source = generateVerifier(pk.vk, { contractName, instanceLengths: instances.map((c) => c.length), header: DEV_SRS_HEADER });
    const ecMuls = /(\d+) ecMul/.exec(source)?.[1] ?? '?';
    const m = await measure(compile(contractName, source), 'verify', [toHex(proof), instances.flat()]);
    const l = proofLayout(pk.vk);
    return { m, note: `proof ${l.bytes} B (${l.commitments} commitments, ${l.evaluations} evaluations, ${l.witnesses} opening witnesses), ${ecMuls} ecMul` };
  };

  // peers
  const dir = mkdtempSync(join(tmpdir(), 'gas-peer-'));
  const curve = await buildBn128();
  const peers = new Map<string, Measured>();
  try {
    const fresh = join(dir, 'pot0.ptau');
    const contributed = join(dir, 'pot1.ptau');
    const ptau = join(dir, 'pot.ptau');
    await snarkjs.powersOfTau.newAccumulator(curve, 8, fresh);
    await snarkjs.powersOfTau.contribute(fresh, contributed, 'bench', 'fixed bench entropy');
    await snarkjs.powersOfTau.preparePhase2(contributed, ptau);
    const peerCircuits: Array<[string, R1cs]> = [['fibonacci', fibonacciR1cs(10)]];
    for (const m of [1, 2, 16]) peerCircuits.push([`public-${m}`, publicValuesR1cs(Array.from({ length: m }, (_, i) => BigInt(i + 1)))]);
    for (const [name, r] of peerCircuits) {
      const p = await snarkjsPeer(dir, ptau, name, r);
      peers.set(name, await measure(p.compiled, 'verifyProof', p.args));
    }
  } finally {
    await curve.terminate();
    rmSync(dir, { recursive: true, force: true });
  }

  if (opts.batch !== 'none') rows.push(await batchRow(opts.batch));
  for (const ex of VERIFIER_EXAMPLES) {
    const { m, note } = await ours(ex.name, ex.circuit, ex.k, ex.instances);
    rows.push({ name: `verify ${ex.name}`, ours: m, peer: peers.get(ex.name), note });
  }
  for (const m of [1, 2, 16]) {
    const values = Array.from({ length: m }, (_, i) => BigInt(i + 1));
    const c = new PublicValuesCircuit(values);
    const r = await ours(`public-${m}`, c as Circuit<unknown>, 5, c.instances());
    rows.push({ name: `verify public-values m=${m}`, ours: r.m, peer: peers.get(`public-${m}`), note: r.note });
  }

  const peerLabel = ' vs snarkjs PLONK';
  const names = rows.map((r) => r.name + (r.peer ? peerLabel : ''));
  const w = Math.max(...names.map((n) => n.length));
  console.log(`${'name'.padEnd(w)}  ${'ours'.padStart(8)}  ${'peer'.padStart(8)}  ratio`);
  rows.forEach((r, i) => {
    const ratio = r.peer ? (Number(r.ours.gas) / Number(r.peer.gas)).toFixed(3) : '-';
    console.log(`${names[i].padEnd(w)}  ${r.ours.gas.toString().padStart(8)}  ${(r.peer?.gas.toString() ?? '-').padStart(8)}  ${ratio}`);
  });
  console.log('\n# details (gas = whole tx; exec = gas − 21000 − calldata at 4/16 per zero/non-zero byte)');
  for (const r of rows) {
    console.log(`# ${r.name}: ours exec ${r.ours.exec}, calldata ${r.ours.calldataBytes} B, code ${r.ours.codeBytes} B; ${r.note}` +
      (r.peer ? `; peer exec ${r.peer.exec}, calldata ${r.peer.calldataBytes} B, code ${r.peer.codeBytes} B` : ''));
  }
}

const program = new Command('bench:gas')
  .description('gas of on-chain verification: example circuits vs snarkjs PLONK; optionally a real batch proof')
  .addOption(new Option('--batch <kind>', 'also a batch proof: "test" = the TEST ONLY configuration without ecrecover (k = 12, ~3 min), "full" = the batch circuit at DEVNET_BATCH_CAPACITY (k = 14, keygen + prove: tens of minutes)')
    .choices(['none', 'test', 'full']).default('none'))
  .action(main);

program.parseAsync().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
