import { normalSf } from '../special/normal.ts';

export interface MannWhitneyResult {
  /** U of the first sample (scipy's statistic). */
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

// Average ranks (1-based) of the pooled sample, and Σ(t³ − t) over tie groups.
function rankWithTies(values: Float64Array): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const avg = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = avg;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * P(U ≤ k) under the null for sample sizes m and n without ties. The counts of U are the
 * coefficients of the Gaussian binomial [m+n choose m]_q, built exactly with BigInt as a product
 * of (1 − q^(big+i)) / (1 − q^i) truncated at degree k.
 */
function exactCdf(k: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const big = Math.max(m, n);
  const coeffs: bigint[] = new Array(k + 1).fill(0n);
  coeffs[0] = 1n;
  for (let i = 1; i <= small; i++) {
    const a = big + i;
    for (let u = k; u >= a; u--) coeffs[u] -= coeffs[u - a];
    for (let u = i; u <= k; u++) coeffs[u] += coeffs[u - i];
  }
  let total = 1n;
  for (let i = 1; i <= small; i++) total = (total * BigInt(big + i)) / BigInt(i);
  const cumulative = coeffs.reduce((s, c) => s + c, 0n);
  // Scale before converting so that huge counts keep their relative precision.
  const SCALE = 10n ** 18n;
  return Number((cumulative * SCALE) / total) / 1e18;
}

function toFloat(values: ArrayLike<number>, name: string): Float64Array {
  if (values.length === 0) throw new RangeError(`${name} is empty`);
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) throw new RangeError(`${name}[${i}] is NaN`);
  return out;
}

/**
 * Two-sided Mann–Whitney U test as scipy.stats.mannwhitneyu(x, y) with its defaults: method
 * 'auto' is exact when one sample has at most 8 values and there are no ties, else the normal
 * approximation with tie correction and a continuity correction of 1/2.
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const xs = toFloat(x, 'x');
  const ys = toFloat(y, 'y');
  const n1 = xs.length;
  const n2 = ys.length;
  const pooled = new Float64Array(n1 + n2);
  pooled.set(xs, 0);
  pooled.set(ys, n1);
  const { ranks, tieTerm } = rankWithTies(pooled);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const exact = !(n1 > 8 && n2 > 8) && tieTerm === 0;
  let pValue: number;
  if (exact) {
    pValue = 2 * exactCdf(n1 * n2 - u, n1, n2);
  } else {
    const n = n1 + n2;
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    // A constant pooled sample has no spread: scipy's z is −∞ there and its p-value clips to 1.
    pValue = sigma > 0 ? 2 * normalSf((u - (n1 * n2) / 2 - 0.5) / sigma) : 1;
  }
  return { statistic: u1, pValue: Math.min(1, Math.max(0, pValue)), method: exact ? 'exact' : 'asymptotic' };
}
