import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';
import { minK } from '../../../circuits/gadgets/index.js';
import { devSrs } from '../../../circuits/pcs/index.js';
import { keygen, prove, verify } from '../../../circuits/plonk/index.js';
import { initKernel } from '../../../circuits/wasm/kernel.js';
import {
  SmtCapacityError, SmtCircuit, SmtFieldRangeError, SmtMissingNodeError, SmtUpdateChip, SmtProofMismatchError, chainWitness, exactCapacity, hashLeaf, pathHashes, smtRows, smtWitness,
  type SmtOpWitness, type SmtWitness,
} from '../../../circuits/smt/index.js';
import { expectVerifierRejects, failuresAfter, honestFailures, type Edit } from '../gadgets/helpers.js';
import { RecordingTree } from './fixture.js';

const rng = new Rng(0x5a17);
/** A key whose path starts with the given three low bits (least significant first), random above them. */
const keyWith = (low: number) => (rng.bits(200) << 3n) | BigInt(low);

/**
 * Seeded {A, B, C}: A = …000 and B = …100 share bits 0, 1 (leaves at depth 3, an empty slot at depth 2),
 * C = …001 sits alone at depth 1. Then: update A; insert D = …010 into the empty slot; insert E = …101,
 * pushing C down to depth 3; delete E (C collapses back to depth 1); delete D (its sibling is a branch:
 * the slot empties); delete B (A collapses to depth 1).
 */
async function mixedChain(): Promise<RecordingTree> {
  const [A, B, C, D, E] = [0b000, 0b100, 0b001, 0b010, 0b101].map(keyWith);
  const t = await new RecordingTree().seed([[A, 1n], [B, 2n], [C, 3n]]);
  await t.put(A, 10n);
  await t.put(D, 4n);
  await t.put(E, 5n);
  await t.delete(E);
  await t.delete(D);
  await t.delete(B);
  return t;
}

/** From the empty tree: insert at the root, push it down from the root, update, collapse to the root, empty it. */
async function rootChain(): Promise<RecordingTree> {
  const [X, Y] = [0b110, 0b010].map(keyWith);
  const t = new RecordingTree();
  await t.put(X, 7n);
  await t.put(Y, 8n);
  await t.put(X, 9n);
  await t.delete(Y);
  await t.delete(X);
  return t;
}

const kindOf = (o: SmtOpWitness) => `${o.del ? 'del' : 'put'} ${o.oldTerminal} ${o.old.siblings.length}→${o.new.siblings.length}`;
const circuitK = (w: SmtWitness) => minK(smtRows(exactCapacity(w)));

/** An operation with its new path replaced by `siblings` (hashes recomputed), as a one-operation witness. */
function forgeNewPath(op: SmtOpWitness, siblings: bigint[]): SmtWitness {
  const nodes = pathHashes(op.key, hashLeaf(op.key, op.newValue), siblings);
  return chainWitness(op.rootBefore, [{ ...op, new: { siblings, nodes }, rootAfter: nodes[0] }]);
}

