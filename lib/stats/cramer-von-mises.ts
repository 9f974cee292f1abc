// Two-sample Cramér–von Mises test (scipy.stats.cramervonmises_2samp, method='auto': exact when
// both samples have at most 20 values, otherwise Anderson's (1962) limiting distribution).
import { besselK } from './bessel.ts';
import type { StatTest } from './descriptor.ts';
import { logGamma } from '../special/log-gamma.ts';

const MAX_EXACT = 20;

/** U = nx·Σ(r(x_i) − i)² + ny·Σ(r(y_j) − j)² with mid-ranks in the pooled sample. */
function rankStatisticU(x: Float64Array, y: Float64Array): number {
  const nx = x.length;
  const ny = y.length;
  let i = 0;
  let j = 0;
  let sx = 0;
  let sy = 0;
  while (i < nx || j < ny) {
    const v = j >= ny || (i < nx && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    const i0 = i;
    const j0 = j;
    while (i < nx && x[i]! === v) i++;
    while (j < ny && y[j]! === v) j++;
    const rank = i0 + j0 + (i - i0 + j - j0 + 1) / 2;
    for (let a = i0; a < i; a++) sx += (rank - (a + 1)) ** 2;
    for (let b = j0; b < j; b++) sy += (rank - (b + 1)) ** 2;
  }
  return nx * sx + ny * sy;
}

/** Limiting CDF of the one-sample statistic (Csörgő & Faraway 1996). */
export function cvmLimitCdf(x: number): number {
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    total += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return total;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Exact p-value by the frequency tables of Xiao, Gordon & Yakovlev (2006). */
function exactPValue(u: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * u - mn * (4 * mn - 1))) / (6 * mn ** 2));
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) gs.push(new Map());
  for (let uu = 0; uu <= n; uu++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v < gs.length; v++) {
      const merged = new Map(tmp);
      for (const [val, f] of gs[v]!) merged.set(val, (merged.get(val) ?? 0) + f);
      const res = (a * v - b * uu) ** 2;
      tmp = new Map();
      for (const [val, f] of merged) tmp.set(val + res, f);
      next.push(tmp);
    }
    gs = next;
  }
  let count = 0;
  for (const [val, f] of gs[m]!) if (val >= zeta) count += f;
  return count / binomial(m + n, m);
}

/** Both samples sorted ascending, each with at least two values. */
export function cramerVonMisesSorted(x: Float64Array, y: Float64Array): { statistic: number; p_value: number } {
  const nx = x.length;
  const ny = y.length;
  if (nx < 2 || ny < 2) throw new Error('cramer_von_mises: each sample needs at least two values');
  const u = rankStatisticU(x, y);
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= MAX_EXACT) return { statistic: t, p_value: exactPValue(u, nx, ny) };
  const et = (1 + 1 / N) / 6;
  let vt = (N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k);
  vt = vt / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const p = tn >= 0.003 ? Math.max(1 - cvmLimitCdf(tn), 0) : 1;
  return { statistic: t, p_value: p };
}

export const cramerVonMises: StatTest = {
  name: 'cramer_von_mises',
  kinds: ['numerical'],
  defaultThreshold: 0.05,
  direction: 'p_below',
  run: (s) => cramerVonMisesSorted(s.sortedReference(), s.sortedCurrent()),
};
