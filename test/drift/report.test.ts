import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildDriftReport, type DatasetInput } from '../../lib/drift/report.ts';
import type { ColumnValues } from '../../lib/drift/column.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/drift/report.json', import.meta.url), 'utf8'));

function close(actual: unknown, expected: number, what: string, tol: number): void {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: got ${actual}, SciPy ${expected}`);
}

/** Numbers-only columns as Float64Array with NaN for null, as the file readers produce. */
function dataset(columns: Record<string, (number | string | boolean | null)[]>, version: string): DatasetInput {
  const out: Record<string, ColumnValues> = {};
  let rows = 0;
  for (const [name, values] of Object.entries(columns)) {
    rows = values.length;
    const numeric = values.every((v) => v === null || typeof v === 'number');
    out[name] = numeric ? Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) : values;
  }
  return { rows, version, columns: out };
}

test('report matches the SciPy reference report field by field', () => {
  const report = buildDriftReport(dataset(fixture.reference, 'ref-v'), dataset(fixture.current, 'cur-v'));
  const expected = fixture.expected;
  assert.deepEqual(report.reference, { rows: 300, version: 'ref-v' });
  assert.deepEqual(report.current, { rows: 260, version: 'cur-v' });
  assert.equal(report.share_drifted, expected.share_drifted);
  assert.equal(report.dataset_drift, expected.dataset_drift);
  assert.deepEqual(report.columns.map((c) => c.name), expected.columns.map((c: { name: string }) => c.name));
  for (const [i, e] of expected.columns.entries()) {
    const c = report.columns[i]!;
    assert.equal(c.error, undefined, `${e.name} has no error`);
    assert.equal(c.kind, e.kind, `${e.name} kind`);
    assert.equal(c.method, e.method, `${e.name} method`);
    assert.equal(c.threshold, e.threshold);
    assert.equal(c.drift, e.drift, `${e.name} drift`);
    close(c.p_value, e.p_value, `${e.name} p_value`, 1e-6);
    close(c.statistic, e.statistic, `${e.name} statistic`, 1e-9 * Math.abs(e.statistic));
    close(c.missing_share.reference, e.missing_share.reference, `${e.name} missing ref`, 1e-12);
    close(c.missing_share.current, e.missing_share.current, `${e.name} missing cur`, 1e-12);
    for (const m of ['psi', 'jensen_shannon', 'hellinger']) {
      close(c.metrics![m], e.metrics[m], `${e.name} ${m}`, 1e-9 * Math.abs(e.metrics[m]) + 1e-15);
    }
    if (e.metrics.wasserstein) {
      close(c.metrics!.wasserstein!.distance, e.metrics.wasserstein.distance, `${e.name} wasserstein`, 1e-9 * e.metrics.wasserstein.distance);
      close(c.metrics!.wasserstein!.normed, e.metrics.wasserstein.normed, `${e.name} normed`, 1e-9 * e.metrics.wasserstein.normed);
    }
  }
});

test('explanations say how a column moved', () => {
  const report = buildDriftReport(dataset(fixture.reference, 'a'), dataset(fixture.current, 'b'));
  const age = report.columns.find((c) => c.name === 'age')!.explanation as { mean_shift: number; mean_shift_std: number; summary: string };
  // The reference script draws age from N(40, 10) and the current one from N(46, 10).
  assert.ok(age.mean_shift > 3 && age.mean_shift < 9, `mean shift ${age.mean_shift}`);
  assert.ok(age.mean_shift_std > 0.3 && age.mean_shift_std < 0.9);
  assert.match(age.summary, /^mean .* → .*\(\+0\.\d\d std\)/);
  const plan = report.columns.find((c) => c.name === 'plan')!.explanation as { new_categories: string[]; vanished_categories: string[]; top_changes: { category: string }[] };
  assert.deepEqual(plan.new_categories, ['enterprise']);
  assert.deepEqual(plan.vanished_categories, []);
  assert.equal(plan.top_changes.length, 4);
});

function ramp(n: number, shift = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n + shift);
}

test('bad columns are reported with an error and leave the rest of the report intact', () => {
  const n = 50;
  const ref: DatasetInput = {
    rows: n,
    version: 'r',
    columns: {
      empty: new Float64Array(n).fill(NaN),
      mixed: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : i)),
      fine: ramp(n),
    },
  };
  const cur: DatasetInput = {
    rows: n,
    version: 'c',
    columns: { empty: ramp(n), mixed: Array.from({ length: n }, () => 'b'), fine: ramp(n, 0.5) },
  };
  const report = buildDriftReport(ref, cur);
  const byName = Object.fromEntries(report.columns.map((c) => [c.name, c]));
  assert.match(byName.empty!.error!, /reference has no non-null values/);
  assert.equal(byName.empty!.missing_share.reference, 1);
  assert.match(byName.mixed!.error!, /mixed value types \(number, string\)/);
  assert.equal(byName.fine!.error, undefined);
  assert.equal(byName.fine!.drift, true);
  // Only the column that could be tested counts.
  assert.equal(report.share_drifted, 1);
  assert.equal(report.dataset_drift, true);
});

test('few distinct numbers make a categorical column; booleans are categorical', () => {
  const n = 120;
  const ref: DatasetInput = { rows: n, version: 'r', columns: { grade: Float64Array.from({ length: n }, (_, i) => i % 5), flag: Array.from({ length: n }, (_, i) => i % 3 === 0) } };
  const cur: DatasetInput = { rows: n, version: 'c', columns: { grade: Float64Array.from({ length: n }, (_, i) => i % 5), flag: Array.from({ length: n }, (_, i) => i % 3 === 0) } };
  const report = buildDriftReport(ref, cur);
  for (const c of report.columns) {
    assert.equal(c.kind, 'categorical');
    assert.equal(c.method, 'chi2');
    assert.equal(c.statistic, 0);
    assert.equal(c.p_value, 1);
    assert.equal(c.drift, false);
  }
  assert.equal(report.dataset_drift, false);
});

test('above 100,000 values per side the defaults switch to distances', () => {
  const n = 100_001;
  const ref: DatasetInput = { rows: n, version: 'r', columns: { x: ramp(n), c: Array.from({ length: n }, (_, i) => `k${i % 4}`) } };
  const cur: DatasetInput = { rows: n, version: 'c', columns: { x: ramp(n, 0.01), c: Array.from({ length: n }, (_, i) => `k${i % 4}`) } };
  const report = buildDriftReport(ref, cur);
  const [x, c] = report.columns;
  assert.equal(x!.method, 'wasserstein');
  assert.equal(x!.threshold, 0.1);
  assert.equal(x!.statistic, x!.metrics!.wasserstein!.normed);
  assert.equal(x!.p_value, null);
  // A shift of 0.01 is tiny next to the ramp's spread (std ≈ 0.29): a p-value would flag it.
  assert.ok(x!.metrics!.ks!.p_value < 0.05);
  assert.equal(x!.drift, false);
  assert.equal(c!.method, 'jensen_shannon');
  assert.equal(c!.drift, false);
  // The switch point is configurable.
  const small = buildDriftReport(ref, cur, { largeSampleSize: 1e9, columns: ['x'] });
  assert.equal(small.columns[0]!.method, 'ks');
  assert.equal(small.columns[0]!.drift, true);
});

test('per-column method and threshold overrides, and the dataset share', () => {
  const n = 400;
  const ref: DatasetInput = { rows: n, version: 'r', columns: { a: ramp(n), b: ramp(n), c: ramp(n) } };
  const cur: DatasetInput = { rows: n, version: 'c', columns: { a: ramp(n, 0.2), b: ramp(n), c: ramp(n) } };
  const r1 = buildDriftReport(ref, cur, { methods: { a: 'psi', b: 'cramer_von_mises' }, thresholds: { a: 5 } });
  const a = r1.columns[0]!;
  assert.equal(a.method, 'psi');
  assert.equal(a.threshold, 5);
  assert.equal(a.statistic, a.metrics!.psi);
  assert.equal(a.drift, a.metrics!.psi >= 5);
  const b = r1.columns[1]!;
  assert.equal(b.method, 'cramer_von_mises');
  assert.equal(b.threshold, 0.05);
  assert.deepEqual(b.metrics!.cramer_von_mises, { statistic: b.statistic, p_value: b.p_value });
  const r2 = buildDriftReport(ref, cur, { datasetDriftShare: 0.3 });
  assert.equal(r2.share_drifted, 1 / 3);
  assert.equal(r2.dataset_drift, true);
  const r3 = buildDriftReport(ref, cur);
  assert.equal(r3.dataset_drift, false);
  assert.throws(() => buildDriftReport(ref, cur, { methods: { a: 'nope' } }), /unknown method "nope" for column "a"/);
  assert.throws(() => buildDriftReport(ref, cur, { columns: ['a', 'zz'] }), /"zz" \(not in reference\)/);
  const wrongKind = buildDriftReport(ref, cur, { methods: { a: 'chi2' } });
  assert.match(wrongKind.columns[0]!.error!, /method "chi2" does not apply to a numerical column/);
});

test('Bonferroni correction can only clear drift flags that raw p-values raised', () => {
  const n = 60;
  const cols = (shift: number) => Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`f${k}`, ramp(n, k === 0 ? shift : 0.04 * k * shift)]));
  const ref: DatasetInput = { rows: n, version: 'r', columns: cols(0) };
  const cur: DatasetInput = { rows: n, version: 'c', columns: cols(0.3) };
  const raw = buildDriftReport(ref, cur);
  const corrected = buildDriftReport(ref, cur, { correction: 'bonferroni' });
  for (const [i, c] of corrected.columns.entries()) {
    assert.equal(c.adjusted_p_value, Math.min(1, raw.columns[i]!.p_value! * 8));
    if (c.drift) assert.ok(raw.columns[i]!.drift);
  }
});
