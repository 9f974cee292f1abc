import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectVolumeAnomalies } from '../../lib/anomaly/volume-anomaly.ts';
import { poissonUpperTail } from '../../lib/anomaly/poisson-tail.ts';
import { seededPoisson } from './synthetic.ts';

test('sparse counts: a usually silent template does not alert on a couple of lines', () => {
  const counts = [0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 3, 0, 0, 2, 0, 0, 4, 0];
  assert.deepEqual(detectVolumeAnomalies(counts), []);
  // …but a burst of 12 at a rate of ~0.5 is far beyond Poisson noise.
  const burst = [...counts, 12];
  const [a] = detectVolumeAnomalies(burst);
  assert.equal(a.index, counts.length);
  assert.equal(a.expected, 0);
  assert.ok(Math.abs(a.pValue - poissonUpperTail(12, 0.5)) < 1e-20);
  assert.ok(Math.abs(a.score - 12 / Math.sqrt(0.5)) < 1e-12);
});

test('stationary Poisson counts give almost no anomalies; spikes and a drop are found at their index', () => {
  const draw = seededPoisson(42);
  const counts = Array.from({ length: 3000 }, () => draw(40));
  assert.ok(detectVolumeAnomalies(counts).length <= 1);
  counts[800] = 120;
  counts[1900] = 95;
  counts[2500] = 5;
  const found = detectVolumeAnomalies(counts);
  assert.deepEqual(found.map((a) => [a.index, a.direction]), [[800, 'up'], [1900, 'up'], [2500, 'down']]);
  assert.ok(found.every((a) => a.expected >= 37 && a.expected <= 43 && a.pValue < 1e-4));
});

test('a drop to zero from a tiny rate is ordinary, from a busy rate it is not', () => {
  assert.deepEqual(detectVolumeAnomalies([...new Array(30).fill(2), 0]), []);
  const busy = detectVolumeAnomalies([...new Array(30).fill(50), 0]);
  assert.deepEqual(busy.map((a) => [a.index, a.direction]), [[30, 'down']]);
});
