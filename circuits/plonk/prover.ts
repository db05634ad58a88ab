/**
 * The prover. Proof layout (the transcript order; see transcript/keccak.ts for encodings):
 *   [circuit advice commitments] θ [lookup multiplicity commitments] β γ
 *   [h, φ per lookup table, shuffle z's, permutation z's] y [quotient piece commitments] x
 *   [evaluations, Protocol.queries() order] [quotient piece evaluations at x] v u
 *   [SHPLONK W] z [SHPLONK W']                     (one pair for all opening points: pcs/shplonk.ts)
 * The public inputs and the verifying key's digest are absorbed first.
 */
import { frInv, frMod, frPow, frRotate } from '../field/fr-scalar.js';
import { Fr, FR_MODULUS, type Ptr } from '../field/index.js';
import { kernel } from '../wasm/kernel.js';
import { commit, open, type Srs } from '../pcs/index.js';
import { divideByLinear, evaluateMany, transformMany } from '../poly/index.js';
import { evaluateAt, interpolate, vanishingAt } from '../pcs/shplonk.js';
import type { KernelCall } from '../wasm/pool.js';
import type { Column, Expr } from './expression.js';
import { synthesize, type Assignment, type Circuit } from './layouter.js';
import { commitPoly, polysFromValues, shapeText, type Poly, type ProvingKey, type VerifyingKey } from './keygen.js';
import { groups, groupSize, HeapCopies, HostVec, withLoaded, workingSetBytes } from './host-vec.js';
import { TranscriptWriter } from '../transcript/keccak.js';
import { DELTA, type Challenges, type LookupTerm, type Opened } from './protocol.js';
import { compressSelectors } from './selector-compression.js';
import { Stopwatch } from './stopwatch.js';
import { compileConstraints, programColumns, ProgramEvaluator } from './program.js';
import { PROGRAM_BLOCK } from '../poly/program-wat.js';
import { sparseCosetEvaluations, sparseColumn, type SparseColumn } from './sparse-coset.js';
import { allocVec, copyVec, fillVec, freeVec, rotateVec, scatterVec, vecFrom } from './vectors.js';

export const TRANSCRIPT_LABEL = 'zkevm-ts plonk/kzg-shplonk v1';


/** Absorbs what prover and verifier share before the proof: the key digest and the public inputs. */
export function absorbPublic(t: { commonScalar(s: bigint): void }, vk: VerifyingKey, instances: readonly (readonly bigint[])[]): void {
  t.commonScalar(vk.digest);
  for (const col of instances) {
    t.commonScalar(BigInt(col.length));
    for (const v of col) t.commonScalar(frMod(v));
  }
}

/** Evaluates an expression over the n rows, a rotation by r reading row i + r (cyclically). Returns a new vector the caller frees. */
function evalExprVec(e: Expr, size: number, column: (c: Column) => Ptr): Ptr {
  const temps: Ptr[] = [];
  const fresh = () => { const p = allocVec(size); temps.push(p); return p; };
  const result = e.evaluate<Ptr>({
    constant: (v) => { const p = fresh(); fillVec(p, frMod(v), size); return p; },
    query: (c, rot) => {
      const src = column(c);
      if (rot === 0) return src;
      const p = fresh();
      rotateVec(src, p, size, rot);
      return p;
    },
    neg: (a) => { const z = fresh(); fillVec(z, 0n, size); Fr.vecSub(z, a, z, size); return z; },
    sum: (a, b) => { const p = fresh(); Fr.vecAdd(a, b, p, size); return p; },
    product: (a, b) => { const p = fresh(); Fr.vecMul(a, b, p, size); return p; },
  });
  const out = allocVec(size);
  copyVec(result, out, size);
  for (const t of temps) freeVec(t);
  return out;
}

function compressVec(es: readonly Expr[], theta: bigint, n: number, column: (c: Column) => Ptr): Ptr {
  // Horner from the last component: ((e_{m−1}·θ + e_{m−2})·θ + …) + e_0
  const th = Fr.from(theta);
  let acc = evalExprVec(es[es.length - 1], n, column);
  for (let i = es.length - 2; i >= 0; i--) {
    const e = evalExprVec(es[i], n, column);
    Fr.vecScale(acc, th, acc, n);
    Fr.vecAdd(acc, e, acc, n);
    freeVec(e);
  }
  Fr.free(th);
  return acc;
}

