import { expect } from 'chai';
import type { Circuit, Column, ConstraintSystem, Layouter, Selector } from '../../../circuits/plonk/index.js';
import { MockProver } from '../../../circuits/plonk/index.js';
import { analyze, listItems, synthesizeVariant, type TargetReport } from '../../../scripts/soundness/engine.js';
import { registry, findTargets } from '../../../scripts/soundness/registry.js';
import { renderReport, rowRanges } from '../../../scripts/soundness/report.js';
import { FAST_CORRUPTIONS, main } from '../../../scripts/soundness/cli.js';
import { PADDING } from '../../../scripts/soundness/targets/examples.js';
import { isZero } from '../../../scripts/soundness/targets/gadgets.js';
import { WitnessEditor, WitnessEditError, type SoundnessTarget } from '../../../scripts/soundness/types.js';

/**
 * A deliberately under-constrained toy, rows 0..3:
 *   x, y, z with gate "sum" q·(x + y − z); x[0] copied from the instance;
 *   note: assigned, in no constraint;
 *   v: only in lookup "v small" (q·v ∈ 0..7), in no gate;
 *   d: gate "double" d − 2x with no selector (binds every row, padding included).
 */
interface ToyConfig { x: Column; y: Column; z: Column; note: Column; v: Column; d: Column; q: Selector; small: Column; pub: Column }

class Toy implements Circuit<ToyConfig> {
  constructor(readonly opts: { unsatisfiable?: boolean; redundant?: boolean } = {}) {}
  configure(cs: ConstraintSystem): ToyConfig {
    const [x, y, z, note, v, d] = ['x', 'y', 'z', 'note', 'v', 'd'].map((n) => cs.adviceColumn(n));
    const q = cs.selector('q');
    const small = cs.fixedColumn('small');
    const pub = cs.instanceColumn('pub');
    cs.enableEquality(x);
    cs.enableEquality(pub);
    const sum = q.expr().mul(x.cur().add(y.cur()).sub(z.cur()));
    cs.createGate('sum', this.opts.redundant ? { 'x + y = z': sum, 'x + y = z again': sum } : { 'x + y = z': sum });
    cs.createGate('double', { 'd = 2x': d.cur().sub(x.cur().mul(2)) });
    if (this.opts.unsatisfiable) cs.createGate('one', { 'x = 1': x.cur().sub(1) });
    cs.lookup('v small', [[q.expr().mul(v.cur()), small.cur()]]);
    return { x, y, z, note, v, d, q, small, pub };
  }
  synthesize(c: ToyConfig, layouter: Layouter): void {
    layouter.assignRegion('table', (r) => { for (let i = 0; i < 8; i++) r.assignFixed('small', c.small, i, BigInt(i)); });
    layouter.assignRegion('rows', (r) => {
      for (let row = 0; row < 4; row++) {
        const x = BigInt(row + 1);
        if (row === 0) r.assignAdviceFromInstance('x', c.pub, 0, c.x, 0);
        else r.assignAdvice('x', c.x, row, x);
        r.assignAdvice('y', c.y, row, 10n);
        r.assignAdvice('z', c.z, row, x + 10n);
        r.assignAdvice('note', c.note, row, 1000n + BigInt(row));
        r.assignAdvice('v', c.v, row, 3n);
        r.assignAdvice('d', c.d, row, 2n * x);
        r.enableSelector(c.q, row);
      }
    });
  }
}

function toyTarget(over: Partial<SoundnessTarget> & { circuit?: Toy } = {}): SoundnessTarget {
  const circuit = over.circuit ?? new Toy();
  return {
    name: 'toy', family: 'test',
    honest: () => ({ circuit, k: 4, instances: [[1n]] }),
    negatives: [{ name: 'z off by one', mutate: (w) => w.add('z', 2, 1n) }],
    allow: [PADDING],
    ...over,
  };
}

const unguarded = (r: TargetReport) => r.items.filter((i) => i.killers.length === 0).map((i) => i.item.id);
const freeCells = (r: TargetReport) => r.fuzz!.free.map((c) => `${c.column}@${c.row}`);

