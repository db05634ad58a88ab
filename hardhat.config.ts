import "@nomicfoundation/hardhat-viem";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import type { SolcBuild } from "hardhat/types/builtin-tasks";

// The Solidity compiler comes from the pinned `solc` npm package (soljson.js), never from a download:
// CI and dev machines may be offline. The version is read from that package so it cannot drift.
const SOLC_VERSION: string = (require("solc/package.json") as { version: string }).version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(
  async (args: { solcVersion: string; quiet: boolean }, _hre, runSuper): Promise<SolcBuild> => {
    if (args.solcVersion !== SOLC_VERSION) {
      // Another version was asked for (e.g. a pragma outside ^0.8.24): fall back to Hardhat's downloader.
      return runSuper(args);
    }
    // Loaded lazily: soljson.js is large and only needed when something is actually compiled.
    const solc = require("solc") as { version(): string };
    const full = solc.version(); // e.g. "0.8.28+commit.7893614a.Emscripten.clang"
    // Hardhat's own long versions (build-info `solcLongVersion`) carry no platform suffix.
    const longVersion = /^\d+\.\d+\.\d+\+commit\.[0-9a-f]+/.exec(full)?.[0] ?? full;
    return {
      compilerPath: require.resolve("solc/soljson.js"),
      isSolcJs: true,
      version: SOLC_VERSION,
      longVersion,
    };
  },
);

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      viaIR: false,
      evmVersion: "cancun",
    },
  },
  paths: {
    sources: "./contracts",
    // Tests run through mocha (`npm test`), not `hardhat test`.
    tests: "./test/contracts",
    cache: "./cache",
    artifacts: "./artifacts",
  },
  networks: {
    hardhat: {},
  },
};

export default config;
