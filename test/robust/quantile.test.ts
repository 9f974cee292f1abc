import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianAbsDeviation } from '../../lib/robust/mad.ts';
import { median, quantile, quantileSorted } from '../../lib/robust/quantile.ts';

test('quantileSorted interpolates linearly between order statistics and hits the ends exactly', () => {
  const sorted = Float64Array.of(0.1, 0.2, 0.7, 10);
  assert.equal(quantileSorted(sorted, 0), 0.1);
  assert.equal(quantileSorted(sorted, 1), 10);
  assert.equal(quantileSorted(sorted, 1 / 3), 0.2);
  // Virtual index 1.5 lies halfway between 0.2 and 0.7.
  assert.ok(Math.abs(quantileSorted(sorted, 0.5) - 0.45) < 1e-15);
});

test('quantile and median skip NaN and sort for themselves; empty input is NaN, not an error', () => {
  const xs = [7, NaN, -1, 3, NaN, 5];
  assert.equal(median(xs), 4);
  assert.equal(quantile(xs, 0.25), quantileSorted(Float64Array.of(-1, 3, 5, 7), 0.25));
  assert.ok(Number.isNaN(median([NaN])));
  assert.ok(Number.isNaN(quantile([], 0.3)));
});

test('quantile levels outside [0, 1] and an empty sorted sample are errors that say so', () => {
  assert.throws(() => quantileSorted(Float64Array.of(1, 2), -0.1), /q must be in \[0, 1\], got -0.1/);
  assert.throws(() => quantile([], 2), /q must be in \[0, 1\], got 2/);
  assert.throws(() => quantileSorted(new Float64Array(0), 0.5), /empty sample/);
});

test('medianAbsDeviation around a given center and with a numeric scale', () => {
  const xs = [1, 2, 4, 8, NaN];
  // |x − 2| = 1, 0, 2, 6 → median 1.5.
  assert.equal(medianAbsDeviation(xs, 1, 2), 1.5);
  assert.equal(medianAbsDeviation(xs, 3, 2), 0.5);
  assert.ok(Number.isNaN(medianAbsDeviation([NaN])));
});
