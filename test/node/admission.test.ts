import { RLP } from "@ethereumjs/rlp";
import { createTx } from "@ethereumjs/tx";
import { bytesToHex, concatBytes, createAddressFromString, hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { keccak256, toHex } from "viem";
import { createL2Common } from "../../node/execution/common.js";
import { type AdmissionRules, decodeAndCheck } from "../../node/mempool/admission.js";
import { TxRejectedError } from "../../node/mempool/errors.js";
import { devAccount } from "./helpers.js";

const common = createL2Common(31338n);
const key = hexToBytes(toHex(devAccount(0).getHdKey().privateKey!));
const to = createAddressFromString("0x00000000000000000000000000000000000000e1");
const rules: AdmissionRules = { common, maxTxBytes: 128 * 1024, blockGasLimit: 30_000_000n, nextBaseFee: 1n };
const signed = (type: 0 | 1 | 2, nonce = 7n) =>
  createTx({ type, nonce, to, value: 5n, gasLimit: 21000n, gasPrice: type === 2 ? undefined : 10n, maxFeePerGas: type === 2 ? 10n : undefined, maxPriorityFeePerGas: type === 2 ? 1n : undefined }, { common }).sign(key);
const reason = (raw: Uint8Array): string | undefined => {
  try {
    decodeAndCheck(raw, rules);
  } catch (error) {
    if (error instanceof TxRejectedError) return `${error.reason}: ${error.message}`;
    throw error;
  }
  return undefined;
};

describe("admission: one RLP decode per transaction", function () {
  it("builds legacy, EIP-2930 and EIP-1559 txs that re-serialize to the submitted bytes, with their sender", function () {
    for (const type of [0, 1, 2] as const) {
      const raw = signed(type).serialize();
      const { tx, sender } = decodeAndCheck(raw, rules);
      expect(tx.type).to.equal(type);
      expect(bytesToHex(tx.serialize())).to.equal(bytesToHex(raw));
      expect(bytesToHex(tx.hash())).to.equal(keccak256(raw));
      expect(sender.toString()).to.equal(devAccount(0).address.toLowerCase());
      expect([tx.nonce, tx.value, tx.gasLimit]).to.deep.equal([7n, 5n, 21000n]);
    }
  });

  it("refuses a legacy tx behind a 0x00 type byte, a typed tx of another chain, and a non-list body", function () {
    // its first field (the nonce) reads as the chain id of a typed tx: equal to ours, so the type byte is what fails
    const legacy = signed(0, 31338n).serialize();
    expect(reason(concatBytes(new Uint8Array([0]), legacy))).to.match(/^invalid-rlp: invalid transaction: TypedTransaction with ID 0 unknown/);
    const other = createTx({ type: 2, chainId: 1n, nonce: 0n, to, gasLimit: 21000n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n }, { common: createL2Common(1n) }).sign(key);
    expect(reason(other.serialize())).to.equal("wrong-chain-id: invalid chain id: have 1, want 31338");
    expect(reason(concatBytes(new Uint8Array([2]), RLP.encode(new Uint8Array([1, 2, 3]))))).to.equal("invalid-rlp: invalid transaction: rlp decoding failed: expected an RLP list");
  });
});
