// How likely a failure is within a horizon after a precursor pattern (a template burst, an anomaly
// type), learned from history as a Beta posterior, next to the base rate of failure in windows
// without the precursor, so the risk comes with its uncertainty and its lift.
import { betaQuantile } from '../special/beta-quantile.ts';

export interface PrecursorHistory {
  /** When the precursor was seen (any time unit, the same throughout). */
  precursors: readonly number[];
  failures: readonly number[];
  /** The observed span; precursors whose horizon runs past `to` are not counted (not yet known). */
  from: number;
  to: number;
}

export interface RiskOptions {
  /** A failure within (t, t + horizon] after a precursor at t counts as following it. */
  horizon: number;
  /** Beta prior on the failure probability. */
  prior?: { alpha: number; beta: number };
  /** Probability mass of the equal-tailed credible interval. */
  credibility?: number;
  /** Risk at or above which it is "high". */
  threshold?: number;
  /** Judge "high" on the posterior mean, or conservatively on the interval's lower bound. */
  decideOn?: 'mean' | 'lower';
}

export interface BetaEstimate {
  /** Trials and the failures among them. */
  trials: number;
  failures: number;
  alpha: number;
  beta: number;
  mean: number;
  lower: number;
  upper: number;
}

export interface PrecursorRisk {
  afterPrecursor: BetaEstimate;
  /** Failure rate in horizon-long windows that hold no precursor. */
  baseline: BetaEstimate;
  /** afterPrecursor.mean / baseline.mean. */
  lift: number;
  high: boolean;
}

export function betaEstimate(failures: number, trials: number, prior = { alpha: 1, beta: 1 }, credibility = 0.9): BetaEstimate {
  if (!(prior.alpha > 0 && prior.beta > 0)) throw new Error(`beta prior must have positive parameters, got ${prior.alpha}, ${prior.beta}`);
  if (!(credibility > 0 && credibility < 1)) throw new Error(`credibility must be in (0, 1), got ${credibility}`);
  const alpha = prior.alpha + failures;
  const beta = prior.beta + trials - failures;
  const tail = (1 - credibility) / 2;
  return {
    trials,
    failures,
    alpha,
    beta,
    mean: alpha / (alpha + beta),
    lower: betaQuantile(tail, alpha, beta),
    upper: betaQuantile(1 - tail, alpha, beta),
  };
}

export function precursorRisk(history: PrecursorHistory, options: RiskOptions): PrecursorRisk {
  const { horizon, prior = { alpha: 1, beta: 1 }, credibility = 0.9, threshold = 0.5, decideOn = 'mean' } = options;
  if (!(horizon > 0)) throw new Error(`horizon must be positive, got ${horizon}`);
  if (!(history.to > history.from)) throw new Error(`the observed span must end after it starts (from ${history.from}, to ${history.to})`);
  const failures = [...history.failures].sort((a, b) => a - b);
  const precursors = [...history.precursors].sort((a, b) => a - b);
  const failureIn = (lo: number, hi: number) => {
    // Any failure in (lo, hi]: binary search for the first failure after lo.
    let l = 0;
    let h = failures.length;
    while (l < h) {
      const m = (l + h) >> 1;
      if (failures[m]! <= lo) l = m + 1;
      else h = m;
    }
    return l < failures.length && failures[l]! <= hi;
  };

  let trials = 0;
  let hits = 0;
  for (const t of precursors) {
    if (t < history.from || t + horizon > history.to) continue;
    trials++;
    if (failureIn(t, t + horizon)) hits++;
  }

  // Base rate: tile the span into horizon-long windows and keep those no precursor touches
  // (neither inside the window nor within a horizon before it, whose failures it would explain).
  let baseTrials = 0;
  let baseHits = 0;
  let p = 0;
  for (let lo = history.from; lo + horizon <= history.to; lo += horizon) {
    const hi = lo + horizon;
    while (p < precursors.length && precursors[p]! < lo - horizon) p++;
    if (p < precursors.length && precursors[p]! <= hi) continue;
    baseTrials++;
    if (failureIn(lo, hi)) baseHits++;
  }

  const afterPrecursor = betaEstimate(hits, trials, prior, credibility);
  const baseline = betaEstimate(baseHits, baseTrials, prior, credibility);
  const judged = decideOn === 'lower' ? afterPrecursor.lower : afterPrecursor.mean;
  return { afterPrecursor, baseline, lift: afterPrecursor.mean / baseline.mean, high: judged >= threshold };
}
