/**
 * TEST FIXTURES for the tx circuit: a signature table filled from @noble/curves recovery and constrained by
 * nothing (it stands in for circuits/sig, as keccak/fixture.ts stands in for the keccak circuit), the tx chip
 * over both fixtures, and signed txs of all three types built with @ethereumjs/tx.
 */
import { createAccessList2930Tx, createFeeMarket1559Tx, createLegacyTx, type TypedTransaction } from '@ethereumjs/tx';
import { createAddressFromPrivateKey, createAddressFromString } from '@ethereumjs/util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { adviceColumns, splitWord } from '../../../circuits/gadgets/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import type { KeccakTableColumns } from '../../../circuits/keccak/table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../../../circuits/plonk/index.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from '../../../circuits/sig/table.js';
import { TxChip, type TxCircuitParams } from '../../../circuits/tx/chip.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import type { TxTrace } from '../../../circuits/witness/trace.js';
import { txWitness, type TxWitness } from '../../../circuits/witness/tx.js';
import { createL2Common } from '../../../node/execution/common.js';
import { DEV_CHAIN_ID } from '../../../node/execution/genesis.js';
import { effectiveGasPrice, maxFeePerGas, maxPriorityFeePerGas } from '../../../node/execution/fees.js';

/** Unconstrained signature table rows: the true recovery of each (hash, recId, r, s), valid. */
export function sigFixtureRows(txs: readonly TxTrace[], witness: TxWitness): Array<Record<(typeof SIG_TABLE_FIELDS)[number], bigint>> {
  return txs.map((tx, i) => {
    const at = (tag: number) => witness.summary.find((r) => r.txId === BigInt(i + 1) && r.tag === BigInt(tag))!;
    const recId = at(TxFieldTag.CallerAddress).recId;
    const pub = new secp256k1.Signature(tx.r, tx.s, Number(recId)).recoverPublicKey(hexToBytes(tx.signingHash.slice(2))).toBytes(false);
    const address = BigInt(`0x${bytesToHex(keccak_256(pub.subarray(1)).subarray(12))}`);
    const [msgHashLo, msgHashHi] = splitWord(BigInt(tx.signingHash));
    const [rLo, rHi] = splitWord(tx.r);
    const [sLo, sHi] = splitWord(tx.s);
    return { msgHashLo, msgHashHi, recId, rLo, rHi, sLo, sHi, address, isValid: 1n };
  });
}

/** The unconstrained signature table's columns ("sig fixture msgHashLo", …). */
export const configureSigFixture = (cs: ConstraintSystem): SigTableColumns =>
  ({ ...adviceColumns(cs, 'sig fixture', SIG_TABLE_FIELDS), enabled: cs.fixedColumn('sig fixture enabled') });

/** Lays the unconstrained signature rows of `txs` in one region. */
export function assignSigFixture(sig: SigTableColumns, layouter: Layouter, txs: readonly TxTrace[], witness: TxWitness): void {
  layouter.assignRegion('sig fixture table', (region) => {
    sigFixtureRows(txs, witness).forEach((row, i) => {
      region.assignFixed('enabled', sig.enabled, i, 1n);
      for (const f of SIG_TABLE_FIELDS) region.assignAdvice(f, sig[f], i, row[f]);
    });
  });
}

export interface TxFixtureConfig { readonly keccak: KeccakTableColumns; readonly sig: SigTableColumns; readonly chip: TxChip }

/** The tx chip on `txs`, next to unconstrained keccak and signature tables (test fixtures). */
export class TxWithFixtures implements Circuit<TxFixtureConfig> {
  /** The witness defaults to the honest one for `params`; a test may pass one built for other params. */
  constructor(readonly txs: readonly TxTrace[], readonly params: TxCircuitParams, readonly witness: TxWitness = txWitness(txs, params)) {}

  configure(cs: ConstraintSystem): TxFixtureConfig {
    const keccak = configureKeccakFixture(cs);
    const sig = configureSigFixture(cs);
    return { keccak, sig, chip: TxChip.configure(cs, keccak, sig, this.params) };
  }

  synthesize(config: TxFixtureConfig, layouter: Layouter): void {
    assignKeccakFixture(config.keccak, layouter, this.witness.keccakInputs);
    assignSigFixture(config.sig, layouter, this.txs, this.witness);
    config.chip.assign(layouter, this.witness);
  }
}

export const common = createL2Common(DEV_CHAIN_ID);
export const KEY = new Uint8Array(32).fill(9);
export const SENDER = createAddressFromPrivateKey(KEY);
export const BASE_FEE = 7n;
const TO = createAddressFromString('0x00112233445566778899aabbccddeeff00112233');

/** Calldata of `n` bytes with zeros among them (gas 4 vs 16). */
export const calldata = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : (i * 37 + 1) & 0xff));

export interface TxSpec { type: 0 | 1 | 2; nonce: bigint; data: Uint8Array; create?: boolean; value?: bigint; key?: Uint8Array }

export function signedTx(s: TxSpec): TypedTransaction {
  const base = { nonce: s.nonce, gasLimit: 3_000_000n, to: s.create ? undefined : TO, value: s.value ?? 10n ** 18n + 5n, data: s.data };
  const key = s.key ?? KEY;
  if (s.type === 0) return createLegacyTx({ ...base, gasPrice: 2n * 10n ** 9n }, { common }).sign(key);
  if (s.type === 1) return createAccessList2930Tx({ ...base, gasPrice: 3n * 10n ** 9n, chainId: DEV_CHAIN_ID }, { common }).sign(key);
  return createFeeMarket1559Tx({ ...base, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, chainId: DEV_CHAIN_ID }, { common }).sign(key);
}

const hex = (b: Uint8Array) => `0x${bytesToHex(b)}` as const;

/** The fields the node's trace builder (node/execution/trace-builder.ts) records for a signed tx; no execution. */
export function txTrace(tx: TypedTransaction, index: number): TxTrace {
  return {
    index, hash: hex(tx.hash()), type: tx.type as 0 | 1 | 2, from: tx.getSenderAddress().toString() as `0x${string}`,
    to: tx.to === undefined ? null : (tx.to.toString() as `0x${string}`), nonce: tx.nonce, gasLimit: tx.gasLimit,
    maxFeePerGas: maxFeePerGas(tx), maxPriorityFeePerGas: maxPriorityFeePerGas(tx), effectiveGasPrice: effectiveGasPrice(tx, BASE_FEE),
    value: tx.value, data: tx.data, accessList: [], v: tx.v!, r: tx.r!, s: tx.s!, raw: tx.serialize(), signingHash: hex(tx.getHashedMessageToSign()),
    status: 1, gasUsed: 0n, contractAddress: null, returnData: new Uint8Array(), steps: [], frames: [], storage: [], accounts: [], logs: [], keccaks: [], precompiles: [],
  };
}
