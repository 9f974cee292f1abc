import { checkSameLength, type Label } from './labels.ts';

export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  checkSameLength(yTrue, yPred, 'accuracy');
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

// sklearn's zero_division default: an undefined ratio counts as 0.
const ratio = (num: number, den: number): number => (den > 0 ? num / den : 0);

function forLabel(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, label: Label): PrecisionRecallF1 {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === label;
    const p = yPred[i] === label;
    if (t && p) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn) };
}

/**
 * Precision, recall and F1 as sklearn computes them. `average: 'binary'` scores the `positive`
 * label alone; `'macro'` is the unweighted mean over every label seen in yTrue or yPred.
 */
export function precisionRecallF1(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: { average?: 'binary' | 'macro'; positive?: Label } = {},
): PrecisionRecallF1 {
  const { average = 'binary', positive = 1 } = options;
  checkSameLength(yTrue, yPred, 'precision/recall/F1');
  if (average === 'binary') return forLabel(yTrue, yPred, positive);
  const labels = new Set<Label>();
  for (let i = 0; i < yTrue.length; i++) {
    labels.add(yTrue[i]);
    labels.add(yPred[i]);
  }
  const sum = { precision: 0, recall: 0, f1: 0 };
  for (const label of labels) {
    const r = forLabel(yTrue, yPred, label);
    sum.precision += r.precision;
    sum.recall += r.recall;
    sum.f1 += r.f1;
  }
  const k = labels.size;
  return { precision: sum.precision / k, recall: sum.recall / k, f1: sum.f1 / k };
}
