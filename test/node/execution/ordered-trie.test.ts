import { expect } from "chai";
import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { Rng } from "../../../circuits/plonk/examples/rng.js";
import { orderedTrieRoot } from "../../../node/execution/ordered-trie.js";

/** The root @ethereumjs's trie gives for RLP(i) → values[i]. */
const reference = async (values: Uint8Array[]): Promise<Uint8Array> => {
  const trie = new MerklePatriciaTrie();
  for (const [i, value] of values.entries()) await trie.put(RLP.encode(i), value);
  return trie.root();
};

describe("execution/ordered-trie: transactions/receipts trie root in one pass", function () {
  this.timeout(60_000);
  const rng = new Rng(7);
  const bytes = (length: number) => Uint8Array.from({ length }, () => rng.int(256));

  // Sizes around the RLP(i) key boundaries (1 byte up to 127, 0x80 for 0, 0x81.. from 128) and branch widths;
  // short values make embedded (< 32-byte) nodes, long ones hashed nodes.
  for (const n of [0, 1, 2, 3, 15, 16, 17, 127, 128, 129, 300]) {
    for (const valueLength of [1, 5, 40]) {
      it(`${n} values of ${valueLength} bytes: same root as @ethereumjs's trie`, async () => {
        const values = Array.from({ length: n }, () => bytes(valueLength));
        expect(orderedTrieRoot(values)).to.deep.equal(await reference(values));
      });
    }
  }

  it("mixed value lengths, and any changed value changes the root", async () => {
    const values = Array.from({ length: 70 }, (_, i) => bytes(1 + (i * 7) % 60));
    const root = orderedTrieRoot(values);
    expect(root).to.deep.equal(await reference(values));
    values[33] = Uint8Array.from(values[33]!, (b, i) => (i === 0 ? b ^ 1 : b));
    expect(orderedTrieRoot(values)).to.not.deep.equal(root);
    expect(orderedTrieRoot(values)).to.deep.equal(await reference(values));
  });
});
