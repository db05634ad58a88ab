/**
 * bench:evm — the EVM circuit's shape and a real proof of a block of ETH transfers (issue #8).
 *
 * Prints: rows per execution state (a step is one row; BeginTx/EndTx are chains of internal rows; the word
 * arithmetic opcodes also take slot rows in the arithmetic table), the circuit's columns, lookups and degree, then
 * for a block of N transfers executed by the node (in process, one block): its rows, the k it needs, keygen, prove
 * and verify time and the proof size, against issue #8's target (10 ETH transfers proved in ≤ 60 s on this 2-core
 * machine). The EVM circuit runs over fixture-laid tables (circuits/evm/fixture.ts): this measures the EVM circuit
 * alone — the state, tx, keccak and public-input circuits that prove those tables are not composed yet, so it is
 * not a batch proof. Then ERC-20 transfers (contracts/test/TestToken.sol), called directly and through a router
 * (contracts/test/TokenRouter.sol: a CALL of transfer and a STATICCALL of balanceOf per tx), executed by @ethereumjs
 * with the node's tracer: their rows, RW operations, the k they need, the rows a CALL takes, and with --erc20-prove
 * their prove time. Then contracts deployed by a contract (contracts/test/ChildFactory.sol: CREATE2 and CREATE): the
 * rows a creation takes, by part; last, the rows an ecrecover call takes (contracts/test/SignatureLog.sol).
 *
 *   npm run bench:evm [-- --txs N] [--erc20-prove]
 */
import { Command, InvalidArgumentError } from 'commander';
import { Address, hexToBytes } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/hashes/utils.js';
import hre from 'hardhat';
import { bytesToHex, encodeFunctionData, parseSignature, type Abi } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { SLOT_ROWS } from '../../circuits/evm/arith-table.js';
import { EvmFixtureCircuit, evmFixtureInput, evmFixtureInstances } from '../../circuits/evm/fixture.js';
import { GADGETS } from '../../circuits/evm/gadgets/index.js';
import { ConstraintSystem, keygen, Protocol, Stopwatch, prove, verify } from '../../circuits/plonk/index.js';
import { devSrs } from '../../circuits/pcs/index.js';
import { initKernel } from '../../circuits/wasm/kernel.js';
import type { BlockTrace } from '../../circuits/witness/trace.js';
import { defaultConfig } from '../../node/config.js';
import { devGenesis } from '../../node/execution/genesis.js';
import { createLogger } from '../../node/log.js';
import { L2Node } from '../../node/node.js';
import { runBlock, SENDER } from '../soundness/targets/evm-block.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const TARGET_SECONDS = 60;

/** Executes `count` transfers in one block of an in-process node and returns the block's trace. */
async function transferBlock(count: number): Promise<BlockTrace> {
  const node = await L2Node.start({ ...defaultConfig(devGenesis()), port: 0, blockTime: 2 }, createLogger('silent'));
  try {
    const traced = new Promise<BlockTrace>((resolve) => node.sequencer.onBlockTrace((block, trace) => { if (block.transactions.length === count) resolve(trace); }));
    const sender = mnemonicToAccount(MNEMONIC, { addressIndex: 0 });
    for (let nonce = 0; nonce < count; nonce++) {
      const to = mnemonicToAccount(MNEMONIC, { addressIndex: 1 + (nonce % 10) }).address;
      const raw = await sender.signTransaction({ type: 'eip1559', chainId: Number(node.config.genesis.chainId), nonce, to, value: 1000n + BigInt(nonce), gas: 21_000n, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1n });
      await node.sendRawTransaction(Buffer.from(raw.slice(2), 'hex'));
    }
    return await traced;
  } finally {
    await node.stop();
  }
}

/** Rows each execution state takes: 1 per opcode step; the internal states are one row each of a chain. */
function rowsPerState(): void {
  const chains = new Map<string, number>();
  for (const g of GADGETS) {
    const chain = g.flow === 'internal' ? ['BeginTx', 'EndTx', 'Call', 'Create'].find((c) => g.name.startsWith(c)) ?? 'other' : undefined;
    if (chain !== undefined) chains.set(chain, (chains.get(chain) ?? 0) + 1);
  }
  const families = GADGETS.filter((g) => g.flow !== 'internal').map((g) => `${g.name}${g.arithLookup === undefined ? '' : ' (+ table slot)'}`);
  console.log(`rows per step: 1 for every opcode state (${families.length}: ${families.join(', ')})`);
  for (const [chain, rows] of chains) console.log(`internal rows: ${chain} ${rows} states`);
  console.log(`arithmetic table slot rows: ${Object.entries(SLOT_ROWS).map(([kind, rows]) => `${kind} ${rows}`).join(', ')}`);
}

