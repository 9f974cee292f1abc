import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { calibrationReport } from '../../lib/performance/calibration.ts';
import { accuracy, precisionRecallF1 } from '../../lib/performance/classification.ts';
import { classificationMetrics } from '../../lib/performance/classification-metrics.ts';
import { logLoss } from '../../lib/performance/log-loss.ts';
import { regressionMetrics } from '../../lib/performance/regression.ts';
import { rocAuc } from '../../lib/performance/roc-auc.ts';
import { assertClose } from '../abtest/close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/performance/reference.json', import.meta.url), 'utf8'));

test('binary accuracy, precision, recall and F1 match the sklearn formulas', () => {
  for (const [i, c] of ref.binary.entries()) {
    assertClose(accuracy(c.y_true, c.y_pred), c.expected.accuracy, `case ${i} accuracy`);
    const r = precisionRecallF1(c.y_true, c.y_pred, { positive: 1 });
    assertClose(r.precision, c.expected.precision, `case ${i} precision`);
    assertClose(r.recall, c.expected.recall, `case ${i} recall`);
    assertClose(r.f1, c.expected.f1, `case ${i} f1`);
  }
});

test('macro precision/recall/F1 average over every label seen, a never-true label scoring 0', () => {
  const c = ref.multiclass[0];
  const r = precisionRecallF1(c.y_true, c.y_pred, { average: 'macro' });
  assertClose(r.precision, c.expected.precision, 'macro precision');
  assertClose(r.recall, c.expected.recall, 'macro recall');
  assertClose(r.f1, c.expected.f1, 'macro f1');
  assertClose(accuracy(c.y_true, c.y_pred), c.expected.accuracy, 'multiclass accuracy');
});

test('ROC-AUC matches the tie-aware trapezoid and Mann–Whitney U/(n1·n0)', () => {
  for (const [i, c] of ref.binary.entries()) {
    const auc = rocAuc(c.y_true, c.scores);
    assertClose(auc, c.expected.roc_auc, `case ${i} trapezoid`);
    assertClose(auc, c.expected.roc_auc_mwu, `case ${i} Mann–Whitney`);
  }
  assert.throws(() => rocAuc([1, 1], [0.2, 0.3]), /only one class/);
});

test('ROC-AUC handles string labels and is invariant to a monotone transform of scores', () => {
  const c = ref.binary[0];
  const labels = c.y_true.map((v: number) => (v === 1 ? 'churn' : 'stay'));
  const squashed = c.scores.map((s: number) => Math.exp(3 * s));
  assertClose(rocAuc(labels, squashed, 'churn'), c.expected.roc_auc, 'string labels');
});

test('log-loss matches sklearn with eps clipping of 0 and 1', () => {
  for (const [i, c] of ref.binary.entries()) assertClose(logLoss(c.y_true, c.scores), c.expected.log_loss, `case ${i}`);
  assertClose(logLoss([1, 0], [0, 1]), -Math.log(2.220446049250313e-16), 'fully wrong and certain');
  assert.throws(() => logLoss([1], [1.5]), /\[0, 1\]/);
});

test('expected calibration error and reliability table match the 10-bin definition', () => {
  for (const [i, c] of ref.binary.entries()) {
    const r = calibrationReport(c.y_true, c.scores);
    assertClose(r.ece, c.expected.ece, `case ${i} ece`);
    assert.equal(r.bins.length, 10);
    for (const [b, bin] of r.bins.entries()) {
      const e = c.expected.reliability[b];
      assert.equal(bin.count, e.count, `case ${i} bin ${b} count`);
      assertClose(bin.meanPredicted, e.mean_predicted, `case ${i} bin ${b} mean predicted`);
      assertClose(bin.fractionPositive, e.fraction_positive, `case ${i} bin ${b} fraction positive`);
    }
  }
});

test('regression MAE, RMSE, MAPE (eps floor at y = 0) and R² match sklearn', () => {
  for (const [i, c] of ref.regression.entries()) {
    const r = regressionMetrics(c.y_true, c.y_pred);
    for (const k of ['mae', 'rmse', 'mape', 'r2'] as const) assertClose(r[k], c.expected[k], `case ${i} ${k}`);
  }
  assert.equal(regressionMetrics([3, 3], [3, 3]).r2, 1);
  assert.equal(regressionMetrics([3, 3], [3, 4]).r2, 0);
});

test('classificationMetrics bundles all metrics and leaves score metrics null without scores', () => {
  const c = ref.binary[1];
  const all = classificationMetrics({ yTrue: c.y_true, yPred: c.y_pred, scores: c.scores });
  assertClose(all.rocAuc, c.expected.roc_auc, 'bundled auc');
  assertClose(all.logLoss, c.expected.log_loss, 'bundled log-loss');
  assert.equal(all.count, c.y_true.length);
  const bare = classificationMetrics({ yTrue: c.y_true, yPred: c.y_pred });
  assert.equal(bare.rocAuc, null);
  assert.equal(bare.ece, null);
});
