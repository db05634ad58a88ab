/**
 * SigChip: ECDSA public-key recovery (the ecrecover precompile's core, and the tx circuit's sender check)
 * over a = 0 curves of prime order n < p with p ≡ 3 (mod 4) — secp256k1; tests also use a small curve.
 * One signature is three regions and one SigTable row: "sig i" (words, flags, R, u1, u2) and "sig key i"
 * (u1·G, Q, the address) in the main non-native columns, and "sig R i" (u2·R, most of the work) in a second,
 * wider set of columns beside them, so that a signature's rows are about those of u2·R alone.
 *
 * For words (z, r, s) < 2^256 and recId ∈ {0, 1}:
 *   isValid = r, s ∈ [1, n − 1] ∧ R = (r, y) is on the curve with y's parity = recId ∧ Q ≠ O,
 *   Q = r⁻¹·(s·R − z·G) = u1·G + u2·R with u1 = −z·r⁻¹, u2 = s·r⁻¹ (mod n),
 *   address = the low 160 bits of keccak256(Qx ‖ Qy) (32-byte big-endian words) when isValid, else 0.
 * (High s is valid here, as in the precompile; the tx circuit checks s ≤ n/2 itself.)
 *
 * How: r and s outside [1, n − 1] are flagged and replaced by 1, so the arithmetic below always runs on
 * values it can prove. R's y is a witness whose square is proven to be c = r³ + b when hasR, or g·c for
 * the fixed non-residue g otherwise (exactly one of c, g·c is a square as c ≠ 0: the curve has no point
 * with y = 0), so hasR is forced; its parity comes from the "parity" gate (limb 0 = 2h + recId). The two
 * multiples are ScalarMulChip chains — u1·G on the fixed-base tables, u2·R windowed over R's own table (R is
 * replaced by G when it does not exist) on chain blocks three limb columns wide — and the sum is completeAdd's. Q's coordinates are turned into
 * words on limb rows whose bytes are looked up in the keccak table (64 input bytes under the call's keccak
 * id), and the digest row gives the address.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { modInverse, modPow } from '../field/modular.js';
import { GadgetError } from '../gadgets/common.js';
import { NonNativeChip, elementValue, type Element } from '../gadgets/nonnative/index.js';
import { constant, type AssignedCell, type Column, type ConstraintSystem, type Layouter, type Region, type Selector } from '../plonk/index.js';
import { keccakDigestLookup, keccakInputLookup, type KeccakTableColumns } from '../keccak/table.js';
import type { FlagChip } from '../ecc/flags.js';
import { RegionOps, completeAdd } from '../ecc/point.js';
import type { Multiple, ScalarMulChip } from '../ecc/scalar-mul.js';
import { SIG_TABLE_FIELDS, type SigTableColumns } from './table.js';

/** One signature to recover: the 256-bit words, recId ∈ {0, 1}, and the keccak table id holding Qx ‖ Qy (valid signatures). */
export interface SigCall { msgHash: bigint; recId: bigint; r: bigint; s: bigint; keccakId: number }

/** A scalar-multiplication chip with the flag chip of its columns: `fixed` has mulFixed, `variable` takes u2·R. */
export interface EcKit { mul: ScalarMulChip; flags: FlagChip }

/** The proven cells of one recovery, in SIG_TABLE_FIELDS order, and the recovered key (meaningless when invalid). */
export interface SigResult { row: AssignedCell[]; isValid: AssignedCell; address: AssignedCell; qx: Element; qy: Element }

const TWO_32 = 1n << 32n;
const TWO_128 = 1n << 128n;

/** The 64-byte keccak input of a recovered key. */
export function publicKeyBytes(qx: bigint, qy: bigint): Uint8Array {
  return Uint8Array.from([qx, qy].flatMap((w) => Array.from({ length: 32 }, (_, i) => Number((w >> BigInt(8 * (31 - i))) & 0xffn))));
}

export class SigChip {
  private constructor(
    readonly fixed: EcKit,
    readonly variable: EcKit,
    readonly table: SigTableColumns,
    private readonly cols: { id: Column; on: Column; base: Column },
    private readonly q: { full: Selector; top: Selector; digest: Selector; parity: Selector },
    private readonly nonResidue: bigint,
  ) {}

