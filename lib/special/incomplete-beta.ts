// Regularized incomplete beta function: scipy.special.betainc(a, b, x). Lentz continued fraction
// on whichever side of the mean it converges fast, the other side by complement.
import { logBeta } from './log-gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

// Continued fraction for I_x(a, b) (modified Lentz). It converges fast when x < (a+1)/(a+b+2);
// the caller swaps to the complement otherwise.
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/**
 * I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). `xc` is 1 − x, passed separately by callers who know it
 * exactly (t-distribution tails, 1 − r²) so that the cancellation of computing 1 − x is avoided.
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, xc: number = 1 - x): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (Number.isNaN(x) || Number.isNaN(xc)) return NaN;
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  // ln(1 − x): log1p keeps full precision while x is the small side; past 1/2 the caller's xc does.
  const logXc = x < 0.5 ? Math.log1p(-x) : Math.log(xc);
  const front = Math.exp(a * Math.log(x) + b * logXc - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, xc)) / b;
}
