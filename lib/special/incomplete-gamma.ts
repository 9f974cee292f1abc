// Regularized incomplete gamma functions: scipy.special.gammainc (P) and scipy.special.gammaincc (Q).
// Series below x = a + 1, Lentz continued fraction above, each computing the tail it is accurate
// for; the other one is its complement.
import { logGamma } from './log-gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a); NaN outside a > 0, x ≥ 0. */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return seriesP(a, x);
  return 1 - continuedFractionQ(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a); NaN outside a > 0, x ≥ 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - seriesP(a, x);
  return continuedFractionQ(a, x);
}

function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function seriesP(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < MAX_ITER; i++) {
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
  for (let i = 1; i < MAX_ITER; i++) {
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