  static configure(cs: ConstraintSystem, name: string, fixed: EcKit, variable: EcKit, keccak: KeccakTableColumns, table: SigTableColumns): SigChip {
    const { mul } = fixed;
    const { p, n } = mul.curve;
    if (p % 4n !== 3n || n >= p) throw new GadgetError('SigChip', `${name}: needs p ≡ 3 (mod 4) and n < p (curve ${mul.curve.name})`);
    if (!mul.fixedBase || variable.mul.curve !== mul.curve) throw new GadgetError('SigChip', `${name}: needs a fixed-base chip and a variable one on the same curve`);
    const { range, aux } = mul.fq;
    const [id, on] = [cs.adviceColumn(`${name} keccak id`), cs.adviceColumn(`${name} keccak on`)];
    [id, on, ...SIG_TABLE_FIELDS.map((f) => table[f])].forEach((c) => cs.enableEquality(c));
    const base = cs.fixedColumn(`${name} keccak index`);
    const q = {
      full: cs.selector(`${name} key bytes 11`), top: cs.selector(`${name} key bytes 10`),
      digest: cs.selector(`${name} digest`), parity: cs.selector(`${name} parity`),
    };
    // key bytes: limb rows of toWord(Qx), toWord(Qy); byte i of a limb row is keccak input byte (base − i)
    for (let i = 0; i <= 10; i++) {
      const qi = (i <= 9 ? q.full.expr().add(q.top.expr()) : q.full.expr()).mul(on.cur());
      cs.lookup(`${name} key byte ${i}`, keccakInputLookup(keccak, qi, id.cur(), base.cur().sub(i), range.bytes[i].cur()));
    }
    // digest block: v 0 = a32 (88-bit row; its bytes are < 256 by the range lookups, so a zero sum zeroes bytes 4..10), v 1 = rest (96-bit row); aux 0 hashLo, 1 hashHi, 2 valid, 3 address
    const sd = q.digest.expr();
    const v = (r: number) => range.value.rot(r);
    const a = (r: number) => aux.rot(r);
    cs.lookup(`${name} digest`, keccakDigestLookup(keccak, sd.mul(on.cur()), id.cur(), constant(64n), a(0), a(1)));
    cs.createGate(`${name} digest`, {
      'a32 < 2^32 (bytes 4..10 zero)': sd.mul(range.bytes.slice(4, 11).reduce((acc, b) => acc.add(b.cur()), constant(0n))),
      'hashHi = a32 + 2^32·rest': sd.mul(a(1).sub(v(0)).sub(v(1).mul(TWO_32))),
      'address = valid·(hashLo + 2^128·a32)': sd.mul(a(3).sub(a(2).mul(a(0).add(v(0).mul(TWO_128))))),
    });
    // parity block: v 0 = y limb 0 (copied), v 1 = h (88-bit row); aux 0 = recId
    const sp = q.parity.expr();
    cs.createGate(`${name} parity`, {
      'recId is boolean': sp.mul(a(0)).mul(constant(1n).sub(a(0))),
      'limb 0 = 2h + recId': sp.mul(v(0).sub(v(1).mul(2)).sub(a(0))),
    });
    let g = 2n;
    while (modPow(g, (p - 1n) / 2n, p) !== p - 1n) g++;
    return new SigChip(fixed, variable, table, { id, on, base }, q, g);
  }

  /** `index`: the signature's place in the circuit, which names its regions and R's multiples table (tag index + 1). */
  assign(layouter: Layouter, call: SigCall, index: number): SigResult {
    const pre = layouter.assignRegion(`sig ${index}`, (region) => this.prepare(region, call));
    const { mul, flags } = this.variable;
    const B = layouter.assignRegion(`sig R ${index}`, (region) => mul.mul(new RegionOps(region, flags), pre.R, pre.u2, BigInt(index + 1)));
    const out = layouter.assignRegion(`sig key ${index}`, (region) => this.recover(region, call, pre, B));
    const row = layouter.assignRegion(`sig table ${index}`, (region) => {
      region.assignFixed('sig enabled', this.table.enabled, 0, 1n);
      return out.cells.map((cell, i) => {
        const c = region.assignAdvice(`sig ${SIG_TABLE_FIELDS[i]}`, this.table[SIG_TABLE_FIELDS[i]], 0, () => cell.value);
        region.constrainEqual(cell, c);
        return c;
      });
    });
    return { row, isValid: out.isValid, address: out.address, qx: out.qx, qy: out.qy };
  }

