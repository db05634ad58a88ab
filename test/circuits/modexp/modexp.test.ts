/**
 * The MODEXP circuit against EIP-198/EIP-2565: the chain's result against BigInt and @ethereumjs/evm's precompile
 * 0x05 (its output bytes and gas for the same call data), edge cases, and whole circuits under MockProver.
 */
import { expect } from 'chai';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { getActivePrecompiles, paramsEVM, type ExecResult } from '@ethereumjs/evm';
import { ModexpCapacityError, ModexpCircuit, ModexpInputError, modexpWitness, type ModexpCall } from '../../../circuits/modexp/index.js';
import { MockProver, failureSummary, synthesize, type Assignment } from '../../../circuits/plonk/index.js';
import { Rng } from '../../../circuits/plonk/examples/rng.js';

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, params: paramsEVM });
const modexp = getActivePrecompiles(common).get('0000000000000000000000000000000000000005')!;

const bytes = (v: bigint, n: number) => Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));
const lengths = (c: ModexpCall) => [c.baseLength ?? 32, c.expLength ?? 32, c.modLength ?? 32];

/** EIP-198 call data: the three lengths as words, then base, exponent, modulus big-endian in their lengths. */
function callData(c: ModexpCall): Uint8Array {
  const [bl, el, ml] = lengths(c);
  return Uint8Array.from([...bytes(BigInt(bl), 32), ...bytes(BigInt(el), 32), ...bytes(BigInt(ml), 32), ...bytes(c.base, bl), ...bytes(c.exp, el), ...bytes(c.mod, ml)]);
}

/** @ethereumjs/evm's answer: the output as a number (mlen bytes) and the gas. */
function ethereumjs(c: ModexpCall): { result: bigint; gas: bigint } {
  const r = modexp({ data: callData(c), gasLimit: 1_000_000n, common, _debug: undefined } as never) as ExecResult;
  expect(r.exceptionError, 'the precompile fails').to.equal(undefined);
  expect(r.returnValue.length).to.equal(lengths(c)[2]);
  return { result: r.returnValue.reduce((v, b) => (v << 8n) | BigInt(b), 0n), gas: r.executionGasUsed };
}

const bigintModexp = (c: ModexpCall) => (c.mod === 0n ? 0n : c.exp === 0n ? 1n % c.mod : modPow(c.base, c.exp, c.mod));
function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  for (let x = b % m, k = e; k > 0n; k >>= 1n, x = (x * x) % m) if (k & 1n) r = (r * x) % m;
  return r;
}

/** The MODEXP table rows (flag = 1) of an assignment, in order. */
function readModexpTable(a: Assignment): Array<{ result: bigint; gas: bigint; base: bigint; exp: bigint; mod: bigint }> {
  const col = (n: string) => a.advice[a.cs.advice.find((c) => c.name === `modexp ${n}`)!.index];
  const word = (w: string, r: number) => (col(`${w} hi`)[r] << 128n) | col(`${w} lo`)[r];
  const rows = [];
  for (let r = 0; r < a.usableRows; r++) {
    if (col('last')[r] === 1n) rows.push({ result: word('p', r), gas: col('gas')[r], base: word('base', r), exp: word('exp', r), mod: word('mod', r) });
  }
  return rows;
}

/** MockProver-checks a circuit over `calls` and compares its table with @ethereumjs/evm and BigInt. */
function check(calls: ModexpCall[], k: number): void {
  const a = synthesize(ModexpCircuit.of(calls), k, [], true);
  expect(failureSummary(MockProver.fromAssignment(a).verify())).to.deep.equal([]);
  expect(readModexpTable(a)).to.deep.equal(calls.map((c) => ({ ...ethereumjs(c), base: c.base, exp: c.exp, mod: c.mod })));
  for (const c of calls) expect(modexpWitness(c).result).to.equal(bigintModexp(c));
}

