// numpy.quantile(a, q) with the default 'linear' method (Hyndman & Fan type 7), bit for bit:
// the same virtual index and the same two-sided lerp numpy uses.

/** Quantile `q` in [0, 1] of a non-empty ascending array. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty sample');
  const virtualIndex = (n - 1) * q;
  const prev = Math.floor(virtualIndex);
  const gamma = virtualIndex - prev;
  const lo = sorted[Math.min(Math.max(prev, 0), n - 1)]!;
  const hi = sorted[Math.min(Math.max(prev + 1, 0), n - 1)]!;
  if (virtualIndex <= 0) return sorted[0]!;
  if (virtualIndex >= n - 1) return sorted[n - 1]!;
  const diff = hi - lo;
  return gamma >= 0.5 ? hi - diff * (1 - gamma) : lo + diff * gamma;
}

/** Mean and population standard deviation (numpy.std, ddof=0). */
export function meanAndStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { mean, std: Math.sqrt(ss / n) };
}