describe('scripts/soundness', function () {
  this.timeout(60_000);
  describe('an under-constrained toy circuit is reported exactly', () => {
    let r: TargetReport;
    before(() => { r = analyze(toyTarget(), { corruptions: 600, seed: 7 }); });

    it('lists every item: gate constraints, the lookup, the copy set', () => {
      expect(r.items.map((i) => i.item.id)).to.deep.equal(['gate sum/x + y = z', 'gate double/d = 2x', 'lookup v small', 'copy x~pub']);
    });

    it('unguarded: exactly the items no negative test needs', () => {
      expect(unguarded(r)).to.deep.equal(['gate double/d = 2x', 'lookup v small', 'copy x~pub']);
      expect(r.items[0].killers).to.deep.equal(['z off by one']);
      expect(r.negatives).to.deep.equal([{ name: 'z off by one', refusedBy: ['gate sum/x + y = z'], failures: 1, kills: ['gate sum/x + y = z'], error: undefined }]);
    });

    it('free: exactly the cell used in no constraint and the lookup input no gate binds, in the assigned rows', () => {
      expect(freeCells(r)).to.deep.equal(['note@0', 'note@1', 'note@2', 'note@3', 'v@0', 'v@1', 'v@2', 'v@3']);
      const note = r.fuzz!.free[0];
      expect(note.accepted).to.equal(note.tried); // every change of note passes
      const v = r.fuzz!.free.find((c) => c.column === 'v')!;
      expect(v.accepted).to.be.lessThan(v.tried); // r − 1 leaves the table; 0, 1, v ± 1 stay in it
      expect([...v.acceptedBy]).to.include.members(['0', '1', 'v+1', 'v-1']).and.not.include('r-1');
      // padding of the selector-less gate's columns is bound (d = 2x on every row): not free, not even allowed-free
      expect(r.fuzz!.allowed.some((c) => c.column === 'd' || c.column === 'x')).to.equal(false);
      expect(r.fuzz!.allowed.every((c) => c.row >= 4 && c.allowedBy === PADDING)).to.equal(true);
    });

    it('lints the gate without a selector', () => {
      expect(r.lints.map((l) => l.item)).to.deep.equal(['gate double/d = 2x']);
    });

    it('problems: each finding once, so the tool exits non-zero', () => {
      expect(r.problems).to.have.length(3 + 1 + 8);
      expect(r.problems).to.include('unguarded: lookup v small');
      expect(r.problems.filter((p) => p.startsWith('free cell: note row 0 '))).to.have.length(1);
      const md = renderReport([r], { corruptions: 600, seed: 7 });
      expect(md).to.include('| toy | test | 4 | 1 | 3 | 25% |');
      expect(md).to.include('note: rows 0–3; v: rows 0–3');
      expect(md).to.include('| lookup v small | **UNGUARDED** |');
    });

    it('with tests for each item, documented exceptions and an allow rule, the toy is clean', () => {
      const fixed = toyTarget({
        negatives: [
          { name: 'z off by one', mutate: (w) => w.add('z', 2, 1n) },
          { name: 'd ≠ 2x', mutate: (w) => w.add('d', 1, 1n) },
          { name: 'v out of range', mutate: (w) => w.set('v', 1, 8n) },
          { name: 'x[0] ≠ pub[0]', mutate: (w) => w.add('pub', 0, 1n) },
        ],
        allow: [PADDING, { kind: 'cells', column: 'note', rows: [0, 1, 2, 3], reason: 'a comment column' }, { kind: 'cells', column: 'v', rows: (row) => row < 4, reason: 'any small value' }],
        exceptions: [{ item: 'gate double/d = 2x', reason: 'binds on every row on purpose' }],
      });
      const c = analyze(fixed, { corruptions: 400, seed: 7 });
      expect(c.problems).to.deep.equal([]);
      expect(unguarded(c)).to.deep.equal([]);
      expect(c.fuzz!.allowed.filter((x) => x.column === 'note' && x.allowedBy?.kind === 'cells').map((x) => x.row)).to.deep.equal([0, 1, 2, 3]);
    });

    it('a stale exception is a problem', () => {
      const c = analyze(toyTarget({ exceptions: [{ item: 'gate gone/x', reason: 'old' }] }), { corruptions: 10, seed: 1 });
      expect(c.problems).to.include('exception for "gate gone/x", which the circuit does not have');
    });
  });

  it('redundant constraints are both unguarded: a test refused by two items proves neither necessary', () => {
    const r = analyze(toyTarget({ circuit: new Toy({ redundant: true }) }), { corruptions: 0, seed: 1 });
    expect(unguarded(r)).to.include.members(['gate sum/x + y = z', 'gate sum/x + y = z again']);
    expect(r.negatives[0].refusedBy).to.deep.equal(['gate sum/x + y = z', 'gate sum/x + y = z again']);
  });

  it('a selector-less gate that padding rows cannot satisfy: the honest witness is refused, with the failing rows', () => {
    const r = analyze(toyTarget({ circuit: new Toy({ unsatisfiable: true }) }), { corruptions: 100, seed: 1 });
    expect(r.problems).to.have.length(3); // honest refusal + two lints
    expect(r.problems[0]).to.match(/^the honest witness is refused \(15 failures\): gate "one" constraint "x = 1" is not satisfied at row 1/);
    expect(r.lints.map((l) => l.item)).to.deep.equal(['gate double/d = 2x', 'gate one/x = 1']);
    expect(r.items).to.deep.equal([]);
  });

  it('a negative test the intact circuit accepts, or one that throws, is reported as broken', () => {
    const r = analyze(toyTarget({
      negatives: [
        { name: 'changes a free cell', mutate: (w) => w.add('note', 0, 1n) },
        { name: 'edits a fixed column', mutate: (w) => w.set('small', 0, 1n) },
      ],
    }), { corruptions: 0, seed: 1 });
    expect(r.negatives.map((n) => n.error)).to.deep.equal([
      'accepted by the intact circuit: an under-constraint, or a test that changes nothing',
      'threw: "small" is a fixed column: it is part of the verifying key, a prover cannot change it',
    ]);
    expect(r.problems.filter((p) => p.startsWith('negative test'))).to.have.length(2);
  });

  it('padding is what no region assigned, cell by cell: a skipped cell inside the region rows is allowed, an assigned unconstrained one is free', () => {
    const circuit: Circuit<{ a: Column; b: Column; q: Selector }> = {
      configure: (cs) => { const [a, b] = [cs.adviceColumn('a'), cs.adviceColumn('b')]; const q = cs.selector('q'); cs.createGate('a = 5', { 'a = 5': q.expr().mul(a.cur().sub(5)) }); return { a, b, q }; },
      synthesize: (c, l) => l.assignRegion('r', (r) => {
        for (let i = 0; i < 4; i++) { r.assignAdvice('a', c.a, i, 5n); r.enableSelector(c.q, i); }
        r.assignAdvice('b', c.b, 0, 9n); // b rows 1..3 lie inside the region's rows but are never assigned
      }),
    };
    const r = analyze({ name: 'skip', family: 'test', honest: () => ({ circuit, k: 3, instances: [] }), negatives: [{ name: 'a ≠ 5', mutate: (w) => w.set('a', 0, 4n) }], allow: [PADDING] }, { corruptions: 300, seed: 1 });
    expect(freeCells(r)).to.deep.equal(['b@0']);
    expect(r.fuzz!.witnessCells).to.equal(5);
    expect(r.fuzz!.allowed.filter((c) => c.column === 'b').map((c) => c.row)).to.include.members([1, 2, 3]);
  });

  it('a mutant is the circuit with exactly one item removed', () => {
    const run = toyTarget().honest();
    const intact = synthesizeVariant(run);
    const items = listItems(intact);
    for (const item of items) {
      const m = synthesizeVariant(run, item);
      expect(listItems(m).map((i) => i.id)).to.deep.equal(items.filter((i) => i !== item).map((i) => i.id));
      expect(m.advice).to.deep.equal(intact.advice);
    }
    expect(() => new WitnessEditor(intact).get('nope', 0)).to.throw(WitnessEditError, /no advice or instance column "nope"/);
  });

  /** Small enough to rebuild every mutant for every test; pi adds advice-table lookups and instance edits. */
  const SELF_CHECK = new Set(['fibonacci', 'range-add', 'rotations', 'is-zero', 'poseidon', 'smt-key-bits', 'pi', 'flags']);
  /** The fast-mode reports of the registered circuits, by name (filled by their tests, read by the report test). */
  const fastReports = new Map<string, TargetReport>();

  describe('the registered circuits (fast CI mode: fixed seed, small sample)', () => {
    for (const t of registry) {
      it(`${t.name}: 100% guarded, no free cell outside the allow-list`, () => {
        const r = analyze(t, { corruptions: FAST_CORRUPTIONS, seed: 1 });
        fastReports.set(t.name, r);
        expect(r.problems).to.deep.equal([]);
        expect(r.items.length).to.be.greaterThan(0);
        expect(r.fuzz!.corruptions).to.equal(FAST_CORRUPTIONS);
        expect(r.fuzz!.caught).to.be.greaterThan(0);
      });
    }

    // The tool's self-check: rebuilding every mutant for every negative costs items × negatives MockProver
    // runs, so it runs on the small circuits; the big ones rely on the shortcut and local checks it validates.
    it('the shortcut and the local verifier equal rebuilding every mutant for every test with the MockProver; so do the fuzz verdicts', () => {
      for (const t of [...registry.filter((x) => SELF_CHECK.has(x.name)), toyTarget()]) {
        const quick = analyze(t, { corruptions: 80, seed: 3 });
        const full = analyze(t, { corruptions: 80, seed: 3, exhaustive: true, confirm: true });
        expect(full.items.map((i) => i.killers)).to.deep.equal(quick.items.map((i) => i.killers));
        expect(full.negatives.map((n) => [n.refusedBy, n.failures])).to.deep.equal(quick.negatives.map((n) => [n.refusedBy, n.failures]));
        expect(full.fuzz!.caught).to.equal(quick.fuzz!.caught);
        expect(full.fuzz!.verified).to.be.greaterThan(0);
      }
    });

    it('is-zero: without its declared rule, exactly the inverse cells of zero values are free', () => {
      const r = analyze({ ...isZero, allow: [PADDING] }, { corruptions: 400, seed: 1 });
      expect(freeCells(r)).to.deep.equal(['inverse@0', 'inverse@3']);
      expect(r.fuzz!.free.every((c) => c.accepted === c.tried)).to.equal(true);
    });

    it('the honest witnesses satisfy the MockProver', () => {
      for (const t of registry) {
        const { circuit, k, instances } = t.honest();
        expect(MockProver.run(k, circuit, instances).verify(), t.name).to.deep.equal([]);
      }
    });
  });

  describe('CLI and report', () => {
    const quiet = async (argv: string[]) => {
      const [log, err] = [console.log, console.error];
      const out: string[] = [];
      console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
      console.error = (...a: unknown[]) => { out.push(a.join(' ')); };
      try { return { code: await main(argv), out: out.join('\n') }; } finally { [console.log, console.error] = [log, err]; }
    };

    // unguarded items are allowed only as documented exceptions (e.g. bytecode's checks the keccak lookups imply)
    const summaryRow = (t: SoundnessTarget) => new RegExp(`\\| ${t.name} \\| ${t.family} \\| \\d+ \\| \\d+ \\| ${t.exceptions?.length ?? 0} \\| [\\d.]+% \\|.*\\| ok \\|`);

    it('--fast exits 0 and prints the summary table (two small circuits: the big ones ran above)', async () => {
      const { code, out } = await quiet(['--fast', '--corruptions', '50', '--no-report', '--circuit', 'fibonacci', 'is-zero']);
      expect(code).to.equal(0);
      for (const name of ['fibonacci', 'is-zero']) expect(out).to.match(summaryRow(findTargets([name])[0]));
      expect(out).to.include('| **overall** |');
    });

    it('the report of every registered circuit\'s fast run: one ok row each, the overall line', () => {
      const reports = registry.map((t) => fastReports.get(t.name)).filter((r): r is TargetReport => r !== undefined);
      expect(reports.length, 'run the whole file: the fast-mode tests above fill these').to.equal(registry.length);
      const md = renderReport(reports, { corruptions: FAST_CORRUPTIONS, seed: 1 });
      for (const t of registry) expect(md).to.match(summaryRow(t));
      expect(md).to.include('| **overall** |');
    });

    it('unknown circuits, bad numbers, --all with --circuit are usage errors (exit 2); --list lists, on-demand targets marked', async () => {
      expect((await quiet(['--circuit', 'nope', '--no-report'])).code).to.equal(2);
      expect((await quiet(['--corruptions', 'many'])).code).to.equal(2);
      expect((await quiet(['--all', '--circuit', 'pi'])).code).to.equal(2);
      const l = await quiet(['--list']);
      expect(l.code).to.equal(0);
      expect(l.out).to.include('fibonacci');
      expect(l.out).to.match(/smt-update +smt +\(on demand\)/);
      expect(() => findTargets(['nope'])).to.throw(/no circuit "nope"/);
    });

    it('row ranges', () => {
      expect(rowRanges([15, 3, 10, 11, 12, 4, 17])).to.equal('3–4, 10–12, 15, 17');
      expect(rowRanges([])).to.equal('');
    });
  });
});
