/**
 * A naive model of circomlib's SMT for tests: the root of a set of (key, value) pairs computed from scratch by
 * splitting on key bits (least significant first), hashed with poseidon-lite rather than our Poseidon.
 */
import { poseidon2, poseidon3 } from 'poseidon-lite';

type Entry = readonly [bigint, bigint];

const bit = (key: bigint, depth: number) => (key >> BigInt(depth)) & 1n;

/** The root and node count (leaves + branches) of the canonical tree holding `entries`. */
export function referenceTree(entries: Iterable<Entry>): { root: bigint; nodes: number } {
  let nodes = 0;
  const build = (items: Entry[], depth: number): bigint => {
    if (items.length === 0) return 0n;
    nodes++;
    if (items.length === 1) return poseidon3([items[0][0], items[0][1], 1n]);
    const left = items.filter(([k]) => bit(k, depth) === 0n);
    const right = items.filter(([k]) => bit(k, depth) === 1n);
    return poseidon2([build(left, depth + 1), build(right, depth + 1)]);
  };
  const root = build([...entries], 0);
  return { root, nodes };
}
