import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageHinkley } from '../../lib/detectors/page-hinkley.ts';
import { normalSeries } from '../anomaly/synthetic.ts';

test('hand-computed statistic on a short stream', () => {
  const ph = new PageHinkley({ delta: 0.5, lambda: 3, alpha: 1, minInstances: 1 });
  // x=1: mean 1, m = 1-1-0.5 = -0.5, M = -0.5, stat 0
  assert.equal(ph.update(1).statistic, 0);
  // x=1: mean 1, m = -1, M = -1, stat 0
  assert.equal(ph.update(1).statistic, 0);
  // x=7: mean 3, m = -1 + 7-3-0.5 = 2.5, M = -1, stat 3.5 > 3 → change upward
  const r = ph.update(7);
  assert.deepEqual(r, { change: true, direction: 'up', statistic: 3.5 });
  assert.equal(ph.count, 0, 'restarts after a change');
});

test('downward shifts only count when asked for', () => {
  const stream = [5, 5, 5, 5, -3];
  const up = new PageHinkley({ delta: 0, lambda: 5, alpha: 1, minInstances: 1 });
  const both = new PageHinkley({ delta: 0, lambda: 5, alpha: 1, minInstances: 1, direction: 'both' });
  const upHits = stream.map((x) => up.update(x).change);
  const bothRes = stream.map((x) => both.update(x));
  assert.deepEqual(upHits, [false, false, false, false, false]);
  // mean after -3 is 3.4; down sum = 3.4 - (-3) = 6.4 > 5
  assert.equal(bothRes[4].change, true);
  assert.equal(bothRes[4].direction, 'down');
  assert.ok(Math.abs(bothRes[4].statistic - 6.4) < 1e-12);
});

test('minInstances holds back an early alarm', () => {
  const ph = new PageHinkley({ delta: 0, lambda: 1, alpha: 1, minInstances: 4 });
  assert.equal(ph.update(0).change, false);
  assert.equal(ph.update(10).change, false); // statistic 5 > 1 but only 2 seen
  assert.equal(ph.update(10).change, false);
  assert.equal(ph.update(10).change, true);
});

test('no false alarm on a long stationary stream', () => {
  const ph = new PageHinkley({ direction: 'both' });
  const xs = normalSeries(7, 100_000, 0.2, 0.05);
  let alarms = 0;
  for (const x of xs) if (ph.update(x).change) alarms++;
  assert.equal(alarms, 0);
});

test('detects an abrupt mean shift within a short delay', () => {
  const ph = new PageHinkley({ delta: 0.25, lambda: 10 });
  const xs = [...normalSeries(11, 5000, 0, 0.5), ...normalSeries(12, 2000, 1, 0.5)];
  const hits: number[] = [];
  xs.forEach((x, i) => ph.update(x).change && hits.push(i));
  assert.equal(hits.filter((i) => i < 5000).length, 0, `false alarms at ${hits}`);
  assert.ok(hits.length >= 1 && hits[0] >= 5000 && hits[0] < 5050, `first detection at ${hits[0]}`);
});

test('state round-trips through JSON and continues identically', () => {
  const xs = normalSeries(3, 500, 0, 1);
  const a = new PageHinkley({ direction: 'both', lambda: 8 });
  xs.slice(0, 250).forEach((x) => a.update(x));
  const b = PageHinkley.fromJSON(JSON.parse(JSON.stringify(a)));
  for (const x of xs.slice(250)) assert.deepEqual(b.update(x), a.update(x));
  assert.throws(() => PageHinkley.fromJSON({ ...a.toJSON(), v: 2 }), /version 2/);
  assert.throws(() => PageHinkley.fromJSON({ ...a.toJSON(), kind: 'ddm' }), /kind ddm/);
});
