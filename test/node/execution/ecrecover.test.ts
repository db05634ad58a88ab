import { createTxFromRLP } from "@ethereumjs/tx";
import { bigIntToBytes, ecrecover as reference, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { expect } from "chai";
import { parseGwei } from "viem";
import { createL2Common } from "../../../node/execution/common.js";
import { EcrecoverError, ecrecover } from "../../../node/execution/ecrecover.js";
import { devAccount } from "../helpers.js";
import { Rng } from "../../circuits/field/rng.js";

const N = secp256k1.Point.CURVE().n;
const CHAIN_ID = 31338n;
const word = (x: bigint): Uint8Array => setLengthLeft(bigIntToBytes(x), 32);

/** Both throw, or both return the same key. */
const same = (msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint): "equal" | "both throw" => {
  let expected: Uint8Array | undefined;
  try {
    expected = reference(msgHash, v, r, s, chainId);
  } catch {
    expect(() => ecrecover(msgHash, v, r, s, chainId), "reference throws, ours must too").to.throw(EcrecoverError);
    return "both throw";
  }
  expect(ecrecover(msgHash, v, r, s, chainId)).to.deep.equal(expected);
  return "equal";
};

describe("execution/ecrecover: libsecp256k1 recovery, differential vs @ethereumjs/util (noble)", () => {
  it("recovers the signer of random signatures for every v convention (27/28, EIP-155, 0/1), high s too", () => {
    const rng = new Rng(0xec);
    for (let i = 0; i < 40; i++) {
      const secret = word(1n + rng.below(N - 1n));
      const msgHash = word(rng.bits(256));
      const signature = secp256k1.sign(msgHash, secret, { prehash: false, format: "recovered" });
      const recovery = BigInt(signature[0]!);
      const r = signature.slice(1, 33), s = signature.slice(33);
      const key = secp256k1.getPublicKey(secret, false).subarray(1);
      expect(ecrecover(msgHash, 27n + recovery, r, s)).to.deep.equal(key);
      expect(same(msgHash, recovery, r, s)).to.equal("equal");
      expect(same(msgHash, CHAIN_ID * 2n + 35n + recovery, r, s, CHAIN_ID)).to.equal("equal");
      // (r, n - s) with the other recovery bit is the same signature's high-s twin: same key.
      const highS = word(N - BigInt(`0x${Buffer.from(s).toString("hex")}`));
      expect(ecrecover(msgHash, 28n - recovery, r, highS)).to.deep.equal(key);
      expect(same(msgHash, 28n - recovery, r, highS)).to.equal("equal");
    }
  });

  it("refuses what the reference refuses: v, r and s out of range, r off the curve, the point at infinity", () => {
    const rng = new Rng(0xbad);
    const msgHash = word(rng.bits(256));
    const r = word(rng.below(N)), s = word(rng.below(N));
    const cases: [bigint, Uint8Array, Uint8Array, bigint?][] = [
      [29n, r, s], [26n, r, s], [2n, r, s], [CHAIN_ID * 2n + 37n, r, s, CHAIN_ID], [27n, r, s, CHAIN_ID],
      [27n, word(0n), s], [27n, r, word(0n)], [27n, word(N), s], [27n, r, word(N)], [27n, word((1n << 256n) - 1n), s],
    ];
    // r = 5 is not the x-coordinate of a curve point (5³ + 7 = 132 is not a square mod p).
    cases.push([27n, word(5n), s], [28n, word(5n), s]);
    // R = kG and msgHash = s·k make Q = r⁻¹(sR − hG) the point at infinity.
    const k = 1n + rng.below(N - 1n);
    const R = secp256k1.Point.BASE.multiply(k).toAffine();
    const sk = rng.below(N - 1n) + 1n;
    const infinityHash = word((sk * k) % N);
    for (const [v, rr, ss, chainId] of cases) expect(same(msgHash, v, rr, ss, chainId), `v ${v}`).to.equal("both throw");
    expect(same(infinityHash, 27n + (R.y & 1n), word(R.x), word(sk))).to.equal("both throw");
  });

  it("accepts r and s shorter than 32 bytes (unpadded, as txs hand them over)", () => {
    const secret = word(777n);
    for (let i = 0; i < 8; i++) {
      const signature = secp256k1.sign(word(BigInt(i) + 1n), secret, { prehash: false, format: "recovered" });
      const r = signature.slice(1, 33), s = signature.slice(33);
      const short = (b: Uint8Array) => b.subarray(b.findIndex((x) => x !== 0));
      expect(same(word(BigInt(i) + 1n), 27n + BigInt(signature[0]!), short(r), short(s))).to.equal("equal");
    }
  });

  it("is what the L2 Common recovers tx senders with", async () => {
    const account = devAccount(3);
    const raw = await account.signTransaction({ type: "eip1559", chainId: Number(CHAIN_ID), nonce: 0, to: devAccount(4).address, value: 1n, gas: 21000n, maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1") });
    const common = createL2Common(CHAIN_ID);
    expect(common.customCrypto.ecrecover).to.equal(ecrecover);
    const tx = createTxFromRLP(hexToBytes(raw), { common });
    expect(tx.getSenderAddress().toString()).to.equal(account.address.toLowerCase());
  });
});
