import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRobustZ, robustBaseline, robustZ } from '../../lib/anomaly/robust-zscore.ts';
import { normalSeries } from './synthetic.ts';

test('hand-computed score with its expected value and band', () => {
  // Baseline 1..9: median 5, MAD 2 → scale 2·1.4826 = 2.9652
  const b = robustBaseline([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(b.median, 5);
  assert.ok(Math.abs(b.scale - 2 / 0.6744897501960817) < 1e-12);
  const [a] = detectRobustZ([1, 2, 3, 4, 5, 6, 7, 8, 9, 30], { minHistory: 9 });
  assert.equal(a.index, 9);
  assert.equal(a.expected, 5);
  assert.equal(a.observed, 30);
  assert.ok(Math.abs(a.score - 25 / b.scale) < 1e-12);
  assert.ok(Math.abs(a.upper - (5 + 3.5 * b.scale)) < 1e-12);
  assert.equal(a.direction, 'up');
});

test('stationary noise gives almost no anomalies; injected spikes are found at their index', () => {
  const xs = normalSeries(101, 5000, 50, 4);
  const quiet = detectRobustZ(xs, { threshold: 5 });
  assert.ok(quiet.length <= 2, `${quiet.length} false anomalies`);
  const spiked = Float64Array.from(xs);
  const spikes = [700, 2100, 4321];
  spikes.forEach((i) => (spiked[i] += 40));
  spiked[3000] -= 40;
  const found = detectRobustZ(spiked, { threshold: 5 });
  assert.deepEqual(found.map((a) => a.index), [...spikes.slice(0, 2), 3000, 4321]);
  assert.deepEqual(found.map((a) => a.direction), ['up', 'up', 'down', 'up']);
  assert.ok(found.every((a) => Math.abs(a.expected - 50) < 2));
});

test('a flat series does not explode, yet a real move off it is caught', () => {
  const flat = new Array(100).fill(200);
  assert.equal(detectRobustZ(flat).length, 0);
  assert.equal(robustZ(200, robustBaseline(flat)), 0);
  const wobble = [...flat.slice(0, 60), 200.5, ...flat.slice(61)];
  assert.equal(detectRobustZ(wobble).length, 0, 'a 0.25% wobble stays quiet');
  const moved = [...flat.slice(0, 60), 260, ...flat.slice(61)];
  const found = detectRobustZ(moved);
  assert.deepEqual(found.map((a) => a.index), [60]);
  assert.equal(found[0].score, 30); // (260 − 200) / (1% of 200)
  const zeros = [...new Array(50).fill(0), 3];
  assert.deepEqual(detectRobustZ(zeros).map((a) => a.index), [50]);
});
