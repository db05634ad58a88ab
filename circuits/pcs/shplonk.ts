/**
 * Scalar helpers of the SHPLONK multi-opening (Boneh–Drake–Fisch–Gabizon 2020, §4) that circuits/plonk's prover,
 * verifier and Solidity generator share. Sets S_i of points, q_i the v-combination of the polynomials opened on S_i,
 * r_i its interpolant on S_i, T the union of the sets:
 *   prover:   W  = [f],  f = Σ_i u^i·(q_i − r_i)/Z_{S_i}                                  (then the challenge z)
 *             W' = [L/(X − z)],  L = Σ_i u^i·Z_{T∖S_i}(z)·(q_i − r_i(z)) − Z_T(z)·f,   L(z) = 0
 *   verifier: F = Σ_i u^i·Z_{T∖S_i}(z)·([q_i] − r_i(z)·G) − Z_T(z)·W,   e(F + z·W', G2) = e(W', [τ]G2)
 * Two G1 points for all opening points, instead of one witness per point (GWC).
 */
import { frInv, frMod } from '../field/fr-scalar.js';

/** Π (z − a) over `points`. */
export function vanishingAt(points: readonly bigint[], z: bigint): bigint {
  return points.reduce((acc, a) => frMod(acc * frMod(z - a)), 1n);
}

/** p(z) for coefficients low first. */
export function evaluateAt(coeffs: readonly bigint[], z: bigint): bigint {
  return coeffs.reduceRight((acc, c) => frMod(acc * z + c), 0n);
}

/**
 * Coefficients (low first) of the polynomial of degree < k through the k (point, value) pairs: Lagrange's form,
 * O(k²) per point in BigInt; k is a column's number of rotations (tens at most). Points must be distinct.
 */
export function interpolate(points: readonly bigint[], values: readonly bigint[]): bigint[] {
  const k = points.length;
  const out = new Array<bigint>(k).fill(0n);
  points.forEach((a, i) => {
    // basis Π_{b≠a}(X − b), built one factor at a time, and its scale value/Π_{b≠a}(a − b)
    let basis = [1n];
    let den = 1n;
    points.forEach((b, j) => {
      if (j === i) return;
      const next = new Array<bigint>(basis.length + 1).fill(0n);
      basis.forEach((c, d) => { next[d + 1] = frMod(next[d + 1] + c); next[d] = frMod(next[d] - c * b); });
      basis = next;
      den = frMod(den * (a - b));
    });
    const scale = frMod(values[i] * frInv(den));
    basis.forEach((c, d) => { out[d] = frMod(out[d] + c * scale); });
  });
  return out;
}
