import { expect } from "chai";
import hre from "hardhat";
import { chromium, type Browser, type Page } from "playwright-core";
import { parseGwei, type Abi, type Hex } from "viem";
import { transition } from "../../../node/batcher/batch.js";
import type { BatchProver } from "../../../node/batcher/prover.js";
import { DEFAULT_PROVING } from "../../../node/config.js";
import { DevL1, devL1Account, l1Clients, OWNER_INDEX } from "../../../scripts/devnet-l1.js";
import { devAccount, rpc, startNode } from "../helpers.js";
import { startRollupNode, until } from "../l1/harness.js";
import { ref } from "../prover/test-circuits.js";
import { findChromium, watchedPage } from "./browser.js";

// The operator's status page (issue #15) in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
// installs when missing) driven by playwright-core, read as a person reads it, across the page's own refreshes.
//
// This is a UI test of how the page renders a batch on its way to finalized, NOT a proof test: a batch proof takes
// minutes, so, exactly as in test/node/l1/finalize.test.ts, the proof is a TEST DOUBLE (a prover double returning
// fixed bytes) and the L1 verifier is contracts/test/MockVerifier, told to accept only this batch's public input.
// The second case shows real proofs of the prover service's test circuit (no L1); test/e2e/finalize.test.ts (SLOW)
// watches a real batch proof finalized on L1 in the same browser.

const PROOF_DOUBLE = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
const DIGEST = 0x5eedn;
// the page's stylesheet: .status.finalized / .proved, .status.proving
const GREEN = "rgb(23, 110, 31)";
const AMBER = "rgb(138, 90, 0)";

/** The visible text of each cell of batch `index`'s row. */
const rowCells = (page: Page, index: number): Promise<string[]> => page.locator(`#batches tr[data-batch="${index}"] td`).allInnerTexts();
/** The browser's own function, for code run in the page (this project's lib has no DOM types). */
declare const getComputedStyle: (element: unknown) => { color: string };
/** The colour Chromium paints the element's text in. */
const colorOf = (page: Page, selector: string): Promise<string> => page.locator(selector).evaluate((el) => getComputedStyle(el).color);
const short = (hash: string): string => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

const transfer = (account: number) =>
  devAccount(account).signTransaction({ type: "eip1559", chainId: 31338, nonce: 0, to: devAccount(19).address, value: 1n, gas: 21_000n, maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: 1n });

