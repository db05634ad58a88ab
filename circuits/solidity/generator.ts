/**
 * Solidity verifier generator: turns a VerifyingKey into a standalone contract whose
 * `verify(bytes proof, uint256[] instances)` accepts exactly the proofs the TS verifier
 * (circuits/plonk/verifier.ts) accepts.
 *
 * What the contract does, all in one inline-assembly block (no Solidity locals, so no stack-too-deep):
 *  1. exact proof length and instance count; every instance value < r; every proof point has
 *     coordinates < q and lies on the curve (or is the point at infinity, 64 zero bytes); every
 *     proof scalar < r.
 *  2. the Keccak transcript of circuits/transcript/keccak.ts: proof and instances are copied once to
 *     memory laid out as label hash ‖ vk digest ‖ (length ‖ values) per instance column ‖ proof, so the
 *     first challenge hashes a prefix of that region in place and each later one hashes
 *     state ‖ proof[from..to] with the state written over the word before `from` (then restored).
 *  3. the quotient identity at x: the protocol's constraints as straight-line Yul over memory slots
 *     (common subexpressions computed once), instance columns and l₀/l_last by Lagrange evaluation
 *     with ONE modular inversion (batched, modexp precompile 0x05).
 *  4. the SHPLONK check (circuits/pcs/shplonk.ts): F = Σ_i u^i·Z_{T∖S_i}(z)·(Σ_j v^j·C_{i,j} − r_i(z)·G) − Z_T(z)·W
 *     over the opening sets S_i (each commitment is in exactly one, so it costs one ecMul, 0x07), one ecMul each
 *     for G, W and W', then one pairing (0x08): e(F + z·W', G2)·e(−W', [τ]G2) = 1.
 *
 * Large keys (the batch circuit: ~1,900 constraints, ~1,500 commitments) give far more code than EIP-170's
 * 24,576 bytes. Then steps 3–4 (all straight-line) are cut into stage contracts of at most that size (by an
 * estimate of each statement's code; the tests deploy every stage, so the limit is checked for real). The main
 * contract does step 1, 2 and the final pairing; between them it staticcalls each stage with its memory image
 * as calldata — working memory first, then the public values and the proof, which the stage reads from calldata
 * (so it pays memory only for the working part) — and takes the working memory back as return data. The stages'
 * addresses are immutables set by the constructor, and a stage that reverts or returns anything but its whole
 * working memory makes verify return false.
 *
 * Failure policy: every failure path returns false (never reverts), except calldata that is not a
 * valid ABI encoding of (bytes, uint256[]), which Solidity's decoder rejects with a revert, and running
 * out of gas (a failed precompile call can only mean that, and a stage that ran out reverts without data).
 * One deliberate difference from the TS verifier: instance values ≥ r are rejected here (the TS
 * verifier reduces them mod r), so each statement has exactly one on-chain encoding. And if the
 * challenge x happens to be a root of X^n − 1 (probability ≈ n/2^254), the contract returns false.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { encodeG2, G1_GENERATOR, type G1Affine } from '../curve/index.js';
import { FQ_MODULUS, FR_MODULUS } from '../field/index.js';
import { frInv, frMod, frRotate } from '../field/fr-scalar.js';
import { rootOfUnity } from '../poly/index.js';
import type { Column, Expr } from '../plonk/expression.js';
import type { VerifyingKey } from '../plonk/keygen.js';
import type { Opened } from '../plonk/protocol.js';
import { TRANSCRIPT_LABEL } from '../plonk/prover.js';

export class VerifierGenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierGenerationError';
  }
}

export interface GenerateVerifierOptions {
  /** Solidity identifier of the contract. */
  contractName: string;
  /** Number of public values per instance column (fixed at generation time), in column order. */
  instanceLengths: readonly number[];
  /** Extra header comment lines (e.g. which SRS the key came from). */
  header?: readonly string[];
  /** Code budget per contract (default EIP-170's); a verifier over it is split into stage contracts. */
  maxContractBytes?: number;
}

/** A generated verifier: one Solidity file with the main contract and, when split, its stage contracts. */
export interface GeneratedVerifier {
  source: string;
  contractName: string;
  /** The stage contracts' names in the order the main contract's constructor takes their addresses; empty when not split. */
  parts: string[];
  /** Each contract as a standalone source (parts, then the main contract), for one compiler run each (see compile.ts). */
  units: Array<{ name: string; source: string }>;
}

/** Sizes of a proof for this key, in the order the prover writes it. */
export interface ProofLayout {
  commitments: number;
  evaluations: number;
  witnesses: number;
  bytes: number;
}

export function proofLayout(vk: VerifyingKey): ProofLayout {
  const p = vk.protocol;
  const pieces = p.degree - 1;
  const queries = p.queries();
  const commitments = vk.cs.advice.length + p.phase1.length + p.phase2.length + pieces;
  const evaluations = queries.length + pieces;
  // SHPLONK: W and W' for every opening point
  return { commitments, evaluations, witnesses: 2, bytes: 64 * commitments + 32 * evaluations + 64 * 2 };
}

const hex = (v: bigint) => '0x' + v.toString(16);
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');

/**
 * Memory allocator over 32-byte slots from 0x80 up (0x00..0x7f stays scratch). Named slots get their address at once;
 * temporaries (the expression builder's stored subexpressions, most dead a few lines later) get a placeholder
 * `$t<i>` that placeTemporaries turns into a reused address above the named slots, once the whole code is known.
 */
class Memory {
  private next = 0x80;
  private temps = 0;
  alloc(words = 1): number {
    const at = this.next;
    this.next += 32 * words;
    return at;
  }
  temp(): string { return `$t${this.temps++}`; }
  get top(): number { return this.next; }
}

const TEMP = /\$t(\d+)/g;

/**
 * Gives each temporary of `lines` (straight-line code) an address from `base` up, reusing the address of one whose
 * last read is on an earlier line, so the temporaries take as many slots as are ever live at once (stage images
 * and memory expansion follow that, not the count of temporaries). Each line's top then covers the slots used so far.
 */
