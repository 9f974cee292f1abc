// Pearson and Spearman correlation with two-sided p-values, as scipy.stats.pearsonr / spearmanr.
import { regularizedIncompleteBeta } from '../special/incomplete-beta.ts';

export interface Correlation {
  r: number;
  pValue: number;
  n: number;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: x has ${n} values but y has ${y.length}`);
  if (n < 2) return { r: NaN, pValue: NaN, n };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant input has no defined correlation (SciPy warns and returns NaN too).
  if (sxx === 0 || syy === 0) return { r: NaN, pValue: NaN, n };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx) / Math.sqrt(syy)));
  return { r, pValue: n < 3 ? 1 : correlationPValue(r, n), n };
}

/** Ranks 1..n with ties given their average rank (scipy.stats.rankdata, method 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  if (x.length !== y.length) throw new Error(`spearman: x has ${x.length} values but y has ${y.length}`);
  const { r, n } = pearson(averageRanks(x), averageRanks(y));
  return { r, pValue: correlationPValue(r, n), n };
}

/** Two-sided p-value of a correlation r over n pairs under H0 ρ = 0 (t-test with n − 2 degrees of freedom). */
export function correlationPValue(r: number, n: number): number {
  if (n < 3 || !Number.isFinite(r)) return NaN;
  const r2 = Math.min(1, r * r);
  if (r2 >= 1) return 0;
  const df = n - 2;
  // I_{1−r²}(df/2, 1/2), with 1 − x = r² handed over exactly.
  return regularizedIncompleteBeta(df / 2, 0.5, 1 - r2, r2);
}
