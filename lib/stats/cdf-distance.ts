// L1 and L2 distances between two empirical CDFs (scipy.stats._cdf_distance), by one merge walk
// over the sorted samples instead of SciPy's searchsorted over the pooled sample.

/** Σ |F_u − F_v|^p · Δx over the pooled sorted values, for p = 1 or 2 (before any root). */
export function cdfDistanceSum(u: Float64Array, v: Float64Array, p: 1 | 2): number {
  const n1 = u.length;
  const n2 = v.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let x = Math.min(u[0]!, v[0]!);
  while (i < n1 || j < n2) {
    while (i < n1 && u[i]! <= x) i++;
    while (j < n2 && v[j]! <= x) j++;
    if (i >= n1 && j >= n2) break;
    const next = i >= n1 ? v[j]! : j >= n2 ? u[i]! : Math.min(u[i]!, v[j]!);
    const diff = Math.abs(i / n1 - j / n2);
    sum += (p === 1 ? diff : diff * diff) * (next - x);
    x = next;
  }
  return sum;
}
