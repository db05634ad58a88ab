/** Row-by-row check of a proof's constraints on the prover's argument columns (captured by proveAssignment's hook). */
import { frMod, frPow } from '../../../circuits/field/fr-scalar.js';
import { rootOfUnity } from '../../../circuits/poly/index.js';
import type { Assignment, Column, ProvingKey } from '../../../circuits/plonk/index.js';
import type { Challenges } from '../../../circuits/plonk/protocol.js';

/**
 * Every protocol constraint evaluated on every row from the assignment (advice, instance), the key's fixed
 * columns (σ included) and the argument columns; the names of the failing ones with their rows.
 */
export function failingConstraints(pk: ProvingKey, a: Assignment, args: Map<Column, bigint[]>, ch: Challenges): string[] {
  const n = 1 << pk.vk.k;
  const omega = rootOfUnity(pk.vk.k);
  const fixed = pk.fixed.map((p) => p.values.readAll());
  const cell = (c: Column, row: number): bigint => {
    const r = ((row % n) + n) % n;
    if (c.kind === 'virtual') return [r === 0 ? 1n : 0n, r === n - 1 ? 1n : 0n, frPow(omega, BigInt(r))][c.index];
    if (c.kind === 'fixed') return fixed[c.index][r];
    const arg = [...args].find(([col]) => col.kind === c.kind && col.index === c.index)?.[1];
    return (arg ?? (c.kind === 'advice' ? a.advice : a.instance)[c.index])[r];
  };
  const out: string[] = [];
  for (const c of pk.vk.protocol.constraints()) {
    for (let row = 0; row < n; row++) {
      const v = c.expr.evaluate<bigint>({
        constant: (k) => frMod(k), challenge: (name) => ch[name], query: (col, rot) => cell(col, row + rot),
        neg: (x) => frMod(-x), sum: (x, y) => frMod(x + y), product: (x, y) => frMod(x * y),
      });
      if (v !== 0n) out.push(`${c.name}@${row}`);
    }
  }
  return out;
}
