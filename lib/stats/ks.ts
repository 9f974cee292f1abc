// Two-sample Kolmogorov–Smirnov test, as scipy.stats.ks_2samp(ref, cur) with method='auto'.
import type { StatTest } from './descriptor.ts';
import { probOutsideBand, probOutsideSquare } from './ks-exact.ts';
import { kolmogorovNSf } from './kolmogorov-n.ts';
import { sortedCopy } from './sort.ts';

/** SciPy switches from the exact to the asymptotic p-value above this sample size. */
const MAX_EXACT_N = 10000;

export interface KsResult {
  statistic: number;
  p_value: number;
  method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Largest gap between the two empirical CDFs, from samples already sorted ascending. */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  return Math.max(maxS, Math.min(-minS, 1));
}

/** KS test on samples already sorted ascending (no NaN, both non-empty). */
export function ksTwoSampleSorted(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('ks: both samples need at least one value');
  let d = ksStatisticSorted(a, b);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, p_value: 1, method: 'exact' };
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (Number.isFinite(prob) && prob >= 0 && prob <= 1) return { statistic: d, p_value: prob, method: 'exact' };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const p = kolmogorovNSf(roundHalfEven(en), d);
  return { statistic: d, p_value: Math.min(1, Math.max(0, p)), method: 'asymp' };
}

export function ksTwoSample(reference: Float64Array, current: Float64Array): KsResult {
  return ksTwoSampleSorted(sortedCopy(reference), sortedCopy(current));
}

export const ks: StatTest = {
  name: 'ks',
  kinds: ['numerical'],
  defaultThreshold: 0.05,
  direction: 'p_below',
  run: (s) => {
    const r = ksTwoSampleSorted(s.sortedReference(), s.sortedCurrent());
    return { statistic: r.statistic, p_value: r.p_value };
  },
};