function placeTemporaries(lines: readonly Line[], base: number): { lines: Line[]; top: number } {
  const last = new Map<string, number>();
  lines.forEach((l, i) => { for (const m of l.s.matchAll(TEMP)) last.set(m[0], i); });
  const at = new Map<string, number>();
  const free: number[] = [];
  let slots = 0;
  const placed = lines.map((l, i) => {
    const s = l.s.replace(TEMP, (t) => {
      let a = at.get(t);
      if (a === undefined) {
        a = free.pop() ?? base + 32 * slots++;
        at.set(t, a);
      }
      return hex(BigInt(a));
    });
    for (const m of l.s.matchAll(TEMP)) if (last.get(m[0]) === i && at.has(m[0])) { free.push(at.get(m[0])!); at.delete(m[0]); }
    return { s, top: Math.max(l.top, base + 32 * slots) };
  });
  return { lines: placed, top: base + 32 * slots };
}

type IrNode =
  | { op: 'const'; value: bigint }
  | { op: 'leaf'; src: string }
  | { op: 'add' | 'sub' | 'mul'; a: number; b: number }
  | { op: 'neg'; a: number };

/**
 * Straight-line Yul from expression DAGs: structurally equal subexpressions are interned into one
 * node, constants folded, nodes used more than once (or nested too deeply) stored in memory.
 */
class YulExprBuilder {
  private readonly nodes: IrNode[] = [];
  private readonly index = new Map<string, number>();
  private readonly uses: number[] = [];
  private readonly slot = new Map<number, string>();
  private static readonly MAX_DEPTH = 6;

  constructor(private readonly mem: Memory, private readonly emit: (line: string) => void) {}

  private intern(key: string, node: IrNode): number {
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(node);
      this.uses.push(0);
      this.index.set(key, id);
    }
    return id;
  }

  constant(v: bigint): number { const value = frMod(v); return this.intern(`c${value}`, { op: 'const', value }); }
  leaf(src: string): number { return this.intern(`l${src}`, { op: 'leaf', src }); }

  private constOf(id: number): bigint | undefined {
    const n = this.nodes[id];
    return n.op === 'const' ? n.value : undefined;
  }

  add(a: number, b: number): number {
    const na = this.nodes[a];
    const nb = this.nodes[b];
    const ca = this.constOf(a);
    const cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(ca + cb);
    if (ca === 0n) return b;
    if (cb === 0n) return a;
    if (nb.op === 'neg') return this.sub(a, nb.a);
    if (na.op === 'neg') return this.sub(b, na.a);
    const [x, y] = a <= b ? [a, b] : [b, a];
    return this.intern(`+${x},${y}`, { op: 'add', a: x, b: y });
  }

  sub(a: number, b: number): number {
    const ca = this.constOf(a);
    const cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(ca - cb);
    if (cb === 0n) return a;
    if (ca === 0n) return this.neg(b);
    return this.intern(`-${a},${b}`, { op: 'sub', a, b });
  }

  mul(a: number, b: number): number {
    const ca = this.constOf(a);
    const cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(ca * cb);
    if (ca === 0n || cb === 0n) return this.constant(0n);
    if (ca === 1n) return b;
    if (cb === 1n) return a;
    const [x, y] = a <= b ? [a, b] : [b, a];
    return this.intern(`*${x},${y}`, { op: 'mul', a: x, b: y });
  }

  neg(a: number): number {
    const n = this.nodes[a];
    if (n.op === 'const') return this.constant(-n.value);
    if (n.op === 'neg') return n.a;
    return this.intern(`n${a}`, { op: 'neg', a });
  }

  fromExpr(e: Expr, query: (c: Column, rot: number) => number, challenge: (name: string) => number): number {
    return e.evaluate<number>({
      constant: (v) => this.constant(v),
      challenge: (name) => challenge(name),
      query: (c, r) => query(c, r),
      neg: (a) => this.neg(a),
      sum: (a, b) => this.add(a, b),
      product: (a, b) => this.mul(a, b),
    });
  }

  /** Counts references from the given roots (each DAG edge once, each root once). */
  countUses(roots: readonly number[]): void {
    const seen = new Set<number>();
    const visit = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      const n = this.nodes[id];
      if (n.op === 'add' || n.op === 'sub' || n.op === 'mul') { this.uses[n.a]++; this.uses[n.b]++; visit(n.a); visit(n.b); }
      if (n.op === 'neg') { this.uses[n.a]++; visit(n.a); }
    };
    for (const r of roots) { this.uses[r]++; visit(r); }
  }

  /** The Yul expression for a node; emits stores for shared or deep subexpressions first. */
  render(id: number): { s: string; d: number } {
    const n = this.nodes[id];
    if (n.op === 'const') return { s: n.value < 1n << 64n ? n.value.toString() : word(n.value), d: 0 };
    if (n.op === 'leaf') return { s: n.src, d: 1 };
    const stored = this.slot.get(id);
    if (stored !== undefined) return { s: `mload(${stored})`, d: 1 };
    let r: { s: string; d: number };
    if (n.op === 'neg') {
      const a = this.render(n.a);
      r = { s: `sub(R, ${a.s})`, d: a.d + 1 };
    } else {
      const a = this.render(n.a);
      const b = this.render(n.b);
      const d = Math.max(a.d, b.d) + 1;
      r = n.op === 'add' ? { s: `addmod(${a.s}, ${b.s}, R)`, d }
        : n.op === 'sub' ? { s: `addmod(${a.s}, sub(R, ${b.s}), R)`, d }
        : { s: `mulmod(${a.s}, ${b.s}, R)`, d };
    }
    if (this.uses[id] > 1 || r.d >= YulExprBuilder.MAX_DEPTH) {
      const at = this.mem.temp();
      this.emit(`mstore(${at}, ${r.s})`);
      this.slot.set(id, at);
      return { s: `mload(${at})`, d: 1 };
    }
    return r;
  }
}

/** The Solidity source of a verifier for proofs under `vk` (see generateVerifierFile). */
export function generateVerifier(vk: VerifyingKey, opts: GenerateVerifierOptions): string {
  return generateVerifierFile(vk, opts).source;
}

/** Generates a verifier for proofs under `vk`, split into stage contracts when its code would exceed the budget. */
export function generateVerifierFile(vk: VerifyingKey, opts: GenerateVerifierOptions): GeneratedVerifier {
  // two passes: the first finds how much working memory the verifier uses, the second puts the public values and
  // the proof right after it, so that a stage reads them from its calldata and copies only the working memory
  return build(vk, opts, build(vk, opts, PROBE_BASE).workTop).verifier;
}

/** Where the first pass puts the public values and the proof: above any working memory. */
const PROBE_BASE = 1 << 24;

