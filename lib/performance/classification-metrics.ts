import { calibrationReport } from './calibration.ts';
import { accuracy, precisionRecallF1 } from './classification.ts';
import { checkSameLength, toBinary, type Label } from './labels.ts';
import { logLoss } from './log-loss.ts';
import { weightedRocAuc } from './roc-auc.ts';

export interface ClassificationInput {
  yTrue: ArrayLike<Label>;
  yPred: ArrayLike<Label>;
  /** Positive-class probability per row (binary only); enables ROC-AUC, log-loss and ECE. */
  scores?: ArrayLike<number>;
  positive?: Label;
  average?: 'binary' | 'macro';
}

export interface ClassificationMetrics {
  [metric: string]: number | null;
  count: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** null without scores, or when only one class is present. */
  rocAuc: number | null;
  logLoss: number | null;
  ece: number | null;
}

/** Every classification metric Sidewatch reports, for one set of rows. */
export function classificationMetrics(input: ClassificationInput): ClassificationMetrics {
  const { yTrue, yPred, scores, positive = 1, average = 'binary' } = input;
  checkSameLength(yTrue, yPred, 'classification metrics');
  const prf = precisionRecallF1(yTrue, yPred, { average, positive });
  const out: ClassificationMetrics = {
    count: yTrue.length,
    accuracy: accuracy(yTrue, yPred),
    ...prf,
    rocAuc: null,
    logLoss: null,
    ece: null,
  };
  if (scores && average === 'binary') {
    checkSameLength(yTrue, scores, 'classification scores');
    const pos = toBinary(yTrue, positive);
    const auc = weightedRocAuc(scores, pos, pos.map((v) => 1 - v));
    out.rocAuc = Number.isNaN(auc) ? null : auc;
    out.logLoss = logLoss(yTrue, scores, positive);
    out.ece = calibrationReport(yTrue, scores, positive).ece;
  }
  return out;
}
