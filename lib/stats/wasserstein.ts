// Wasserstein-1 distance (scipy.stats.wasserstein_distance), raw and divided by the reference's
// population standard deviation (floor 0.001) so that thresholds hold across feature scales.
import { cdfDistanceSum } from './cdf-distance.ts';
import type { StatTest } from './descriptor.ts';
import { meanAndStd } from './mean-std.ts';

export const STD_FLOOR = 0.001;

/** Both samples sorted ascending, non-empty, no NaN. */
export function wassersteinSorted(reference: Float64Array, current: Float64Array): { distance: number; normed: number } {
  const distance = cdfDistanceSum(reference, current, 1);
  const { std } = meanAndStd(reference);
  return { distance, normed: distance / Math.max(std, STD_FLOOR) };
}

export const wasserstein: StatTest = {
  name: 'wasserstein',
  kinds: ['numerical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => ({ statistic: wassersteinSorted(s.sortedReference(), s.sortedCurrent()).normed }),
};
