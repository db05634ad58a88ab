import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { BlockFieldTag } from '../../../circuits/pi/block-table.js';
import { BLOCK_CONTEXT_RECORD_BYTES } from '../../../circuits/pi/block-table.js';
import { BatchCapacityError, BatchWitnessError, batchWitness, type BatchCapacity } from '../../../circuits/witness/batch.js';
import { SUMMARY_TAGS, summaryOffset } from '../../../circuits/witness/tx.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { TX_DATA_RECORD_BYTES } from '../../../circuits/pi/tx-data.js';
import { txDataHash } from '../../../node/batcher/encoding.js';
import { LocalVerifier } from '../../../scripts/soundness/engine.js';
import { WitnessEditor } from '../../../scripts/soundness/types.js';
import { corrupt, honestFailures, type Edit } from '../gadgets/helpers.js';
import { runPrograms } from '../witness/run.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';

const K = 12;
const CAPACITY: BatchCapacity = {
  k: K, txs: 2, evm: { steps: 48, bitwiseOps: 0 }, rw: 64, bytecode: 8, keccakPerms: 11, keccakUnits: 4,
  smt: { ops: 4, keys: 4, branches: 8, leaves: 8, accounts: 8 },
};
const PAYEE = createAddressFromString('0x00000000000000000000000000000000000beef1');

/**
 * The batch circuit's own rules are its seams. The honest batch runs the full MockProver once (≈ 45 s of CPU at
 * k = 12, the SMT binding included); each corruption is then judged by the soundness tool's LocalVerifier,
 * which re-checks exactly what reads the changed cells with the MockProver's semantics (scripts/soundness/engine.ts;
 * CI compares the two), and reports failing items (gate/constraint, lookup, copy) without rows.
 */
