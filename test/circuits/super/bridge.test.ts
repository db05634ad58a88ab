import { expect } from 'chai';
import type { Hex } from 'viem';
import { keygen, MockProver, synthesize, verify } from '../../../circuits/plonk/index.js';
import { proveAssignment } from '../../../circuits/plonk/prover.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import { DEPOSIT_GAS, l1MessagesHash } from '../../../circuits/pi/l1-messages.js';
import { batchStateRws, batchWitness, BatchWitnessError, type BatchCapacity, type BatchCommitments } from '../../../circuits/witness/batch.js';
import { smtBindingWitness } from '../../../circuits/witness/smt-binding.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import type { SmtBindingWitness } from '../../../circuits/smt/binding-circuit.js';
import { foldMessageHashes, l1MessageHash, withdrawalLeaf, withdrawalTree, type L1Message } from '../../../node/batcher/encoding.js';
import { devGenesis } from '../../../node/execution/genesis.js';
import { BRIDGE_KEY, depositTransaction, WITHDRAW_ADDRESS, withBridgeReserve } from '../../../node/l1/bridge.js';
import type { Common } from '@ethereumjs/common';
import { createFeeMarket1559Tx, createLegacyTx } from '@ethereumjs/tx';
import { chainBatchSource } from '../../../node/prover/source.js';
import type { BatchRecord } from '../../../node/batcher/batch.js';
import { expectVerifierRejects, summary, type Edit } from '../gadgets/helpers.js';
import { programAddress, runPrograms } from '../witness/run.js';
import { SUMMARY_TAGS, summaryOffset } from '../../../circuits/witness/tx.js';
import { TxFieldTag } from '../../../circuits/tx/table.js';
import { devAccount, startNode } from '../../node/helpers.js';
import { until } from '../../node/prover/helpers.js';
import { PARAMS, SuperCircuitWithoutEcrecoverTestOnly, withStateRoots } from './fixture.js';
import { Judge } from './judge.js';

const K = 12;
const CAPACITY: BatchCapacity = {
  k: K, txs: 2, evm: { steps: 36, bitwiseOps: 0 }, rw: 44, bytecode: 2, keccakPerms: 15, keccakUnits: 6,
  smt: { ops: 4, keys: 4, branches: 36, leaves: 12, accounts: 6 },
};

/**
 * A batch of two deposits (L1 messages 0 and 1, in one block) sealed by a real node with the bridge reserve: its
 * traces, state witness, record and messages. The block timer never fires here: the block is produced once both
 * deliveries wait in the mempool.
 */
