import { checkProbabilities } from './labels.ts';
import { weightedRocAuc } from './roc-auc.ts';

export interface ExpectedConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface PerformanceEstimate {
  count: number;
  expected: ExpectedConfusion;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** null when every probability is 0 or every one is 1 (one expected class only). */
  rocAuc: number | null;
}

/**
 * Label-free performance estimate of a binary classifier (confidence-based performance
 * estimation, as NannyML's CBPE). If the probabilities are calibrated, row i is positive with
 * probability p_i, so the expected confusion matrix is TP = Σ_{ŷ=1} p, FP = Σ_{ŷ=1} (1 − p),
 * FN = Σ_{ŷ=0} p, TN = Σ_{ŷ=0} (1 − p), and the metrics follow from it. Expected ROC-AUC weighs
 * each row as p positive and 1 − p negative on the ROC curve of the same probabilities (with
 * the origin included, which NannyML's curve omits).
 *
 * `probabilities` must be calibrated (see fitIsotonicCalibrator); `predictions` are the model's
 * binary decisions, by default p ≥ threshold.
 */
export function estimatePerformance(
  probabilities: ArrayLike<number>,
  options: { predictions?: ArrayLike<boolean | 0 | 1>; threshold?: number } = {},
): PerformanceEstimate {
  const { predictions, threshold = 0.5 } = options;
  const n = probabilities.length;
  if (n === 0) throw new RangeError('performance estimate: no rows');
  checkProbabilities(probabilities, 'performance estimate probabilities');
  if (predictions && predictions.length !== n) throw new RangeError(`performance estimate: ${predictions.length} predictions for ${n} probabilities`);
  const e: ExpectedConfusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const negative = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    negative[i] = 1 - p;
    const predictedPositive = predictions ? Boolean(predictions[i]) : p >= threshold;
    if (predictedPositive) {
      e.tp += p;
      e.fp += 1 - p;
    } else {
      e.fn += p;
      e.tn += 1 - p;
    }
  }
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
  const auc = weightedRocAuc(probabilities, probabilities, negative);
  return {
    count: n,
    expected: e,
    accuracy: (e.tp + e.tn) / n,
    precision: ratio(e.tp, e.tp + e.fp),
    recall: ratio(e.tp, e.tp + e.fn),
    f1: ratio(2 * e.tp, 2 * e.tp + e.fp + e.fn),
    rocAuc: Number.isNaN(auc) ? null : auc,
  };
}
