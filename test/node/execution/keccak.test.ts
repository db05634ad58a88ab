import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";
import { keccak256, NATIVE_KECCAK } from "../../../node/execution/keccak.js";

describe("keccak256 (native sponge of the keccak package)", () => {
  it("loads the prebuilt addon on this platform", function () {
    if (!["linux-x64", "darwin-x64", "win32-x64"].includes(`${process.platform}-${process.arch}`)) this.skip(); // the package ships prebuilds for these
    expect(NATIVE_KECCAK).to.equal(true);
  });

  it("equals @noble/hashes for every length around the rate (136 bytes), for views and Buffers, and returns plain fresh arrays", () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (const length of [0, 1, 31, 32, 33, 64, 116, 135, 136, 137, 271, 272, 273, 600, 5000]) {
      const data = Uint8Array.from({ length }, next);
      const expected = keccak_256(data);
      expect(keccak256(data), `length ${length}`).to.deep.equal(expected);
      const backing = new Uint8Array(length + 9);
      backing.set(data, 4);
      expect(keccak256(backing.subarray(4, 4 + length)), `view, length ${length}`).to.deep.equal(expected);
      expect(keccak256(Buffer.from(data)), `Buffer, length ${length}`).to.deep.equal(expected);
    }
    const a = keccak256(new Uint8Array([1]));
    const b = keccak256(new Uint8Array([2]));
    expect(Buffer.isBuffer(a)).to.equal(false);
    expect(a.byteLength).to.equal(32);
    expect(a).to.not.deep.equal(b); // not one shared output buffer
    expect(a).to.deep.equal(keccak_256(new Uint8Array([1])));
  });
});
