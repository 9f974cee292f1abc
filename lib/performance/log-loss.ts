import { checkProbabilities, checkSameLength, toBinary, type Label } from './labels.ts';

const EPS = 2.220446049250313e-16; // float64 machine epsilon, sklearn's clip

/**
 * Binary log-loss as sklearn.metrics.log_loss with a 1-D positive-class probability: the class
 * probabilities [1 − p, p] are clipped to [eps, 1 − eps] before the logarithm.
 */
export function logLoss(yTrue: ArrayLike<Label>, probPositive: ArrayLike<number>, positive: Label = 1): number {
  checkSameLength(yTrue, probPositive, 'log-loss');
  checkProbabilities(probPositive, 'log-loss probabilities');
  const y = toBinary(yTrue, positive);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = y[i] === 1 ? probPositive[i] : 1 - probPositive[i];
    sum -= Math.log(Math.min(Math.max(p, EPS), 1 - EPS));
  }
  return sum / y.length;
}
