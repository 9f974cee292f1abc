// Pearson chi-square test on the 2×k table of reference and current counts
// (scipy.stats.chi2_contingency, correction=False).
import type { StatTest } from './descriptor.ts';
import { chi2Sf } from '../special/chi-square.ts';

export function chiSquareTwoRow(reference: Float64Array, current: Float64Array): { statistic: number; p_value: number } {
  const k = reference.length;
  let rowR = 0;
  let rowC = 0;
  for (let i = 0; i < k; i++) {
    rowR += reference[i]!;
    rowC += current[i]!;
  }
  const total = rowR + rowC;
  if (rowR === 0 || rowC === 0) throw new Error('chi2: both samples need at least one value');
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, p_value: 1 };
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const col = reference[i]! + current[i]!;
    const eR = (rowR * col) / total;
    const eC = (rowC * col) / total;
    stat += (reference[i]! - eR) ** 2 / eR + (current[i]! - eC) ** 2 / eC;
  }
  return { statistic: stat, p_value: chi2Sf(stat, dof) };
}

export const chi2: StatTest = {
  name: 'chi2',
  kinds: ['categorical'],
  defaultThreshold: 0.05,
  direction: 'p_below',
  run: (s) => {
    const b = s.bins();
    return chiSquareTwoRow(b.reference, b.current);
  },
};
