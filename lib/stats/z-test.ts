// Two-proportion Z-test with the pooled proportion, two-sided. A categorical column is tested on
// the category whose share moved most, which for a binary column is either of its two values.
import { proportions } from './binning.ts';
import type { StatTest } from './descriptor.ts';
import { normalSf } from '../special/normal.ts';

/** x1 successes of n1 against x2 of n2. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { statistic: number; p_value: number } {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, p_value: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { statistic: z, p_value: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

export function zTestFromCounts(reference: Float64Array, current: Float64Array): { statistic: number; p_value: number } {
  const r = proportions(reference);
  const c = proportions(current);
  let at = 0;
  for (let i = 1; i < r.length; i++) if (Math.abs(r[i]! - c[i]!) > Math.abs(r[at]! - c[at]!)) at = i;
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < r.length; i++) {
    n1 += reference[i]!;
    n2 += current[i]!;
  }
  return twoProportionZ(reference[at]!, n1, current[at]!, n2);
}

export const zTest: StatTest = {
  name: 'z',
  kinds: ['categorical'],
  defaultThreshold: 0.05,
  direction: 'p_below',
  run: (s) => {
    const b = s.bins();
    return zTestFromCounts(b.reference, b.current);
  },
};