function addConstant(v: Ptr, c: bigint, n: number): void {
  const k = allocVec(n);
  fillVec(k, c, n);
  Fr.vecAdd(v, k, v, n);
  freeVec(k);
}

/** Key of the column maps. */
const key = (c: Column) => `${c.kind}:${c.index}`;

/** Proves that the circuit's witness satisfies it with the given public inputs. */
export async function prove<C>(pk: ProvingKey, srs: Srs, circuit: Circuit<C>, instances: readonly (readonly bigint[])[], sw = new Stopwatch()): Promise<Uint8Array> {
  const assignment = await sw.time('witness', () => synthesize(circuit, pk.vk.k, instances, true));
  return proveAssignment(pk, srs, assignment, sw);
}

/**
 * A cheating prover's hook, for soundness tests: sees each argument column's values (lookup m, h, φ, shuffle and
 * permutation z) when the prover has computed them, with the challenges drawn so far, and may change them in place
 * (return true) before they are committed. An edited lookup h is what φ is then summed from.
 */
export type ArgumentEdit = (column: Column, values: bigint[], challenges: Partial<Challenges>) => boolean;

/**
 * Proves an already laid-out assignment (prove() lays the circuit out first). A witness that does
 * not satisfy the circuit still yields a proof — one the verifier rejects.
 */
