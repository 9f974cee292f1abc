// Energy distance (scipy.stats.energy_distance): √2 times the L2 distance between the CDFs.
import { cdfDistanceSum } from './cdf-distance.ts';
import type { StatTest } from './descriptor.ts';

export function energyDistanceSorted(reference: Float64Array, current: Float64Array): number {
  return Math.SQRT2 * Math.sqrt(cdfDistanceSum(reference, current, 2));
}

export const energy: StatTest = {
  name: 'energy',
  kinds: ['numerical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => ({ statistic: energyDistanceSorted(s.sortedReference(), s.sortedCurrent()) }),
};
