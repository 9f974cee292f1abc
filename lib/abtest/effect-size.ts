import { logGamma } from '../special/log-gamma.ts';
import { normalQuantile } from '../special/normal.ts';
import { summarize } from './sample-summary.ts';

export interface StandardizedDifference {
  /** Cohen's d: (treatment − control) mean difference over the pooled standard deviation. */
  cohensD: number;
  cohensDCi: [number, number];
  /** Hedges' g = J·d with the exact small-sample factor J = Γ(ν/2) / (√(ν/2)·Γ((ν−1)/2)), ν = n1+n2−2. */
  hedgesG: number;
  hedgesGCi: [number, number];
  confidence: number;
}

/**
 * Cohen's d and Hedges' g with normal-approximation intervals (Hedges & Olkin 1985):
 * SE(d) = sqrt((n1+n2)/(n1·n2) + d²/(2(n1+n2))), and g's interval is d's scaled by J.
 */
export function standardizedMeanDifference(control: ArrayLike<number>, treatment: ArrayLike<number>, confidence = 0.95): StandardizedDifference {
  const a = summarize(control, 'control');
  const b = summarize(treatment, 'treatment');
  if (a.n < 2 || b.n < 2) throw new RangeError(`effect size needs at least 2 values per arm, got ${a.n} and ${b.n}`);
  const nu = a.n + b.n - 2;
  const pooledSd = Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / nu);
  const d = (b.mean - a.mean) / pooledSd;
  const se = Math.sqrt((a.n + b.n) / (a.n * b.n) + (d * d) / (2 * (a.n + b.n)));
  const zCrit = normalQuantile(1 - (1 - confidence) / 2);
  const j = nu > 1 ? Math.exp(logGamma(nu / 2) - logGamma((nu - 1) / 2)) / Math.sqrt(nu / 2) : NaN;
  const ci: [number, number] = [d - zCrit * se, d + zCrit * se];
  return { cohensD: d, cohensDCi: ci, hedgesG: j * d, hedgesGCi: [j * ci[0], j * ci[1]], confidence };
}

/** Cohen's h = 2·asin(√p_treatment) − 2·asin(√p_control). */
export function cohensH(controlRate: number, treatmentRate: number): number {
  for (const [name, p] of [['controlRate', controlRate], ['treatmentRate', treatmentRate]] as const) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${p}`);
  }
  return 2 * Math.asin(Math.sqrt(treatmentRate)) - 2 * Math.asin(Math.sqrt(controlRate));
}