describe('smt: update chip vs the node SMT', function () {
  this.timeout(300_000);
  let mixed: RecordingTree;
  let mixedWitness: SmtWitness;
  before(async () => {
    mixed = await mixedChain();
    mixedWitness = smtWitness(mixed.startRoot, mixed.ops, mixed.nodeOf);
  });
  /** Operation i of the mixed chain alone. */
  const single = (i: number) => chainWitness(mixedWitness.ops[i].rootBefore, [mixedWitness.ops[i]]);

  it('a chain of update, insert, push-down, collapse, delete reaches the node\'s roots; MockProver passes', () => {
    const w = mixedWitness;
    expect(w.ops.map(kindOf)).to.deep.equal(['put own 3→3', 'put empty 2→2', 'put other 1→3', 'del other 1→3', 'del empty 2→2', 'del other 1→3']);
    expect(w.ops.map((o) => o.rootAfter)).to.deep.equal(mixed.roots);
    expect(w.newRoot).to.equal(mixed.root);
    const c = new SmtCircuit(w);
    expect(honestFailures(c, circuitK(w), c.instances())).to.deep.equal([]);
  });

  it('from the empty tree: insert at the root, push-down and collapse at the root, back to root 0', async () => {
    const t = await rootChain();
    const w = smtWitness(0n, t.ops, t.nodeOf);
    expect(w.ops.map(kindOf)).to.deep.equal(['put empty 0→0', 'put other 0→3', 'put own 3→3', 'del other 0→3', 'del empty 0→0']);
    expect(w.ops.map((o) => o.rootAfter)).to.deep.equal(t.roots);
    expect(w.newRoot).to.equal(0n);
    const c = new SmtCircuit(w);
    expect(honestFailures(c, circuitK(w), c.instances())).to.deep.equal([]);
  });

  it('random puts and deletes on keys sharing low bits: every witness root equals the node\'s; the first 8 operations prove (MockProver)', async () => {
    const pool = Array.from({ length: 10 }, () => keyWith(rng.int(8)));
    const t = await new RecordingTree().seed(pool.slice(0, 4).map((k, i) => [k, BigInt(i + 1)] as const));
    for (let i = 0; i < 60; i++) {
      const key = rng.pick(pool);
      if (rng.int(3) === 0) await t.delete(key);
      else await t.put(key, BigInt(rng.int(4)));
    }
    const w = smtWitness(t.startRoot, t.ops, t.nodeOf);
    // deletes of absent keys change nothing and are dropped; every other write is one operation
    const changed = t.roots.filter((r, i) => r !== (i === 0 ? t.startRoot : t.roots[i - 1]) || t.ops[i].value !== null);
    expect(w.ops.map((o) => o.rootAfter)).to.deep.equal(changed);
    expect(new Set(w.ops.map(kindOf).map((k) => k.split(' ').slice(0, 2).join(' ')))).to.have.all.keys('put own', 'put empty', 'put other', 'del empty', 'del other');
    const head = chainWitness(w.oldRoot, w.ops.slice(0, 8));
    const k = circuitK(head);
    expect(k).to.be.at.most(12);
    const c = new SmtCircuit(head);
    expect(honestFailures(c, k, c.instances())).to.deep.equal([]);
  });

  it('witness builder: a stale proof, a missing sibling node, a key or value ≥ r are refused by name; deleting an absent key is dropped', async () => {
    const ops = mixed.ops;
    expect(() => smtWitness(mixed.startRoot, [ops[1]], mixed.nodeOf)).to.throw(SmtProofMismatchError, /operation 0 .*leads to root/);
    expect(() => smtWitness(mixed.startRoot, ops, () => undefined)).to.throw(SmtMissingNodeError, /operation 0 needs the node/);
    expect(() => smtWitness(0n, [{ key: FR_MODULUS, value: 1n, proof: { siblings: [], leaf: null } }], mixed.nodeOf)).to.throw(SmtFieldRangeError, /key = 0x30644e.* is not a BN254 Fr element/);
    expect(() => smtWitness(0n, [{ key: 1n, value: -1n, proof: { siblings: [], leaf: null } }], mixed.nodeOf)).to.throw(SmtFieldRangeError, /value/);
    const t = await new RecordingTree().seed([[keyWith(1), 1n]]);
    await t.delete(keyWith(2));
    expect(smtWitness(t.startRoot, t.ops, t.nodeOf).ops).to.deep.equal([]);
  });

  it('checks (chk): a present key\'s value and an absent key (other leaf, empty slot) keep the root; MockProver passes', async () => {
    const [A, B, C, D, E] = [0b000, 0b100, 0b001, 0b010, 0b101].map(keyWith);
    const t = await new RecordingTree().seed([[A, 1n], [B, 2n], [C, 3n]]);
    const check = async (key: bigint) => ({ key, value: null, check: true, proof: await t.tree.prove(key) });
    const w = smtWitness(t.root, [await check(A), await check(E), await check(D)], t.nodeOf);
    expect(w.ops.map((o) => [o.check, o.oldTerminal, o.oldValue])).to.deep.equal([[true, 'own', 1n], [true, 'other', 3n], [true, 'empty', 0n]]);
    expect(w.ops.map((o) => o.rootAfter)).to.deep.equal([t.root, t.root, t.root]);
    const c = new SmtCircuit(w);
    expect(honestFailures(c, circuitK(w), c.instances())).to.deep.equal([]);
    // a check switched to an insert (chk = 0) must end at the dummy insert's root, not the old one
    expect(failuresAfter(c, circuitK(w), c.instances(), [{ column: 'smt chk', row: 255, value: 0n }])).to.deep.equal(['gate smt top/root after@255']);
    expect(failuresAfter(c, circuitK(w), c.instances(), [{ column: 'smt del', row: 0, value: 1n }]))
      .to.deep.equal(["gate smt top/del ⇒ old terminal is not the key's leaf@0", 'gate smt top/not both del and chk@0']);
    // chk = 2 on the last check, its root after (and the public new root) moved to match — 2·hO − hN, a root no
    // tree has: only booleanity refuses it
    const last = w.ops[2];
    const forged = FR_MODULUS + 2n * last.old.nodes[0] - last.new.nodes[0];
    expect(failuresAfter(c, circuitK(w), [[w.oldRoot, forged % FR_MODULUS]], [{ column: 'smt chk', row: 510, value: 2n }, { column: 'smt root after', row: 510, value: forged }]))
      .to.deep.equal(['gate smt top/chk is boolean@510']);
  });

  describe('mutations (one operation, MockProver names the constraint)', () => {
    const run = (w: SmtWitness, edits: readonly Edit[], instances?: bigint[][]) => {
      const c = new SmtCircuit(w);
      return failuresAfter(c, circuitK(w), instances ?? c.instances(), edits);
    };

    it('wrong sibling (update): the common-siblings rule and the new path\'s hash at that depth', () => {
      expect(run(single(0), [{ column: 'smt sN', row: 1, value: (v) => v + 1n }]))
        .to.deep.equal(['gate smt path/common siblings sO = sN@1', 'lookup smt new path hash@1']);
    });

    it('wrong key bit: the running sum and both paths\' hashes at that depth', () => {
      expect(run(single(0), [{ column: 'smt key bit', row: 1, value: (v) => 1n - v }]))
        .to.deep.equal(["gate smt key bits/acc' = acc + 2^d·bit@1", 'lookup smt new path hash@1', 'lookup smt old path hash@1']);
    });

    it('wrong new value: the new leaf\'s hash', () => {
      expect(run(single(0), [{ column: 'smt vN', row: 254, value: (v) => v + 1n }])).to.deep.equal(['lookup smt new path hash@254']);
    });

    it('wrong new root: the copy to the public input', () => {
      const w = single(0);
      expect(run(w, [], [[w.oldRoot, w.newRoot + 1n]])).to.deep.equal(['copy smt root after@0~smt roots@1']);
    });

    it('flags toggled: del on an update, otherO on one row of a push-down', () => {
      expect(run(single(0), [{ column: 'smt del', row: 0, value: 1n }]))
        .to.deep.equal(["gate smt top/del ⇒ old terminal is not the key's leaf@0", 'gate smt top/root after@0', 'gate smt top/root before@0']);
      expect(run(single(2), [{ column: 'smt otherO', row: 100, value: 0n }]))
        .to.deep.equal(['gate smt path/otherO constant@100', 'gate smt path/otherO constant@99']);
    });

    it('push-down to a wrong depth, or none (the other key\'s leaf overwritten)', () => {
      const op = mixedWitness.ops[2];
      const [s0, , pushed] = op.new.siblings;
      expect(run(forgeNewPath(op, [s0, pushed]), [])).to.deep.equal(["gate smt push-down/other key's bit ≠ key's at the end@1"]);
      expect(run(forgeNewPath(op, [s0]), [])).to.deep.equal(['gate smt path/old terminal below the root: aboveN = otherO@0']);
    });

    it('delete that leaves a lone leaf beside an empty slot (no collapse): the canonical rule', () => {
      const op = mixedWitness.ops[5];
      const siblings = op.new.siblings;
      const nodes = pathHashes(op.key, 0n, siblings);
      const forged = { ...op, oldTerminal: 'empty' as const, otherKey: 0n, oldValue: 0n, old: { siblings, nodes }, lastSibling: mixed.nodeOf(siblings[2])!, rootAfter: nodes[0] };
      expect(forged.lastSibling.kind).to.equal('leaf');
      expect(run(chainWitness(op.rootBefore, [forged]), [])).to.deep.equal(["gate smt canonical/empty terminal's last sibling is a branch@2"]);
    });

    it('collapse that stops below an empty sibling: the last sibling must be a node (width 3 or 4, in the table)', () => {
      const op = mixedWitness.ops[3];
      const siblings = op.new.siblings.slice(0, 2);
      expect(siblings[1]).to.equal(0n);
      const nodes = pathHashes(op.key, op.new.siblings[2], siblings);
      const forged = chainWitness(op.rootBefore, [{ ...op, old: { siblings, nodes }, lastSibling: null, rootAfter: nodes[0] }]);
      expect(run(forged, [])).to.deep.equal(["gate smt canonical/last old sibling's width is 3 or 4@1"]);
      expect(run(forged, [{ column: 'smt w', row: 1, value: 4n }])).to.deep.equal(['lookup smt last old sibling is a node@1']);
    });
  });

  describe('capacity: disabled operations pad the chain', () => {
    const PAD = { ops: 3, branches: 12, leaves: 6 };
    /** Operations `from`…`to` of the mixed chain in a circuit of capacity PAD (3 operations). */
    const padded = (from: number, to: number) => new SmtCircuit(chainWitness(mixedWitness.ops[from].rootBefore, mixedWitness.ops.slice(from, to)), PAD);

    it('a witness over the capacity is refused by name (operations, branch hashes, leaf hashes)', () => {
      expect(() => honestFailures(new SmtCircuit(mixedWitness, PAD), 11, [[0n, 0n]])).to.throw(SmtCapacityError, /6 operations/);
      expect(() => honestFailures(new SmtCircuit(single(2), { ...PAD, branches: 1 }), 11, [[0n, 0n]])).to.throw(SmtCapacityError, /branch hashes needed, the circuit has room for 1/);
      expect(() => honestFailures(new SmtCircuit(single(2), { ...PAD, leaves: 1 }), 11, [[0n, 0n]])).to.throw(SmtCapacityError, /leaf hashes needed, the circuit has room for 1/);
    });

    it('one real operation and two disabled ones prove its root change; the layout is the capacity\'s', () => {
      const c = padded(0, 1);
      const needed = exactCapacity(c.witness, 3);
      expect(needed.branches).to.be.at.most(PAD.branches);
      expect(needed.leaves).to.be.at.most(PAD.leaves);
      expect(honestFailures(c, 11, c.instances())).to.deep.equal([]);
      expect(c.instances()).to.deep.equal([[mixedWitness.ops[0].rootBefore, mixedWitness.ops[0].rootAfter]]);
    });

    it('a disabled operation switched on must prove its own (dummy) roots; a real one switched off must pass the root through', () => {
      const c = padded(0, 1);
      const second = SmtUpdateChip.ROWS; // row 0 of the second operation's region
      expect(failuresAfter(c, 11, c.instances(), [{ column: 'smt on', row: second, value: 1n }]))
        .to.deep.equal([`gate smt top/root after@${second}`, `gate smt top/root before@${second}`]);
      expect(failuresAfter(c, 11, c.instances(), [{ column: 'smt on', row: 0, value: 0n }])).to.deep.equal(['gate smt top/disabled: root passes through@0']);
    });
  });

  describe('real prover (one push-down operation)', () => {
    it('proves and verifies; a wrong sibling is rejected', async () => {
      const w = single(2);
      const c = new SmtCircuit(w);
      const failures = await expectVerifierRejects(c, circuitK(w), c.instances(), [{ column: 'smt sN', row: 2, value: (v) => v + 1n }]);
      expect(failures).to.deep.equal(["gate smt push-down/sN = old terminal at the end@2", 'lookup smt new path hash@2']);
    });

    it('one verifying key per capacity: a key made from a push-down verifies a proof of an update', async () => {
      await initKernel();
      const [pushDown, update] = [single(2), single(0)];
      const cap = { ops: 1, branches: 10, leaves: 4 };
      const k = minK(smtRows(cap));
      const srs = devSrs(k);
      const pk = await keygen(srs, new SmtCircuit(pushDown, cap), k);
      const c = new SmtCircuit(update, cap);
      expect(verify(pk.vk, c.instances(), await prove(pk, srs, c, c.instances()))).to.deep.equal({ ok: true });
    });
  });
});