async function main(txs: number, proveErc20: boolean): Promise<void> {
  await initKernel();
  rowsPerState();
  const shape = new ConstraintSystem();
  new EvmFixtureCircuit({ steps: 2, bitwiseOps: 0 }).configure(shape);
  const protocol = new Protocol(shape, 10);
  console.log(`columns: ${shape.advice.length} advice, ${shape.fixed.length} fixed, ${shape.instance.length} instance; ${shape.lookups.length} lookups; ` +
    `${protocol.phase1.length + protocol.phase2.length} argument columns; degree ${protocol.degree} (fixture tables included: RW 14, bytecode 6, tx 5, block 4 advice)`);

  const block = await transferBlock(txs);
  const input = evmFixtureInput(block);
  const steps = input.witness.steps.length;
  let k = 9;
  while (1 << k < Math.max(steps + 1, 300) + 8) k++; // + the blinding rows
  const capacity = { steps: (1 << k) - 8, bitwiseOps: 0 };
  console.log(`\n${txs} ETH transfers (one block, executed by the node): ${steps} step rows, ${input.witness.rws.length} RW operations; k = ${k}`);
  const srs = devSrs(k);
  const sw = new Stopwatch();
  let t = performance.now();
  const pk = await keygen(srs, new EvmFixtureCircuit(capacity), k);
  const keygenS = (performance.now() - t) / 1000;
  const instances = evmFixtureInstances(input.witness);
  t = performance.now();
  const proof = await prove(pk, srs, new EvmFixtureCircuit(capacity, input), instances, sw);
  const proveS = (performance.now() - t) / 1000;
  t = performance.now();
  const ok = verify(pk.vk, instances, proof).ok;
  const verifyS = (performance.now() - t) / 1000;
  if (!ok) throw new Error('the proof did not verify');
  console.log(`keygen ${keygenS.toFixed(1)} s, prove ${proveS.toFixed(1)} s, verify ${verifyS.toFixed(2)} s, proof ${proof.length} bytes`);
  console.log(`${`evm prove, ${txs} transfers  vs target`.padEnd(40)} ${`${proveS.toFixed(1)} s`.padStart(10)} ${`${TARGET_SECONDS} s`.padStart(8)} ${(proveS / TARGET_SECONDS).toFixed(2).padStart(6)}`);
  await erc20(txs, proveErc20);
  await creations();
  await signatureCheck();
}

const TOKEN = new Address(hexToBytes('0x00000000000000000000000000000000000e2c20'));
const ROUTER = new Address(hexToBytes('0x00000000000000000000000000000000000e0a7e'));
const word = (x: bigint): Uint8Array => hexToBytes(`0x${x.toString(16).padStart(64, '0')}`);
/** TestToken's balanceOf[holder] slot (mapping slot 1). */
const balanceSlot = (holder: Address): bigint => BigInt(`0x${Buffer.from(keccak_256(concatBytes(word(BigInt(holder.toString())), word(1n)))).toString('hex')}`);

/** `txs` ERC-20 transfers of the token held by `holder`, each a tx `to` with `data`, in one block (no node: @ethereumjs and the tracer). */
async function tokenBlock(txs: number, routed: boolean): Promise<BlockTrace> {
  await hre.run('compile', { quiet: true });
  const [token, router] = await Promise.all(['TestToken', 'TokenRouter'].map((n) => hre.artifacts.readArtifact(n)));
  const holder = routed ? ROUTER : SENDER;
  const storage: Array<[bigint, bigint]> = [[0n, 10n ** 6n], [balanceSlot(holder), 10n ** 6n]];
  const to = '0x00000000000000000000000000000000000000b0';
  const data = hexToBytes(routed ? encodeFunctionData({ abi: router!.abi as Abi, functionName: 'send', args: [TOKEN.toString(), to, 5n] })
    : encodeFunctionData({ abi: token!.abi as Abi, functionName: 'transfer', args: [to, 5n] }));
  return runBlock(Array.from({ length: txs }, () => ({ to: routed ? ROUTER : TOKEN, data })), [
    { address: TOKEN, code: hexToBytes(token!.deployedBytecode as `0x${string}`), storage },
    ...(routed ? [{ address: ROUTER, code: hexToBytes(router!.deployedBytecode as `0x${string}`) }] : []),
  ]);
}

/** ERC-20 transfers, direct and through the router: rows, RW operations, k, the rows a call takes; prove times with `prove`. */
async function erc20(txs: number, proving: boolean): Promise<void> {
  for (const routed of [false, true]) {
    const input = evmFixtureInput(await tokenBlock(txs, routed));
    const w = input.witness;
    let k = 9;
    while (1 << k < Math.max(w.steps.length, w.rws.length) + 9) k++;
    const what = `${txs} ERC-20 transfers${routed ? ' through TokenRouter' : ''}`;
    console.log(`\n${what}: ${w.steps.length} step rows (${Math.round(w.steps.length / txs)} per tx), ${w.rws.length} RW operations; k = ${k} for the fixture circuit`);
    if (routed) {
      const count = (name: string) => w.steps.filter((x) => x.spec.name === name).length;
      const chain = w.steps.filter((x) => /^Call|^ReturnData/.test(x.spec.name)).length;
      const calls = count('CALL') + count('STATICCALL');
      console.log(`  per call (${calls}: CALL and STATICCALL): ${(chain / calls).toFixed(1)} rows of the call chain (caller 10, callee entry 2, return 5, ` +
        `the return data copy 2 bytes a row), ${count('CallDataCaller') + count('CallDataMemoryRead')} rows of nested CALLDATALOADs in all`);
    }
    if (!proving) continue;
    const capacity = { steps: (1 << k) - 9, bitwiseOps: 64, arith: { mul: 4 * txs, divMod: 4 * txs, addMod: 0, mulMod: 0, shl: 16 * txs, shr: 16 * txs, sar: 0, slt: 4 * txs, sgt: 4 * txs } };
    const srs = devSrs(k);
    const pk = await keygen(srs, new EvmFixtureCircuit(capacity), k);
    const instances = evmFixtureInstances(w);
    const t = performance.now();
    const proof = await prove(pk, srs, new EvmFixtureCircuit(capacity, input), instances, new Stopwatch());
    const proveS = (performance.now() - t) / 1000;
    if (!verify(pk.vk, instances, proof).ok) throw new Error('the proof did not verify');
    console.log(`  prove ${proveS.toFixed(1)} s, proof ${proof.length} bytes`);
  }
}

