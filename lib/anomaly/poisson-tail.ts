// Poisson tail probabilities through the regularised incomplete gamma function, so that count
// anomalies can be judged by how unlikely a count is at the expected rate: for tiny rates a jump
// from 0 to 2 is ordinary, however many "standard deviations" it looks like.
import { gammaP, gammaQ } from '../special/incomplete-gamma.ts';

/** P(X ≤ k) for X ~ Poisson(rate): scipy.stats.poisson.cdf. */
export function poissonCdf(k: number, rate: number): number {
  if (k < 0) return 0;
  if (rate <= 0) return 1;
  return gammaQ(Math.floor(k) + 1, rate);
}

/** P(X ≥ k) for X ~ Poisson(rate): scipy.stats.poisson.sf(k − 1). */
export function poissonUpperTail(k: number, rate: number): number {
  if (k <= 0) return 1;
  if (rate <= 0) return 0;
  return gammaP(Math.ceil(k), rate);
}