describe("status page in headless Chromium", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let l1: DevL1 | undefined;

  before(async function () {
    const executablePath = findChromium();
    if (executablePath === undefined) {
      console.log("      (skipped: no Chromium found: neither CHROMIUM_PATH nor `chromium` / `chromium-browser` on PATH; install Debian's chromium, as .ci/run does)");
      return this.skip();
    }
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
    [browser, l1] = await Promise.all([chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] }), DevL1.start({ port: 0 })]);
  });
  after(async () => {
    await browser?.close();
    await l1?.stop();
  });

  it("shows a batch go from proving to finalized through its own refresh, with its proof and L1 transactions", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const proverDouble: BatchProver = {
      check: () => ({ provable: true }),
      prove: async (_batch, onProgress) => {
        onProgress?.({ phase: "msm", fraction: 0.5, attempt: 1 });
        await released;
        return PROOF_DOUBLE;
      },
    };
    const { node, deployment } = await startRollupNode(l1!, { prover: proverDouble });
    try {
      const { publicClient, wallet } = await l1Clients(l1!.url, devL1Account(OWNER_INDEX));
      const mock = await hre.artifacts.readArtifact("MockVerifier");
      const mockAddress = (await publicClient.waitForTransactionReceipt({ hash: await wallet.deployContract({ abi: mock.abi as Abi, bytecode: mock.bytecode as Hex, args: [DIGEST, true] }) })).contractAddress!;
      const write = async (address: Hex, abi: Abi, functionName: string, args: readonly unknown[]) =>
        publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract({ address, abi, functionName, args }) });
      await write(deployment.rollup, (await hre.artifacts.readArtifact("ZkRollup")).abi as Abi, "setVerifier", [mockAddress, DIGEST]);

      expect((await rpc(node.url, "eth_sendRawTransaction", [await transfer(10)])).error).to.equal(undefined);
      const proving = await until("batch 1 proving", async () => {
        const b = await node.batcher.batches.get(1);
        return b?.status === "proving" ? b : undefined;
      });
      const pi = BigInt(proving.publicInputHash);
      await write(mockAddress, mock.abi as Abi, "expectInstances", [[pi >> 128n, pi & ((1n << 128n) - 1n)]]);

      const { page, watch } = await watchedPage(browser!, new URL(node.url).origin);
      await page.goto(`${node.url}/status`);
      expect(watch.loads).to.equal(1);
      expect(await page.title()).to.equal(`zkevm-ts node: block ${node.head.header.number}`);
      expect(await page.locator("#head-number").innerText()).to.equal(String(node.head.header.number));
      expect(await page.locator("#batches").isVisible()).to.equal(true);
      const [index, status, blocks, txs, detail] = await rowCells(page, 1);
      expect([index, status, blocks, txs]).to.deep.equal(["1", "proving", `${proving.firstBlock}–${proving.lastBlock}`, "1"]);
      expect(detail).to.include("msm 50% (attempt 1)").and.to.include(`commit ${short(proving.commitTx!)}`);
      expect(await colorOf(page, '#batches tr[data-batch="1"] td.status'), "proving reads amber").to.equal(AMBER);
      expect(await page.locator("#queue-depth").innerText()).to.match(/^1 batch/);
      expect(await page.locator("h2:has-text('Prover') + table").innerText()).to.include("injected by the node's configuration (no prover service)");

      // the proof arrives; the page, left alone, reloads itself until it shows the batch finalized on L1
      release();
      await page.waitForSelector('#batches tr[data-batch="1"][data-status="finalized"]', { timeout: 30_000 });
      expect(watch.loads, "the page's own refresh, no manual reload").to.be.at.least(2);
      const finalized = (await node.batcher.batches.get(1))!;
      const cells = await rowCells(page, 1);
      expect(cells.slice(0, 4)).to.deep.equal(["1", "finalized", `${finalized.firstBlock}–${finalized.lastBlock}`, "1"]);
      expect(cells[4].split("\n")).to.deep.equal([
        `proof ${PROOF_DOUBLE.length} bytes in ${finalized.provingSeconds!.toFixed(2)} s`,
        `commit ${short(finalized.commitTx!)} (gas ${finalized.commitGas})`,
        `finalize ${short(finalized.finalizeTx!)} (gas ${finalized.finalizeGas})`,
      ]);
      // the gas shown is what L1's receipts say
      const gasOnL1 = async (hash: Hex) => (await publicClient.getTransactionReceipt({ hash })).gasUsed.toString();
      expect([finalized.commitGas, finalized.finalizeGas]).to.deep.equal([await gasOnL1(finalized.commitTx!), await gasOnL1(finalized.finalizeTx!)]);
      expect(await colorOf(page, '#batches tr[data-batch="1"] td.status'), "finalized reads green").to.equal(GREEN);
      expect(await page.locator('#batch-counts td[data-status="finalized"]').innerText()).to.equal("1");
      expect(await page.locator("#last-proof").innerText()).to.match(new RegExp(`batch 1: \\d+\\.\\d\\d s, ${PROOF_DOUBLE.length} bytes, at `));
      expect(await page.locator("#queue-depth").innerText()).to.match(/^0 batch/);
      expect(watch.errors).to.deep.equal([]);
      expect(watch.external, "no request leaves the node").to.deep.equal([]);
    } finally {
      await node.stop();
    }
  });

  it("lists the embedded prover pool's worker thread after a real proof of the test circuit", async () => {
    const node = await startNode({ batcher: { maxBlocks: 1, maxAgeMs: 0, maxTxs: 1_000 }, proving: { ...DEFAULT_PROVING, testCircuits: [ref("testFibonacci")] } });
    try {
      expect((await rpc(node.url, "eth_sendRawTransaction", [await transfer(11)])).error).to.equal(undefined);
      const sealed = await until("batch 1 sealed", () => node.batcher.batches.get(1));
      // no L1 here: the commit is recorded by hand, as test/node/status/page.test.ts does
      await node.batcher.batches.update(transition(sealed, "committed", { commitTx: `0x${"22".repeat(32)}` }));
      await node.proving.wake();
      await node.proving.settled();
      const proof = (await node.batcher.batches.proof(1))!;

      const { page, watch } = await watchedPage(browser!, new URL(node.url).origin);
      await page.goto(`${node.url}/status`);
      const workers = page.locator("#workers");
      expect(await workers.getAttribute("data-count")).to.equal("1");
      expect(await workers.innerText()).to.match(/^1: worker thread \d+ \(idle\)$/);
      const [, status, , , detail] = await rowCells(page, 1);
      expect(status).to.equal("proved");
      expect(detail).to.match(new RegExp(`^proof ${proof.length} bytes in \\d+\\.\\d\\d s\\n`));
      expect(await colorOf(page, '#batches tr[data-batch="1"] td.status')).to.equal(GREEN);
      expect(watch.errors).to.deep.equal([]);
      expect(watch.external).to.deep.equal([]);
    } finally {
      await node.stop();
    }
  });
});
