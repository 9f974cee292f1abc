import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnChunkThreshold, outsideThreshold, sizeChunks, thresholdFromChunkValues } from '../../lib/detectors/chunk-thresholds.ts';

test('size-based chunks handle the incomplete tail three ways', () => {
  assert.deepEqual(sizeChunks(10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(sizeChunks(10, 4, 'drop'), [[0, 4], [4, 8]]);
  assert.deepEqual(sizeChunks(10, 4, 'append'), [[0, 4], [4, 10]]);
  assert.deepEqual(sizeChunks(8, 4, 'drop'), [[0, 4], [4, 8]]);
  assert.throws(() => sizeChunks(8, 0), /positive integer/);
});

test('mean ± k·std with the population std, clamped to limits', () => {
  // values 1, 2, 3, 4: mean 2.5, population variance 1.25
  const t = thresholdFromChunkValues([1, 2, 3, 4], { lowerLimit: 0 });
  assert.equal(t.mean, 2.5);
  assert.ok(Math.abs(t.std - Math.sqrt(1.25)) < 1e-15);
  assert.equal(t.lower, 0); // 2.5 − 3·1.118 < 0, clamped
  assert.ok(Math.abs(t.upper - (2.5 + 3 * Math.sqrt(1.25))) < 1e-12);
  const asym = thresholdFromChunkValues([1, 2, 3, 4], { lowerMultiplier: 1, upperMultiplier: 2 });
  assert.ok(Math.abs(asym.lower - (2.5 - Math.sqrt(1.25))) < 1e-12);
  assert.ok(outsideThreshold(10, t) && !outsideThreshold(2, t));
});

test('learns from any per-chunk statistic over row offsets', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i % 10);
  const t = learnChunkThreshold(xs.length + 5, 10, (s, e) => Math.max(...xs.slice(s, e)));
  // Each complete chunk's maximum is 9; the 5-row tail is dropped by default.
  assert.deepEqual(t.values, Array(10).fill(9));
  assert.deepEqual([t.mean, t.std, t.lower, t.upper], [9, 0, 9, 9]);
  assert.throws(() => learnChunkThreshold(15, 10, () => 0), /at least 2 reference chunks/);
});
