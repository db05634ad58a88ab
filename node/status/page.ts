/**
 * The operator's status page (issue #15), GET /status on the JSON-RPC port: chain head, mempool, batches by status
 * (an unprovable batch with its reason, a proving one with its job's phase), the prover's workers and queue depth,
 * the latest proof, each batch's L1 transactions with the gas they used. One self-contained HTML document (inline CSS, no script, no external asset) that reloads itself.
 */
import { bytesToHex } from "@ethereumjs/util";
import { BATCH_STATUSES, type BatchRecord, type BatchStatus } from "../batcher/batch.js";
import type { JobProgress } from "../batcher/prover.js";
import { provingProgress, type ProvedInfo } from "../batcher/proving.js";
import type { L2Node } from "../node.js";
import type { QueueStats } from "../prover/queue.js";

/** Batches listed, newest first (the counts cover all). */
export const RECENT_BATCHES = 50;
const REFRESH_SECONDS = 5;

interface BatchRow {
  record: BatchRecord;
  progress?: JobProgress;
  proofBytes?: number;
}

export interface StatusSnapshot {
  at: number;
  chainId: bigint;
  head: { number: bigint; hash: string; timestamp: bigint; txCount: number; gasUsed: bigint };
  mempool: number;
  counts: Record<BatchStatus, number>;
  recent: BatchRow[];
  /** Batches waiting for or in proving (committed or proving). */
  queueDepth: number;
  /** The prover service's queue; a string when it could not be read (Redis down); undefined: an injected prover. */
  prover: (QueueStats & { circuits: string[] }) | string | undefined;
  lastProof?: ProvedInfo;
}

