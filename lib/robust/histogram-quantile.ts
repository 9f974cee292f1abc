// A quantile estimated from histogram buckets, as Prometheus's histogram_quantile does: find
// the bucket the rank falls in and interpolate linearly within it.

/** Quantile q of a histogram from per-bucket (not cumulative) counts and their upper bounds; the last count may be the open +Inf bucket. */
export function histogramQuantile(q: number, bounds: readonly number[], counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      // The last bucket is open above: its lower bound is the best estimate, as in Prometheus.
      if (i >= bounds.length) return bounds.length ? bounds[bounds.length - 1] : null;
      const lo = i === 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
      return lo + (bounds[i] - lo) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return bounds.length ? bounds[bounds.length - 1] : null;
}
