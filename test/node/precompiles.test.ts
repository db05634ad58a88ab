/**
 * The node's precompiles 0x01–0x0a through eth_call, against @noble (and published vectors where noble has no
 * counterpart): the Cancun set a precompile test corpus calls over JSON-RPC, 0x0a included (it needs a KZG setup).
 */
import { expect } from "chai";
import { bn254 } from "@noble/curves/bn254.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { blake2b } from "@noble/hashes/blake2.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "viem";
import { privateKeyToAddress, sign } from "viem/accounts";
import type { L2Node } from "../../node/node.js";
import { rpc, startNode } from "./helpers.js";

const at = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const word = (x: bigint) => x.toString(16).padStart(64, "0");
/** EIP-4844 point evaluation: versioned hash ‖ z ‖ y ‖ commitment ‖ proof of a valid opening (go-ethereum's test vector). */
const POINT_EVALUATION =
  "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d3630624d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a18f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a";
const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

describe("node: precompiles 0x01–0x0a over eth_call", function () {
  this.timeout(60_000);
  let node: L2Node;
  const call = (to: string, data: string) => rpc(node.url, "eth_call", [{ to, data: `0x${data}`, gas: "0x1000000" }, "latest"]);

  before(async () => { node = await startNode(); });
  after(async () => { await node.stop(); });

  it("0x01 ecrecover returns the signer", async () => {
    const privateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"; // hardhat dev account 0
    const hash = bytesToHex(keccak_256(new TextEncoder().encode("zkevm")));
    const { r, s, v } = await sign({ hash, privateKey });
    const { result } = await call(at(1), hash.slice(2) + word(v!) + r.slice(2) + s.slice(2));
    expect(`0x${result.slice(26)}`).to.equal(privateKeyToAddress(privateKey).toLowerCase());
  });

  it("0x02 sha256, 0x03 ripemd160, 0x04 identity", async () => {
    const data = new TextEncoder().encode("the quick brown fox");
    const hex = bytesToHex(data).slice(2);
    expect((await call(at(2), hex)).result).to.equal(bytesToHex(sha256(data)));
    expect((await call(at(3), hex)).result).to.equal(`0x${"00".repeat(12)}${bytesToHex(ripemd160(data)).slice(2)}`);
    expect((await call(at(4), hex)).result).to.equal(`0x${hex}`);
  });

  it("0x05 modexp: 3^(p−1) mod p = 1 for p = 2^255 − 19", async () => {
    const p = (1n << 255n) - 19n;
    const input = word(32n) + word(32n) + word(32n) + word(3n) + word(p - 1n) + word(p);
    expect((await call(at(5), input)).result).to.equal(`0x${word(1n)}`);
  });

  it("0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing agree with @noble/curves bn254", async () => {
    const G = bn254.G1.Point.BASE;
    const P = G.multiply(5n), Q = G.multiply(7n);
    const enc = (pt: typeof G) => { const a = pt.toAffine(); return word(a.x) + word(a.y); };
    expect((await call(at(6), enc(P) + enc(Q))).result).to.equal(`0x${enc(P.add(Q))}`);
    expect((await call(at(7), enc(P) + word(11n))).result).to.equal(`0x${enc(P.multiply(11n))}`);
    expect((await call(at(8), "")).result, "empty pairing input is the identity").to.equal(`0x${word(1n)}`);
  });

  it("0x09 blake2f: one final compression of \"abc\" is BLAKE2b-512(\"abc\") (EIP-152's vector)", async () => {
    const iv = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n, 0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
    iv[0] ^= 0x01010040n; // parameter block: 64-byte digest, no key, fanout 1, depth 1
    const le64 = (x: bigint) => x.toString(16).padStart(16, "0").match(/../g)!.reverse().join("");
    const message = "616263".padEnd(256, "0");
    const input = (12).toString(16).padStart(8, "0") + iv.map(le64).join("") + message + le64(3n) + le64(0n) + "01";
    expect((await call(at(9), input)).result).to.equal(bytesToHex(blake2b(new TextEncoder().encode("abc"))));
  });

  it("0x0a point evaluation verifies a valid opening and fails a tampered one", async () => {
    expect((await call(at(10), POINT_EVALUATION)).result).to.equal(`0x${word(4096n)}${word(BLS_MODULUS)}`);
    const bad = await call(at(10), POINT_EVALUATION.slice(0, -2) + "6b");
    expect(bad.result).to.equal(undefined);
    expect(bad.error.code).to.be.a("number");
  });
});
