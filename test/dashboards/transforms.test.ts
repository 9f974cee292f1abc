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
