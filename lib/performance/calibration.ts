import { checkProbabilities, checkSameLength, toBinary, type Label } from './labels.ts';

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted positive-class probability in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Observed share of positives in the bin; null when the bin is empty. */
  fractionPositive: number | null;
}

export interface CalibrationReport {
  /** Expected calibration error: Σ_b (n_b / N)·|fractionPositive_b − meanPredicted_b|. */
  ece: number;
  bins: ReliabilityBin[];
}

/**
 * Expected calibration error of a binary classifier's positive-class probability, with
 * `bins` equal-width bins on [0, 1]: bin k holds k/bins ≤ p < (k+1)/bins, and p = 1 falls in
 * the last bin. Empty bins weigh nothing. The bins double as the reliability table.
 */
export function calibrationReport(yTrue: ArrayLike<Label>, probPositive: ArrayLike<number>, positive: Label = 1, bins = 10): CalibrationReport {
  checkSameLength(yTrue, probPositive, 'calibration');
  checkProbabilities(probPositive, 'calibration probabilities');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const y = toBinary(yTrue, positive);
  const edges = Array.from({ length: bins + 1 }, (_, k) => k / bins);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const p = probPositive[i];
    // Compare with the edges themselves so that a value on an edge lands to its right exactly.
    let b = Math.min(Math.floor(p * bins), bins - 1);
    if (p < edges[b]) b--;
    else if (b + 1 < bins && p >= edges[b + 1]) b++;
    count[b]++;
    sumP[b] += p;
    sumY[b] += y[i];
  }
  let ece = 0;
  const table: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b];
    const meanPredicted = n > 0 ? sumP[b] / n : null;
    const fractionPositive = n > 0 ? sumY[b] / n : null;
    if (n > 0) ece += (n / y.length) * Math.abs(fractionPositive! - meanPredicted!);
    table.push({ lower: edges[b], upper: edges[b + 1], count: n, meanPredicted, fractionPositive });
  }
  return { ece, bins: table };
}
