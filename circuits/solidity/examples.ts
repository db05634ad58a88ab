/**
 * The example circuits that get generated Solidity verifiers (contracts/verifier/<Name>Verifier.sol):
 * the fixed shapes (k, circuit parameters, instance lengths) scripts/gen-verifier.ts, the contract
 * tests and the gas benchmark share. Keys come from the INSECURE devSrs, so are the contracts.
 */
import type { Circuit, Column, ConstraintSystem, Layouter, Selector } from '../plonk/index.js';
import { FR_MODULUS } from '../field/constants.js';
import { FibonacciCircuit } from '../plonk/examples/fibonacci.js';
import { RangeAddCircuit } from '../plonk/examples/range-add.js';
import { RotationsCircuit } from '../plonk/examples/rotations.js';

export interface VerifierExample {
  /** CLI name (`--circuit <name>`). */
  readonly name: string;
  /** Contract name; the file is contracts/verifier/<contractName>.sol. */
  readonly contractName: string;
  readonly k: number;
  /** The circuit with a witness (its shape — not the witness — determines the verifying key). */
  readonly circuit: Circuit<unknown>;
  /** Public inputs of `circuit`'s witness, one array per instance column. */
  readonly instances: bigint[][];
}

const fib = new FibonacciCircuit(10);

export const VERIFIER_EXAMPLES: readonly VerifierExample[] = [
  { name: 'fibonacci', contractName: 'FibonacciVerifier', k: 4, circuit: fib as Circuit<unknown>, instances: fib.instances() },
  { name: 'range-add', contractName: 'RangeAddVerifier', k: 9, circuit: new RangeAddCircuit([[1n, 2n], [100n, 155n], [7n, 9n]]) as Circuit<unknown>, instances: [] },
  { name: 'rotations', contractName: 'RotationsVerifier', k: 4, circuit: new RotationsCircuit(9) as Circuit<unknown>, instances: [] },
];

/** The devSrs size that covers every example. */
export const EXAMPLES_SRS_K = Math.max(...VERIFIER_EXAMPLES.map((e) => e.k));

export function verifierExample(name: string): VerifierExample {
  const ex = VERIFIER_EXAMPLES.find((e) => e.name === name);
  if (!ex) throw new Error(`unknown circuit "${name}"; known: ${VERIFIER_EXAMPLES.map((e) => e.name).join(', ')}`);
  return ex;
}

/**
 * Gas-benchmark circuit with m public values: advice x copies pub[0..m−1] (copy constraints), and
 * advice s is their running sum, gate q·(s[+1] − s − x) = 0. It varies only the instance count.
 */
export interface PublicValuesConfig { x: Column; s: Column; q: Selector; pub: Column }

export class PublicValuesCircuit implements Circuit<PublicValuesConfig> {
  constructor(readonly values: readonly bigint[]) {}

  configure(cs: ConstraintSystem): PublicValuesConfig {
    const x = cs.adviceColumn('x');
    const s = cs.adviceColumn('s');
    const pub = cs.instanceColumn('pub');
    const q = cs.selector('sum');
    cs.enableEquality(x);
    cs.enableEquality(pub);
    cs.createGate('running sum', { 's[+1] = s + x': q.expr().mul(s.next().sub(s.cur()).sub(x.cur())) });
    return { x, s, q, pub };
  }

  synthesize(cfg: PublicValuesConfig, layouter: Layouter): void {
    layouter.assignRegion('public values', (region) => {
      let acc = 0n;
      this.values.forEach((v, row) => {
        region.assignAdviceFromInstance('x', cfg.pub, row, cfg.x, row);
        region.assignAdvice('s', cfg.s, row, acc);
        region.enableSelector(cfg.q, row);
        acc = (acc + v) % FR_MODULUS;
      });
      region.assignAdvice('s', cfg.s, this.values.length, acc);
    });
  }

  instances(): bigint[][] { return [[...this.values]]; }
}