describe('modexp circuit: EIP-198 results and EIP-2565 gas vs @ethereumjs/evm (0x05)', function () {
  this.timeout(300_000);

  it('edge cases: mod 0, mod 1, exp 0, base 0, 0^0 = 1 mod m, base ≥ mod, 1-step and 2-step chains', () => check([
    { base: 3n, exp: 5n, mod: 0n }, { base: 3n, exp: 5n, mod: 1n }, { base: 7n, exp: 0n, mod: 10n }, { base: 0n, exp: 9n, mod: 10n },
    { base: 0n, exp: 0n, mod: 10n }, { base: 0n, exp: 0n, mod: 1n }, { base: 0n, exp: 0n, mod: 0n }, { base: 1000n, exp: 3n, mod: 7n },
    { base: 5n, exp: 1n, mod: 3n }, { base: 5n, exp: 2n, mod: 3n },
  ], 12));

  it('header lengths: 1-byte operands, empty base (0), empty modulus (returns nothing), exponent length 0', () => check([
    { base: 2n, exp: 7n, mod: 0xfbn, baseLength: 1, expLength: 1, modLength: 1 },
    { base: 0n, exp: 7n, mod: 0xfbn, baseLength: 0, expLength: 1, modLength: 1 },
    { base: 5n, exp: 3n, mod: 0n, baseLength: 1, expLength: 1, modLength: 0 },
    { base: 5n, exp: 0n, mod: 6n, baseLength: 1, expLength: 0, modLength: 1 },
  ], 12));

  const rng = new Rng(198);
  it('random 256-bit base and modulus with 16-bit exponents', () => check(Array.from({ length: 2 }, () => ({
    base: rng.below(1n << 256n), exp: rng.below(1n << 16n), mod: rng.below(1n << 256n),
  })), 12));

  it('gas above the 200 minimum: a 41-bit exponent (40 squares: 16·40/3 = 213) and words² for each length', () => {
    expect([modexpWitness({ base: 3n, exp: 1n << 40n, mod: 1000003n }).gas, modexpWitness({ base: 3n, exp: (1n << 255n) + 1n, mod: 97n }).gas]).to.deep.equal([213n, 1360n]);
    for (const [bl, ml, gas] of [[8, 1, 200n], [9, 8, 340n], [32, 17, 1360n], [17, 17, 765n]] as const) {
      const c = { base: 2n, exp: (1n << 255n) + 1n, mod: 3n, baseLength: bl, modLength: ml };
      expect([modexpWitness(c).gas, ethereumjs(c).gas]).to.deep.equal([gas, gas]);
    }
    check([{ base: 3n, exp: 1n << 40n, mod: 1000003n }], 12);
  });

  it('refuses operands longer than 32 bytes or not fitting their length, and more steps than the capacity', () => {
    expect(() => modexpWitness({ base: 1n, exp: 1n, mod: 1n, modLength: 33 })).to.throw(ModexpInputError, 'lengths 0 … 32');
    expect(() => modexpWitness({ base: 256n, exp: 1n, mod: 1n, baseLength: 1 })).to.throw(ModexpInputError, 'does not fit its 1 bytes');
    expect(() => ModexpCircuit.of([{ base: 3n, exp: 5n, mod: 7n }], { steps: 3, squares: 2 })).to.throw(ModexpCapacityError, 'need 4 steps');
  });

  it('unused capacity holds 0^0 mod 0 = 0 calls of one step', () => {
    const c = ModexpCircuit.of([{ base: 3n, exp: 5n, mod: 7n }], { steps: 6, squares: 2 });
    expect(c.calls.map((w) => [w.steps.length, w.result])).to.deep.equal([[4, 5n], [1, 0n], [1, 0n]]);
  });
});

describe('modexp circuit: EIP-198\'s 256-bit examples (SLOW: k = 15, ~500 steps each)', function () {
  this.timeout(1_200_000);
  before(function () { if (!process.env.SLOW) this.skip(); });
  const p = (1n << 256n) - (1n << 32n) - 977n;
  it('3^(p − 1) mod p = 1 (Fermat) and 0^(p − 1) mod p = 0, p = 2^256 − 2^32 − 977', () => {
    expect(modexpWitness({ base: 3n, exp: p - 1n, mod: p }).result).to.equal(1n);
    check([{ base: 3n, exp: p - 1n, mod: p }], 15);
    check([{ base: 0n, exp: p - 1n, mod: p }], 15);
  });
});
