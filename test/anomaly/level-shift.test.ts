import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLevelShifts } from '../../lib/anomaly/level-shift.ts';
import { normalSeries } from './synthetic.ts';

test('stationary latency gives no shift; isolated spikes are not a level shift', () => {
  const lat = Array.from(normalSeries(13, 3000, 120, 10));
  assert.deepEqual(detectLevelShifts(lat), []);
  [400, 401, 1700, 2600].forEach((i) => (lat[i] = 900));
  assert.deepEqual(detectLevelShifts(lat), []);
});

test('a latency step is reported once, at the index where it starts', () => {
  const lat = Array.from(normalSeries(14, 3000, 120, 10), (x, i) => (i >= 1800 ? x + 30 : x));
  const found = detectLevelShifts(lat);
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => [f.index, f.score])));
  assert.ok(Math.abs(found[0].index - 1800) <= 2, `change point at ${found[0].index}`);
  assert.equal(found[0].direction, 'up');
  assert.ok(Math.abs(found[0].before - 120) < 5 && Math.abs(found[0].after - 150) < 5);
});

test('up and back down are two shifts; a 5% move is below the relevant size', () => {
  const lat = Array.from(normalSeries(15, 2000, 100, 3), (x, i) => (i >= 500 && i < 1200 ? x + 40 : x));
  assert.deepEqual(
    detectLevelShifts(lat).map((f) => [Math.abs(f.index - (f.direction === 'up' ? 500 : 1200)) <= 2, f.direction]),
    [[true, 'up'], [true, 'down']],
  );
  const small = Array.from(normalSeries(16, 2000, 100, 0.5), (x, i) => (i >= 1000 ? x + 5 : x));
  assert.deepEqual(detectLevelShifts(small), []);
  assert.equal(detectLevelShifts(small, { minRelativeShift: 0.01 }).length, 1);
});
