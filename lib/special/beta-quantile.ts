// Inverse of the regularized incomplete beta in x: scipy.special.betaincinv(a, b, p), which is
// scipy.stats.beta.ppf(p, a, b).
import { regularizedIncompleteBeta } from './incomplete-beta.ts';
import { logBeta } from './log-gamma.ts';

/** The p-quantile of Beta(a, b): bisection to bracket, then Newton steps polished to machine precision. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`beta quantile: probability must be in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = 0.5;
  for (let i = 0; i < 2000; i++) {
    x = (lo + hi) / 2;
    if (regularizedIncompleteBeta(a, b, x) < p) lo = x;
    else hi = x;
    // Relative width only: with small a and large b the quantile can lie far below any absolute floor.
    if (hi - lo <= 1e-15 * x) break;
  }
  const lbeta = logBeta(a, b);
  for (let i = 0; i < 5; i++) {
    const f = regularizedIncompleteBeta(a, b, x) - p;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta);
    if (!(density > 0) || !Number.isFinite(density)) break;
    const next = x - f / density;
    if (!(next > 0 && next < 1) || Math.abs(next - x) <= 1e-16 * x) break;
    x = next;
  }
  return x;
}