function build(vk: VerifyingKey, opts: GenerateVerifierOptions, high: number): { verifier: GeneratedVerifier; workTop: number } {
  const { contractName, instanceLengths } = opts;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName)) throw new VerifierGenerationError(`not a Solidity identifier: ${JSON.stringify(contractName)}`);
  const protocol = vk.protocol;
  const cs = vk.cs;
  const n = 1 << vk.k;
  if (instanceLengths.length !== cs.instance.length) {
    throw new VerifierGenerationError(`the circuit has ${cs.instance.length} instance columns, got ${instanceLengths.length} lengths`);
  }
  for (const len of instanceLengths) {
    if (!Number.isInteger(len) || len < 0 || len > n - 1) throw new VerifierGenerationError(`instance column length ${len} outside 0..${n - 1}`);
  }
  const R = FR_MODULUS;
  const omega = rootOfUnity(vk.k);
  const omegaInv = frInv(omega);
  const omegaPow = (e: number) => frRotate(1n, omega, omegaInv, e);
  const labelHash = BigInt('0x' + Buffer.from(keccak_256(new TextEncoder().encode(TRANSCRIPT_LABEL))).toString('hex'));
  const layout = proofLayout(vk);
  const pieces = protocol.degree - 1;
  const queries = protocol.queries();
  const rotations = protocol.openingRotations();
  const constraints = protocol.constraints();
  const key = (c: Column) => `${c.kind}:${c.index}`;

  // proof offsets
  const A = cs.advice.length;
  const off = {
    advice: 0,
    phase1: 64 * A,
    phase2: 64 * (A + protocol.phase1.length),
    pieces: 64 * (A + protocol.phase1.length + protocol.phase2.length),
    evals: 64 * layout.commitments,
    witnesses: 64 * layout.commitments + 32 * layout.evaluations,
  };
  const commitmentOffset = new Map<string, number>();
  cs.advice.forEach((c, i) => commitmentOffset.set(key(c), off.advice + 64 * i));
  protocol.phase1.forEach((c, i) => commitmentOffset.set(key(c), off.phase1 + 64 * i));
  protocol.phase2.forEach((c, i) => commitmentOffset.set(key(c), off.phase2 + 64 * i));
  const evalOffset = new Map<string, number>();
  queries.forEach((q, i) => evalOffset.set(`${key(q.column)}@${q.rotation}`, off.evals + 32 * i));
  const pieceEvalOffset = (p: number) => off.evals + 32 * (queries.length + p);
  const totalInstances = instanceLengths.reduce((a, b) => a + b, 0);
  const instanceStart = instanceLengths.map((_, c) => instanceLengths.slice(0, c).reduce((a, b) => a + b, 0));

  // memory: working slots from 0x80 up to `high`, then the first challenge's preimage in place — label hash ‖
  // digest ‖ per instance column (length ‖ values) ‖ proof — so the transcript hashes proof bytes where they are
  // copied to. The image a stage gets is [0x80, END): its working memory, then what it reads from calldata.
  const mem = new Memory();
  const H = (a: number) => hex(BigInt(a));
  const pub = high;
  const instanceMem = instanceLengths.map((_, c) => pub + 64 + 32 * (c + 1 + instanceStart[c]));
  const PROOF = pub + 32 * (2 + instanceLengths.length + totalInstances);
  const END = PROOF + layout.bytes;
  const slot = {
    state: mem.alloc(),
    theta: mem.alloc(), beta: mem.alloc(), gamma: mem.alloc(), y: mem.alloc(), x: mem.alloc(),
    v: mem.alloc(), u: mem.alloc(), z: mem.alloc(), xn: mem.alloc(), zn1: mem.alloc(), lagC: mem.alloc(),
    lhs: mem.alloc(), e: mem.alloc(),
  };
  const xrot = new Map<number, number>();
  const rotSet = new Set<number>(rotations);
  for (const c of constraints) for (const q of c.expr.queries()) if (q.column.kind === 'instance') rotSet.add(q.rotation);
  for (const r of [...rotSet].sort((a, b) => a - b)) xrot.set(r, r === 0 ? slot.x : mem.alloc());
  const ld = (a: number) => `mload(${H(a)})`;
  const cd = (proofOff: number) => `mload(${H(PROOF + proofOff)})`;
  const instanceAt = (col: number, i: number) => `mload(${H(instanceMem[col] + 32 * i)})`;

  const out: string[] = [];
  const L = (s = '') => out.push(s);

  // ---------- input checks ----------
  L('// ---- input checks: exact sizes; copy to memory; canonical scalars, points on the curve ----');
  L(`if iszero(eq(proof.length, ${H(layout.bytes)})) { fail() }`);
  L(`if iszero(eq(instances.length, ${totalInstances})) { fail() }`);
  L(`calldatacopy(${H(PROOF)}, proof.offset, ${H(layout.bytes)})`);
  instanceLengths.forEach((len, c) => {
    if (len > 0) L(`calldatacopy(${H(instanceMem[c])}, add(instances.offset, ${H(32 * instanceStart[c])}), ${H(32 * len)})`);
  });
  if (totalInstances > 0) L(`if iszero(allBelowR(instances.offset, ${H(32 * totalInstances)})) { fail() }`);
  const pointLoop = (from: number, to: number) => {
    if (to <= from) return;
    L(`for { let p := ${H(PROOF + from)} } lt(p, ${H(PROOF + to)}) { p := add(p, 0x40) } {`);
    L('    checkPoint(mload(p), mload(add(p, 0x20)))');
    L('}');
  };
  pointLoop(0, off.evals);
  L(`for { let p := ${H(PROOF + off.evals)} } lt(p, ${H(PROOF + off.witnesses)}) { p := add(p, 0x20) } {`);
  L('    if iszero(lt(mload(p), R)) { fail() }');
  L('}');
  pointLoop(off.witnesses, layout.bytes);

  // ---------- transcript ----------
  L();
  L('// ---- transcript (circuits/transcript/keccak.ts): challenge = keccak256(state ‖ absorbed) mod r ----');
  L(`mstore(${H(pub)}, ${word(labelHash)})`);
  L(`mstore(${H(pub + 32)}, VK_DIGEST)`);
  instanceLengths.forEach((len, c) => L(`mstore(${H(instanceMem[c] - 32)}, ${len})`));
  L(`mstore(${H(slot.state)}, keccak256(${H(pub)}, ${H(PROOF + off.phase1 - pub)}))`);
  L(`mstore(${H(slot.theta)}, mod(mload(${H(slot.state)}), R))`);
  // later challenges hash state ‖ proof[from..to]: the state goes in the word before `from`
  // (saved and restored), or into scratch when nothing was absorbed
  const squeeze = (from: number, to: number, dst: number) => {
    L(to > from ? `squeeze(${H(slot.state)}, ${H(PROOF + from - 32)}, ${H(32 + to - from)})` : `squeeze(${H(slot.state)}, 0x00, 0x20)`);
    L(`mstore(${H(dst)}, mod(mload(${H(slot.state)}), R))`);
  };
  squeeze(off.phase1, off.phase2, slot.beta);
  squeeze(off.phase2, off.phase2, slot.gamma);
  squeeze(off.phase2, off.pieces, slot.y);
  squeeze(off.pieces, off.evals, slot.x);
  squeeze(off.evals, off.witnesses, slot.v);
  squeeze(off.witnesses, off.witnesses, slot.u);
  squeeze(off.witnesses, off.witnesses + 64, slot.z);

  // ---------- domain values, Lagrange evaluations (one inversion) ----------
  // each line with the memory top when it was written: a part contract's image (see `split`) must cover it
  const namedBody: Line[] = [];
  const B = (s = '') => namedBody.push({ s, top: mem.top });
  const inverse = mem.alloc(6); // modexp input
  B();
  B('// ---- x^n, x·ω^r, Lagrange basis values with one batched inversion ----');
  B(`mstore(${H(slot.xn)}, ${ld(slot.x)})`);
  for (let i = 0; i < vk.k; i++) B(`mstore(${H(slot.xn)}, mulmod(${ld(slot.xn)}, ${ld(slot.xn)}, R))`);
  B(`mstore(${H(slot.zn1)}, addmod(${ld(slot.xn)}, sub(R, 1), R))`);
  B(`mstore(${H(slot.lagC)}, mulmod(${ld(slot.zn1)}, ${word(frInv(BigInt(n)))}, R))`);
  for (const [r, at] of xrot) if (r !== 0) B(`mstore(${H(at)}, mulmod(${ld(slot.x)}, ${word(omegaPow(r))}, R))`);
  // denominators x·ω^r − ω^i for l₀ (r 0, i 0), l_last (0, n−1) and each instance value at each rotation used
  const lag = new Map<string, { rot: number; i: number; den: number; val: number }>();
  const needLag = (rot: number, i: number) => {
    const k = `${rot}:${i}`;
    if (!lag.has(k)) lag.set(k, { rot, i, den: mem.alloc(), val: mem.alloc() });
    return lag.get(k)!;
  };
  needLag(0, 0);
  needLag(0, n - 1);
  const instanceQueries = new Map<string, { col: number; rot: number }>();
  for (const c of constraints) for (const q of c.expr.queries()) if (q.column.kind === 'instance') instanceQueries.set(`${q.column.index}@${q.rotation}`, { col: q.column.index, rot: q.rotation });
  for (const { col, rot } of instanceQueries.values()) for (let i = 0; i < instanceLengths[col]; i++) needLag(rot, i);
  const lags = [...lag.values()];
  for (const l of lags) B(`mstore(${H(l.den)}, addmod(${ld(xrot.get(l.rot)!)}, ${word(frMod(-omegaPow(l.i)))}, R))`);
  // prefix products in the value slots, one inversion, then the backward pass
  B(`mstore(${H(lags[0].val)}, ${ld(lags[0].den)})`);
  for (let j = 1; j < lags.length; j++) B(`mstore(${H(lags[j].val)}, mulmod(${ld(lags[j - 1].val)}, ${ld(lags[j].den)}, R))`);
  const inv = mem.alloc();
  B(`mstore(${H(inv)}, invert(${ld(lags[lags.length - 1].val)}))`);
  for (let j = lags.length - 1; j >= 1; j--) {
    B(`mstore(${H(lags[j].val)}, mulmod(${ld(inv)}, ${ld(lags[j - 1].val)}, R))`);
    B(`mstore(${H(inv)}, mulmod(${ld(inv)}, ${ld(lags[j].den)}, R))`);
  }
  B(`mstore(${H(lags[0].val)}, ${ld(inv)})`);
  // L_i(z) = ω^i·(x^n − 1)/n · 1/(z − ω^i)
  for (const l of lags) {
    const w = omegaPow(l.i);
    B(w === 1n ? `mstore(${H(l.val)}, mulmod(${ld(l.val)}, ${ld(slot.lagC)}, R))`
      : `mstore(${H(l.val)}, mulmod(mulmod(${ld(l.val)}, ${ld(slot.lagC)}, R), ${word(w)}, R))`);
  }
  const instanceSlot = new Map<string, number>();
  for (const [k, { col, rot }] of instanceQueries) {
    const at = mem.alloc();
    instanceSlot.set(k, at);
    const terms = Array.from({ length: instanceLengths[col] }, (_, i) =>
      `mulmod(${instanceAt(col, i)}, ${ld(lag.get(`${rot}:${i}`)!.val)}, R)`);
    B(`mstore(${H(at)}, 0)`);
    for (const t of terms) B(`mstore(${H(at)}, addmod(${ld(at)}, ${t}, R))`);
  }

  // ---------- the quotient identity ----------
  B();
  B('// ---- constraints at x (straight-line, shared subexpressions stored once), folded with y ----');
  const eb = new YulExprBuilder(mem, B);
  const challengeSlot: Record<string, number> = { theta: slot.theta, beta: slot.beta, gamma: slot.gamma };
  const virtualSlot = [lag.get('0:0')!.val, lag.get(`0:${n - 1}`)!.val, slot.x];
  const queryNode = (c: Column, rot: number): number => {
    if (c.kind === 'instance') return eb.leaf(ld(instanceSlot.get(`${c.index}@${rot}`)!));
    if (c.kind === 'virtual') return eb.leaf(ld(virtualSlot[c.index]));
    const o = evalOffset.get(`${key(protocol.canonical(c))}@${rot}`);
    if (o === undefined) throw new VerifierGenerationError(`no evaluation of ${c} at rotation ${rot} in the proof`);
    return eb.leaf(cd(o));
  };
  const roots = constraints.map((c) => eb.fromExpr(c.expr, queryNode, (name) => eb.leaf(ld(challengeSlot[name]))));
  eb.countUses(roots);
  roots.forEach((r, i) => {
    B(`// ${constraints[i].name.replace(/[\r\n]/g, ' ')}`);
    const { s } = eb.render(r);
    B(i === 0 ? `mstore(${H(slot.lhs)}, ${s})` : `mstore(${H(slot.lhs)}, addmod(mulmod(${ld(slot.lhs)}, ${ld(slot.y)}, R), ${s}, R))`);
  });
  if (roots.length === 0) B(`mstore(${H(slot.lhs)}, 0)`);
  // h(x) = Σ x^{n·p}·h_p (Horner), check lhs = h·(x^n − 1)
  // a statement per piece: one nested expression over 8 pieces (degree 9) is too deep for the EVM's stack
  if (pieces > 0) {
    const h = mem.alloc();
    B(`mstore(${H(h)}, ${cd(pieceEvalOffset(pieces - 1))})`);
    for (let p = pieces - 2; p >= 0; p--) B(`mstore(${H(h)}, addmod(mulmod(${ld(h)}, ${ld(slot.xn)}, R), ${cd(pieceEvalOffset(p))}, R))`);
    B(`if iszero(eq(${ld(slot.lhs)}, mulmod(${ld(h)}, ${ld(slot.zn1)}, R))) { fail() }`);
  } else B(`if iszero(eq(${ld(slot.lhs)}, 0)) { fail() }`);

  // ---------- KZG (SHPLONK, circuits/pcs/shplonk.ts) ----------
  // F = Σ_i u^i·Z_{T∖S_i}(z)·(Σ_j v^(m−1−j)·C_j − r_i(z)·G) − Z_T(z)·W, then e(F + z·W', G2)·e(−W', [τ]G2) = 1.
  // r_i(z) = Z_{S_i}(z)·x^(1−|S_i|)·Σ_{a∈S_i} c_a·q_i(a)/(z − x·ω^a), c_a = 1/Π_{b≠a}(ω^a − ω^b) a constant here,
  // so one batched inversion (of every z − x·ω^a and of x) serves all sets.
  B();
  B('// ---- one SHPLONK check: e(F + z·W\', G2)·e(−W\', τG2) = 1 ----');
  const sets = protocol.openingSets();
  const dSlot = new Map<number, number>();
  const invSlot = new Map<number, number>();
  for (const rot of rotations) {
    dSlot.set(rot, mem.alloc());
    invSlot.set(rot, mem.alloc());
    B(`mstore(${H(dSlot.get(rot)!)}, addmod(${ld(slot.z)}, sub(R, ${ld(xrot.get(rot)!)}), R))`);
  }
  // batch inversion of [d_a …, x]: prefix products in the inverse slots, one inversion, the backward pass
  const xInv = mem.alloc();
  const invs = [...rotations.map((rot) => ({ den: dSlot.get(rot)!, out: invSlot.get(rot)! })), { den: slot.x, out: xInv }];
  B(`mstore(${H(invs[0].out)}, ${ld(invs[0].den)})`);
  for (let j = 1; j < invs.length; j++) B(`mstore(${H(invs[j].out)}, mulmod(${ld(invs[j - 1].out)}, ${ld(invs[j].den)}, R))`);
  const shInv = mem.alloc();
  B(`mstore(${H(shInv)}, invert(${ld(invs[invs.length - 1].out)}))`);
  for (let j = invs.length - 1; j >= 1; j--) {
    B(`mstore(${H(invs[j].out)}, mulmod(${ld(shInv)}, ${ld(invs[j - 1].out)}, R))`);
    B(`mstore(${H(shInv)}, mulmod(${ld(shInv)}, ${ld(invs[j].den)}, R))`);
  }
  B(`mstore(${H(invs[0].out)}, ${ld(shInv)})`);
  const zT = mem.alloc();
  B(`mstore(${H(zT)}, ${ld(dSlot.get(rotations[0])!)})`);
  for (const rot of rotations.slice(1)) B(`mstore(${H(zT)}, mulmod(${ld(zT)}, ${ld(dSlot.get(rot)!)}, R))`);
  const maxPoints = Math.max(...sets.map((st) => st.rotations.length));
  const xInvPow: number[] = [];
  for (let k = 1; k < maxPoints; k++) {
    xInvPow[k] = k === 1 ? xInv : mem.alloc();
    if (k > 1) B(`mstore(${H(xInvPow[k])}, mulmod(${ld(xInvPow[k - 1])}, ${ld(xInv)}, R))`);
  }
  const uPow = mem.alloc();
  const qa = mem.alloc();
  const rz = mem.alloc();
  const evalSrc = (m: Opened, rot: number) => cd(m.column ? evalOffset.get(`${key(m.column)}@${rot}`)! : pieceEvalOffset(m.piece));
  const setScalars: Array<{ weight: number; commitments: string[] }> = [];
  B(`mstore(${H(slot.e)}, 0)`);
  sets.forEach((set, i) => {
    B(`// set ${i}: rotations [${set.rotations.join(', ')}], ${set.members.length} polynomial(s)`);
    B(`mstore(${H(uPow)}, ${i === 0 ? '1' : `mulmod(${ld(uPow)}, ${ld(slot.u)}, R)`})`);
    const weightSlot = mem.alloc();
    B(`mstore(${H(weightSlot)}, ${ld(uPow)})`);
    for (const rot of rotations) if (!set.rotations.includes(rot)) B(`mstore(${H(weightSlot)}, mulmod(${ld(weightSlot)}, ${ld(dSlot.get(rot)!)}, R))`);
    // q_i(a) by Horner over the members, folded into r_i(z)
    const omegas = set.rotations.map(omegaPow);
    set.rotations.forEach((rot, ai) => {
      B(`mstore(${H(qa)}, ${evalSrc(set.members[0], rot)})`);
      for (const m of set.members.slice(1)) B(`mstore(${H(qa)}, addmod(mulmod(${ld(qa)}, ${ld(slot.v)}, R), ${evalSrc(m, rot)}, R))`);
      if (set.rotations.length === 1) { B(`mstore(${H(rz)}, ${ld(qa)})`); return; }
      const c = frInv(omegas.reduce((acc, w, bi) => (bi === ai ? acc : frMod(acc * (omegas[ai] - w))), 1n));
      const term = `mulmod(mulmod(${ld(qa)}, ${ld(invSlot.get(rot)!)}, R), ${word(c)}, R)`;
      B(ai === 0 ? `mstore(${H(rz)}, ${term})` : `mstore(${H(rz)}, addmod(${ld(rz)}, ${term}, R))`);
    });
    if (set.rotations.length > 1) {
      B(`mstore(${H(rz)}, mulmod(${ld(rz)}, ${ld(xInvPow[set.rotations.length - 1])}, R))`);
      for (const rot of set.rotations) B(`mstore(${H(rz)}, mulmod(${ld(rz)}, ${ld(dSlot.get(rot)!)}, R))`);
    }
    B(`mstore(${H(slot.e)}, addmod(${ld(slot.e)}, mulmod(${ld(weightSlot)}, ${ld(rz)}, R), R))`);
    setScalars.push({ weight: weightSlot, commitments: set.members.map((m) => (m.column ? key(m.column) : `piece:${m.piece}`)) });
  });
  const acc = mem.alloc(5); // ec accumulator [acc.x, acc.y, p.x, p.y, s]
  const pis = mem.alloc(5); // W' [x, y]
  const loadPoint = (buf: number, src: string) => {
    if (src.startsWith('proof:')) { const o = PROOF + Number(src.slice(6)); B(`mstore(${H(buf + 64)}, mload(${H(o)}))`); B(`mstore(${H(buf + 96)}, mload(${H(o + 32)}))`); }
    else { const [x, y] = src.slice(6).split(',').map(BigInt); B(`mstore(${H(buf + 64)}, ${word(x)})`); B(`mstore(${H(buf + 96)}, ${word(y)})`); }
  };
  const pointSrc = (c: string): string => {
    if (c.startsWith('piece:')) return `proof:${off.pieces + 64 * Number(c.slice(6))}`;
    if (c.startsWith('fixed:')) { const p: G1Affine = vk.fixedCommitments[Number(c.slice(6))]; return `const:${p.x},${p.y}`; }
    const o = commitmentOffset.get(c);
    if (o === undefined) throw new VerifierGenerationError(`no commitment for ${c}`);
    return `proof:${o}`;
  };
  B(`mstore(${H(acc)}, 0)`);
  B(`mstore(${H(acc + 32)}, 0)`);
  let ecMuls = 0;
  // the j-th member from a set's end takes weight·v^j: walk each set backwards with a running power (no table of v^j)
  const scalar = mem.alloc();
  for (const { weight, commitments } of setScalars) {
    B(`mstore(${H(scalar)}, ${ld(weight)})`);
    [...commitments].reverse().forEach((commitment, j) => {
      if (j > 0) B(`mstore(${H(scalar)}, mulmod(${ld(scalar)}, ${ld(slot.v)}, R))`);
      const src = pointSrc(commitment);
      if (src === 'const:0,0') return; // the point at infinity contributes nothing
      B(`// ${commitment}`);
      loadPoint(acc, src);
      B(`ecMulAcc(${H(acc)}, ${ld(scalar)})`);
      ecMuls++;
    });
  }
  B('// − E·G, − Z_T(z)·W, + z·W\'');
  loadPoint(acc, `const:${G1_GENERATOR.x},${G1_GENERATOR.y}`);
  B(`ecMulAcc(${H(acc)}, sub(R, ${ld(slot.e)}))`);
  loadPoint(acc, `proof:${off.witnesses}`);
  B(`ecMulAcc(${H(acc)}, sub(R, ${ld(zT)}))`);
  loadPoint(acc, `proof:${off.witnesses + 64}`);
  B(`ecMulAcc(${H(acc)}, ${ld(slot.z)})`);
  ecMuls += 3;
  B(`mstore(${H(pis)}, mload(${H(PROOF + off.witnesses + 64)}))`);
  B(`mstore(${H(pis + 32)}, mload(${H(PROOF + off.witnesses + 96)}))`);
  // ---------- pairing (in the main contract) ----------
  const tail: string[] = [];
  const pair = mem.alloc(12);
  const g2 = encodeG2(vk.g2);
  const tauG2 = encodeG2(vk.tauG2);
  const g2Words = (b: Uint8Array) => [0, 1, 2, 3].map((i) => BigInt('0x' + Buffer.from(b.subarray(32 * i, 32 * i + 32)).toString('hex')));
  tail.push(`mstore(${H(pair)}, ${ld(acc)})`);
  tail.push(`mstore(${H(pair + 32)}, ${ld(acc + 32)})`);
  g2Words(g2).forEach((w, i) => tail.push(`mstore(${H(pair + 64 + 32 * i)}, ${word(w)})`));
  tail.push(`mstore(${H(pair + 192)}, ${ld(pis)})`);
  tail.push(`mstore(${H(pair + 224)}, mod(sub(Q, ${ld(pis + 32)}), Q))`);
  g2Words(tauG2).forEach((w, i) => tail.push(`mstore(${H(pair + 256 + 32 * i)}, ${word(w)})`));
  tail.push(`if iszero(staticcall(gas(), 0x08, ${H(pair)}, 0x180, 0x00, 0x20)) { revert(0, 0) }`);
  tail.push('mstore(0x00, eq(mload(0x00), 1))');
  tail.push('return(0x00, 0x20)');

  const { lines: body, top: workTop } = placeTemporaries(namedBody, mem.top);
  if (high !== PROBE_BASE && workTop !== high) throw new VerifierGenerationError(`internal: working memory ends at ${workTop}, the proof was placed at ${high}`);
  const budget = opts.maxContractBytes ?? EIP170_CODE_BYTES;
  const whole = [...out, ...body.map((l) => l.s), ...tail];
  const fits = whole.reduce((a, l) => a + codeBytes(l), 0) <= budget * CODE_ESTIMATE_SHARE;
  const parts = fits ? [] : split(body, budget * CODE_ESTIMATE_SHARE - PART_OVERHEAD_BYTES);

  const header = [
    `// SPDX-License-Identifier: MIT`,
    `// ${contractName}: PLONKish/KZG (SHPLONK) proof verifier, generated by circuits/solidity (scripts/gen-verifier.ts).`,
    `// DO NOT EDIT: regenerate with \`npm run gen:verifier\`; a test fails when this file is stale.`,
    ...(opts.header ?? []).map((l) => `// ${l}`),
    `// vk digest: ${word(vk.digest)}`,
    `// k = ${vk.k} (n = ${n}); degree ${protocol.degree} (${pieces} quotient pieces); ${constraints.length} constraints;`,
    `// ${queries.length} evaluations at rotations [${rotations.join(', ')}]; instance lengths [${instanceLengths.join(', ')}];`,
    `// proof ${layout.bytes} bytes; ${ecMuls} ecMul + 1 pairing (2 pairs).`,
    `// Failure policy: verify returns false on any invalid input (wrong lengths, scalar ≥ r, point off the`,
    `// curve or coordinate ≥ q, failed identity or pairing); it never reverts on well-formed ABI calldata`,
    `// unless it runs out of gas (so an honest proof is never refused for lack of gas).`,
    ...(parts.length === 0 ? [] : [
      `// Split (EIP-170: ${EIP170_CODE_BYTES} bytes of code per contract): verify checks the inputs and replays the transcript,`,
      `// then runs ${parts.length} stages, each a contract ${contractName}Part<i> called with the memory image and`,
      `// returning it updated, and finishes with the pairing. Deploy the parts first and pass their addresses,`,
      `// in order, to the constructor (they are immutable).`,
    ]),
  ];
  const constants = (lines: readonly string[]) => [
    `    uint256 internal constant R = ${word(R)};`,
    ...(lines.some((l) => /\bQ\b/.test(l)) ? [`    uint256 internal constant Q = ${word(FQ_MODULUS)};`] : []),
  ];
  const indent = (lines: readonly string[], d: number) => lines.map((s) => (s === '' ? '' : ' '.repeat(d) + s));
  const verifyDoc = [
    `    /// @notice True iff \`proof\` proves the circuit for \`instances\` (the instance columns' values, column`,
    `    /// after column, lengths [${instanceLengths.join(', ')}]).`,
    '    function verify(bytes calldata proof, uint256[] calldata instances) external view returns (bool) {',
  ];
  const assemblyBlock = (lines: readonly string[], fail: 'false' | 'revert') => [
    'assembly {',
    ...indent([...helpers(lines, fail, inverse), ...withModulusVariable(lines)], 4),
    '}',
  ];
  const mainHead = [
    `contract ${contractName} {`,
    `    uint256 public constant VK_DIGEST = ${word(vk.digest)};`,
    `    uint256 internal constant R = ${word(R)};`,
    `    uint256 internal constant Q = ${word(FQ_MODULUS)};`,
    `    uint256 public constant PROOF_BYTES = ${layout.bytes};`,
    `    uint256 public constant INSTANCE_COUNT = ${totalInstances};`,
  ];
  const preamble = [...header, 'pragma solidity ^0.8.24;', ''];
  const unitHead = ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.24;', ''];
  const result = (contracts: Array<{ name: string; text: string[] }>) => ({
    workTop,
    verifier: {
      source: [...preamble, ...contracts.flatMap((c) => [...c.text, ''])].join('\n'),
      contractName,
      parts: contracts.slice(0, -1).map((c) => c.name),
      units: contracts.map((c) => ({ name: c.name, source: [...unitHead, ...c.text, ''].join('\n') })),
    },
  });
  const image = H(END - 0x80);
  if (parts.length === 0) {
    return result([{ name: contractName, text: [...mainHead, '', ...verifyDoc, ...indent(assemblyBlock(whole, 'false'), 8), '    }', '}'] }]);
  }
  const partNames = parts.map((_, i) => `${contractName}Part${i}`);
  const contracts = parts.map((p, i) => {
    const len = H(p.top - 0x80);
    const lines = [
      `if iszero(eq(calldatasize(), ${image})) { revert(0, 0) }`,
      `calldatacopy(0x80, 0, ${len})`,
      ...p.lines.map((l) => readingCalldata(l, high)),
      `return(0x80, ${len})`,
    ];
    return {
      name: partNames[i],
      text: [
        `/// Stage ${i + 1} of ${parts.length} of ${contractName}.verify: takes the memory image [0x80, 0x80 + ${image}) as calldata,`,
        `/// copies its working part [0x80, 0x80 + ${len}), reads the public values and the proof from calldata, and`,
        `/// returns the working part updated; reverts when a check fails. Holds no state: a pure function of its calldata.`,
        `contract ${partNames[i]} {`,
        ...constants(lines),
        '',
        '    fallback() external {',
        ...indent(assemblyBlock(lines, 'revert'), 8),
        '    }',
        '}',
      ],
    };
  });
  const main = [
    `/// Thrown by the constructor when the part contracts given are not ${parts.length} deployed contracts.`,
    'error VerifierPartsInvalid(uint256 index);',
    '',
    ...mainHead,
    `    uint256 public constant PARTS = ${parts.length};`,
    ...partNames.map((_, i) => `    address internal immutable PART_${i};`),
    '',
    `    /// @param parts the addresses of ${partNames[0]} … ${partNames[partNames.length - 1]}, in that order.`,
    '    constructor(address[] memory parts) {',
    `        if (parts.length != ${parts.length}) revert VerifierPartsInvalid(parts.length);`,
    `        for (uint256 i = 0; i < ${parts.length}; i++) if (parts[i].code.length == 0) revert VerifierPartsInvalid(i);`,
    ...partNames.map((_, i) => `        PART_${i} = parts[${i}];`),
    '    }',
    '',
    ...verifyDoc,
    ...indent(assemblyBlock(out, 'false'), 8),
  ];
  // a stage whose check fails (it reverts with one word), or that returns anything but its whole working memory
  // (e.g. an address without code), fails verify; a stage that reverts without data ran out of gas: so does verify
  parts.forEach((p, i) => {
    const len = H(p.top - 0x80);
    main.push(
      `        { // stage ${i + 1}`,
      `            address part = PART_${i};`,
      '            assembly {',
      `                let ok := staticcall(gas(), part, 0x80, ${image}, 0x80, ${len})`,
      '                if iszero(or(ok, returndatasize())) { revert(0, 0) }',
      `                if iszero(and(ok, eq(returndatasize(), ${len}))) {`,
      '                    mstore(0x00, 0)',
      '                    return(0x00, 0x20)',
      '                }',
      '            }',
      '        }',
    );
  });
  main.push(...indent(assemblyBlock(tail, 'false'), 8), '    }', '}');
  return result([...contracts, { name: contractName, text: main }]);
}

