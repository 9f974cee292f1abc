// How a column moved, in terms a person can act on: location and spread shifts for numbers,
// share changes and new or vanished categories for categories.
import { proportions } from '../stats/binning.ts';
import { quantileSorted } from '../robust/quantile.ts';
import { meanAndStd } from '../stats/mean-std.ts';
import type { ColumnSamples } from '../stats/samples.ts';
import { STD_FLOOR } from '../stats/wasserstein.ts';

export interface NumericalSummary {
  mean: number;
  std: number;
  p10: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface NumericalExplanation {
  reference: NumericalSummary;
  current: NumericalSummary;
  /** current − reference */
  mean_shift: number;
  /** mean shift in reference standard deviations (floor 0.001) */
  mean_shift_std: number;
  median_shift: number;
  std_ratio: number;
  summary: string;
}

export interface CategoryShare {
  category: string;
  reference: number;
  current: number;
  change: number;
}

export interface CategoricalExplanation {
  new_categories: string[];
  vanished_categories: string[];
  /** Categories whose share moved most, largest change first (at most five). */
  top_changes: CategoryShare[];
  summary: string;
}

export type Explanation = NumericalExplanation | CategoricalExplanation;

function summarize(sorted: Float64Array): NumericalSummary {
  const { mean, std } = meanAndStd(sorted);
  return {
    mean,
    std,
    p10: quantileSorted(sorted, 0.1),
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(+x.toFixed(4)));

export function explainNumerical(samples: ColumnSamples): NumericalExplanation {
  const reference = summarize(samples.sortedReference());
  const current = summarize(samples.sortedCurrent());
  const meanShift = current.mean - reference.mean;
  const inStd = meanShift / Math.max(reference.std, STD_FLOOR);
  const stdRatio = current.std / Math.max(reference.std, STD_FLOOR);
  const parts = [
    `mean ${fmt(reference.mean)} → ${fmt(current.mean)} (${inStd >= 0 ? '+' : ''}${inStd.toFixed(2)} std)`,
    `median ${fmt(reference.median)} → ${fmt(current.median)}`,
    `p10–p90 ${fmt(reference.p10)}…${fmt(reference.p90)} → ${fmt(current.p10)}…${fmt(current.p90)}`,
  ];
  if (stdRatio > 1.5 || stdRatio < 1 / 1.5) parts.push(`spread ×${stdRatio.toFixed(2)}`);
  return {
    reference,
    current,
    mean_shift: meanShift,
    mean_shift_std: inStd,
    median_shift: current.median - reference.median,
    std_ratio: stdRatio,
    summary: parts.join('; '),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function explainCategorical(samples: ColumnSamples): CategoricalExplanation {
  const bins = samples.bins();
  const categories = bins.categories!;
  const r = proportions(bins.reference);
  const c = proportions(bins.current);
  const shares: CategoryShare[] = categories.map((category, i) => ({
    category,
    reference: r[i]!,
    current: c[i]!,
    change: c[i]! - r[i]!,
  }));
  const newCategories = shares.filter((s) => s.reference === 0).map((s) => s.category);
  const vanished = shares.filter((s) => s.current === 0).map((s) => s.category);
  const top = [...shares].sort((a, b) => Math.abs(b.change) - Math.abs(a.change)).slice(0, 5);
  const parts: string[] = [];
  if (newCategories.length) parts.push(`new: ${newCategories.slice(0, 5).join(', ')}${newCategories.length > 5 ? ' …' : ''}`);
  if (vanished.length) parts.push(`vanished: ${vanished.slice(0, 5).join(', ')}${vanished.length > 5 ? ' …' : ''}`);
  const first = top[0];
  if (first && first.change !== 0) parts.push(`"${first.category}" ${pct(first.reference)} → ${pct(first.current)}`);
  return {
    new_categories: newCategories,
    vanished_categories: vanished,
    top_changes: top,
    summary: parts.length ? parts.join('; ') : 'category shares unchanged',
  };
}
