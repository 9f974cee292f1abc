// Jensen–Shannon distance, base 2 (scipy.spatial.distance.jensenshannon(r, c, base=2)).
import { proportions } from './binning.ts';
import type { StatTest } from './descriptor.ts';

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

export function jensenShannonFromCounts(reference: Float64Array, current: Float64Array): number {
  // SciPy normalises the proportions it is given once more; doing the same keeps the last bits.
  const p = proportions(proportions(reference));
  const q = proportions(proportions(current));
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    left += relEntr(p[i]!, m);
    right += relEntr(q[i]!, m);
  }
  return Math.sqrt((left + right) / Math.log(2) / 2);
}

export const jensenShannon: StatTest = {
  name: 'jensen_shannon',
  kinds: ['numerical', 'categorical'],
  defaultThreshold: 0.1,
  direction: 'value_at_least',
  run: (s) => {
    const b = s.bins();
    return { statistic: jensenShannonFromCounts(b.reference, b.current) };
  },
};