/**
 * A stage's statement with its reads of the public values and the proof (memory at `high` and above) turned into
 * reads of its calldata, which holds the image from 0x80 on; a stage never writes there.
 */
function readingCalldata(line: string, high: number): string {
  if ([...line.matchAll(/mstore\((0x[0-9a-f]+)/g)].some((m) => Number(m[1]) >= high)) {
    throw new VerifierGenerationError(`internal: a stage writes the public values or the proof: ${line}`);
  }
  return line.replace(/mload\((0x[0-9a-f]+)\)/g, (all, at: string) => (Number(at) >= high ? `calldataload(${hex(BigInt(Number(at) - 0x80))})` : all));
}

/** EIP-170's limit on a contract's code. */
export const EIP170_CODE_BYTES = 24_576;
/** The share of the limit the (rough) size estimate may fill: tests deploy every part, so an overshoot shows. */
const CODE_ESTIMATE_SHARE = 0.9;
/** What a stage contract holds besides its lines: dispatch, the image copy, helper functions (measured: ~600 bytes). */
const PART_OVERHEAD_BYTES = 800;

interface Line { s: string; top: number }

/** Consecutive lines into stages of at most `budget` estimated code bytes; each stage's image ends at its last line's memory top. */
function split(lines: readonly Line[], budget: number): Array<{ lines: string[]; top: number }> {
  const parts: Array<{ lines: string[]; top: number }> = [];
  let cur: { lines: string[]; top: number; bytes: number } | undefined;
  for (const l of lines) {
    const b = codeBytes(l.s);
    if (cur === undefined || (cur.bytes + b > budget && cur.bytes > 0)) {
      cur = { lines: [], top: 0x80, bytes: 0 };
      parts.push(cur);
    }
    cur.lines.push(l.s);
    cur.bytes += b;
    cur.top = Math.max(cur.top, l.top);
  }
  // an image never shrinks: a later stage carries everything the earlier ones wrote
  for (let i = 1; i < parts.length; i++) parts[i].top = Math.max(parts[i].top, parts[i - 1].top);
  return parts.map(({ lines: ls, top }) => ({ lines: ls, top }));
}

/**
 * r on the stack (`let r := R`) for the block's own lines: each use is then a DUP (1 byte) instead of a
 * PUSH32 (33 bytes), which makes the code ~2–4× smaller. Helper functions cannot see it and keep R.
 */
function withModulusVariable(lines: readonly string[]): string[] {
  const uses = (l: string) => !l.startsWith('//') && /\bR\b/.test(l);
  if (!lines.some(uses)) return [...lines];
  return ['let r := R', ...lines.map((l) => (uses(l) ? l.replace(/\bR\b/g, 'r') : l))];
}

/** Rough EVM code size of a Yul statement: one byte per opcode, 1 + n per n-byte literal, r a DUP, Q a PUSH32, helper calls ~8. */
function codeBytes(line: string): number {
  let bytes = 0;
  for (const t of line.replace(/\/\/.*$/, '').match(/0x[0-9a-fA-F]+|\d+|[A-Za-z_]\w*/g) ?? []) {
    if (/^\d|^0x/.test(t)) { const v = BigInt(t); bytes += v === 0n ? 1 : 1 + Math.ceil(v.toString(16).length / 2); }
    else if (t === 'Q') bytes += 33;
    else if (t in HELPERS) bytes += 8;
    else bytes += 1;
  }
  return bytes;
}

/**
 * Yul helper functions, by name; `fail` depends on where it runs (verify returns false, a part reverts with one
 * word). Precompile calls get only valid input (points checked on the curve, constants, their own results), so a
 * failed one ran out of gas: it reverts without data, never fails (an honest proof is not refused for lack of gas).
 */
const HELPERS: Record<string, (inverse: number) => string[]> = {
  checkPoint: () => [
    'function checkPoint(x, y) {',
    '    if iszero(and(lt(x, Q), lt(y, Q))) { fail() }',
    '    if iszero(or(x, y)) { leave } // the point at infinity',
    '    if iszero(eq(mulmod(y, y, Q), addmod(mulmod(x, mulmod(x, x, Q), Q), 3, Q))) { fail() }',
    '}',
  ],
  ecMulAcc: () => [
    `// acc: [acc.x, acc.y, p.x, p.y, s]; acc += s·p`,
    'function ecMulAcc(acc, s) {',
    '    mstore(add(acc, 0x80), s)',
    '    if iszero(staticcall(gas(), 0x07, add(acc, 0x40), 0x60, add(acc, 0x40), 0x40)) { revert(0, 0) }',
    '    if iszero(staticcall(gas(), 0x06, acc, 0x80, acc, 0x40)) { revert(0, 0) }',
    '}',
  ],
  squeeze: () => [
    '// state := keccak256(state ‖ mem[at + 32 .. at + len]), state written over the word at "at" (then restored)',
    'function squeeze(state, at, len) {',
    '    let saved := mload(at)',
    '    mstore(at, mload(state))',
    '    mstore(state, keccak256(at, len))',
    '    mstore(at, saved)',
    '}',
  ],
  allBelowR: () => [
    '// every 32-byte word of calldata[from .. from + len] is below r',
    'function allBelowR(from, len) -> ok {',
    '    ok := 1',
    '    for { let p := from } lt(p, add(from, len)) { p := add(p, 0x20) } {',
    '        if iszero(lt(calldataload(p), R)) { ok := 0 }',
    '    }',
    '}',
  ],
  ecAddAcc: () => [
    'function ecAddAcc(acc) {',
    '    if iszero(staticcall(gas(), 0x06, acc, 0x80, acc, 0x40)) { revert(0, 0) }',
    '}',
  ],
  invert: (inverse) => [
    `// a^(r−2) mod r via the modexp precompile; a = 0 fails`,
    'function invert(a) -> inv {',
    '    if iszero(a) { fail() }',
    `    let m := ${hex(BigInt(inverse))}`,
    '    mstore(m, 0x20)',
    '    mstore(add(m, 0x20), 0x20)',
    '    mstore(add(m, 0x40), 0x20)',
    '    mstore(add(m, 0x60), a)',
    '    mstore(add(m, 0x80), sub(R, 2))',
    '    mstore(add(m, 0xa0), R)',
    '    if iszero(staticcall(gas(), 0x05, m, 0xc0, m, 0x20)) { revert(0, 0) }',
    '    inv := mload(m)',
    '}',
  ],
};

/** The helper definitions `lines` call (fail first: the others call it). */
function helpers(lines: readonly string[], fail: 'false' | 'revert', inverse: number): string[] {
  const text = lines.join('\n');
  const used = Object.keys(HELPERS).filter((name) => new RegExp(`\\b${name}\\(`).test(text));
  const needsFail = used.length > 0 || /\bfail\(\)/.test(text);
  const failDef = fail === 'false'
    ? ['function fail() {', '    mstore(0x00, 0)', '    return(0x00, 0x20)', '}']
    : ['function fail() {', '    mstore(0x00, 0)', '    revert(0x00, 0x20) // one word: a check failed (no data: out of gas)', '}'];
  return [...(needsFail ? failDef : []), ...used.flatMap((name) => HELPERS[name](inverse))];
}
