/**
 * State commitments over JSON-RPC: the Poseidon SMT root of a block (the header's `stateRoot`) and eth_getProof-like
 * proofs of an account and its storage slots under it (shape and verifier: node/state/proof-json.ts). Every
 * stored block can be proven: the state tree keeps every committed version.
 */
import type { Block } from "@ethereumjs/block";
import { bytesToBigInt, bytesToHex } from "@ethereumjs/util";
import type { BlockSelector, L2Node } from "../node.js";
import { encodeStateProof } from "../state/index.js";
import { invalidParams } from "./errors.js";
import type { Method } from "./methods.js";
import { address, arity, blockRef, storageSlot } from "./params.js";

/** Most storage slots one rollup_getProof may ask for (geth has no limit; each costs a tree walk). */
export const MAX_PROOF_SLOTS = 1024;

export const stateMethods = (node: L2Node, blockOrThrow: (selector: BlockSelector) => Promise<Block>): Record<string, Method> => ({
  rollup_getStateRoot: async (p) => {
    arity(p, 0, 1, "rollup_getStateRoot");
    return bytesToHex((await blockOrThrow(blockRef(p[0], "block"))).header.stateRoot);
  },
  rollup_getProof: async (p) => {
    arity(p, 2, 3, "rollup_getProof");
    const who = address(p[0], "address");
    if (!Array.isArray(p[1])) throw invalidParams(`storageKeys must be an array of slots, got ${JSON.stringify(p[1])}`);
    if (p[1].length > MAX_PROOF_SLOTS) throw invalidParams(`storageKeys holds ${p[1].length} slots, at most ${MAX_PROOF_SLOTS} per call`);
    const slots = p[1].map((slot, i) => storageSlot(slot, `storageKeys[${i}]`));
    const block = await blockOrThrow(blockRef(p[2], "block"));
    const view = await node.state.stateAt(block.header.number);
    const account = await view.proveAccount(who.bytes);
    const storage = [];
    for (const slot of slots) storage.push(await view.proveStorage(who.bytes, slot));
    return encodeStateProof({ blockNumber: block.header.number, stateRoot: bytesToBigInt(block.header.stateRoot), account, storage });
  },
});
