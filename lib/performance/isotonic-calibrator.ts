import { checkSameLength, toBinary, type Label } from './labels.ts';

/** A monotone map from raw score to probability: knots of a piecewise-linear function. */
export interface IsotonicCalibrator {
  v: 1;
  x: number[];
  y: number[];
}

/**
 * Fits P(positive | score) by isotonic regression (pool adjacent violators) on a labelled
 * reference, as sklearn's IsotonicRegression(out_of_bounds='clip'): rows with equal scores are
 * merged into their mean label weighted by count, PAV makes the means non-decreasing, and
 * `calibrate` interpolates linearly between the distinct scores and clips outside them.
 */
export function fitIsotonicCalibrator(scores: ArrayLike<number>, yTrue: ArrayLike<Label>, positive: Label = 1): IsotonicCalibrator {
  checkSameLength(scores, yTrue, 'isotonic calibration');
  const y = toBinary(yTrue, positive);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  for (const i of order) if (!Number.isFinite(scores[i])) throw new RangeError(`isotonic calibration: scores[${i}] is not finite`);
  // Distinct scores with their weights and mean labels.
  const xs: number[] = [];
  const w: number[] = [];
  const m: number[] = [];
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k]];
    let count = 0;
    let sum = 0;
    while (k < order.length && scores[order[k]] === s) {
      count++;
      sum += y[order[k]];
      k++;
    }
    xs.push(s);
    w.push(count);
    m.push(sum / count);
  }
  // PAV over blocks: each block holds a weighted mean and the number of distinct scores it covers.
  const blockMean: number[] = [];
  const blockWeight: number[] = [];
  const blockSize: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let mean = m[i];
    let weight = w[i];
    let size = 1;
    while (blockMean.length > 0 && blockMean[blockMean.length - 1] >= mean) {
      const pw = blockWeight.pop()!;
      const pm = blockMean.pop()!;
      size += blockSize.pop()!;
      mean = (pm * pw + mean * weight) / (pw + weight);
      weight += pw;
    }
    blockMean.push(mean);
    blockWeight.push(weight);
    blockSize.push(size);
  }
  const fitted: number[] = [];
  for (let b = 0; b < blockMean.length; b++) for (let k = 0; k < blockSize[b]; k++) fitted.push(blockMean[b]);
  return { v: 1, x: xs, y: fitted };
}

export function calibrate(calibrator: IsotonicCalibrator, score: number): number {
  const { x, y } = calibrator;
  if (score <= x[0]) return y[0];
  const last = x.length - 1;
  if (score >= x[last]) return y[last];
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  const t = (score - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

export function calibrateAll(calibrator: IsotonicCalibrator, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = calibrate(calibrator, scores[i]);
  return out;
}
