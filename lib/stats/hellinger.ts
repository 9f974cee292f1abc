// Hellinger distance sqrt(1 − Σ sqrt(r·c)) over the SPEC §5 bins.
import { proportions } from './binning.ts';
import type { StatTest } from './descriptor.ts';

export function hellingerFromCounts(reference: Float64Array, current: Float64Array): number {
  const r = proportions(reference);
  const c = proportions(current);
  let bc = 0;
  for (let i = 0; i < r.length; i++) bc += Math.sqrt(r[i]! * c[i]!);
  // Rounding can push the Bhattacharyya coefficient of identical samples a hair above 1.
  return Math.sqrt(Math.max(0, 1 - bc));
}

export const hellinger: StatTest = {
  name: 'hellinger',
  kinds: ['numerical', 'categorical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => {
    const b = s.bins();
    return { statistic: hellingerFromCounts(b.reference, b.current) };
  },
};