  /** The words, their flags, R (G when it does not exist), u1 and u2. */
  private prepare(region: Region, call: SigCall) {
    const { fq, fn, curve } = this.fixed.mul;
    const { range, aux } = fq;
    const ops = new RegionOps(region, this.fixed.flags);
    const cell = (column: Column, name: string, v: bigint | (() => bigint)) => region.assignAdvice(name, column, ops.take(1), v);
    const [zeroN, oneN] = [ops.constant(fn, 0n), ops.constant(fn, 1n)];

    const zw = ops.fromWord(fn, call.msgHash);
    const z = ops.mul(fn, zw.element, oneN);
    /** A scalar word in [1, n − 1], or 1 with bad = 1. */
    const scalar = (w: bigint) => {
      const word = ops.fromWord(fn, w);
      const bad = ops.oneOf(word.overflow, ops.isZero(fn, word.element));
      return { word, bad, value: ops.select(fn, bad, oneN, word.element) };
    };
    const r = scalar(call.r);
    const s = scalar(call.s);

    // R = (r, y): y² = c or g·c, parity(y) = recId
    const rx = r.value; // < n < p: canonical for fq too
    const c = ops.add(fq, ops.mul(fq, ops.mul(fq, rx, rx), rx), ops.constant(fq, curve.b));
    const hasRValue = () => (isSquare(elementValue(c), curve.p) ? 1n : 0n);
    const hasR = cell(aux, 'sig has R', hasRValue);
    const target = ops.select(fq, hasR, c, ops.mul(fq, c, ops.constant(fq, this.nonResidue)));
    const y = ops.load(fq, () => {
      const root = modPow(elementValue(target), (curve.p + 1n) / 4n, curve.p);
      return (root & 1n) === call.recId ? root : curve.p - root;
    });
    ops.mul(fq, y, y).limbs.forEach((l, i) => region.constrainEqual(l, target.limbs[i]));
    const parityAt = ops.take(2);
    region.enableSelector(this.q.parity, parityAt);
    region.constrainEqual(y.limbs[0], region.assignAdvice('sig y limb 0', range.value, parityAt, () => y.limbs[0].value));
    range.assign(region, parityAt + 1, 88, () => y.limbs[0].value >> 1n);
    const recId = region.assignAdvice('sig recId', aux, parityAt, () => {
      if (call.recId !== 0n && call.recId !== 1n) throw new GadgetError('SigChip', `recId must be 0 or 1, got ${call.recId}`);
      return call.recId;
    });

    // u1 = −z/r, u2 = s/r (R replaced by G when it does not exist)
    const rInv = ops.load(fn, () => modInverse(elementValue(r.value), curve.n));
    ops.mul(fn, rInv, r.value).limbs.forEach((l, i) => region.constrainEqual(l, oneN.limbs[i]));
    const u1 = ops.sub(fn, zeroN, ops.mul(fn, z, rInv));
    const u2 = ops.mul(fn, s.value, rInv);
    const R = { x: ops.select(fq, hasR, rx, ops.constant(fq, curve.gx)), y: ops.select(fq, hasR, y, ops.constant(fq, curve.gy)) };
    return { zw, recId, r, s, hasR, u1, u2, R };
  }

  /** Q = A + B with A = u1·G, B = u2·R; validity; the address from Q's bytes through the keccak table. */
  private recover(region: Region, call: SigCall, pre: ReturnType<SigChip['prepare']>, B: Multiple) {
    const { fq } = this.fixed.mul;
    const { range, aux } = fq;
    const ops = new RegionOps(region, this.fixed.flags);
    const one = region.assignAdviceFromConstant('sig one', aux, ops.take(1), 1n);
    const zero = ops.constant(fq, 0n);
    const { zw, recId, r, s, hasR } = pre;
    const A = this.fixed.mul.mulFixed(ops, pre.u1);
    const withSquare = (M: typeof A) => ({ x: M.x, y: M.y, xx: ops.mul(fq, M.x, M.x), infinity: M.infinity });
    const Q = completeAdd(ops, fq, zero, withSquare(A), withSquare(B), one);
    const qInf = ops.oneOf(ops.and(A.infinity, B.infinity), ops.andNot(ops.andNot(Q.opposite, A.infinity), B.infinity));
    const isValid = ops.andNot(ops.andNot(ops.andNot(hasR, r.bad), s.bad), qInf);

    // address: Q's bytes and digest through the keccak table (lookups on only when valid)
    const id = region.assignAdvice('sig keccak id', this.cols.id, ops.take(1), BigInt(call.keccakId));
    const lookupRow = (at: number) => {
      region.constrainEqual(id, region.assignAdvice('sig keccak id', this.cols.id, at, () => id.value));
      region.constrainEqual(isValid, region.assignAdvice('sig keccak on', this.cols.on, at, () => isValid.value));
    };
    [Q.x, Q.y].forEach((coord, k) => {
      const at = ops.take(NonNativeChip.WORD_ROWS);
      fq.toWord(region, at, coord);
      [0, 1, 2].forEach((limb) => {
        region.enableSelector(limb < 2 ? this.q.full : this.q.top, at + limb);
        region.assignFixed('sig keccak index', this.cols.base, at + limb, BigInt(32 * k + 31 - 11 * limb));
        lookupRow(at + limb);
      });
    });
    const digest = () => {
      const h = BigInt(`0x${bytesToHex(keccak_256(publicKeyBytes(elementValue(Q.x), elementValue(Q.y))))}`);
      return { lo: h & (TWO_128 - 1n), hi: h >> 128n };
    };
    const at = ops.take(2);
    region.enableSelector(this.q.digest, at);
    lookupRow(at);
    range.assign(region, at, 88, () => digest().hi % TWO_32);
    range.assign(region, at + 1, 96, () => digest().hi / TWO_32);
    const hashLo = region.assignAdvice('sig hash lo', aux, at, () => digest().lo);
    region.assignAdvice('sig hash hi', aux, at + 1, () => digest().hi);
    region.constrainEqual(isValid, region.assignAdvice('sig valid', aux, at + 2, () => isValid.value));
    const address = region.assignAdvice('sig address', aux, at + 3, () => isValid.value * (hashLo.value + ((digest().hi % TWO_32) << 128n)));
    ops.take(2); // aux rows 2, 3 of the digest block run past its two v rows

    const cells = [zw.lo, zw.hi, recId, r.word.lo, r.word.hi, s.word.lo, s.word.hi, address, isValid];
    return { cells, isValid, address, qx: Q.x, qy: Q.y };
  }
}

const isSquare = (c: bigint, p: bigint) => c === 0n || modPow(c, (p - 1n) / 2n, p) === 1n;