export async function proveAssignment(pk: ProvingKey, srs: Srs, laidOut: Assignment, sw = new Stopwatch(), edit?: ArgumentEdit): Promise<Uint8Array> {
  const { vk, domain, extDomain } = pk;
  // the key's constraint system has its selectors compressed as keygen did (selector-compression.ts)
  const assignment = compressSelectors(laidOut);
  const protocol = vk.protocol;
  const n = domain.n;
  const N = extDomain.n;
  if (assignment.k !== vk.k || shapeText(assignment.cs) !== shapeText(vk.cs)) {
    throw new Error(`the assignment (k = ${assignment.k}) does not belong to this proving key's circuit (k = ${vk.k})`);
  }
  const instances = assignment.publicInputs;
  const t = new TranscriptWriter(TRANSCRIPT_LABEL);
  absorbPublic(t, vk, instances);

  const polys = new Map<string, Poly>();
  pk.fixed.forEach((p, i) => polys.set(`fixed:${i}`, p));
  pk.virtual.forEach((p, i) => polys.set(`virtual:${i}`, p));
  const coeffs = new Map([...polys].map(([k, p]) => [k, p.coeffs]));
  const witnessed: string[] = [];
  // a column's values are usable at once; its coefficients after the next flush (one batch of inverse NTTs)
  const pending: Array<[Column, HostVec]> = [];
  const add = (c: Column, values: Ptr) => { pending.push([c, HostVec.spill(values, n)]); };
  const challenges: { theta?: bigint; beta?: bigint; gamma?: bigint } = {};
  const argument = (c: Column, values: Ptr) => {
    if (edit) {
      const vs = Fr.readVec(values, n);
      if (edit(c, vs, { ...challenges })) Fr.writeVec(values, vs.map(frMod));
    }
    add(c, values);
  };
  const flush = async () => {
    const batch = pending.splice(0);
    const ps = await polysFromValues(batch.map(([, v]) => v), domain, sw);
    batch.forEach(([c], i) => { polys.set(key(c), ps[i]); coeffs.set(key(c), ps[i].coeffs); witnessed.push(key(c)); });
  };
  const values = (c: Column) => polys.get(key(c))!.values;
  const coeffsOf = (c: Column) => coeffs.get(key(c))!;
  const temps: Ptr[] = [];
  const copies = new HeapCopies();
  const loaded = (c: Column) => copies.get(values(c));
  try {
    const msm = (p: Poly) => sw.time('msm', () => commitPoly(srs, p, n));
    for (const c of vk.cs.instance) add(c, vecFrom(assignment.instance[c.index], n));
    for (const c of vk.cs.advice) add(c, vecFrom(assignment.advice[c.index], n));
    await flush();
    for (const c of vk.cs.advice) t.writePoint(await msm(polys.get(key(c))!));

    // per lookup: its θ-compressed table and inputs, its multiplicities; the compressed vectors wait in JS memory for β
    const theta = challenges.theta = t.challenge();
    const compressed: Array<{ table: HostVec; inputs: HostVec[] }> = [];
    for (const l of protocol.lookups) await sw.time('lookups', () => {
      const table = compressVec(l.table, theta, n, loaded);
      const inputs = l.inputs.map((inp) => compressVec(inp, theta, n, loaded));
      copies.free();
      argument(l.m, multiplicities(table, inputs, n));
      compressed.push({ table: HostVec.spill(table, n), inputs: inputs.map((p) => HostVec.spill(p, n)) });
    });
    await flush();
    for (const l of protocol.lookups) t.writePoint(await msm(polys.get(key(l.m))!));

    const beta = challenges.beta = t.challenge();
    const gamma = challenges.gamma = t.challenge();
    const bP = Fr.from(beta);
    temps.push(bP);
    // lookups: per group h = Σ c_k/(β + τ + θ·d_k) (c_k = 1 for an input, −m for a table; d_k the tuple compressed
    // without its tag τ), then the one running sum φ(ω^{i+1}) = φ(ω^i) + Σ h + its own terms' fractions
    const phiColumn = protocol.phi;
    if (phiColumn) await sw.time('lookups', async () => {
      const thetaP = Fr.from(theta);
      const inv = allocVec(n);
      const step = allocVec(n);
      fillVec(step, 0n, n);
      const addFraction = (terms: readonly LookupTerm[], h: Ptr) => {
        for (const { lookup, input } of terms) {
          const c = compressed[lookup];
          Fr.vecScale(copies.get(input === undefined ? c.table : c.inputs[input]), thetaP, inv, n);
          addConstant(inv, frMod(beta + protocol.lookups[lookup].tag), n);
          Fr.batchInvert(inv, inv, n);
          if (input === undefined) {
            Fr.vecMul(inv, loaded(protocol.lookups[lookup].m), inv, n);
            Fr.vecSub(h, inv, h, n);
          } else Fr.vecAdd(h, inv, h, n);
          copies.free();
        }
      };
      for (const { terms, h: column } of protocol.lookupGroups) {
        const h = allocVec(n);
        fillVec(h, 0n, n);
        addFraction(terms, h);
        argument(column, h);
        Fr.vecAdd(step, h, step, n);
      }
      addFraction(protocol.sumTerms, step);
      const phi = allocVec(n);
      Fr.zero(phi);
      for (let i = 0; i + 1 < n; i++) Fr.add(Fr.at(phi, i), Fr.at(step, i), Fr.at(phi, i + 1));
      freeVec(step); freeVec(inv); Fr.free(thetaP);
      argument(phiColumn, phi);
    });
    // shuffles: z(ω^{i+1}) = z(ω^i)·(γ + f)/(γ + s)
    for (const { shuffle, z } of protocol.shuffles) {
      const f = compressVec(shuffle.inputs, theta, n, loaded);
      const s = compressVec(shuffle.shuffle, theta, n, loaded);
      copies.free();
      addConstant(f, gamma, n);
      addConstant(s, gamma, n);
      Fr.batchInvert(s, s, n);
      Fr.vecMul(f, s, f, n);
      argument(z, runningProduct(f, n, 1n));
      freeVec(f); freeVec(s);
    }
    // permutation: z_c(ω^{i+1}) = z_c(ω^i)·Π(w + βδ^jω^i + γ)/Π(w + βσ + γ), chunks chained
    let carry = 1n;
    let j = 0;
    for (let c = 0; c < protocol.permChunks.length; c++) {
      const num = allocVec(n);
      const den = allocVec(n);
      fillVec(num, 1n, n);
      fillVec(den, 1n, n);
      const tmp = allocVec(n);
      for (const col of protocol.permChunks[c]) {
        const w = loaded(col);
        Fr.vecScale(loaded(protocol.sigma[j]), bP, tmp, n);
        Fr.vecAdd(tmp, w, tmp, n);
        addConstant(tmp, gamma, n);
        Fr.vecMul(num, tmp, num, n);
        const s = Fr.from((beta * frPow(DELTA, BigInt(j))) % FR_MODULUS);
        Fr.vecScale(loaded(protocol.x), s, tmp, n);
        Fr.free(s);
        Fr.vecAdd(tmp, w, tmp, n);
        addConstant(tmp, gamma, n);
        Fr.vecMul(den, tmp, den, n);
        j++;
        copies.free();
      }
      Fr.batchInvert(num, num, n);
      Fr.vecMul(den, num, den, n);
      const z = runningProduct(den, n, carry);
      carry = Fr.read(Fr.at(z, n - 1));
      argument(protocol.permZ[c], z);
      freeVec(num); freeVec(den); freeVec(tmp);
    }
    await flush();
    for (const c of protocol.phase2) t.writePoint(await msm(polys.get(key(c))!));

    // quotient: Σ y^i·C_i on the extended coset g·H_ext, divided by X^n − 1. The coset is taken in its 2^extension
    // parts g·ω_N^j·H (point j + parts·m of g·H_ext is g·ω_N^j·ω^m): a rotation by r stays inside a part (index
    // m + r) and X^n − 1 is one constant on it, so each part needs every column's n evaluations there, not its N.
    // The constraints run as one compiled program over the part (program.ts), on the kernel's workers.
    const y = t.challenge();
    const acc = allocVec(N);
    temps.push(acc);
    const parts = 1 << protocol.extension;
    const program = await sw.time('quotient', () =>
      compileConstraints(protocol.constraints().map((c) => c.expr), { theta, beta, gamma }, y, (c) => values(c).constantValue()));
    const columns = programColumns(program);
    // columns with at most k/2 rows off their common value take the NTT-free path (sparse-coset.ts)
    const sparse = new Map<Column, SparseColumn>();
    for (const c of columns) {
      const sc = sparseColumn(loaded(c), n, domain.k >> 1);
      copies.free();
      if (sc) sparse.set(c, sc);
    }
    const dense = columns.filter((c) => !sparse.has(c));
    // from here on the proof reads coefficients only: the witness columns' values leave JS memory
    for (const k of witnessed) polys.delete(k);
    // each part's coset evaluations go to JS memory, a group of columns at a time; then the program runs over chunks
    // of rows, with every column's chunk (and its rotations' margins) copied in
    const margin = program.margin;
    const rows = Math.min(n, Math.max(PROGRAM_BLOCK, margin + 1, Math.floor(workingSetBytes() / ((columns.length + program.temps + 1) * Fr.elementBytes)) - 2 * margin));
    const evaluator = new ProgramEvaluator(program, rows);
    const xValues = values(protocol.x);
    try {
      for (let j = 0; j < parts; j++) {
        const h = frMod(extDomain.cosetGenerator * extDomain.element(j));
        const coset = new Map<Column, HostVec>();
        const spill = (cs: readonly Column[], ptrs: readonly Ptr[]) => cs.forEach((c, i) => coset.set(c, HostVec.copyOf(ptrs[i], n, false)));
        const powers = powersOf(h, n);
        try {
          // each column's coset evaluations: its coefficients times h^i, then an NTT, whole columns per worker
          for (const group of groups(dense, groupSize(n, 1))) {
            await withLoaded(group.map(coeffsOf), async (ptrs) => {
              await sw.time('ntt', () => transformMany(ptrs.map((ptr) => ({ ptr, before: [['fr_vec_mul', powers, ptr, ptr, n] as KernelCall] })), domain.k, 'ntt'));
              spill(group, ptrs);
            });
          }
          for (const group of groups([...sparse.keys()], Math.max(1, groupSize(n, 1) - 3))) {
            const outs = group.map(() => allocVec(n));
            try {
              await sw.time('ntt', () => withLoaded([xValues], ([x]) => sparseCosetEvaluations(group.map((c) => sparse.get(c)!), outs, n, h, x)));
              spill(group, outs);
            } finally {
              for (const o of outs) freeVec(o);
            }
          }
        } finally {
          freeVec(powers);
        }
        await sw.time('quotient', async () => {
          const zinv = Fr.from(frInv(frMod(frPow(h, BigInt(n)) - 1n)));
          try {
            for (let start = 0; start < n; start += rows) {
              const count = Math.min(rows, n - start);
              for (const c of columns) coset.get(c)!.copyRows(start - margin, count + 2 * margin, evaluator.columnRows(c));
              const part = await evaluator.runRows(count);
              Fr.vecScale(part, zinv, part, count);
              scatterVec(part, acc, count, j + parts * start, parts);
            }
          } finally {
            Fr.free(zinv);
          }
        });
      }
    } finally {
      evaluator.free();
    }
    await sw.time('ntt', () => extDomain.cosetInttParallel(acc));
    const pieces = protocol.degree - 1;
    for (let p = 0; p < pieces; p++) t.writePoint(await sw.time('msm', () => commit(srs, Fr.at(acc, p * n), n)));

    // evaluations at x·ω^r
    const x = t.challenge();
    const queries = protocol.queries();
    const point = (rot: number) => frRotate(x, domain.omega, domain.omegaInv, rot);
    const evaluations = await sw.time('evaluations', async () => {
      // the columns' coefficients a group at a time, each read at all its rotations
      const out: bigint[] = new Array(queries.length);
      const byColumn = new Map<string, number[]>();
      queries.forEach((q, i) => { const k = key(q.column); byColumn.set(k, [...byColumn.get(k) ?? [], i]); });
      for (const group of groups([...byColumn.values()], groupSize(n, 1))) {
        await withLoaded(group.map((qs) => coeffsOf(queries[qs[0]].column)), async (ptrs) => {
          const items = group.flatMap((qs, g) => qs.map((i) => [ptrs[g], point(queries[i].rotation)] as const));
          const results = await evaluateMany(items, n);
          group.flat().forEach((i, r) => { out[i] = results[r]; });
        });
      }
      return [...out, ...await evaluateMany(Array.from({ length: pieces }, (_, p) => [Fr.at(acc, p * n), x] as const), n)];
    });
    for (const e of evaluations) t.writeScalar(e);

    // SHPLONK multi-opening (pcs/shplonk.ts): per opening set q_i = Σ v^j·p_j, then W = [Σ u^i·(q_i − r_i)/Z_{S_i}],
    // the challenge z, and W' = [L/(X − z)]
    const v = t.challenge();
    const u = t.challenge();
    const sets = protocol.openingSets();
    const evalOf = new Map<string, bigint>();
    queries.forEach((q, i) => evalOf.set(`${key(q.column)}@${q.rotation}`, evaluations[i]));
    const coeffsOfMember = (m: Opened) => (m.column ? copies.get(coeffsOf(m.column)) : Fr.at(acc, m.piece! * n));
    const valueOfMember = (m: Opened, rot: number) => (m.column ? evalOf.get(`${key(m.column)}@${rot}`)! : evaluations[queries.length + m.piece!]);
    const vP = Fr.from(v);
    temps.push(vP);
    const qs: Ptr[] = [];
    const rs: bigint[][] = [];
    const f = allocVec(n);
    const tmp = allocVec(n);
    const scalar = Fr.alloc();
    temps.push(f, tmp, scalar);
    fillVec(f, 0n, n);
    await sw.time('openings', async () => {
      let ui = 1n;
      for (const set of sets) {
        const q = allocVec(n);
        qs.push(q);
        fillVec(q, 0n, n);
        for (const m of set.members) { Fr.vecScale(q, vP, q, n); Fr.vecAdd(q, coeffsOfMember(m), q, n); copies.free(); }
        const points = set.rotations.map(point);
        const r = interpolate(points, set.rotations.map((rot) => set.members.reduce((a, m) => frMod(a * v + valueOfMember(m, rot)), 0n)));
        rs.push(r);
        // (q − r)/Z_S: q − r vanishes on S, so each division by (X − a) is exact; the top coefficient drops each time
        copyVec(q, tmp, n);
        r.forEach((c, d) => Fr.write(Fr.at(tmp, d), frMod(Fr.read(Fr.at(tmp, d)) - c)));
        for (const [i, a] of points.entries()) {
          Fr.write(scalar, a);
          divideByLinear(tmp, n - i, scalar, tmp);
          Fr.write(Fr.at(tmp, n - i - 1), 0n);
        }
        Fr.write(scalar, ui);
        Fr.vecScale(tmp, scalar, tmp, n);
        Fr.vecAdd(f, tmp, f, n);
        ui = frMod(ui * u);
      }
    });
    try {
      t.writePoint(await sw.time('openings', () => commit(srs, f, n)));
      const z = t.challenge();
      const all = protocol.openingRotations().map(point);
      // L = Σ u^i·Z_{T∖S_i}(z)·(q_i − r_i(z)) − Z_T(z)·f, in f's place
      Fr.write(scalar, frMod(-vanishingAt(all, z)));
      Fr.vecScale(f, scalar, f, n);
      let ui = 1n;
      let constantTerm = 0n;
      for (const [i, set] of sets.entries()) {
        const inSet = new Set(set.rotations);
        const w = frMod(ui * vanishingAt(protocol.openingRotations().filter((rot) => !inSet.has(rot)).map(point), z));
        Fr.write(scalar, w);
        Fr.vecScale(qs[i], scalar, tmp, n);
        Fr.vecAdd(f, tmp, f, n);
        constantTerm = frMod(constantTerm + w * evaluateAt(rs[i], z));
        ui = frMod(ui * u);
      }
      Fr.write(Fr.at(f, 0), frMod(Fr.read(Fr.at(f, 0)) - constantTerm));
      t.writePoint((await sw.time('openings', () => open(srs, f, n, z))).proof);
    } finally {
      for (const q of qs) freeVec(q);
    }
    return t.proof();
  } finally {
    copies.free();
    for (const p of temps) Fr.free(p);
  }
}

