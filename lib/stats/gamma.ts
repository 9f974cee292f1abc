// Gamma-family special functions behind the chi-square and normal tail probabilities.
import { logGamma } from '../special/log-gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - seriesP(a, x);
  return continuedFractionQ(a, x);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return seriesP(a, x);
  return 1 - continuedFractionQ(a, x);
}

function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function seriesP(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < 100000; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * prefactor(a, x);
}

// Modified Lentz evaluation of the continued fraction for Γ(a, x).
function continuedFractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return prefactor(a, x) * h;
}

/** Survival function of the chi-square distribution with `df` degrees of freedom. */
export function chi2Sf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}

/** Survival function of the standard normal distribution. */
export function normalSf(z: number): number {
  // erfc(t) = Q(1/2, t²) for t ≥ 0; the tail stays accurate far out.
  if (z >= 0) return 0.5 * gammaQ(0.5, (z * z) / 2);
  return 1 - 0.5 * gammaQ(0.5, (z * z) / 2);
}
