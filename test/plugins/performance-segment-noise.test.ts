// Segment shortfalls are findings only when larger than the margin plus the metric's sampling
// noise over the rows it is computed from (predicted positives for precision, actual ones for recall).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beyondNoise, countsOf } from '../../plugins/performance/segment-noise.ts';

test('a precision gap over a handful of predicted positives is noise; the same gap over thousands is not', () => {
  const gap = { metric: 'precision', value: 0.611, overall: 0.679 };
  assert.equal(beyondNoise(gap, { rows: 191, predictedPositive: 18, actualPositive: 40 }, 0.05), false);
  assert.equal(beyondNoise(gap, { rows: 20_000, predictedPositive: 5_000, actualPositive: 6_000 }, 0.05), true);
});

test('the bound is margin + 2.326 binomial standard errors at the overall value', () => {
  // accuracy over 72 rows: 0.05 + 2.326·sqrt(0.775·0.225/72) = 0.1650
  const counts = { rows: 72, predictedPositive: 10, actualPositive: 30 };
  assert.equal(beyondNoise({ metric: 'accuracy', value: 0.775 - 0.166, overall: 0.775 }, counts, 0.05), true);
  assert.equal(beyondNoise({ metric: 'accuracy', value: 0.775 - 0.164, overall: 0.775 }, counts, 0.05), false);
  // recall is estimated from the 30 actual positives: 0.05 + 2.326·sqrt(0.3·0.7/30) = 0.2446
  assert.equal(beyondNoise({ metric: 'recall', value: 0.3 - 0.24, overall: 0.3 }, counts, 0.05), false);
  assert.equal(beyondNoise({ metric: 'recall', value: 0.3 - 0.25, overall: 0.3 }, counts, 0.05), true);
  // no predicted positives: precision says nothing
  assert.equal(beyondNoise({ metric: 'precision', value: 0, overall: 0.7 }, { rows: 100, predictedPositive: 0, actualPositive: 20 }, 0.05), false);
  // relative-margin metrics are left as the breakdown judged them
  assert.equal(beyondNoise({ metric: 'logLoss', value: 0.7, overall: 0.5 }, counts, 0.05), true);
});

test('counts are taken over the segment rows only', () => {
  const yTrue = [1, 0, 1, 1, 0, 0];
  const yPred = [1, 1, 0, 1, 0, 1];
  assert.deepEqual(countsOf(yTrue, yPred, 1, [0, 1, 2]), { rows: 3, predictedPositive: 2, actualPositive: 2 });
  assert.deepEqual(countsOf(yTrue, yPred, 1, [4, 5]), { rows: 2, predictedPositive: 1, actualPositive: 0 });
});
