import { bytesToHex, createAddressFromString } from "@ethereumjs/util";
import { expect } from "chai";
import { toHex } from "../../../node/execution/hex.js";
import { Rng } from "../../circuits/field/rng.js";

describe("execution/hex: flat 0x hex strings", () => {
  it("equals @ethereumjs's bytesToHex and Address.toString on every byte value and length (0 to 300)", () => {
    const rng = new Rng(0x4e);
    expect(toHex(Uint8Array.from({ length: 256 }, (_, i) => i))).to.equal(bytesToHex(Uint8Array.from({ length: 256 }, (_, i) => i)));
    for (let length = 0; length <= 300; length += 7) {
      const bytes = Uint8Array.from({ length }, () => rng.int(256));
      expect(toHex(bytes)).to.equal(bytesToHex(bytes));
    }
    const address = createAddressFromString("0x00000000000000000000000000000000DeaDBeef");
    expect(toHex(address.bytes)).to.equal(address.toString());
    expect(toHex(new Uint8Array(0))).to.equal("0x");
  });

  it("reads a subarray's own bytes only", () => {
    const base = Uint8Array.from([1, 2, 3, 4, 5]);
    expect(toHex(base.subarray(1, 3))).to.equal("0x0203");
  });
});
