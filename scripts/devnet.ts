// One-command devnet: L1 Hardhat node + rollup contracts + L2 node + prover (see DESIGN.md, scripts/).
// Not implemented yet; this placeholder says so and exits successfully.

const message = [
  "zkevm-ts devnet: not yet available.",
  "",
  "It will start, with one command: an L1 Hardhat node, the rollup contracts (ZkRollup + generated verifier),",
  "the L2 node (JSON-RPC, sequencer, batcher) and the prover.",
  "The node, contracts and prover are still being built; see README.md for what works today",
  "(npm test, npm run typecheck, npm run bench:backend) and DESIGN.md for the architecture.",
].join("\n");

console.log(message);
process.exitCode = 0;
