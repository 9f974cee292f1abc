// Poisson tail probabilities through the regularised incomplete gamma function, so that count
// anomalies can be judged by how unlikely a count is at the expected rate: for tiny rates a jump
// from 0 to 2 is ordinary, however many "standard deviations" it looks like.

import { logGamma } from '../special/log-gamma.ts';

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in its own tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  // Modified Lentz evaluation of the continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

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
