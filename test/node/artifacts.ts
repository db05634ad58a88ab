import hre from "hardhat";
import type { Abi, Hex } from "viem";

export interface Artifact { abi: Abi; bytecode: Hex }

let compiled: Promise<void> | undefined;
/** A contract of contracts/, compiled first if need be (once per process; offline, solcjs — see hardhat.config.ts). */
export const compiledArtifact = async (name: string): Promise<Artifact> => {
  await (compiled ??= hre.run("compile", { quiet: true }));
  const artifact = await hre.artifacts.readArtifact(name);
  return { abi: artifact.abi as Abi, bytecode: artifact.bytecode as Hex };
};
