import { expect } from 'chai';
import { FR_MODULUS } from '../../../circuits/field/constants.js';
import { MemoryKv, MissingStateRecordError, SparseMerkleTree, StateRangeError, type KvOp, type KvStore } from '../../../node/state/index.js';
import { Rng } from '../../circuits/field/rng.js';
import { referenceTree } from './reference-smt.js';

/** Keys that share their low `shared` bits, so their leaves sit deep. */
const keyPool = (rng: Rng, n: number, shared: number): bigint[] => {
  const base = rng.bits(shared);
  return Array.from({ length: n }, () => (rng.below(FR_MODULUS >> BigInt(shared)) << BigInt(shared)) | base);
};

describe('state/smt: batched update (a block of puts and deletes at once)', function () {
  this.timeout(30_000);

  for (const [name, shared] of [['random keys', 0], ['keys sharing 12 low bits', 12]] as const) {
    it(`random batches match one-by-one updates and the reference model (${name})`, async () => {
      const rng = new Rng(0xb10c + shared);
      const keys = keyPool(rng, 20, shared);
      const batched = new SparseMerkleTree(new MemoryKv());
      const single = new SparseMerkleTree(new MemoryKv());
      const model = new Map<bigint, bigint>();
      for (let round = 0; round < 12; round++) {
        const changes = new Map<bigint, bigint | undefined>();
        // Deletes of present and absent keys, rewrites of equal values, new keys; round 6 empties the tree.
        for (const key of keys) {
          const roll = round === 6 ? 0 : rng.int(5);
          if (roll === 0) changes.set(key, undefined);
          else if (roll === 1) changes.set(key, model.get(key) ?? 1n);
          else if (roll === 2) changes.set(key, rng.below(FR_MODULUS));
        }
        await batched.update(changes);
        for (const [key, value] of changes) {
          if (value === undefined) await single.delete(key);
          else await single.put(key, value);
          if (value === undefined) model.delete(key);
          else model.set(key, value);
        }
        expect(batched.root, `round ${round}`).to.equal(single.root);
        expect(batched.root, `round ${round}`).to.equal(referenceTree(model).root);
        for (const key of keys) expect(await batched.get(key)).to.equal(model.get(key));
      }
    });
  }

  it('a lone leaf left by deletes rises to the root; deleting absent keys changes nothing', async () => {
    const tree = new SparseMerkleTree(new MemoryKv());
    await tree.update(new Map([[1n, 10n], [9n, 90n], [3n, 30n]]));
    const before = tree.root;
    await tree.update(new Map([[5n, undefined], [17n, undefined]]));
    expect(tree.root).to.equal(before);
    await tree.update(new Map([[9n, undefined], [3n, undefined]]));
    expect(tree.root).to.equal(referenceTree([[1n, 10n]]).root);
  });

  it('reads untouched nodes from the store and stages only what the new root reaches', async () => {
    const rng = new Rng(11);
    const store = new MemoryKv();
    const keys = keyPool(rng, 30, 0);
    const first = new SparseMerkleTree(store);
    await first.update(new Map(keys.map((k) => [k, k & 0xffffn])));
    await store.batch(first.stagedWrites().ops);
    const tree = new SparseMerkleTree(store, first.root);
    const model = new Map(keys.map((k) => [k, k & 0xffffn] as const));
    const changes = new Map<bigint, bigint | undefined>([[keys[0], undefined], [keys[1], 7n], [rng.below(FR_MODULUS), 8n]]);
    await tree.update(changes);
    for (const [k, v] of changes) if (v === undefined) model.delete(k); else model.set(k, v);
    expect(tree.root).to.equal(referenceTree(model).root);
    await store.batch(tree.stagedWrites().ops);
    const reloaded = new SparseMerkleTree(store, tree.root);
    for (const [k, v] of model) expect(await reloaded.get(k)).to.equal(v);
  });

  it('reads a stored node from the store once (decoded nodes are cached per store); missing ones still throw', async () => {
    const inner = new MemoryKv();
    let reads = 0;
    const store: KvStore = { get: (key) => (reads++, inner.get(key)), batch: (ops: KvOp[]) => inner.batch(ops), close: () => inner.close() };
    const keys = keyPool(new Rng(12), 16, 0);
    const writer = new SparseMerkleTree(store);
    await writer.update(new Map(keys.map((k) => [k, 1n])));
    await store.batch(writer.stagedWrites().ops);
    expect(reads).to.equal(0); // staged nodes are read from memory
    for (const k of keys) expect(await new SparseMerkleTree(store, writer.root).get(k)).to.equal(1n);
    const first = reads;
    expect(first).to.be.greaterThan(0);
    for (const k of keys) expect(await new SparseMerkleTree(store, writer.root).get(k)).to.equal(1n);
    expect(reads).to.equal(first);
    let missing: unknown;
    await new SparseMerkleTree(store, 1234n).get(1n).catch((e: unknown) => (missing = e));
    expect(missing).to.be.instanceOf(MissingStateRecordError);
  });

  it('rejects keys and values outside Fr before changing anything', async () => {
    const tree = new SparseMerkleTree(new MemoryKv());
    for (const changes of [new Map([[FR_MODULUS, 1n]]), new Map([[1n, FR_MODULUS]]), new Map([[2n, 2n], [-1n, undefined]])]) {
      let error: unknown;
      await tree.update(changes).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(StateRangeError);
      expect(tree.root).to.equal(0n);
    }
  });
});