const FACTORY = new Address(hexToBytes('0x00000000000000000000000000000000000fac70'));

/** ChildFactory.deploy (CREATE2) and deployPlain (CREATE), one tx each: the rows a creation takes, by part. */
async function creations(): Promise<void> {
  await hre.run('compile', { quiet: true });
  const factory = await hre.artifacts.readArtifact('ChildFactory');
  const code = hexToBytes(factory.deployedBytecode as `0x${string}`);
  for (const [fn, args] of [['deploy', [`0x${'5a17'.padStart(64, '0')}`, 42n]], ['deployPlain', [9n]]] as const) {
    const data = hexToBytes(encodeFunctionData({ abi: factory.abi as Abi, functionName: fn, args: [...args] }));
    const w = evmFixtureInput(await runBlock([{ to: FACTORY, data }], [{ address: FACTORY, code }])).witness;
    const names = w.steps.map((x) => x.spec.gadget.name);
    const count = (re: RegExp) => names.filter((n) => re.test(n)).length;
    const at = names.indexOf('CREATE');
    const initRows = names.slice(at + 1).findIndex((n) => n !== 'KeccakBytes');
    console.log(`\nChildFactory.${fn} (${fn === 'deploy' ? 'CREATE2' : 'CREATE'}, contracts/test/ChildFactory.sol): ${w.steps.length} step rows, ${w.rws.length} RW operations`);
    console.log(`  the creation: opcode row 1, init code hashing ${initRows} (4 bytes a row), address input ${count(/^CreateInputBytes$/)}, ` +
      `the rest of the chain ${count(/^Create(Init|Sender|Hash|Gas|Save|Switch|Account)$/) + 2} (with CallDebit/CallCredit), code deposit ${count(/^CodeDeposit/)}, return 5`);
  }
}

const SIGNATURE_LOG = new Address(hexToBytes('0x0000000000000000000000000000000000005160'));

/** SignatureLog.check of a valid signature: the rows an ecrecover call takes, by part (its recovery is a signature-table row). */
async function signatureCheck(): Promise<void> {
  const log = await hre.artifacts.readArtifact('SignatureLog');
  const hash = keccak_256(new TextEncoder().encode('bench message'));
  const signer = mnemonicToAccount('test test test test test test test test test test test junk');
  const { r, s, v } = parseSignature(await signer.sign({ hash: bytesToHex(hash) }));
  const data = hexToBytes(encodeFunctionData({ abi: log.abi as Abi, functionName: 'check', args: [bytesToHex(hash), Number(v), r, s] }));
  const w = evmFixtureInput(await runBlock([{ to: SIGNATURE_LOG, data }], [{ address: SIGNATURE_LOG, code: hexToBytes(log.deployedBytecode as `0x${string}`) }])).witness;
  const names = w.steps.map((x) => x.spec.gadget.name);
  const count = (re: RegExp) => names.filter((n) => re.test(n)).length;
  console.log(`\nSignatureLog.check (ecrecover, contracts/test/SignatureLog.sol): ${w.steps.length} step rows, ${w.rws.length} RW operations, ${w.recoveries.length} signature-table row`);
  console.log(`  the ecrecover call: STATICCALL's chain ${count(/^(STATICCALL|Call(Memory|Access|Prewarm|Value|Empty|Gas|Static|Save|Switch|Debit|Credit))$/)}, head ${count(/^PrecompileEcrecover$/)}, ` +
    `input ${count(/^EcrecoverInput$/)} (4 bytes a row), recovery ${count(/^EcrecoverSig$/)}, output ${count(/^EcrecoverOutput$/)}, return ${count(/^(CallReturn|CallRestore|CallRestoreFrame|CallRestoreStatic|CallResume|ReturnDataBytes)$/)}`);
}

const program = new Command('bench:evm')
  .description('EVM circuit shape and the real prove time of a block of ETH transfers (over fixture tables)')
  .option('--txs <n>', 'transfers in the block', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError('an integer from 1 to 200');
    return n;
  }, 10)
  .option('--erc20-prove', 'also prove the ERC-20 blocks (minutes)', false)
  .action(async (opts: { txs: number; erc20Prove: boolean }) => main(opts.txs, opts.erc20Prove));
program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