/**
 * A lookup's multiplicities over the usable rows 0..n−2: how many input rows hold each table value, counted at the
 * first table row holding it (a missing input is not counted: the running sum then does not close, and the proof
 * fails). Values are compared by their canonical limbs through a 32-bit hash, so no BigInt per row.
 */
function multiplicities(table: Ptr, inputs: readonly Ptr[], n: number): Ptr {
  const W = Fr.elementBytes >>> 2;
  const u32 = kernel().u32();
  const hash = (ptr: Ptr, i: number) => {
    let h = 0x811c9dc5;
    for (let w = 0, o = (ptr >>> 2) + i * W; w < W; w++) h = Math.imul(h ^ u32[o + w], 0x01000193);
    return h >>> 0;
  };
  const same = (a: Ptr, i: number, b: Ptr, j: number) => {
    for (let w = 0, x = (a >>> 2) + i * W, y = (b >>> 2) + j * W; w < W; w++) if (u32[x + w] !== u32[y + w]) return false;
    return true;
  };
  // hash → first table row with it; next[row] chains the first rows of other values with the same hash
  const head = new Map<number, number>();
  const next = new Int32Array(n).fill(-1);
  const find = (ptr: Ptr, i: number, h: number) => {
    for (let r = head.get(h) ?? -1; r >= 0; r = next[r]) if (same(table, r, ptr, i)) return r;
    return -1;
  };
  for (let i = 0; i < n - 1; i++) {
    const h = hash(table, i);
    if (find(table, i, h) >= 0) continue;
    const r = head.get(h);
    if (r !== undefined) next[i] = r;
    head.set(h, i);
  }
  const counts = new Uint32Array(n);
  for (const inp of inputs) {
    for (let i = 0; i < n - 1; i++) {
      const r = find(inp, i, hash(inp, i));
      if (r >= 0) counts[r]++;
    }
  }
  const m = allocVec(n);
  fillVec(m, 0n, n);
  counts.forEach((c, i) => { if (c !== 0) Fr.write(Fr.at(m, i), BigInt(c)); });
  return m;
}

/** z[0] = start, z[i+1] = z[i]·ratio[i]; consumes nothing, returns a new vector. */
function runningProduct(ratio: Ptr, n: number, start: bigint): Ptr {
  const z = allocVec(n);
  Fr.write(z, start);
  for (let i = 0; i + 1 < n; i++) Fr.mul(Fr.at(z, i), Fr.at(ratio, i), Fr.at(z, i + 1));
  return z;
}

/** h^0 … h^{n−1}. */
function powersOf(h: bigint, n: number): Ptr {
  const out = allocVec(n);
  const hp = Fr.from(h);
  Fr.write(Fr.at(out, 0), 1n);
  for (let i = 1; i < n; i++) Fr.mul(Fr.at(out, i - 1), hp, Fr.at(out, i));
  Fr.free(hp);
  return out;
}
