/**
 * ecrecover (circuits/sig): SigCircuit on the 13-bit test curve (the chip is generic; secp256k1's 256-digit
 * chains need k = 12, u2·R's three limb columns wide) over the keccak fixture table, a valid recovery and an invalid one (r = 0), k = 12. Built
 * through the circuit's public API only (the scalar-mul internals are being reworked): the recovered key the
 * fixture must hash is read from a first synthesis' results.
 */
import { TOY_CURVE } from '../../../circuits/ecc/index.js';
import { elementValue } from '../../../circuits/gadgets/index.js';
import { assignKeccakFixture, configureKeccakFixture } from '../../../circuits/keccak/fixture.js';
import { synthesize } from '../../../circuits/plonk/index.js';
import { SIG_TABLE_FIELDS, SigCircuit, publicKeyBytes, type SigCall, type SigResult } from '../../../circuits/sig/index.js';
import type { AllowRule, NegativeTest, SoundnessTarget } from '../types.js';
import { PADDING } from './examples.js';
import { equalOperandsInverses, sharedChipExceptions } from './ecc.js';

const K = 12;
/** r = 4: 4³ + 7 is a square mod p, so R exists; the second call is invalid (r = 0). */
const CALLS: SigCall[] = [{ msgHash: 5n, recId: 1n, r: 4n, s: 9n, keccakId: 1 }, { msgHash: 5n, recId: 0n, r: 0n, s: 9n, keccakId: 0 }];

const circuit = (keys: readonly Uint8Array[]) =>
  new SigCircuit(CALLS, { configure: configureKeccakFixture, assign: (t, layouter) => assignKeccakFixture(t, layouter, keys) }, TOY_CURVE);

let first: SigResult[] | undefined;
/** The calls' proven cells from a first synthesis (same layout as the honest one). */
function firstResults(): SigResult[] {
  if (first) return first;
  const c = circuit([]);
  synthesize(c, K, [], true);
  first = c.results;
  return first;
}
/** The valid recovery's key (the chip's own witness), which the keccak fixture holds. */
const recoveredKeys = (): Uint8Array[] => [publicKeyBytes(elementValue(firstResults()[0]!.qx), elementValue(firstResults()[0]!.qy))];

const KECCAK_FIXTURE = ['kind', 'id', 'indexOrLength', 'byte', 'hashLo', 'hashHi'].map((f) => `keccak fixture ${f}`);

export const sig: SoundnessTarget = {
  name: 'sig',
  family: 'sig',
  description: 'circuits/sig: SigCircuit (ecrecover over a generic a = 0 curve: scalar chains, flags, keccak of the key, signature table) on the test curve',
  honest: () => ({ circuit: circuit(recoveredKeys()), k: K, instances: [] }),
  negatives: [
    ...SIG_TABLE_FIELDS.map((f): NegativeTest => ({ name: `signature table: ${f} + 1`, mutate: (w) => w.add(`sig table ${f}`, 0, 1n) })),
    { name: 'a key byte the keccak table does not hold', mutate: (w) => w.add('keccak fixture byte', 3, 1n) },
    {
      name: 'the recovered address + 1 (the table row follows)',
      mutate: (w) => { const cell = firstResults()[0]!.address; w.add(cell.column.name, cell.row, 1n); w.add('sig table address', 0, 1n); },
    },
  ],
  allow: [PADDING, equalOperandsInverses(() => sig.honest(), ['fp', 'fn']), equalOperandsInverses(() => sig.honest(), ['fp R', 'fn R'], 'nn R'), ...KECCAK_FIXTURE.map((column): AllowRule => ({
    kind: 'cells', column, rows: () => true, reason: 'the keccak fixture: an unconstrained stand-in for the keccak circuit\'s table (test scaffolding, not the circuit)',
  }))],
  exceptions: sharedChipExceptions(['fp', 'fn', 'fp R', 'fn R']),
};

export const sigTargets: readonly SoundnessTarget[] = [sig];
