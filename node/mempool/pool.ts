import type { TypedTransaction } from "@ethereumjs/tx";
import type { Address } from "@ethereumjs/util";
import { toHex } from "../execution/hex.js";
import { effectiveTip, maxFeePerGas, maxPriorityFeePerGas } from "../execution/fees.js";
import type { DecodedTx } from "./admission.js";
import { TxRejectedError } from "./errors.js";

export interface PoolLimits {
  /** Most transactions held in total. */
  maxSize: number;
  /** Most transactions held per sender (pending and queued, i.e. with nonce gaps). */
  maxPerSender: number;
  /** A replacement must raise both fee cap and tip by at least this percentage. */
  priceBumpPercent: bigint;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxSize: 4096, maxPerSender: 64, priceBumpPercent: 10n };

export interface PoolTx extends DecodedTx {
  hash: string;
  senderKey: string;
  /** Arrival order, the tie-break between equal tips. */
  seq: number;
}

/**
 * Transactions waiting for a block: per sender by nonce (gaps allowed, those wait "queued"), replacement of a
 * sender's nonce by a tx paying ≥ `priceBumpPercent` more, bounded in total and per sender. `executable` orders
 * the runnable ones by tip across senders while keeping each sender's nonce order.
 */
export class Mempool {
  private readonly bySender = new Map<string, Map<bigint, PoolTx>>();
  private readonly byHash = new Map<string, PoolTx>();
  private seq = 0;

  constructor(private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {}

  get size(): number {
    return this.byHash.size;
  }

  get(hash: string): PoolTx | undefined {
    return this.byHash.get(hash);
  }

  /** Adds an admitted transaction; returns the tx it replaced, if any. */
  add(decoded: DecodedTx): PoolTx | undefined {
    const hash = toHex(decoded.tx.hash());
    if (this.byHash.has(hash)) throw new TxRejectedError("already-known", "already known", { hash });
    const senderKey = toHex(decoded.sender.bytes);
    const queue = this.bySender.get(senderKey) ?? new Map<bigint, PoolTx>();
    const previous = queue.get(decoded.tx.nonce);
    if (previous !== undefined) this.checkReplacement(previous.tx, decoded.tx);
    else if (this.byHash.size >= this.limits.maxSize) throw new TxRejectedError("pool-full", `txpool is full: ${this.limits.maxSize} transactions`);
    else if (queue.size >= this.limits.maxPerSender) {
      throw new TxRejectedError("nonce-too-high", `nonce too high: sender ${senderKey} already has ${queue.size} transactions waiting`);
    }
    const entry: PoolTx = { ...decoded, hash, senderKey, seq: this.seq++ };
    if (previous !== undefined) this.byHash.delete(previous.hash);
    queue.set(decoded.tx.nonce, entry);
    this.bySender.set(senderKey, queue);
    this.byHash.set(hash, entry);
    return previous;
  }

  private checkReplacement(old: TypedTransaction, next: TypedTransaction): void {
    const bump = (value: bigint): bigint => (value * (100n + this.limits.priceBumpPercent) + 99n) / 100n;
    if (maxFeePerGas(next) < bump(maxFeePerGas(old)) || maxPriorityFeePerGas(next) < bump(maxPriorityFeePerGas(old))) {
      throw new TxRejectedError(
        "replacement-underpriced",
        `replacement transaction underpriced: fee cap and tip must both rise by at least ${this.limits.priceBumpPercent}%`,
        { nonce: old.nonce },
      );
    }
  }

  remove(hash: string): void {
    const entry = this.byHash.get(hash);
    if (entry === undefined) return;
    this.byHash.delete(hash);
    const queue = this.bySender.get(entry.senderKey)!;
    queue.delete(entry.tx.nonce);
    if (queue.size === 0) this.bySender.delete(entry.senderKey);
  }

  /** Drops a sender's transactions whose nonce the chain has passed. */
  prune(senderKey: string, stateNonce: bigint): void {
    for (const entry of this.bySender.get(senderKey)?.values() ?? []) {
      if (entry.tx.nonce < stateNonce) this.remove(entry.hash);
    }
  }

  /** Senders with transactions in the pool, by their key (the checksum-less `0x` address). */
  senders(): Map<string, Address> {
    const out = new Map<string, Address>();
    for (const [key, queue] of this.bySender) out.set(key, queue.values().next().value!.sender);
    return out;
  }

  /** The nonce a sender's next transaction should use: after its contiguous run of pooled nonces. */
  pendingNonce(senderKey: string, stateNonce: bigint): bigint {
    const queue = this.bySender.get(senderKey);
    let nonce = stateNonce;
    while (queue?.has(nonce) === true) nonce++;
    return nonce;
  }

  /**
   * Runnable transactions in block order: each sender's contiguous nonces from its state nonce, interleaved
   * across senders by highest tip at `baseFee` (arrival order on ties). Txs whose fee cap is below `baseFee` wait.
   */
  executable(stateNonces: Map<string, bigint>, baseFee: bigint): PoolTx[] {
    const heads: { sender: string; next: PoolTx }[] = [];
    const nextOf = (sender: string, nonce: bigint): PoolTx | undefined => {
      const entry = this.bySender.get(sender)?.get(nonce);
      return entry !== undefined && maxFeePerGas(entry.tx) >= baseFee ? entry : undefined;
    };
    for (const [sender, nonce] of stateNonces) {
      const next = nextOf(sender, nonce);
      if (next !== undefined) heads.push({ sender, next });
    }
    const better = (a: PoolTx, b: PoolTx): boolean => {
      const ta = effectiveTip(a.tx, baseFee);
      const tb = effectiveTip(b.tx, baseFee);
      return ta !== tb ? ta > tb : a.seq < b.seq;
    };
    const out: PoolTx[] = [];
    while (heads.length > 0) {
      let best = 0;
      for (let i = 1; i < heads.length; i++) if (better(heads[i]!.next, heads[best]!.next)) best = i;
      const head = heads[best]!;
      out.push(head.next);
      const following = nextOf(head.sender, head.next.tx.nonce + 1n);
      if (following !== undefined) head.next = following;
      else heads.splice(best, 1);
    }
    return out;
  }
}