export async function statusSnapshot(node: L2Node): Promise<StatusSnapshot> {
  const { batches } = node.batcher;
  const counts = Object.fromEntries(BATCH_STATUSES.map((s) => [s, 0])) as Record<BatchStatus, number>;
  const recent: BatchRow[] = [];
  const count = await batches.count();
  // newest first; batch 0 is the genesis batch, not a batch of blocks
  for (let index = count - 1; index >= 1; index--) {
    const record = await batches.get(index);
    if (record === undefined) continue;
    counts[record.status]++;
    if (recent.length >= RECENT_BATCHES) continue;
    const proof = record.status === "proved" || record.status === "finalized" ? await batches.proof(index) : undefined;
    recent.push({ record, progress: provingProgress(batches, index), proofBytes: proof?.length });
  }
  let prover: StatusSnapshot["prover"];
  try {
    prover = await node.proverService?.stats();
  } catch (error) {
    prover = `the proof queue does not answer: ${error instanceof Error ? error.message : String(error)}`;
  }
  const head = node.head;
  return {
    at: Date.now(),
    chainId: node.config.genesis.chainId,
    head: { number: head.header.number, hash: bytesToHex(head.hash()), timestamp: head.header.timestamp, txCount: head.transactions.length, gasUsed: head.header.gasUsed },
    mempool: node.mempool.size,
    counts,
    recent,
    queueDepth: counts.committed + counts.proving,
    prover,
    lastProof: node.proving.lastProof,
  };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
const time = (ms: number): string => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
const short = (hash: string): string => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

const progressText = (p: JobProgress | undefined): string =>
  p === undefined ? "starting" : `${p.phase}${p.fraction === null ? "" : ` ${Math.round(p.fraction * 100)}%`} (attempt ${p.attempt})`;

/** " (gas N)" after an L1 transaction; nothing when the record predates gas being recorded. */
const gas = (used: string | undefined): string => (used === undefined ? "" : ` (gas ${esc(used)})`);

/** What the row says beyond its status: why it is unprovable, how far its proof is, its proof and L1 transactions. */
const detail = ({ record, progress, proofBytes }: BatchRow): string => {
  const parts: string[] = [];
  if (record.status === "unprovable") parts.push(`<span class="reason">${esc(record.reason ?? "no reason recorded")}</span>`);
  if (record.status === "proving") parts.push(`<span class="progress">${esc(progressText(progress))}</span>`);
  if (record.provingRounds !== undefined && record.status !== "unprovable") {
    parts.push(`<span class="rounds">${record.provingRounds} failed proving round(s); last: ${esc(record.provingError ?? "")}</span>`);
  }
  if (proofBytes !== undefined) parts.push(`proof ${proofBytes} bytes${record.provingSeconds === undefined ? "" : ` in ${record.provingSeconds.toFixed(2)} s`}`);
  if (record.revertTx !== undefined) {
    const halted = record.status === "unprovable" ? ": not committed again, so later batches wait (commits halt here)" : "";
    parts.push(`<span class="reverted">reverted on L1 by <code>${esc(short(record.revertTx))}</code>${halted}</span>`);
  }
  if (record.commitTx !== undefined) parts.push(`commit <code>${esc(short(record.commitTx))}</code>${gas(record.commitGas)}`);
  if (record.finalizeTx !== undefined) parts.push(`finalize <code>${esc(short(record.finalizeTx))}</code>${gas(record.finalizeGas)}`);
  return parts.join("<br>");
};

const batchRows = (rows: BatchRow[]): string =>
  rows.length === 0
    ? `<tr><td colspan="5">no batch sealed yet</td></tr>`
    : rows
        .map((row) => {
          const b = row.record;
          return `<tr data-batch="${b.index}" data-status="${b.status}"><td>${b.index}</td><td class="status ${b.status}">${b.status}</td>` +
            `<td>${b.firstBlock}–${b.lastBlock}</td><td>${b.txCount}</td><td>${detail(row)}</td></tr>`;
        })
        .join("\n");

const proverSection = (s: StatusSnapshot): string => {
  const depth = `<tr><th>queue depth</th><td id="queue-depth">${s.queueDepth} batch(es) committed or proving</td></tr>`;
  if (s.prover === undefined) return `<table>${depth}<tr><th>prover</th><td>injected by the node's configuration (no prover service)</td></tr></table>`;
  if (typeof s.prover === "string") return `<table>${depth}<tr><th>prover</th><td class="error">${esc(s.prover)}</td></tr></table>`;
  const p = s.prover;
  const workers = p.workers.length === 0
    ? "none connected"
    : p.workers.map((w) => `${esc(w.name)}${w.busy === undefined ? "" : w.busy ? " (busy)" : " (idle)"}`).join(", ");
  const kind = p.kind === "embedded" ? `embedded worker-thread pool (up to ${p.capacity} thread(s), started on demand)` : "BullMQ queue on Redis (npm run prover processes)";
  const circuits = p.circuits.length === 0 ? "none (the node runs with --no-prove), so no batch is proven" : p.circuits.map(esc).join(", ");
  return `<table>${depth}
<tr><th>queue</th><td>${kind}</td></tr>
<tr><th>jobs</th><td>${p.waiting} waiting, ${p.running} running</td></tr>
<tr><th>workers</th><td id="workers" data-count="${p.workers.length}">${p.workers.length}: ${workers}</td></tr>
<tr><th>circuits</th><td>${circuits}</td></tr></table>`;
};

export function renderStatusPage(s: StatusSnapshot): string {
  const counts = BATCH_STATUSES.map((st) => `<td data-status="${st}">${s.counts[st]}</td>`).join("");
  const last = s.lastProof === undefined
    ? "no proof made since the node started"
    : `batch ${s.lastProof.index}: ${s.lastProof.seconds.toFixed(2)} s, ${s.lastProof.bytes} bytes, at ${time(s.lastProof.at)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>zkevm-ts node: block ${s.head.number}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.2em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
code { font-size: 12px; }
.status.proved, .status.finalized { color: #176e1f; font-weight: bold; }
.status.unprovable, .error { color: #a31515; }
.status.proving { color: #8a5a00; }
.reason { color: #555; }
</style>
</head>
<body>
<h1>zkevm-ts L2 node</h1>
<p>chain id ${s.chainId} · page generated ${time(s.at)} · reloads every ${REFRESH_SECONDS} s</p>
<h2>Chain head</h2>
<table id="head">
<tr><th>block</th><td id="head-number">${s.head.number}</td></tr>
<tr><th>hash</th><td><code>${esc(s.head.hash)}</code></td></tr>
<tr><th>time</th><td>${time(Number(s.head.timestamp) * 1000)}</td></tr>
<tr><th>transactions</th><td>${s.head.txCount} (gas used ${s.head.gasUsed})</td></tr>
<tr><th>mempool</th><td id="mempool">${s.mempool} transaction(s) waiting</td></tr>
</table>
<h2>Prover</h2>
${proverSection(s)}
<table id="last-proof"><tr><th>last proof</th><td>${last}</td></tr></table>
<h2>Batches</h2>
<table id="batch-counts"><tr>${BATCH_STATUSES.map((st) => `<th>${st}</th>`).join("")}</tr><tr>${counts}</tr></table>
<table id="batches">
<tr><th>batch</th><th>status</th><th>blocks</th><th>txs</th><th>details</th></tr>
${batchRows(s.recent)}
</table>
</body>
</html>
`;
}

export const statusPage = async (node: L2Node): Promise<string> => renderStatusPage(await statusSnapshot(node));
