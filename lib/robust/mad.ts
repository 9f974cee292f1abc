// Median absolute deviation as scipy.stats.median_abs_deviation(values, nan_policy='omit').
import { quantileSorted, sortedWithoutNaN } from './quantile.ts';

/** Φ⁻¹(3/4): SciPy's scale='normal' divides the raw MAD by this, making it estimate σ for normal data. */
export const MAD_NORMAL_DIVISOR = 0.6744897501960817;
/** 1 / Φ⁻¹(3/4) ≈ 1.4826, the same correction as a factor. */
export const MAD_NORMAL_SCALE = 1 / MAD_NORMAL_DIVISOR;

function madOfSorted(sorted: Float64Array, center: number): number {
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs(sorted[i]! - center);
  return quantileSorted(dev.sort(), 0.5);
}

/**
 * The raw MAD divided by `scale` ('normal' is Φ⁻¹(3/4)), around `center` (default: the median);
 * NaN entries are skipped, NaN when none is left.
 */
export function medianAbsDeviation(values: ArrayLike<number>, scale: 'normal' | number = 1, center?: number): number {
  const divisor = scale === 'normal' ? MAD_NORMAL_DIVISOR : scale;
  const sorted = sortedWithoutNaN(values);
  if (sorted.length === 0) return NaN;
  return madOfSorted(sorted, center ?? quantileSorted(sorted, 0.5)) / divisor;
}

/** Median and normal-scaled MAD together, sorting once. */
export function medianAndMad(values: ArrayLike<number>): { median: number; mad: number; n: number } {
  const sorted = sortedWithoutNaN(values);
  if (sorted.length === 0) return { median: NaN, mad: NaN, n: 0 };
  const m = quantileSorted(sorted, 0.5);
  return { median: m, mad: madOfSorted(sorted, m) / MAD_NORMAL_DIVISOR, n: sorted.length };
}
