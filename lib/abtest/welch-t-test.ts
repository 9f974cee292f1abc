import { studentTQuantile, studentTSf } from '../special/student-t.ts';
import { summarize } from './sample-summary.ts';

export interface WelchResult {
  controlMean: number;
  treatmentMean: number;
  /** treatmentMean − controlMean. */
  difference: number;
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  pValue: number;
  ci: [number, number];
  confidence: number;
}

/**
 * Welch's unequal-variance t-test, as scipy.stats.ttest_ind(treatment, control, equal_var=False):
 * two-sided p-value and a confidence interval for the mean difference on the Welch df. When both
 * samples are constant the statistic is undefined and everything but the means is NaN.
 */
export function welchTTest(control: ArrayLike<number>, treatment: ArrayLike<number>, confidence = 0.95): WelchResult {
  const a = summarize(control, 'control');
  const b = summarize(treatment, 'treatment');
  if (a.n < 2 || b.n < 2) throw new RangeError(`Welch t-test needs at least 2 values per arm, got ${a.n} and ${b.n}`);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const difference = b.mean - a.mean;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const base = { controlMean: a.mean, treatmentMean: b.mean, difference, confidence };
  if (!(se > 0)) return { ...base, statistic: NaN, df: NaN, pValue: NaN, ci: [NaN, NaN] };
  const statistic = difference / se;
  const pValue = Math.min(1, 2 * studentTSf(Math.abs(statistic), df));
  const tCrit = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { ...base, statistic, df, pValue, ci: [difference - tCrit * se, difference + tCrit * se] };
}
