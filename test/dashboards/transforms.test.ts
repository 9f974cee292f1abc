// The dashboards' pure transforms, run in Node: a missing bucket breaks the line instead of
// drawing across it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a browser module in plain JavaScript, without type declarations
import { transform, withGaps } from '../../dashboards/client/transforms.js';

test('a step longer than one and a half buckets gets a point of nulls; steady steps stay as they are', () => {
  const view = { kind: 'xy', x: [0, 60, 120, 400, 460], series: [{ label: 'a', values: [1, 2, 3, 4, 5] }] };
  const gapped = withGaps(view, 60);
  assert.deepEqual(gapped.x, [0, 60, 120, 180, 400, 460]);
  assert.deepEqual(gapped.series[0].values, [1, 2, 3, null, 4, 5]);
  // Without a bucket size the shortest step stands in for it.
  assert.deepEqual(withGaps(view, undefined).x, gapped.x);
  const steady = { kind: 'xy', x: [0, 60, 120], series: [{ label: 'a', values: [1, 2, 3] }] };
  assert.deepEqual(withGaps(steady, 60), steady);
});

test('the prediction-volume pivot breaks at a quiet stretch', () => {
  const panel = { id: 'v', transform: { kind: 'pivot', rows: 'rows', x: 'ts', series: 'version', value: 'count', fill: 0 } };
  const rows = [0, 60_000, 600_000].map((ts) => ({ ts, version: 'v1', count: 5 }));
  const view = transform(panel, { bucket_seconds: 60, rows }, null);
  assert.deepEqual(view.x, [0, 60, 120, 600]);
  assert.deepEqual(view.series[0].values, [5, 5, null, 5]);
});

test('performance bands: realized and estimated accuracy with ±3 standard errors of a proportion on each window', () => {
  const panel = { id: 'p', transform: { kind: 'performance-bands', metrics: ['accuracy', 'mae'] } };
  const rows = [
    { kind: 'performance.realized', createdAt: '2026-01-01T00:00:00Z', payload: { window: { rows: 100 }, overall: { accuracy: 0.8 } } },
    { kind: 'performance.estimated', createdAt: '2026-01-01T00:01:00Z', payload: { window: { rows: 400 }, estimate: { accuracy: 0.9 } } },
    { kind: 'performance.segment', createdAt: '2026-01-01T00:02:00Z', payload: {} },
  ];
  const view = transform(panel, rows, null);
  assert.deepEqual(view.x, [Date.parse('2026-01-01T00:00:00Z') / 1000, Date.parse('2026-01-01T00:01:00Z') / 1000]);
  assert.deepEqual(view.series.map((s: { label: string }) => s.label), ['realized accuracy', 'realized +3σ', 'realized −3σ', 'estimated accuracy', 'estimated +3σ', 'estimated −3σ']);
  const se = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(view.series[1].values[0] - (0.8 + 3 * se(0.8, 100))) < 1e-12);
  assert.ok(Math.abs(view.series[2].values[0] - (0.8 - 3 * se(0.8, 100))) < 1e-12);
  assert.equal(view.series[1].values[1], null, 'the realized band has no point where only an estimate exists');
  assert.ok(Math.abs(view.series[4].values[1] - (0.9 + 3 * se(0.9, 400))) < 1e-12);
  assert.deepEqual(view.bands, [{ upper: 1, lower: 2, fill: '#2563eb26' }, { upper: 4, lower: 5, fill: '#d9770626' }]);
  // A regression model's mae is drawn without a band (no proportion), and nothing at all is null.
  const mae = transform(panel, [{ kind: 'performance.realized', createdAt: 0, payload: { window: { rows: 50 }, overall: { mae: 2.5 } } }], null);
  assert.deepEqual(mae.series.map((s: { label: string }) => s.label), ['realized mae']);
  assert.equal(transform(panel, [{ kind: 'performance.segment', createdAt: 0, payload: {} }], null), null);
});

test('the drift drill-down follows one feature: newest distributions, p-values in decades against the threshold, missing share', () => {
  const panel = { id: 'd', transform: { kind: 'drift-heatmap' } };
  const col = (p: number, drift: boolean) => ({ name: 'age', method: 'ks', statistic: 0.3, p_value: p, threshold: 0.05, drift, missing_share: { reference: 0, current: 0.25 } });
  const rows = [
    { createdAt: 2000, payload: { report: { columns: [col(1e-40, true), { name: 'plan', method: 'psi', statistic: 0.02, p_value: null, threshold: 0.1, drift: false }] } } },
    { createdAt: 1000, payload: { report: { columns: [col(0.5, false)] }, distributions: { age: { kind: 'numeric', labels: ['0', '10'], reference: [0.5, 0.5], current: [0.2, 0.8] } } } },
  ];
  const view = transform(panel, rows, null);
  assert.deepEqual(view.rows, ['age', 'plan'], 'drifted features first');
  const d = view.detail('age');
  assert.equal(d.drift, true);
  assert.deepEqual(d.missing, { reference: 0, current: 0.25 });
  assert.deepEqual(d.over.x, [1, 2]);
  assert.equal(d.over.log10, true);
  assert.deepEqual(d.over.series[0].values, [Math.log10(0.5), -30], 'a p-value below 1e-30 is drawn at 1e-30');
  assert.deepEqual(d.over.series[1].values, [Math.log10(0.05), Math.log10(0.05)]);
  // The newest run kept no distributions: the drill-down shows the newest one that did.
  assert.deepEqual(d.distribution.series.map((s: { values: number[] }) => s.values), [[0.5, 0.5], [0.2, 0.8]]);
  assert.equal(d.distribution.at, 1000);
  const psi = view.detail('plan');
  assert.equal(psi.over.log10, false);
  assert.deepEqual(psi.over.series[0].values, [0.02]);
  assert.equal(view.detail('nothing'), null);
});

test('metric anomalies are grouped by series, the busiest first, each keeping its anomalies in time', () => {
  const panel = { id: 'm', transform: { kind: 'metric-anomalies', top: 2 } };
  const f = (series: string, bucket: number, observed: number) => ({ kind: 'metrics.anomaly', ts: bucket + 5, labels: { metric: series.split('{')[0], series }, details: { labels: { s: series }, bucket_start: bucket, observed, expected: 1 } });
  const view = transform(panel, [f('a{s="1"}', 1000, 5), f('b{s="2"}', 2000, 7), f('b{s="2"}', 3000, 8), f('c{s="3"}', 4000, 9)], null);
  assert.deepEqual(view.series.map((s: { key: string }) => s.key), ['b{s="2"}', 'c{s="3"}'], 'two anomalies first, then the newest single one');
  assert.deepEqual(view.series[0].anomalies.map((a: { x: number; observed: number }) => [a.x, a.observed]), [[2, 7], [3, 8]]);
  assert.equal(view.series[0].name, 'b');
  assert.deepEqual(view.series[0].labels, { s: 'b{s="2"}' });
  assert.equal(transform(panel, [], null), null);
});
