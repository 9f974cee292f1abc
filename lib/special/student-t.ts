// Student's t distribution: scipy.stats.t.sf / cdf / pdf / ppf, through the regularized incomplete beta.
import { regularizedIncompleteBeta } from './incomplete-beta.ts';
import { logGamma } from './log-gamma.ts';
import { normalQuantile } from './normal.ts';

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`Student t needs degrees of freedom > 0, got ${df}`);
}

/** P(T > t) for Student's t with `df` degrees of freedom. */
export function studentTSf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); x and 1−x are formed separately to keep precision.
  const t2 = t * t;
  const x = df / (df + t2);
  const xc = t2 / (df + t2);
  const twoTail = regularizedIncompleteBeta(df / 2, 0.5, x, xc);
  return t > 0 ? 0.5 * twoTail : 1 - 0.5 * twoTail;
}

export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

export function studentTPdf(t: number, df: number): number {
  checkDf(df);
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Inverse of the t cdf: Newton steps from the normal quantile, kept inside a bisection bracket. */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Student t quantile needs p in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve sf(t) = target for t > 0, the smaller tail probability taken straight from p: for
  // p near 0, 1 − (1 − p) would keep only the leading digits of p.
  const lower = p < 0.5;
  const target = lower ? p : 1 - p;
  let lo = 0;
  let hi = Infinity;
  let t = Math.max(lower ? -normalQuantile(p) : normalQuantile(p), 1e-3);
  for (let i = 0; i < 200; i++) {
    const f = studentTSf(t, df) - target;
    if (f > 0) lo = t;
    else hi = t;
    const step = f / studentTPdf(t, df);
    let next = t + step;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = Number.isFinite(hi) ? (lo + hi) / 2 : Math.max(2 * t, lo + 1);
    if (Math.abs(next - t) <= 1e-15 * Math.abs(next)) return lower ? -next : next;
    t = next;
  }
  return lower ? -t : t;
}
