// Chi-square survival function: scipy.stats.chi2.sf(x, df) = Q(df/2, x/2).
import { gammaQ } from './incomplete-gamma.ts';

/** P(X > x) for X ~ χ²(df). */
export function chi2Sf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}