async function depositBatch(): Promise<{ blocks: BlockTrace[]; state: SmtBindingWitness; batch: BatchRecord; messages: L1Message[] }> {
  const node = await startNode({ genesis: withBridgeReserve(devGenesis()), blockTime: 3_600, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
  try {
    const messages: L1Message[] = [5, 6].map((i, nonce) => ({ nonce: BigInt(nonce), sender: devAccount(i).address.toLowerCase() as Hex, to: devAccount(i + 2).address.toLowerCase() as Hex, value: 10n ** 17n + BigInt(i) }));
    await node.batcher.batches.putL1Messages(messages.map((m) => ({ nonce: `${m.nonce}`, sender: m.sender, to: m.to, value: `${m.value}`, messageHash: l1MessageHash(m), l1BlockNumber: '1', l1TxHash: `0x${'ab'.repeat(32)}` })), 1n);
    for (const m of messages) await node.sendL1MessageTransaction(depositTransaction(m, node.common, node.head.header.calcNextBaseFee()));
    await node.sequencer.produce();
    await until('the deposits\' batch sealed', async () => (await node.batcher.batches.count()) > 1);
    const batch = (await node.batcher.batches.get(1))!;
    const source = chainBatchSource(node.store, node.executor, node.state);
    const blocks = await source.traces(batch.firstBlock, batch.lastBlock);
    const state = await smtBindingWitness(batchStateRws(blocks), await source.stateAfter(batch.firstBlock - 1));
    return { blocks, state, batch, messages };
  } finally {
    await node.stop();
  }
}

const slow = process.env.SLOW ? it : it.skip;
const WORD = 2n ** 128n - 1n;

describe(`batch circuit: deposits (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  let d: Awaited<ReturnType<typeof depositBatch>>;
  let circuit: SuperCircuitWithoutEcrecoverTestOnly;
  let judge: Judge;
  const regionStart = (name: string, nth = 0) => judge.regionStart(name, nth);
  const itemsAfter = (edits: readonly Edit[]) => judge.itemsAfter(edits);
  const commitments = (patch: Partial<BatchCommitments> = {}): BatchCommitments =>
    ({ withdrawRoot: d.batch.withdrawRoot, txDataHash: d.batch.txDataHash, l1MessagesHash: d.batch.l1MessagesHash, l1Senders: d.messages.map((m) => m.sender), ...patch });

  before(async () => {
    d = await depositBatch();
    const w = batchWitness(d.blocks, CAPACITY, PARAMS, commitments(), d.state);
    circuit = new SuperCircuitWithoutEcrecoverTestOnly(CAPACITY, d.blocks.flatMap((b) => b.txs), w);
    judge = new Judge(circuit, K);
  });

  it('two deposits delivered by the node pass (full MockProver, the fold over both); l1MessagesHash is the node\'s (the contract\'s encoding)', () => {
    expect(d.batch).to.include({ numL1Messages: 2, txCount: 2 });
    expect(circuit.witness.pi.l1MessagesHash).to.equal(foldMessageHashes(d.messages.map(l1MessageHash))).and.to.equal(d.batch.l1MessagesHash);
    // per deposit its signed bytes, signing payload and key, its message and fold step (5 each); block contexts (216 bytes: 2), tx data, the public input (2)
    expect(circuit.witness.usage).to.include({ txs: 2, keccakPerms: 15 });
    expect(summary(MockProver.fromAssignment(judge.honest).verify())).to.deep.equal([]);
  });

  it('the witness takes the L1 senders from the commitments and refuses a batch that committed another l1MessagesHash', () => {
    expect(() => batchWitness(d.blocks, CAPACITY, PARAMS, commitments({ l1Senders: [] }), d.state)).to.throw(BatchWitnessError, 'the batch has 2 deposit txs, 0 L1 senders were given');
    const swapped = foldMessageHashes([...d.messages].reverse().map(l1MessageHash));
    expect(() => batchWitness(d.blocks, CAPACITY, PARAMS, commitments({ l1MessagesHash: swapped }), d.state)).to.throw(BatchWitnessError, `the batch committed l1MessagesHash ${swapped}, its 2 deposit txs give ${d.batch.l1MessagesHash}`);
    expect(l1MessagesHash([])).to.equal(`0x${'00'.repeat(32)}`);
  });

  it('a wrong L1 sender (its last byte, digits consistent) is refused by the keccak table', () => {
    const row = regionStart('l1 message') + 31;
    expect(itemsAfter(['l1 message byte', 'l1 message acc', 'l1 message value'].map((column) => ({ column, row, value: (v: bigint) => v ^ 1n })))).to.deep.equal([
      'lookup l1 message preimage byte in keccak table',
    ]);
  });

  it('a wrong nonce (the second deposit\'s) is refused: the tx\'s nonce, the message\'s', () => {
    expect(itemsAfter([{ column: 'l1 nonceLo', row: regionStart('l1 messages') + SUMMARY_TAGS.length, value: (v) => v + 1n }])).to.deep.equal([
      'gate l1 messages/nonce lo', 'copy l1 nonceLo~l1 message value',
    ]);
  });

  it('a dropped deposit (the public input commits three messages, the batch delivers two) is refused', () => {
    const three = BigInt(foldMessageHashes([...d.messages, { ...d.messages[1]!, nonce: 2n }].map(l1MessageHash)));
    const word = regionStart('public input') + 8 + 32 * 4; // l1MessagesHash: the fifth word
    expect(itemsAfter([{ column: 'pi value', row: word + 15, value: three >> 128n }, { column: 'pi value', row: word + 31, value: three & WORD }])).to.deep.equal([
      'gate pi preimage/value = acc at a segment end', 'copy pi value~l1 hi', 'copy pi value~l1 lo',
    ]);
  });

  it('a bridge tx left out of the fold (an unbacked mint) is refused by its IsL1Message flag', () => {
    const row = regionStart('l1 messages') + SUMMARY_TAGS.length; // the second deposit
    const off = (region: string, rows: number, column: string): Edit[] => Array.from({ length: rows }, (_, i) => ({ column, row: regionStart(region, 1) + i, value: 0n }));
    const [hi, lo] = ['l1 hi', 'l1 lo'].map((column) => judge.value(column, row - SUMMARY_TAGS.length));
    // d and both preimages' `on` 0, h kept from the first deposit: only the flag (the tx table's) and the public word disagree
    expect(itemsAfter([
      { column: 'l1 d', row, value: 0n }, { column: 'l1 hi', row, value: hi! }, { column: 'l1 lo', row, value: lo! },
      ...off('l1 message', 129, 'l1 message on'), ...off('l1 fold', 65, 'l1 fold on'),
    ])).to.deep.equal(['gate l1 messages/d = IsL1Message', 'copy pi value~l1 hi', 'copy pi value~l1 lo']);
  });

  slow('the real verifier rejects a deposit whose message has another nonce than its tx', async function () {
    this.timeout(3_600_000); // keygen and a proof at k = 12 with ~650 columns: many minutes on a loaded box
    const row = regionStart('l1 messages') + SUMMARY_TAGS.length;
    const failures = await expectVerifierRejects(circuit, K, circuit.instances(), [{ column: 'l1 nonceLo', row, value: (v) => v + 1n }]);
    expect(failures.map((f) => f.split('@')[0])).to.deep.equal(['copy l1 message value', 'gate l1 messages/nonce lo']);
  });
});


/**
 * Real L1 messages delivered by a real node in deposit txs of another shape than depositTransaction's (one block and
 * batch each): what a sequencer holding the public bridge key could sign. Each batch's l1MessagesHash is still the
 * contract's fold of its message, so only the rules pinning a deposit's shape can refuse it.
 */
async function offShapeDeposits(shapes: readonly ((m: L1Message, common: Common, baseFee: bigint) => Uint8Array)[]) {
  const node = await startNode({ genesis: withBridgeReserve(devGenesis()), blockTime: 3_600, batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 } });
  try {
    const out = [];
    for (const [nonce, shape] of shapes.entries()) {
      const m: L1Message = { nonce: BigInt(nonce), sender: devAccount(5).address.toLowerCase() as Hex, to: devAccount(7).address.toLowerCase() as Hex, value: 10n ** 17n };
      await node.batcher.batches.putL1Messages([{ nonce: `${nonce}`, sender: m.sender, to: m.to, value: `${m.value}`, messageHash: l1MessageHash(m), l1BlockNumber: `${nonce + 1}`, l1TxHash: `0x${'ab'.repeat(32)}` }], BigInt(nonce + 1));
      await node.sendL1MessageTransaction(shape(m, node.common, node.head.header.calcNextBaseFee()));
      await node.sequencer.produce();
      await until('the delivery\'s batch sealed', async () => (await node.batcher.batches.count()) > nonce + 1);
      const batch = (await node.batcher.batches.get(nonce + 1))!;
      const source = chainBatchSource(node.store, node.executor, node.state);
      const blocks = await source.traces(batch.firstBlock, batch.lastBlock);
      const state = await smtBindingWitness(batchStateRws(blocks), await source.stateAfter(batch.firstBlock - 1));
      out.push({ blocks, state, batch, sender: m.sender });
    }
    return out;
  } finally {
    await node.stop();
  }
}

describe(`batch circuit: a deposit tx has the node's one shape (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  const eip1559 = (patch: Record<string, unknown>) => (m: L1Message, common: Common, baseFee: bigint) =>
    createFeeMarket1559Tx({ nonce: m.nonce, to: m.to, value: m.value, gasLimit: DEPOSIT_GAS, maxFeePerGas: 2n * baseFee + 10n ** 9n, maxPriorityFeePerGas: 0n, chainId: common.chainId(), ...patch }, { common }).sign(BRIDGE_KEY).serialize();
  const SHAPES = {
    'a tip (paid from the bridge reserve to the coinbase)': [eip1559({ maxPriorityFeePerGas: 10n ** 9n }), ['gate l1 messages/a deposit pays no tip (lo)']],
    'another gas limit': [eip1559({ gasLimit: DEPOSIT_GAS + 1n }), ['gate l1 messages/a deposit has gas limit DEPOSIT_GAS']],
    'calldata (a call with msg.sender = bridge)': [eip1559({ data: new Uint8Array([1]) }), ['gate l1 messages/a deposit has no calldata']],
    'a legacy tx (its gas price is its tip)': [
      (m: L1Message, common: Common, baseFee: bigint) => createLegacyTx({ nonce: m.nonce, to: m.to, value: m.value, gasLimit: DEPOSIT_GAS, gasPrice: 2n * baseFee }, { common }).sign(BRIDGE_KEY).serialize(),
      ['gate l1 messages/a deposit is an EIP-1559 tx', 'gate l1 messages/a deposit pays no tip (lo)'],
    ],
  } as const;
  let runs: Awaited<ReturnType<typeof offShapeDeposits>>;
  before(async () => { runs = await offShapeDeposits(Object.values(SHAPES).map(([shape]) => shape)); });
  /** Delivery `i`'s batch witness (its commitments the node's) and the TEST ONLY batch circuit over it. */
  const circuitOf = (i: number) => {
    const { blocks, state, batch, sender } = runs[i]!;
    const w = batchWitness(blocks, CAPACITY, PARAMS, { withdrawRoot: batch.withdrawRoot, txDataHash: batch.txDataHash, l1MessagesHash: batch.l1MessagesHash, l1Senders: [sender] }, state);
    return { batch, w, c: new SuperCircuitWithoutEcrecoverTestOnly(CAPACITY, blocks.flatMap((b) => b.txs), w) };
  };

  for (const [i, [name, [, refused]]] of Object.entries(SHAPES).entries()) {
    it(`a deposit with ${name} is refused by ${refused.join(' and ')}; the fold still matches the contract's`, () => {
      const { batch, w, c } = circuitOf(i);
      expect(w.pi.l1MessagesHash).to.equal(batch.l1MessagesHash);
      const failures = summary(MockProver.fromAssignment(synthesize(c, K, c.instances(), true)).verify());
      expect([...new Set(failures.map((f) => f.split('@')[0]))].sort()).to.deep.equal([...refused].sort());
    });
  }

  it('a deposit with an access list or a tip above 2^128 is refused by its rule (tx table cells set: the node cannot execute either here)', () => {
    const judge = new Judge(circuitOf(0).c, K);
    const row = (tag: TxFieldTag) => judge.regionStart('l1 messages') + summaryOffset(tag);
    expect(judge.itemsAfter([{ column: 'tx valueLo', row: row(TxFieldTag.AccessListGasCost), value: 2_400n }])).to.include('gate l1 messages/a deposit has no access list');
    expect(judge.itemsAfter([{ column: 'tx valueHi', row: row(TxFieldTag.MaxPriorityFeePerGas), value: 1n }])).to.include('gate l1 messages/a deposit pays no tip (hi)');
  });

  slow('the real verifier rejects the batch of the tipped deposit', async function () {
    this.timeout(3_600_000); // keygen and a proof at k = 12 with ~700 columns: 30 s on the quiet box
    const { c } = circuitOf(0);
    // the witness itself is the lie (no honest twin to corrupt): keys from its fixed columns, a proof of it refused
    await initKernel();
    const srs = devSrs(K);
    const pk = await keygen(srs, c, K);
    const proof = await proveAssignment(pk, srs, synthesize(c, K, c.instances(), true));
    expect(verify(pk.vk, c.instances(), proof).ok).to.equal(false);
  });
});

describe(`batch circuit: withdrawals (TEST ONLY configuration, k = ${K})`, function () {
  this.timeout(300_000);
  const capacity: BatchCapacity = {
    k: K, txs: 2, evm: { steps: 24, bitwiseOps: 0 }, rw: 48, bytecode: 4, keccakPerms: 9, keccakUnits: 4, smt: { ops: 4, keys: 4, branches: 8, leaves: 8, accounts: 8 },
  };
  let bound: Awaited<ReturnType<typeof withStateRoots>>;
  let circuit: SuperCircuitWithoutEcrecoverTestOnly;
  let judge: Judge;

  before(async () => {
    bound = await withStateRoots(await runPrograms([{ to: WITHDRAW_ADDRESS, value: 12_345n }]));
    circuit = SuperCircuitWithoutEcrecoverTestOnly.of(capacity, [bound.block], bound.state);
    judge = new Judge(circuit, K);
  });

  it('a withdrawal passes (full MockProver); its withdrawRoot is the node\'s tree (the contract\'s encoding) over its leaf', () => {
    const tx = circuit.txs[0]!;
    expect(circuit.witness.usage).to.include({ txs: 1, withdrawals: 1, keccakPerms: 8 });
    expect(circuit.witness.pi.withdrawRoot).to.equal(withdrawalTree([withdrawalLeaf({ to: tx.from, amount: 12_345n, nonce: tx.nonce })]).root);
    expect(summary(MockProver.fromAssignment(judge.honest).verify())).to.deep.equal([]);
  });

  it('the witness takes the leaf nonce from the withdrawing tx, and refuses another committed root', async () => {
    const tx = circuit.txs[0]!;
    const seventh = withdrawalLeaf({ to: tx.from, amount: 12_345n, nonce: 7n });
    expect(() => batchWitness([bound.block], capacity, PARAMS, { withdrawRoot: seventh }, bound.state)).to.throw(BatchWitnessError, `the batch committed withdrawRoot ${seventh}, its 1 withdrawal txs give ${circuit.witness.pi.withdrawRoot}`);
    const roomy = { ...capacity, evm: { steps: 48, bitwiseOps: 0 }, rw: 64, keccakPerms: 12, smt: { ...capacity.smt, branches: 12 } };
    // the sender's second tx withdraws: its leaf nonce is 1, the tx's, not its index among withdrawals (0)
    const second = await withStateRoots(await runPrograms([{ to: programAddress(9), value: 1n }, { to: WITHDRAW_ADDRESS, value: 2n }]));
    const w = batchWitness([second.block], roomy, PARAMS, undefined, second.state);
    expect(w.tx.summary[SUMMARY_TAGS.length + summaryOffset(TxFieldTag.Nonce)]!.valueLo).to.equal(1n);
    const from = BigInt(w.tx.summary[SUMMARY_TAGS.length + summaryOffset(TxFieldTag.CallerAddress)]!.valueLo);
    expect(w.pi.withdrawRoot).to.equal(withdrawalLeaf({ to: `0x${from.toString(16).padStart(40, '0')}`, amount: 2n, nonce: 1n }));
  });

  it('a leaf nonce other than the tx\'s (a consistent leaf: the prover\'s choice) is refused by nonce = Nonce', () => {
    const row = judge.regionStart('withdrawals');
    expect(judge.itemsAfter([{ column: 'withdraw nonce', row, value: (v) => v + 1n }])).to.deep.equal(['gate withdrawals/nonce = Nonce', 'copy withdraw nonce~withdraw leaf value']);
  });

  it('a wrong leaf nonce byte (lo: the tx\'s, hi: 0) is refused by its copy and the keccak table', () => {
    const leaf = judge.regionStart('withdraw leaf');
    const flip = (row: number) => judge.itemsAfter(['withdraw leaf byte', 'withdraw leaf acc', 'withdraw leaf value'].map((column) => ({ column, row, value: (v: bigint) => v ^ 1n })));
    expect(flip(leaf + 95)).to.deep.equal(['lookup withdraw leaf preimage byte in keccak table', 'copy withdraw nonce~withdraw leaf value']);
    expect(flip(leaf + 79)).to.deep.equal(['lookup withdraw leaf preimage byte in keccak table', 'copy withdraw leaf value~keccak constants']);
  });

  it('a wrong withdraw leaf (its amount\'s last byte, digits consistent) is refused: the tx\'s value, the keccak table', () => {
    const row = judge.regionStart('withdraw leaf') + 12 + 20 + 16 + 15;
    expect(judge.itemsAfter(['withdraw leaf byte', 'withdraw leaf acc', 'withdraw leaf value'].map((column) => ({ column, row, value: (v: bigint) => v ^ 1n })))).to.deep.equal([
      'lookup withdraw leaf preimage byte in keccak table', 'copy withdraw valueLo~withdraw leaf value',
    ]);
  });

  it('a wrong withdraw root word is refused by its copy from the tree', () => {
    const row = judge.regionStart('public input') + 8 + 32 * 2 + 31; // withdrawRoot: the third word, its lo half
    expect(judge.itemsAfter([{ column: 'pi value', row, value: (v) => (v + 1n) & WORD }])).to.deep.equal([
      'gate pi preimage/value = acc at a segment end', 'copy pi value~withdraw tree value',
    ]);
  });

  it('a wrong withdraw count is refused by the running count (and the tree\'s copy of it)', () => {
    const last = judge.regionStart('withdrawals') + (capacity.txs - 1) * SUMMARY_TAGS.length;
    expect(judge.itemsAfter([{ column: 'withdraw cnt', row: last, value: 2n }])).to.deep.equal([
      'gate withdrawals/cnt = cnt one block up + w', 'copy withdraw cnt~withdraw tree value',
    ]);
  });

  it('a withdrawal left out of the tree (w = 0, the tx claimed not sent to the withdrawal address) is refused by its IsZero', () => {
    const row = judge.regionStart('withdrawals');
    const root = judge.regionStart('withdraw tree root');
    const off = Array.from({ length: 97 }, (_, i) => ({ column: 'withdraw leaf on', row: judge.regionStart('withdraw leaf') + i, value: 0n }));
    // isW, w, slot 0, the leaf's `on`, both blocks' count and leaf 0 all 0; the tree's count 0 ([cnt = 0], rows 0–3),
    // its leaf 0 and root (rows 4, 5 and 8, 9) 0: what is left is the IsZero of callee − W, the tree node's copies of
    // leaf 0 (its children, not hashed for one leaf) and the public root
    expect(judge.itemsAfter([
      { column: 'withdraw isW', row, value: 0n }, { column: 'withdraw w', row, value: 0n }, { column: 'withdraw sent', row, value: 0n }, { column: 'withdraw slot', row, value: 0n }, ...off,
      ...[0, SUMMARY_TAGS.length].flatMap((b) => ['withdraw cnt', 'withdraw hi', 'withdraw lo'].map((column) => ({ column, row: row + b, value: 0n }))),
      ...([[0, 0n], [1, 1n], [2, 0n], [4, 0n], [5, 0n], [8, 0n], [9, 0n]] as const).map(([r, value]) => ({ column: 'withdraw tree value', row: root + r, value })),
    ])).to.deep.equal(['gate withdrawals to W/out = 1 − value·inv', 'copy withdraw hi~withdraw tree value', 'copy withdraw lo~withdraw tree value', 'copy pi value~withdraw tree value']);
  });

  slow('the real verifier rejects a leaf nonce other than the tx\'s (run once: 178 s on the loaded box)', async function () {
    this.timeout(3_600_000);
    const row = judge.regionStart('withdrawals');
    const failures = await expectVerifierRejects(circuit, K, circuit.instances(), [{ column: 'withdraw nonce', row, value: (v) => v + 1n }]);
    expect(failures.map((f) => f.split('@')[0])).to.have.members(['gate withdrawals/nonce = Nonce', 'copy withdraw leaf value']);
  });

  slow('the real verifier rejects a withdrawal left out of the count', async function () {
    this.timeout(3_600_000);
    const row = judge.regionStart('withdrawals');
    const failures = await expectVerifierRejects(circuit, K, circuit.instances(), [{ column: 'withdraw cnt', row, value: 0n }]);
    // cnt 0 at the withdrawal: its slot (0) is no longer cnt − 1 either
    expect(failures).to.have.members([`gate withdrawals/cnt = cnt one block up + w@${row + SUMMARY_TAGS.length}`, `gate withdrawals/cnt = w (first block)@${row}`, `gate withdrawals/Σ k·slot_k = w·(cnt − 1)@${row}`]);
  });
});
