// Population stability index over the SPEC §5 bins.
import { proportions } from './binning.ts';
import type { StatTest } from './descriptor.ts';

/** A zero proportion would make the log infinite; it is replaced in the formula only. */
const ZERO_FLOOR = 0.0001;

export function psiFromCounts(reference: Float64Array, current: Float64Array): number {
  const r = proportions(reference);
  const c = proportions(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i] === 0 ? ZERO_FLOOR : r[i]!;
    const ci = c[i] === 0 ? ZERO_FLOOR : c[i]!;
    sum += (ci - ri) * Math.log(ci / ri);
  }
  return sum;
}

export const psi: StatTest = {
  name: 'psi',
  kinds: ['numerical', 'categorical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => {
    const b = s.bins();
    return { statistic: psiFromCounts(b.reference, b.current) };
  },
};
