import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Abi, Hex } from "viem";

/** The compiled Counter (contracts/test/Counter.sol) from hardhat's artifacts (`npx hardhat compile`). */
export const counterArtifact = (): { abi: Abi; bytecode: Hex } => {
  const path = join(__dirname, "../../artifacts/contracts/test/Counter.sol/Counter.json");
  const artifact = JSON.parse(readFileSync(path, "utf8")) as { abi: Abi; bytecode: Hex };
  return { abi: artifact.abi, bytecode: artifact.bytecode };
};
