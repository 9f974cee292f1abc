import type { Label } from '../performance/labels.ts';

export interface GroupRate {
  group: string;
  /** Rows of the group used for the rate (all rows for parity, actual positives for opportunity). */
  count: number;
  rate: number | null;
  /** Below minGroupSize: shown, but left out of the difference. */
  tooSmall: boolean;
}

export interface GroupGap {
  /** max − min rate over the groups large enough; null when fewer than two such groups. */
  difference: number | null;
  maxGroup: string | null;
  minGroup: string | null;
  groups: GroupRate[];
  minGroupSize: number;
}

export interface FairnessOptions {
  positive?: Label;
  /** Groups with fewer rows than this (in the rate's denominator) are excluded. Default 30. */
  minGroupSize?: number;
}

/** Rows whose sensitive attribute is missing form their own group under this name. */
export const MISSING_GROUP = '(missing)';

function gap(sensitive: ArrayLike<string | null>, include: (i: number) => boolean, hit: (i: number) => boolean, minGroupSize: number): GroupGap {
  const counts = new Map<string, { n: number; hits: number }>();
  for (let i = 0; i < sensitive.length; i++) {
    const key = sensitive[i] ?? MISSING_GROUP;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { n: 0, hits: 0 }));
    if (!include(i)) continue;
    c.n++;
    if (hit(i)) c.hits++;
  }
  const groups: GroupRate[] = [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, c]) => ({ group, count: c.n, rate: c.n > 0 ? c.hits / c.n : null, tooSmall: c.n < minGroupSize || c.n === 0 }));
  const eligible = groups.filter((g) => !g.tooSmall);
  if (eligible.length < 2) return { difference: null, maxGroup: null, minGroup: null, groups, minGroupSize };
  let max = eligible[0];
  let min = eligible[0];
  for (const g of eligible) {
    if (g.rate! > max.rate!) max = g;
    if (g.rate! < min.rate!) min = g;
  }
  return { difference: max.rate! - min.rate!, maxGroup: max.group, minGroup: min.group, groups, minGroupSize };
}

function check(n: number, other: number, what: string): void {
  if (n !== other) throw new RangeError(`${what}: ${other} values for ${n} sensitive-attribute values`);
  if (n === 0) throw new RangeError(`${what}: no rows`);
}

/**
 * Demographic parity difference: the spread (max − min) of the positive-prediction rate
 * P(ŷ = positive | group) across the groups of a sensitive attribute (fairlearn's
 * demographic_parity_difference, with small groups left out).
 */
export function demographicParity(sensitive: ArrayLike<string | null>, yPred: ArrayLike<Label>, options: FairnessOptions = {}): GroupGap {
  const { positive = 1, minGroupSize = 30 } = options;
  check(sensitive.length, yPred.length, 'demographic parity predictions');
  return gap(sensitive, () => true, (i) => yPred[i] === positive, minGroupSize);
}

/**
 * Equal-opportunity difference: the spread (max − min) of the true-positive rate
 * P(ŷ = positive | y = positive, group) across groups; a group's size here is its count of
 * actual positives.
 */
export function equalOpportunity(
  sensitive: ArrayLike<string | null>,
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: FairnessOptions = {},
): GroupGap {
  const { positive = 1, minGroupSize = 30 } = options;
  check(sensitive.length, yTrue.length, 'equal opportunity labels');
  check(sensitive.length, yPred.length, 'equal opportunity predictions');
  return gap(sensitive, (i) => yTrue[i] === positive, (i) => yPred[i] === positive, minGroupSize);
}
