// Log-gamma and the regularized incomplete beta function (and its inverse): the pieces the
// t-distribution, the correlation p-values and Beta credible intervals are built from.
import { logBeta } from '../special/log-gamma.ts';

/** Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new Error(`incomplete beta: shape parameters must be positive, got a=${a}, b=${b}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The p-quantile of Beta(a, b): bisection to bracket, then Newton steps polished to machine precision. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`beta quantile: probability must be in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = 0.5;
  for (let i = 0; i < 2000; i++) {
    x = (lo + hi) / 2;
    if (regularizedIncompleteBeta(x, a, b) < p) lo = x;
    else hi = x;
    if (hi - lo <= 1e-17 + 1e-15 * x) break;
  }
  const lbeta = logBeta(a, b);
  for (let i = 0; i < 5; i++) {
    const f = regularizedIncompleteBeta(x, a, b) - p;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta);
    if (!(density > 0) || !Number.isFinite(density)) break;
    const next = x - f / density;
    if (!(next > 0 && next < 1) || Math.abs(next - x) <= 1e-16 * x) break;
    x = next;
  }
  return x;
}

/** Two-sided p-value of a correlation r over n pairs under H0 ρ = 0 (t-test with n − 2 degrees of freedom). */
export function correlationPValue(r: number, n: number): number {
  if (n < 3 || !Number.isFinite(r)) return NaN;
  const r2 = Math.min(1, r * r);
  if (r2 >= 1) return 0;
  const df = n - 2;
  return regularizedIncompleteBeta(1 - r2, df / 2, 0.5);
}
