/**
 * One-command devnet. Today: the L2 node (JSON-RPC on :8547, automine, dev genesis with the 20
 * hardhat test accounts, in memory unless --persist). The L1 Hardhat node, the rollup contracts and
 * the prover join here as they land (issues #9, #10): until then no batch is proven or finalized.
 */
import { main, nodeCommand, runNode, type NodeCliOptions } from '../node/cli.js';
import { DEV_ACCOUNTS } from '../node/execution/genesis.js';

const program = nodeCommand('devnet', 'zkEVM devnet: L2 node now; L1 node, rollup contracts and prover as they land', { dataDir: '.data/devnet/l2', inMemory: true });

main(program.action(async (opts: NodeCliOptions & { persist?: boolean }) => {
  const { node } = await runNode(opts);
  const lines = [
    '',
    'zkevm-ts devnet',
    `  L2 JSON-RPC   ${node.url}   chainId ${node.config.genesis.chainId}   ${opts.persist || !opts.inMemory ? `data ${opts.dataDir}` : 'in memory'}`,
    `  blocks        ${opts.blockTime === 0 ? 'automine (one block per transaction batch)' : `every ${opts.blockTime} s`}`,
    '  not yet       L1 node + ZkRollup contracts, batcher, prover: blocks are executed and traced, not proven',
    '',
    '  funded dev accounts: the 20 of hardhat\'s "test test … junk" mnemonic (keys are public: dev only), e.g.',
    ...(opts.genesis === undefined ? DEV_ACCOUNTS.slice(0, 3).map((a) => `    ${a}`) : ['    (accounts from --genesis)']),
    '',
  ];
  console.log(lines.join('\n'));
}));
