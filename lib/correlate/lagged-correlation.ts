// Lagged correlation between two bucketed series: which lag within ±maxLag lines them up best.
import { pearson, spearman, type Correlation } from './correlation.ts';

export interface LagResult extends Correlation {
  /** y is compared k buckets after x: a positive best lag means x leads y. */
  lag: number;
}

export interface LaggedCorrelation {
  method: 'pearson' | 'spearman';
  best: LagResult | undefined;
  byLag: LagResult[];
}

/**
 * Correlates x[t] with y[t + lag] for every lag in [−maxLag, maxLag], over the pairs where both are
 * finite (at least `minPairs`). The best lag has the largest |r|; ties go to the smaller |lag|.
 */
export function laggedCorrelation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { maxLag, method = 'pearson', minPairs = 5 }: { maxLag: number; method?: 'pearson' | 'spearman'; minPairs?: number },
): LaggedCorrelation {
  if (x.length !== y.length) throw new Error(`lagged correlation: x has ${x.length} buckets but y has ${y.length}`);
  if (!(Number.isInteger(maxLag) && maxLag >= 0)) throw new Error(`lagged correlation: maxLag must be a non-negative integer, got ${maxLag}`);
  const correlate = method === 'pearson' ? pearson : spearman;
  const byLag: LagResult[] = [];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = Math.max(0, -lag); t < x.length && t + lag < y.length; t++) {
      const a = x[t]!;
      const b = y[t + lag]!;
      if (Number.isFinite(a) && Number.isFinite(b)) {
        xs.push(a);
        ys.push(b);
      }
    }
    if (xs.length < minPairs) continue;
    byLag.push({ lag, ...correlate(xs, ys) });
  }
  let best: LagResult | undefined;
  for (const r of byLag) {
    if (!Number.isFinite(r.r)) continue;
    if (!best || Math.abs(r.r) > Math.abs(best.r) || (Math.abs(r.r) === Math.abs(best.r) && Math.abs(r.lag) < Math.abs(best.lag))) best = r;
  }
  return { method, best, byLag };
}

/** Counts events per bucket of `width` from `from`: the bucketed series lagged correlation expects. */
export function bucketCounts(times: readonly number[], from: number, width: number, buckets: number): Float64Array {
  if (!(width > 0)) throw new Error(`bucket counts: width must be positive, got ${width}`);
  const out = new Float64Array(buckets);
  for (const t of times) {
    const i = Math.floor((t - from) / width);
    if (i >= 0 && i < buckets) out[i]!++;
  }
  return out;
}
