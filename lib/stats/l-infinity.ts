// L-infinity distance: the largest absolute change of one category's (or bin's) proportion.
import { proportions } from './binning.ts';
import type { StatTest } from './descriptor.ts';

export function lInfinityFromCounts(reference: Float64Array, current: Float64Array): number {
  const r = proportions(reference);
  const c = proportions(current);
  let max = 0;
  for (let i = 0; i < r.length; i++) max = Math.max(max, Math.abs(r[i]! - c[i]!));
  return max;
}

export const lInfinity: StatTest = {
  name: 'l_infinity',
  kinds: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => {
    const b = s.bins();
    return { statistic: lInfinityFromCounts(b.reference, b.current) };
  },
};
