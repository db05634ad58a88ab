/**
 * TEST ONLY — NOT A BATCH PROOF: the batch circuit with its signature table as unconstrained advice (the "sig
 * fixture" columns of circuits/tx/examples.ts, the txs' rows then the EVM's ecrecover calls') instead of ecrecover, so every other part composes at k ≤ 12 in
 * CI (ecrecover alone takes ~32k rows per signature). Senders are unproven here; its verifying key differs from
 * the batch circuit's (other columns), and it lives under test/ so nothing outside the tests can build it.
 */
import { createAddressFromPrivateKey } from '@ethereumjs/util';
import { layoutSig } from '../../../circuits/evm/fixture.js';
import { KeccakChip } from '../../../circuits/keccak/circuit.js';
import { RangeTable } from '../../../circuits/gadgets/range-table.js';
import type { KeccakBlock } from '../../../circuits/keccak/witness.js';
import type { ConstraintSystem } from '../../../circuits/plonk/index.js';
import type { SigCall } from '../../../circuits/sig/recover.js';
import { SuperCircuit, type SignatureParts } from '../../../circuits/super/index.js';
import { assignSigFixture, configureSigFixture } from '../../../circuits/tx/examples.js';
import type { SmtBindingWitness } from '../../../circuits/smt/binding-circuit.js';
import { batchStateRws, batchWitness, type BatchCapacity, type BatchParams, type BatchWitness } from '../../../circuits/witness/batch.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import type { BlockTrace, Hash, TxTrace } from '../../../circuits/witness/trace.js';
import type { BlockSummary } from '../../../circuits/pi/public-input.js';
import { RUN_BLOCK_PARENT } from '../../../scripts/soundness/targets/evm-block.js';
import { DEV_CHAIN_ID, DEV_GAS_LIMIT } from '../../../node/execution/genesis.js';
import { BRIDGE_ADDRESS, WITHDRAW_ADDRESS } from '../../../node/l1/bridge.js';
import { TreeState, type PreAccount } from '../smt/state-fixture.js';
import { programAddress, runPrograms } from '../witness/run.js';

export const PARAMS: BatchParams = { chainId: DEV_CHAIN_ID, bridgeAddress: BigInt(BRIDGE_ADDRESS.toString()), withdrawAddress: BigInt(WITHDRAW_ADDRESS.toString()), gasLimit: DEV_GAS_LIMIT };

/** runPrograms' pre-state: its sender, funded (and the `contracts` a block was run with). */
const SENDER = { address: BigInt(createAddressFromPrivateKey(new Uint8Array(32).fill(7)).toString()), balance: 10n ** 24n };
const word = (x: bigint) => `0x${x.toString(16).padStart(64, '0')}` as Hash;

/**
 * A block of runPrograms (its roots are @ethereumjs's MPT roots) with the roots the node commits instead: the
 * node's state tree (node/state) over the same pre-state, and the SMT binding's witness from it to the new root
 * (test/circuits/smt/binding-execution.test.ts checks that root against the node's own state tree).
 */
export async function withStateRoots(block: BlockTrace, contracts: readonly PreAccount[] = []): Promise<{ block: BlockTrace; state: SmtBindingWitness }> {
  const state = await smtBindingWitness(batchStateRws([block]), await TreeState.create([SENDER, ...contracts]));
  return { block: { ...block, stateRootBefore: word(state.oldRoot), stateRootAfter: word(state.newRoot) }, state };
}

/**
 * One tx running `code` (deployed at runPrograms' program address 0) with its state roots, and the capacity of `roomy`
 * at `k` that it takes (one verifying key per capacity: a test sizes its own; a MODEXP chain where `roomy` has one).
 */
export async function programBatch(code: Uint8Array, roomy: BatchCapacity, k: number): Promise<{ bound: Awaited<ReturnType<typeof withStateRoots>>; capacity: BatchCapacity }> {
  const bound = await withStateRoots(await runPrograms([code]), [{ address: BigInt(programAddress(0).toString()), code }]);
  const used = batchWitness([bound.block], roomy, PARAMS, undefined, bound.state).usage;
  const modexp = roomy.modexp === undefined ? undefined : { steps: used.modexpSteps, squares: used.modexpSquares };
  return { bound, capacity: { ...roomy, k, evm: { steps: used.steps, bitwiseOps: 0, arith: used.arith }, rw: used.rw, bytecode: used.bytecode, keccakPerms: used.keccakPerms, smt: used.smt, modexp } };
}

export class SuperCircuitWithoutEcrecoverTestOnly extends SuperCircuit {
  constructor(capacity: BatchCapacity, readonly txs: readonly TxTrace[], witness?: BatchWitness) {
    super(capacity, PARAMS, witness);
  }

  /** `parentBlock`: the block before `blocks` (default: runPrograms' parent). */
  static of(capacity: BatchCapacity, blocks: readonly BlockTrace[], state?: SmtBindingWitness, parentBlock: BlockSummary = RUN_BLOCK_PARENT): SuperCircuitWithoutEcrecoverTestOnly {
    return new SuperCircuitWithoutEcrecoverTestOnly(capacity, blocks.flatMap((b) => b.txs), batchWitness(blocks, capacity, PARAMS, { parentBlock }, state));
  }

  protected override configureSignatures(cs: ConstraintSystem, _calls: readonly SigCall[], keccakBlocks: readonly KeccakBlock[]): SignatureParts {
    const byte = RangeTable.configure(cs, 'byte', 8);
    const keccak = KeccakChip.configure(cs, this.capacity.keccakUnits);
    const table = configureSigFixture(cs);
    return {
      byte, keccak, table,
      assign: (layouter) => {
        byte.load(layouter);
        keccak.assign(layouter, keccakBlocks);
        assignSigFixture(table, layouter, this.txs, this.witness.tx);
        // then the ecrecover calls' rows (after the txs': regions stack in shared columns)
        layoutSig(layouter, table, this.witness.evm);
      },
    };
  }
}
