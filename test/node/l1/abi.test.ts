import { expect } from "chai";
import hre from "hardhat";
import type { Abi } from "viem";
import { ZK_ROLLUP_ABI } from "../../../node/l1/abi.js";

// node/l1/abi.ts is written by hand (for viem's types); every entry must be the compiled ZkRollup's own, struct
// layouts and indexed flags included, or the node would encode commitBatch for a contract that does not exist.

type Item = Extract<Abi[number], { type: "function" | "event" | "error" }>;
interface Param { type: string; name?: string; indexed?: boolean; components?: readonly Param[] }
/** A parameter as the encoding and viem's decoded names see it: type, tuple components, indexed flag, name. */
const param = (p: Param, named = true): string =>
  `${p.type}${p.components ? `(${p.components.map((c) => param(c)).join(",")})` : ""}${p.indexed ? " indexed" : ""}${named && p.name ? ` ${p.name}` : ""}`;
/** An entry's shape; output names are left out (abi.ts need not name what viem returns as a tuple). */
const shape = (item: Item): string =>
  `${item.type} ${item.name}(${item.inputs.map((p) => param(p)).join(", ")})` +
  ("outputs" in item ? ` ${item.stateMutability} returns (${item.outputs.map((p) => param(p, false)).join(", ")})` : "");

describe("node/l1/abi.ts = the compiled ZkRollup ABI", function () {
  this.timeout(60_000);

  it("has every entry with the contract's exact signature, tuple layout and indexed flags", async function () {
    await hre.run("compile", { quiet: true });
    const compiled = (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi;
    const byName = new Map(compiled.filter((i): i is Item => i.type === "function" || i.type === "event" || i.type === "error").map((i) => [`${i.type} ${i.name}`, i]));
    const ours = ZK_ROLLUP_ABI as unknown as Item[];
    expect(ours.length).to.be.greaterThan(0);
    for (const item of ours) {
      const theirs = byName.get(`${item.type} ${item.name}`);
      expect(theirs, `${item.type} ${item.name} is not in ZkRollup`).to.not.equal(undefined);
      expect(shape(item), `${item.type} ${item.name}`).to.equal(shape(theirs!));
    }
  });
});