describe(`batch circuit without ecrecover (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let circuit: SuperCircuitWithoutEcrecoverTestOnly;
  let honest: Assignment;
  let local: LocalVerifier;
  const regionStart = (name: string, nth = 0) => honest.regions.filter((r) => r.name === name)[nth]!.start;
  let work: Assignment;
  /** The failing items after `edits` on the working copy, which is then restored (edits never leak into the next test). */
  const itemsAfter = (edits: readonly Edit[]): string[] => {
    const changed = local.changedCells(corrupt(work, edits));
    const { items } = local.verify(work, changed);
    for (const c of changed) work[c.kind][c.index]![c.row] = honest[c.kind][c.index]![c.row]!;
    return items;
  };

  before(async () => {
    bound = await withStateRoots(await runPrograms([{ to: PAYEE, value: 10n ** 18n }, { to: PAYEE, value: 3n }]));
    circuit = SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [bound.block], bound.state);
    honest = synthesize(circuit, K, circuit.instances(), true);
    work = synthesize(circuit, K, circuit.instances(), true);
    local = new LocalVerifier(honest);
  });

  it('a block of 2 ETH transfers executed by the node satisfies every sub-circuit and seam, its state roots bound to the SMT (full MockProver)', () => {
    expect(circuit.witness.usage).to.include({ txs: 2, keccakPerms: 11, bytecode: 2 });
    // txDataHash: the node's encoding (viem, over the signed bytes) = the circuit's public input (@noble, over the tx hashes)
    expect(circuit.witness.pi.txDataHash).to.equal(txDataHash([{ txs: circuit.txs.map((t) => t.raw) }]));
    // the coinbase, the payee (inserted) and the sender (updated): one account op each
    expect(circuit.witness.state.rows.map((r) => `${r.op.kind} ${r.op.address}`)).to.deep.equal(['account 0', `account ${BigInt(PAYEE.toString())}`, `account ${BigInt(circuit.txs[0]!.from)}`]);
    expect(honestFailures(circuit, K, circuit.instances())).to.deep.equal([]);
  });

  it('an EVM that ran one tx fewer than the tx circuit holds (a dropped tx) breaks both tx-count seams', () => {
    const last = regionStart('evm steps') + CAPACITY.evm.steps - 1;
    expect(itemsAfter([{ column: 'evm c1', row: last, value: 1n }])).to.deep.equal([
      'gate evm last/c1 = txId − 1 (tx count)', 'copy tx count~evm c1', 'copy block context value~evm c1',
    ]);
  });

  it('a tx count that is not the tx circuit\'s real flags is refused by its running sum and the seam', () => {
    const lastBlock = regionStart('tx count') + (CAPACITY.txs - 1) * SUMMARY_TAGS.length;
    expect(itemsAfter([{ column: 'tx count', row: lastBlock, value: 1n }])).to.deep.equal([
      'gate tx count/cnt = cnt one block up + real', 'copy tx count~evm c1',
    ]);
  });

  it('a block-table record count other than the hashed records\' is refused (and is not the tx count, the tx data\'s or the block chain\'s)', () => {
    const countRow = regionStart('block context') + CAPACITY.txs * BLOCK_CONTEXT_RECORD_BYTES + 2;
    expect(itemsAfter([{ column: 'block context value', row: countRow, value: 1n }])).to.deep.equal([
      'gate block context count/len = recordBytes·count', 'copy block context value~tx data value', 'copy block context value~block chain count', 'copy block context value~evm c1',
    ]);
  });

  it('an RW count other than the state circuit\'s is refused by the count seam', () => {
    const last = regionStart('evm steps') + CAPACITY.evm.steps - 1;
    expect(itemsAfter([{ column: 'evm c0', row: last, value: (v) => v - 1n }])).to.deep.equal([
      'gate evm last/c0 = rwc − 1 (operation count)', 'copy rw count~evm c0',
    ]);
  });

  it('a coinbase in the block table other than the committed one is refused (copy), and EndTx\'s fee lookup fails', () => {
    const row = regionStart('block table') + BlockFieldTag.Coinbase - 1;
    expect(itemsAfter([{ column: 'block table valueLo', row, value: (v) => v + 1n }])).to.deep.equal([
      'lookup evm block lookup', 'copy block table valueLo~block context value',
    ]);
  });

  it('a public-input chain id other than the circuit\'s is refused (its constant, its bytes, the ChainId rows)', () => {
    const row = regionStart('public input') + 7; // chainId: bytes 0 … 7
    expect(itemsAfter([{ column: 'pi value', row, value: (v) => v + 1n }])).to.deep.equal([
      'gate pi preimage/value = acc at a segment end', 'copy pi value~block table valueLo', 'copy pi value~keccak constants',
    ]);
  });

  it('a new state root other than the SMT binding\'s is refused (the root the public input\'s word names, copied from the binding\'s last root)', () => {
    const row = regionStart('state root', 1);
    expect(itemsAfter([{ column: 'state root root', row, value: (v) => v + 1n }])).to.deep.equal([
      'gate state root/root = hi·2^128 + lo', 'copy smt bind st~state root root',
    ]);
  });

  it('a dropped account change (the coinbase\'s fee not applied to its leaf) is refused: the RW group is not bound', () => {
    const row = regionStart('smt bind rows');
    expect(itemsAfter([{ column: 'smt bind tBalance', row, value: 0n }])).to.deep.equal([
      'gate smt bind row/untouched = no field touched', 'gate smt bind row/untouched balanceLo is kept', 'lookup smt bind RW balance group is bound',
    ]);
  });

  it('a withdraw root or an L1 messages hash other than 0 (no withdrawals, no deposits) is refused by its copy from the chip that derives it', () => {
    // words after the 8 chainId bytes, 32 bytes each: withdrawRoot is the third, l1MessagesHash the fifth; each word's hi half ends at byte 16
    for (const [word, copy] of [[2, 'copy pi value~withdraw tree value'], [4, 'copy pi value~l1 hi']] as const) {
      const row = regionStart('public input') + 8 + 32 * word + 15;
      expect(itemsAfter([{ column: 'pi value', row, value: (v) => v + 1n }])).to.deep.equal(['gate pi preimage/value = acc at a segment end', copy]);
    }
  });

  it('a tx flagged as an L1 message (deposit) that is not the bridge\'s is refused (the tx circuit\'s flag) and must be folded', () => {
    const row = regionStart('tx table') + summaryOffset(TxFieldTag.IsL1Message);
    expect(itemsAfter([{ column: 'tx valueLo', row, value: 1n }])).to.include.members(['gate tx l1/IsL1Message = 0 unless caller = bridge', 'gate l1 messages/d = IsL1Message']);
  });

  describe('txDataHash: the tx hashes of the tx table, in order', () => {
    const R = TX_DATA_RECORD_BYTES;
    it('a reordered batch (the records of tx 1 and tx 2 swapped, bytes and table halves) is refused: the keccak input and the tx hashes', () => {
      const [pre, table, honestCells] = [regionStart('tx data'), regionStart('tx data table'), new WitnessEditor(honest)];
      const swap = (column: string, a: number, b: number): Edit[] => [
        { column, row: a, value: honestCells.get(column, b) }, { column, row: b, value: honestCells.get(column, a) },
      ];
      const edits = [
        ...Array.from({ length: R }, (_, i) => ['tx data byte', 'tx data acc', 'tx data value'].flatMap((c) => swap(c, pre + i, pre + R + i))).flat(),
        ...['tx data hash hi', 'tx data hash lo'].flatMap((c) => swap(c, table, table + 1)),
      ];
      expect(itemsAfter(edits)).to.deep.equal(['lookup tx data tx hashes are the records', 'lookup tx data preimage byte in keccak table']);
    });

    it('a tx hash other than its signed bytes\' (tx 2\'s TxHash row) is refused by the keccak table and the tx data records', () => {
      const row = regionStart('tx table') + SUMMARY_TAGS.length + summaryOffset(TxFieldTag.TxHash);
      expect(itemsAfter([{ column: 'tx valueLo', row, value: (v) => v + 1n }])).to.deep.equal(['lookup tx hashes', 'lookup tx data tx hashes are the records']);
    });

    it('a corrupted record byte (tx 2\'s) is refused by the keccak table', () => {
      const row = regionStart('tx data') + R + 3;
      expect(itemsAfter([{ column: 'tx data byte', row, value: (v) => v ^ 0x10n }])).to.deep.equal([
        'gate tx data preimage/acc = 256·acc_prev·(1 − segStart) + byte', 'lookup tx data preimage byte in keccak table',
      ]);
    });

    it('a dropped record (a record count of 1: only tx 1 hashed) is refused by the count rule and the tx-count seam', () => {
      const row = regionStart('tx data') + CAPACITY.txs * R + 2;
      expect(itemsAfter([{ column: 'tx data value', row, value: 1n }])).to.deep.equal([
        'gate tx data count/len = recordBytes·count', 'copy block context value~tx data value',
      ]);
    });

    it('the witness derives txDataHash from the txs and refuses a batch that committed another (never proven against it)', () => {
      const zero = `0x${'00'.repeat(32)}` as const;
      const commit = (committed: `0x${string}`) => batchWitness([bound.block], CAPACITY, PARAMS, { withdrawRoot: zero, txDataHash: committed, l1MessagesHash: zero }, bound.state);
      const ours = circuit.witness.pi.txDataHash;
      expect(commit(ours).pi.txDataHash).to.equal(ours);
      const dropped = txDataHash([{ txs: circuit.txs.slice(0, 1).map((t) => t.raw) }]);
      expect(() => commit(dropped)).to.throw(BatchWitnessError, `the batch committed txDataHash ${dropped}, its 2 txs give ${ours}`);
    });

    it('a txDataHash word other than the records\' digest is refused (its copy from the tx data digest)', () => {
      const row = regionStart('public input') + 8 + 32 * 3 + 15; // the fourth word's hi half
      expect(itemsAfter([{ column: 'pi value', row, value: (v) => v + 1n }])).to.deep.equal([
        'gate pi preimage/value = acc at a segment end', 'copy pi value~tx data value',
      ]);
    });
  });

  it('another batch\'s public input (instances) is refused', () => {
    expect(itemsAfter([{ column: 'batch public input', row: 1, value: (v) => v + 1n }])).to.deep.equal(['copy pi value~batch public input']);
  });

  it('a batch over a budget is refused before layout, naming the budget', async () => {
    const block = await runPrograms([{ to: PAYEE, value: 1n }, { to: PAYEE, value: 2n }, { to: PAYEE, value: 3n }]);
    expect(() => SuperCircuitWithoutEcrecoverTestOnly.of(CAPACITY, [block])).to.throw(BatchCapacityError, 'the batch needs 3 txs, the circuit has 2');
    const smtOps = { ...CAPACITY, smt: { ...CAPACITY.smt, ops: 2 } };
    expect(() => SuperCircuitWithoutEcrecoverTestOnly.of(smtOps, [bound.block], bound.state)).to.throw(BatchCapacityError, 'the batch needs 3 smt ops, the circuit has 2');
  });
});
