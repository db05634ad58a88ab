/**
 * TEST FIXTURE for the tx circuit: a signature table filled from @noble/curves recovery and constrained by
 * nothing (it stands in for circuits/sig, as keccak/fixture.ts stands in for the keccak circuit), and the tx chip
 * over it and the keccak fixture. Signed txs to feed it: scripts/soundness/targets/signed-txs.ts (they need node/).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { adviceColumns, splitWord } from '../gadgets/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../keccak/fixture.js';
import type { KeccakTableColumns } from '../keccak/table.js';
import type { Circuit, ConstraintSystem, Layouter } from '../plonk/index.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from '../sig/table.js';
import { TxChip, type TxCircuitParams } from './chip.js';
import { TxFieldTag } from './table.js';
import type { TxTrace } from '../witness/trace.js';
import { txWitness, type TxWitness } from '../witness/tx.js';

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
