/**
 * Compiling and deploying generated verifiers with the pinned solcjs (the `solc` package hardhat.config.ts also
 * uses, with its settings), one contract per compiler run: solcjs 0.8.28 aborts ("memory access out of bounds")
 * on one input of more than about 1.2 MB of source, which a split verifier of the batch circuit exceeds. For the
 * same reason such a verifier stays out of contracts/ (Hardhat compiles that folder as one input).
 */
import type { GeneratedVerifier } from './generator.js';

export class VerifierCompileError extends Error {
  constructor(readonly contractName: string, readonly errors: readonly string[]) {
    super(`solc rejected ${contractName}:\n${errors.join('\n')}`);
    this.name = 'VerifierCompileError';
  }
}

export interface CompiledContract {
  abi: unknown[];
  /** Creation code. */
  bytecode: `0x${string}`;
  /** Size of the runtime code (EIP-170 limits it to 24,576 bytes on Ethereum). */
  codeBytes: number;
}

/** The settings of hardhat.config.ts. */
const SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' } as const;

/** Compiles `contractName` from one standalone source. */
export function compileSolidity(contractName: string, source: string): CompiledContract {
  // loaded lazily: soljson.js is large and only needed when something is compiled
  const solc = require('solc') as { compile(input: string): string };
  const file = `${contractName}.sol`;
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: source } },
    settings: { ...SETTINGS, outputSelection: { [file]: { [contractName]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage);
  const c = out.contracts?.[file]?.[contractName];
  if (errors.length > 0 || c === undefined) throw new VerifierCompileError(contractName, errors.length > 0 ? errors : ['no such contract in the output']);
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, codeBytes: c.evm.deployedBytecode.object.length / 2 };
}

/** Every contract of a generated verifier, by name, in deployment order (parts, then the main contract). */
export function compileVerifier(g: GeneratedVerifier): Map<string, CompiledContract> {
  return new Map(g.units.map((u) => [u.name, compileSolidity(u.name, u.source)]));
}

/** Deploys one contract, returning its address (e.g. viem's deployContract and the receipt's contractAddress). */
export type DeployContract = (name: string, contract: CompiledContract, args: readonly unknown[]) => Promise<`0x${string}`>;

/** Deploys the parts in order, then the main contract wired to them; returns the main contract's address. */
export async function deployVerifier(g: Pick<GeneratedVerifier, 'contractName' | 'parts'>, compiled: ReadonlyMap<string, CompiledContract>, deploy: DeployContract): Promise<`0x${string}`> {
  const get = (name: string) => {
    const c = compiled.get(name);
    if (c === undefined) throw new VerifierCompileError(name, ['not compiled']);
    return c;
  };
  const parts: Array<`0x${string}`> = [];
  for (const name of g.parts) parts.push(await deploy(name, get(name), []));
  return deploy(g.contractName, get(g.contractName), g.parts.length === 0 ? [] : [parts]);
}
