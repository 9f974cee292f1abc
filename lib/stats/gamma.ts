// Gamma-family special functions behind the chi-square and normal tail probabilities.
import { gammaQ } from '../special/incomplete-gamma.ts';

/** Survival function of the standard normal distribution. */
export function normalSf(z: number): number {
  // erfc(t) = Q(1/2, t²) for t ≥ 0; the tail stays accurate far out.
  if (z >= 0) return 0.5 * gammaQ(0.5, (z * z) / 2);
  return 1 - 0.5 * gammaQ(0.5, (z * z) / 2);
}
