import { expect } from 'chai';
import { poseidon2, poseidon3 } from 'poseidon-lite';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import {
  MemoryKv, MissingStateRecordError, SparseMerkleTree, StateRangeError, verifyProof, type SmtProof,
} from '../../../node/state/index.js';
import { Rng } from '../../circuits/field/rng.js';
import { referenceTree } from './reference-smt.js';

const leaf = (k: bigint, v: bigint) => poseidon3([k, v, 1n]);
const branch = (l: bigint, r: bigint) => poseidon2([l, r]);

/** Keys that share their low `shared` bits, so their leaves sit deep. */
function keyPool(rng: Rng, n: number, shared: number): bigint[] {
  const base = rng.bits(shared);
  return Array.from({ length: n }, () => (rng.below(FR_MODULUS >> BigInt(shared)) << BigInt(shared)) | base);
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function treeOf(entries: Iterable<readonly [bigint, bigint]>): Promise<SparseMerkleTree> {
  const tree = new SparseMerkleTree(new MemoryKv());
  for (const [k, v] of entries) await tree.put(k, v);
  return tree;
}

describe('state/smt: Poseidon sparse Merkle tree (circomlib layout)', function () {
  this.timeout(20_000);

  it('empty tree: root 0, absent keys, non-inclusion proof', async () => {
    const tree = new SparseMerkleTree(new MemoryKv());
    expect(tree.root).to.equal(0n);
    expect(await tree.get(5n)).to.equal(undefined);
    expect(await tree.delete(5n)).to.equal(undefined);
    const proof = await tree.prove(5n);
    expect(proof).to.deep.equal({ siblings: [], leaf: null });
    expect(verifyProof(0n, 5n, undefined, proof)).to.equal(true);
  });

  it('places leaves at the shortest unique prefix of the key bits, LSB first (hand-built roots)', async () => {
    const t = await treeOf([[1n, 10n]]);
    expect(t.root).to.equal(leaf(1n, 10n));
    await t.put(2n, 20n); // bit 0: 2 → left, 1 → right
    expect(t.root).to.equal(branch(leaf(2n, 20n), leaf(1n, 10n)));
    await t.put(3n, 30n); // 1 and 3 share bit 0 = 1, part at bit 1
    expect(t.root).to.equal(branch(leaf(2n, 20n), branch(leaf(1n, 10n), leaf(3n, 30n))));
    const deep = await treeOf([[1n, 10n], [9n, 90n]]); // 0b0001 and 0b1001 part at bit 3
    expect(deep.root).to.equal(branch(0n, branch(branch(branch(leaf(1n, 10n), leaf(9n, 90n)), 0n), 0n)));
    expect(await deep.delete(9n)).to.equal(90n);
    expect(deep.root).to.equal(leaf(1n, 10n)); // the lone leaf rises to the root
  });

  for (const [name, shared] of [['random keys', 0], ['keys sharing 16 low bits', 16]] as const) {
    it(`random put/delete sequences match the reference model (${name})`, async () => {
      const rng = new Rng(0xa11ce + shared);
      const keys = keyPool(rng, 24, shared);
      const tree = new SparseMerkleTree(new MemoryKv());
      const model = new Map<bigint, bigint>();
      for (let step = 0; step < 120; step++) {
        const key = rng.pick(keys);
        if (rng.int(3) === 0) {
          expect(await tree.delete(key)).to.equal(model.get(key));
          model.delete(key);
        } else {
          const value = rng.int(4) === 0 ? BigInt(rng.int(3)) : rng.below(FR_MODULUS);
          expect(await tree.put(key, value)).to.equal(model.get(key));
          model.set(key, value);
        }
        if (step % 16 === 15) {
          expect(tree.root, `step ${step}`).to.equal(referenceTree(model).root);
          for (const k of keys) expect(await tree.get(k)).to.equal(model.get(k));
        }
      }
    });
  }

  it('root is independent of insertion order', async () => {
    const rng = new Rng(7);
    const entries = keyPool(rng, 20, 4).map((k) => [k, rng.below(FR_MODULUS)] as const);
    const expected = referenceTree(entries).root;
    for (let i = 0; i < 3; i++) expect((await treeOf(shuffle(rng, entries))).root).to.equal(expected);
  });

  it('delete restores the previous root exactly, step by step', async () => {
    const rng = new Rng(8);
    const keys = [...keyPool(rng, 10, 0), ...keyPool(rng, 10, 12)];
    const tree = new SparseMerkleTree(new MemoryKv());
    const roots = [tree.root];
    for (const k of keys) {
      await tree.put(k, k & 0xffffn);
      roots.push(tree.root);
    }
    for (const k of keys.reverse()) {
      roots.pop();
      expect(await tree.delete(k)).to.equal(k & 0xffffn);
      expect(tree.root).to.equal(roots[roots.length - 1]);
    }
    expect(tree.root).to.equal(0n);
  });

  describe('proofs', () => {
    let tree: SparseMerkleTree;
    let present: bigint[];
    let absent: bigint[];
    const value = (k: bigint) => (k * 3n) % FR_MODULUS;

    before(async () => {
      const rng = new Rng(9);
      present = [...keyPool(rng, 12, 0), ...keyPool(rng, 6, 10)];
      absent = [...keyPool(rng, 12, 0), ...keyPool(rng, 6, 10)];
      tree = await treeOf(present.map((k) => [k, value(k)]));
    });

    it('inclusion proofs verify; the wrong value or a claim of absence does not', async () => {
      for (const k of present) {
        const proof = await tree.prove(k);
        expect(proof.leaf).to.deep.equal({ key: k, value: value(k) });
        expect(verifyProof(tree.root, k, value(k), proof)).to.equal(true);
        expect(verifyProof(tree.root, k, value(k) + 1n, proof)).to.equal(false);
        expect(verifyProof(tree.root, k, undefined, proof)).to.equal(false);
      }
    });

    it('non-inclusion proofs verify for absent keys (empty subtree and other-leaf cases)', async () => {
      const kinds = new Set<string>();
      for (const k of absent) {
        const proof = await tree.prove(k);
        kinds.add(proof.leaf === null ? 'empty' : 'other leaf');
        expect(verifyProof(tree.root, k, undefined, proof)).to.equal(true);
        expect(verifyProof(tree.root, k, 0n, proof)).to.equal(false);
      }
      expect(kinds).to.deep.equal(new Set(['empty', 'other leaf']));
    });

    it('tampered proofs fail', async () => {
      const k = present[3];
      const good = await tree.prove(k);
      const bad: SmtProof[] = [
        { ...good, siblings: good.siblings.map((s, i) => (i === 0 ? s + 1n : s)) },
        { ...good, siblings: good.siblings.slice(1) },
        { ...good, siblings: [...good.siblings, 0n] },
        { ...good, leaf: { key: k, value: value(k) + 1n } },
        { ...good, leaf: null },
        { ...good, siblings: good.siblings.map((s, i) => (i === 0 ? s + FR_MODULUS : s)) },
      ];
      for (const proof of bad) expect(verifyProof(tree.root, k, value(k), proof)).to.equal(false);
      expect(verifyProof(tree.root + 1n, k, value(k), good)).to.equal(false);
      // A non-inclusion proof whose "other leaf" does not lie on the key's path.
      const other = await tree.prove(absent[0]);
      const stranger = { siblings: other.siblings, leaf: { key: present[0] ^ 1n, value: 1n } };
      expect(verifyProof(tree.root, absent[0], undefined, stranger)).to.equal(false);
      // Claiming absence of a present key with its own inclusion proof's leaf swapped out.
      expect(verifyProof(tree.root, k, undefined, { siblings: good.siblings, leaf: null })).to.equal(false);
    });
  });

  it('stagedWrites keeps only the nodes the final root reaches; a reload from them reads everything', async () => {
    const rng = new Rng(10);
    const store = new MemoryKv();
    const tree = new SparseMerkleTree(store);
    const model = new Map<bigint, bigint>();
    const keys = keyPool(rng, 16, 0);
    for (let i = 0; i < 80; i++) {
      const k = rng.pick(keys), v = rng.below(FR_MODULUS);
      await tree.put(k, v);
      model.set(k, v);
    }
    await tree.delete(keys[0]);
    model.delete(keys[0]);
    const { ops, leaves } = tree.stagedWrites();
    const reference = referenceTree(model);
    expect(ops).to.have.length(reference.nodes);
    expect(leaves).to.have.length(model.size);
    await store.batch(ops);
    tree.discardStaged();
    const reloaded = new SparseMerkleTree(store, tree.root);
    for (const k of keys) expect(await reloaded.get(k)).to.equal(model.get(k));
    expect(reloaded.stagedWrites().ops).to.have.length(0);
  });

  it('rejects keys and values outside Fr; reports missing nodes', async () => {
    const tree = new SparseMerkleTree(new MemoryKv());
    for (const run of [() => tree.put(FR_MODULUS, 1n), () => tree.put(1n, FR_MODULUS), () => tree.get(-1n)]) {
      let error: unknown;
      await run().catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(StateRangeError);
    }
    let missing: unknown;
    await new SparseMerkleTree(new MemoryKv(), 1234n).get(1n).catch((e: unknown) => (missing = e));
    expect(missing).to.be.instanceOf(MissingStateRecordError);
  });
});
