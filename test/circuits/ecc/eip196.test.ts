/**
 * EIP-196 at the byte level, against @ethereumjs/evm's precompiles 0x06 (ecAdd) and 0x07 (ecMul): each case is
 * call data — short, long or exact — read as the precompile reads it (right-padded with zeros to 128 / 96 bytes,
 * anything after ignored) into the words the chips take. Success and the 64 output bytes must agree; a call the
 * precompile fails is a satisfied circuit with success 0 and output (0, 0). Padding the call data is the EVM
 * circuit's side (issue 14): these cases fix what it must feed the tables. ecMul on BN254 needs k = 14 per call
 * (as in ec-mul.test.ts: under a second each).
 */
import { expect } from 'chai';
import { bn254 } from '@noble/curves/bn254.js';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { getActivePrecompiles, NobleBN254, paramsEVM, type ExecResult } from '@ethereumjs/evm';
import { FQ_MODULUS, FR_MODULUS } from '../../../circuits/field/constants.js';
import { EcAddCircuit, EcMulCircuit, type EcAddResult, type EcMulResult } from '../../../circuits/ecc/index.js';
import { elementValue } from '../../../circuits/gadgets/index.js';
import { honestFailures } from '../gadgets/helpers.js';

const P = FQ_MODULUS;
const R = FR_MODULUS;
const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, params: paramsEVM });
const precompiles = getActivePrecompiles(common);

/** The precompile's output, or undefined when the call fails. */
function ethereumjs(address: number, data: Uint8Array): Uint8Array | undefined {
  const run = precompiles.get(address.toString(16).padStart(40, '0'))!;
  const r = run({ data, gasLimit: 1_000_000n, common, _EVM: { _bn254: new NobleBN254() } } as never) as ExecResult;
  return r.exceptionError ? undefined : r.returnValue;
}

const word = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * (31 - i))) & 0xffn));
const enc = (...words: bigint[]) => Uint8Array.from(words.flatMap((w) => [...word(w)]));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
/** Word i of the call data as the precompile reads it: bytes past the end are zeros. */
const wordAt = (data: Uint8Array, i: number) => data.slice(32 * i, 32 * i + 32).reduce((v, b, j) => v | (BigInt(b) << BigInt(8 * (31 - j))), 0n);

/** What the circuit proved, as the precompile would answer: the output bytes, or undefined when success = 0. */
function answer(r: EcAddResult | EcMulResult): Uint8Array | undefined {
  if (r.success.value === 0n) {
    expect([elementValue(r.x), elementValue(r.y)], 'a failed call outputs (0, 0)').to.deep.equal([0n, 0n]);
    return undefined;
  }
  return enc(elementValue(r.x), elementValue(r.y));
}

const G = bn254.G1.Point.BASE;
const A = G.multiply(0xec06n).toAffine();
const B = G.multiply(0xec07n).toAffine();
const junk = Uint8Array.from({ length: 40 }, (_, i) => 0xa0 + i);

describe('ecc: EIP-196 call data against @ethereumjs/evm (0x06 ecAdd, 0x07 ecMul)', function () {
  this.timeout(120_000);

  const addCases: Array<[string, Uint8Array]> = [
    ['empty input: O + O', new Uint8Array(0)],
    ['64 bytes: P + O (the second point padded to zeros)', enc(A.x, A.y)],
    ['100 bytes: Q cut inside x2 (padded x2, y2 = 0: not a point)', enc(A.x, A.y, B.x, B.y).slice(0, 100)],
    ['168 bytes: 40 bytes after P, Q ignored', cat(enc(A.x, A.y, B.x, B.y), junk)],
    ['(p, 0): ≡ (0, 0) mod p but x = p is not a coordinate', enc(P, 0n, B.x, B.y)],
    ['(0, p): the same alias of infinity through y', enc(A.x, A.y, 0n, P)],
    ['y1 + p (< 2^256, same residue)', enc(A.x, A.y + P, B.x, B.y)],
    ['P + P through the encoding', enc(A.x, A.y, A.x, A.y)],
    ['G + (−G) = O', enc(1n, 2n, 1n, P - 2n)],
  ];

  it(`ecAdd: ${addCases.length} call-data cases, 5 calls per circuit (k = 12), answer as the precompile does`, () => {
    for (let at = 0; at < addCases.length; at += 5) {
      const cases = addCases.slice(at, at + 5);
      const circuit = new EcAddCircuit(cases.map(([, d]) => ({ x1: wordAt(d, 0), y1: wordAt(d, 1), x2: wordAt(d, 2), y2: wordAt(d, 3) })));
      expect(honestFailures(circuit, 12)).to.deep.equal([]);
      cases.forEach(([name, data], i) => expect(answer(circuit.results[i]), name).to.deep.equal(ethereumjs(6, data)));
    }
    expect(addCases.map(([, d]) => ethereumjs(6, d) !== undefined), 'the cases cover both outcomes').to.include.members([true, false]);
  });

  const mulCases: Array<[string, Uint8Array]> = [
    ['empty input: O · 0', new Uint8Array(0)],
    ['64 bytes: the scalar padded to 0', enc(A.x, A.y)],
    ['80 bytes: a 16-byte scalar prefix is s = prefix · 2^128 (right padding)', cat(enc(A.x, A.y), word(0xdeadbeefn << 128n).slice(0, 16))],
    ['136 bytes: 40 bytes after (P, s) ignored', cat(enc(A.x, A.y, 12345n), junk)],
    ['s = r − 1: −P', enc(A.x, A.y, R - 1n)],
    ['(p, 0) · 1: an alias of infinity is invalid', enc(P, 0n, 1n)],
    ['y + p: invalid whatever the scalar', enc(A.x, A.y + P, 3n)],
    ['(1, 3) · 0: an invalid point fails even for s = 0', enc(1n, 3n, 0n)],
  ];

  for (const [name, data] of mulCases) {
    it(`ecMul: ${name} (a k = 14 MockProver run)`, () => {
      const circuit = new EcMulCircuit([{ x: wordAt(data, 0), y: wordAt(data, 1), s: wordAt(data, 2) }]);
      expect(honestFailures(circuit, 14)).to.deep.equal([]);
      expect(answer(circuit.results[0])).to.deep.equal(ethereumjs(7, data));
    });
  }
});
