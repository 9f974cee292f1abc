import { checkSameLength, toBinary, type Label } from './labels.ts';

/**
 * Area under the ROC curve when each row carries a positive and a negative weight (1/0 for a
 * labelled row, p/1−p for an expected one). Rows are grouped by distinct score, so tied scores
 * form one diagonal step, and the curve is integrated by trapezoids from (0, 0): this is
 * sklearn's roc_auc_score and equals the Mann–Whitney U / (n1·n0).
 */
export function weightedRocAuc(scores: ArrayLike<number>, positiveWeight: ArrayLike<number>, negativeWeight: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let totalPos = 0;
  let totalNeg = 0;
  for (let i = 0; i < n; i++) {
    totalPos += positiveWeight[i];
    totalNeg += negativeWeight[i];
  }
  if (!(totalPos > 0 && totalNeg > 0)) return NaN;
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let k = 0; k < n; ) {
    const s = scores[order[k]];
    const prevTp = tp;
    const prevFp = fp;
    while (k < n && scores[order[k]] === s) {
      tp += positiveWeight[order[k]];
      fp += negativeWeight[order[k]];
      k++;
    }
    area += (fp - prevFp) * (tp + prevTp);
  }
  return area / (2 * totalPos * totalNeg);
}

/** Binary ROC-AUC of `scores` for the `positive` label; throws when only one class is present. */
export function rocAuc(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, positive: Label = 1): number {
  checkSameLength(yTrue, scores, 'ROC-AUC');
  for (let i = 0; i < scores.length; i++) if (Number.isNaN(scores[i])) throw new RangeError(`ROC-AUC: scores[${i}] is NaN`);
  const pos = toBinary(yTrue, positive);
  const neg = pos.map((v) => 1 - v);
  const auc = weightedRocAuc(scores, pos, neg);
  if (Number.isNaN(auc)) throw new RangeError('ROC-AUC is undefined when only one class is present in yTrue');
  return auc;
}

