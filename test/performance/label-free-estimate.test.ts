import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Random } from '../../lib/abtest/random.ts';
import { classificationMetrics } from '../../lib/performance/classification-metrics.ts';
import { estimatePerformance } from '../../lib/performance/confidence-based-estimate.ts';
import { calibrate, calibrateAll, fitIsotonicCalibrator } from '../../lib/performance/isotonic-calibrator.ts';
import { assertClose } from '../abtest/close.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/performance/reference.json', import.meta.url), 'utf8'));

test('isotonic calibrator matches scipy.optimize.isotonic_regression with np.interp clipping', () => {
  const c = ref.isotonic[0];
  const cal = fitIsotonicCalibrator(c.scores, c.y_true);
  assert.equal(cal.x.length, c.x.length);
  cal.x.forEach((x, i) => assertClose(x, c.x[i], `knot ${i}`));
  cal.y.forEach((y, i) => assertClose(y, c.y[i], `fitted ${i}`, 1e-9, 1e-15));
  c.query.forEach((q: number, i: number) => assertClose(calibrate(cal, q), c.calibrated[i], `calibrate(${q})`, 1e-9, 1e-15));
});

test('expected confusion matrix and metrics match the reference', () => {
  const c = ref.cbpe[0];
  const r = estimatePerformance(c.probabilities);
  for (const k of ['tp', 'fp', 'fn', 'tn'] as const) assertClose(r.expected[k], c.expected[k], k);
  for (const k of ['accuracy', 'precision', 'recall', 'f1'] as const) assertClose(r[k], c.expected[k], k);
  assertClose(r.rocAuc, c.expected.roc_auc, 'expected roc auc');
});

// Scores from a Beta distribution; labels drawn from the scores themselves, so the scores are
// calibrated by construction.
function calibratedSample(rng: Random, n: number, a: number, b: number): { p: Float64Array; draw: () => Uint8Array } {
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = rng.beta(a, b);
  return { p, draw: () => Uint8Array.from(p, (pi) => (rng.uniform() < pi ? 1 : 0)) };
}

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const;

function realized(p: Float64Array, y: Uint8Array) {
  const yPred = Array.from(p, (pi) => (pi >= 0.5 ? 1 : 0));
  return classificationMetrics({ yTrue: Array.from(y), yPred, scores: p });
}

test('on a calibrated model the estimate is within sampling error of the realized metrics', () => {
  // With the scores fixed, each realized metric varies only through the Bernoulli labels. Its
  // spread σ is measured over R label draws; the estimate must lie within 4σ/√R of the mean
  // realized value (the estimate's own O(1/n) ratio bias is far below that) and within 4σ of
  // a single draw.
  const rng = new Random(2024);
  const { p, draw } = calibratedSample(rng, 3000, 2, 2);
  const est = estimatePerformance(p);
  const R = 150;
  const values: Record<string, number[]> = Object.fromEntries(METRICS.map((m) => [m, []]));
  for (let r = 0; r < R; r++) {
    const m = realized(p, draw());
    for (const k of METRICS) values[k].push(m[k] as number);
  }
  for (const k of METRICS) {
    const xs = values[k];
    const mean = xs.reduce((s, x) => s + x, 0) / R;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (R - 1));
    const e = est[k] as number;
    assert.ok(Math.abs(e - mean) <= (4 * sd) / Math.sqrt(R), `${k}: estimate ${e} vs mean realized ${mean} (σ ${sd})`);
    assert.ok(Math.abs(e - xs[0]) <= 4 * sd, `${k}: estimate ${e} vs one realized draw ${xs[0]}`);
  }
});

test('accuracy estimate tracks the analytic variance of a single label draw', () => {
  // Row i is correct with probability q_i = max(p_i, 1 − p_i), independently, so realized
  // accuracy has mean Σq/n (the estimate) and variance Σ q(1 − q)/n².
  const rng = new Random(77);
  const { p, draw } = calibratedSample(rng, 5000, 0.8, 0.8);
  const est = estimatePerformance(p);
  let v = 0;
  for (const pi of p) {
    const q = Math.max(pi, 1 - pi);
    v += q * (1 - q);
  }
  const sd = Math.sqrt(v) / p.length;
  const acc = realized(p, draw()).accuracy;
  assert.ok(Math.abs(est.accuracy - acc) <= 4 * sd, `estimate ${est.accuracy} vs realized ${acc} (σ ${sd})`);
});

test('a shift of scores toward 0.5 shows as estimated decay that matches the realized decay', () => {
  const rng = new Random(11);
  const reference = calibratedSample(rng, 4000, 0.6, 0.6); // confident scores
  const current = calibratedSample(rng, 4000, 4, 4); // scores bunched near 0.5
  const before = estimatePerformance(reference.p);
  const after = estimatePerformance(current.p);
  const realizedBefore = realized(reference.p, reference.draw());
  const realizedAfter = realized(current.p, current.draw());
  assert.ok(before.accuracy - after.accuracy > 0.15, `estimated accuracy ${before.accuracy} → ${after.accuracy}`);
  assert.ok(before.rocAuc! - after.rocAuc! > 0.1, `estimated AUC ${before.rocAuc} → ${after.rocAuc}`);
  // Each realized accuracy has σ ≤ 0.5/√4000 ≈ 0.008; their difference σ ≤ 0.012.
  const estimatedDrop = before.accuracy - after.accuracy;
  const realizedDrop = realizedBefore.accuracy - realizedAfter.accuracy;
  assert.ok(Math.abs(estimatedDrop - realizedDrop) < 0.045, `drop estimated ${estimatedDrop} vs realized ${realizedDrop}`);
});

test('isotonic calibration on a labelled reference fixes an overconfident model', () => {
  // The model's raw score overstates its confidence: the true probability is a flattened logit.
  const rng = new Random(5);
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const logit = (p: number) => Math.log(p / (1 - p));
  const make = (n: number) => {
    const raw = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      raw[i] = rng.beta(0.7, 0.7) * 0.998 + 0.001;
      y[i] = rng.uniform() < sigmoid(0.4 * logit(raw[i])) ? 1 : 0;
    }
    return { raw, y };
  };
  const ref = make(6000);
  const cur = make(4000);
  const cal = fitIsotonicCalibrator(ref.raw, Array.from(ref.y));
  const truth = realized(cur.raw, cur.y).accuracy;
  const naive = estimatePerformance(cur.raw).accuracy;
  const calibrated = estimatePerformance(calibrateAll(cal, cur.raw), { predictions: Array.from(cur.raw, (r) => r >= 0.5) }).accuracy;
  // σ of realized accuracy ≤ 0.5/√4000 ≈ 0.008; calibration adds a comparable error.
  assert.ok(naive - truth > 0.1, `uncalibrated estimate ${naive} should overstate realized ${truth}`);
  assert.ok(Math.abs(calibrated - truth) < 0.03, `calibrated estimate ${calibrated} vs realized ${truth}`);
});

test('estimate rejects bad input with clear messages', () => {
  assert.throws(() => estimatePerformance([]), /no rows/);
  assert.throws(() => estimatePerformance([0.2, 1.2]), /\[1\] must be a probability/);
  assert.throws(() => estimatePerformance([0.2], { predictions: [true, false] }), /2 predictions for 1/);
  assert.equal(estimatePerformance([1, 1]).rocAuc, null);
});
