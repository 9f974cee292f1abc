// Checks one window of predictions against the reference schema, feature by feature, and says
// which problems cross their limits.
import type { Values } from './model-data.ts';
import type { Misfits } from './raw-features.ts';
import type { FeatureSchema, ValueType } from './schema.ts';

export interface CheckLimits {
  /** A problem when the missing share exceeds the reference's by more than this. */
  maxMissingIncrease: number;
  /** A problem when more than this share of a feature's values has the wrong type. */
  maxTypeMismatchShare: number;
  /** A problem when more than this share of a feature's numbers falls outside the accepted band. */
  maxOutOfRangeShare: number;
  /** A problem when more than this share of a feature's values is a category the reference never had. */
  maxUnseenShare: number;
}

export type ProblemKind = 'type_mismatch' | 'missing_values' | 'out_of_range' | 'unseen_category';

export interface Problem {
  kind: ProblemKind;
  share: number;
  limit: number;
  summary: string;
}

export interface FeatureCheck {
  name: string;
  expected_type: ValueType;
  stored_type: ValueType | null;
  rows: number;
  missing_share: number;
  type_mismatches: number;
  type_mismatch_share: number;
  type_mismatch_examples: unknown[];
  out_of_range: number;
  out_of_range_share: number;
  observed_min: number | null;
  observed_max: number | null;
  unseen_categories: { category: string; count: number }[];
  unseen_share: number;
  problems: Problem[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * `values` is the feature's stored column in the window (undefined when the model never sent
 * it), `storedType` that column's type, and `misfits` the values kept outside it.
 */
export function checkFeature(
  schema: FeatureSchema,
  rows: number,
  values: Values | undefined,
  storedType: ValueType | null,
  misfits: Misfits,
  limits: CheckLimits,
): FeatureCheck {
  let nulls = 0;
  let mismatch = misfits.mismatches;
  const examples = [...misfits.examples];
  let outOfRange = 0;
  let lo = Infinity;
  let hi = -Infinity;
  const unseen = new Map<string, number>();
  const domain = schema.categories ? new Set(schema.categories) : null;
  const sameType = storedType === schema.type;
  const accept = (v: number | string | boolean) => {
    if (typeof v === 'number') {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v < schema.low! || v > schema.high!) outOfRange++;
    } else if (domain && !domain.has(String(v))) unseen.set(String(v), (unseen.get(String(v)) ?? 0) + 1);
  };
  const reject = (v: unknown) => {
    mismatch++;
    if (examples.length < 5) examples.push(v);
  };
  if (!values) nulls = rows;
  else if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) nulls++;
      else if (sameType) accept(v);
      else reject(v);
    }
  } else {
    for (const v of values) {
      if (v === null || v === undefined) nulls++;
      else if (sameType) accept(v);
      else reject(v);
    }
  }
  for (const v of misfits.recovered) accept(v);
  // A value that did not fit its column is stored as null there: it is a mismatch (or a value
  // of the expected type in a column typed otherwise), not a missing value.
  const missing = Math.max(0, nulls - misfits.mismatches - misfits.recovered.length);
  const present = rows - missing;
  const share = (k: number) => (present > 0 ? k / present : 0);
  const unseenTotal = [...unseen.values()].reduce((a, b) => a + b, 0);
  const check: FeatureCheck = {
    name: schema.name,
    expected_type: schema.type,
    stored_type: storedType,
    rows,
    missing_share: rows ? missing / rows : 0,
    type_mismatches: mismatch,
    type_mismatch_share: share(mismatch),
    type_mismatch_examples: examples,
    out_of_range: outOfRange,
    out_of_range_share: share(outOfRange),
    observed_min: Number.isFinite(lo) ? lo : null,
    observed_max: Number.isFinite(hi) ? hi : null,
    unseen_categories: [...unseen].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count).slice(0, 20),
    unseen_share: share(unseenTotal),
    problems: [],
  };
  const p = check.problems;
  if (mismatch > 0 && check.type_mismatch_share > limits.maxTypeMismatchShare) {
    const ex = examples.length ? ` (e.g. ${examples.slice(0, 3).map((v) => JSON.stringify(v)).join(', ')})` : '';
    p.push({ kind: 'type_mismatch', share: check.type_mismatch_share, limit: limits.maxTypeMismatchShare, summary: `${mismatch} value(s) of ${schema.name} are not of type ${schema.type}${ex}` });
  }
  if (check.missing_share > schema.missing_share + limits.maxMissingIncrease) {
    p.push({
      kind: 'missing_values',
      share: check.missing_share,
      limit: schema.missing_share + limits.maxMissingIncrease,
      summary: `${schema.name} is missing in ${pct(check.missing_share)} of rows (reference ${pct(schema.missing_share)})`,
    });
  }
  if (outOfRange > 0 && check.out_of_range_share > limits.maxOutOfRangeShare) {
    p.push({
      kind: 'out_of_range',
      share: check.out_of_range_share,
      limit: limits.maxOutOfRangeShare,
      summary: `${pct(check.out_of_range_share)} of ${schema.name} lies outside ${fmt(schema.low!)}…${fmt(schema.high!)} (reference ${fmt(schema.min!)}…${fmt(schema.max!)}; seen ${fmt(lo)}…${fmt(hi)})`,
    });
  }
  if (unseenTotal > 0 && check.unseen_share > limits.maxUnseenShare) {
    const names = check.unseen_categories.slice(0, 5).map((u) => JSON.stringify(u.category)).join(', ');
    p.push({ kind: 'unseen_category', share: check.unseen_share, limit: limits.maxUnseenShare, summary: `${schema.name} has categories the reference never had: ${names} (${pct(check.unseen_share)} of values)` });
  }
  return check;
}

const fmt = (x: number) => (Number.isFinite(x) ? String(+x.toPrecision(6)) : String(x));
