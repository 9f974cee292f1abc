// Order statistics with NumPy's definitions, so that figures computed here agree with the same
// figures computed in a notebook: numpy.quantile's default 'linear' method (Hyndman & Fan type 7)
// with NumPy's two-sided lerp, and the NaN-skipping numpy.nanquantile / numpy.nanmedian.

function checkLevel(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be in [0, 1], got ${q}`);
}

/** numpy.quantile(sorted, q), 'linear', of an ascending array without NaN. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  checkLevel(q);
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  // NumPy's _lerp: interpolate from the nearer end so that q = 1 returns the maximum exactly.
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The non-NaN values of `values`, ascending. */
export function sortedWithoutNaN(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i]!;
  return out.sort();
}

/** numpy.nanquantile(values, q), 'linear'; NaN when no value is left. */
export function quantile(values: ArrayLike<number>, q: number): number {
  checkLevel(q);
  const sorted = sortedWithoutNaN(values);
  return sorted.length === 0 ? NaN : quantileSorted(sorted, q);
}

/** numpy.nanmedian(values); NaN when no value is left. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
