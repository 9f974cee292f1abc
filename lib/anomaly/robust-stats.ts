// Order statistics with NumPy/SciPy definitions, so that baselines computed here agree with the
// same figures computed in a notebook. NaN entries are skipped (numpy.nanmedian semantics):
// a missing sample must not turn a whole baseline into NaN.

/** Φ⁻¹(3/4): SciPy's scale='normal' divides the raw MAD by this, making it estimate σ for normal data. */
export const MAD_NORMAL_DIVISOR = 0.6744897501960817;
/** 1 / Φ⁻¹(3/4) ≈ 1.4826, the same correction as a factor. */
export const MAD_NORMAL_SCALE = 1 / MAD_NORMAL_DIVISOR;

function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out.sort();
}

/** Quantile of already sorted values, NumPy's default 'linear' method; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // NumPy's _lerp: interpolate from the nearer end so q=1 returns the maximum exactly.
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** numpy.nanquantile(values, q) with the default 'linear' method. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedFinite(values), q);
}

/** numpy.nanmedian. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(sortedFinite(values), 0.5);
}

/**
 * scipy.stats.median_abs_deviation(values, scale=scale, nan_policy='omit'): the raw MAD divided by
 * `scale` ('normal' is Φ⁻¹(3/4)). `center` defaults to the median.
 */
export function medianAbsDeviation(values: ArrayLike<number>, scale: 'normal' | number = 1, center?: number): number {
  const divisor = scale === 'normal' ? MAD_NORMAL_DIVISOR : scale;
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return NaN;
  const c = center ?? quantileSorted(sorted, 0.5);
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i] - c);
  return quantileSorted(dev.sort(), 0.5) / divisor;
}

/** Median and normal-scaled MAD together, sorting once. */
export function medianAndMad(values: ArrayLike<number>): { median: number; mad: number; n: number } {
  const sorted = sortedFinite(values);
  if (sorted.length === 0) return { median: NaN, mad: NaN, n: 0 };
  const m = quantileSorted(sorted, 0.5);
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i] - m);
  return { median: m, mad: quantileSorted(dev.sort(), 0.5) / MAD_NORMAL_DIVISOR, n: sorted.length };
}
