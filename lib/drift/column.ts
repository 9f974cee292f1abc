// Turns one column's raw reference and current values into test samples: drops nulls (counting
// them), decides the kind by the SPEC §5 rule, and names what is wrong when no test can run.
import type { ColumnKind } from '../stats/descriptor.ts';
import { ColumnSamples } from '../stats/samples.ts';
import { isProfile, MAX_CATEGORICAL_NUMBERS, sortedCounts, type ColumnProfile } from './profile.ts';

/** Numbers as Float64Array with NaN for null, anything else as an array of values. */
export type ColumnValues = Float64Array | readonly (string | number | boolean | null)[];

export { MAX_CATEGORICAL_NUMBERS };

export type PreparedColumn =
  | { ok: true; kind: ColumnKind; samples: ColumnSamples; missing: MissingShare }
  | { ok: false; error: string; missing: MissingShare };

export interface MissingShare {
  reference: number;
  current: number;
}

type ValueType = 'number' | 'string' | 'boolean';

interface Split {
  numbers: Float64Array | null;
  others: (string | boolean)[] | null;
  types: Set<ValueType>;
  nulls: number;
  length: number;
}

function split(values: ColumnValues): Split {
  if (values instanceof Float64Array) {
    let nonNull = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) nonNull++;
    const numbers = nonNull === values.length ? values : new Float64Array(nonNull);
    if (numbers !== values) {
      let k = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) numbers[k++] = values[i]!;
    }
    return { numbers, others: null, types: new Set(nonNull ? ['number'] : []), nulls: values.length - nonNull, length: values.length };
  }
  const types = new Set<ValueType>();
  const nums: number[] = [];
  const others: (string | boolean)[] = [];
  let nulls = 0;
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) nulls++;
    else if (typeof v === 'number') {
      types.add('number');
      nums.push(v);
    } else {
      types.add(typeof v as ValueType);
      others.push(v);
    }
  }
  return { numbers: types.has('number') ? Float64Array.from(nums) : null, others, types, nulls, length: values.length };
}

function hasMoreDistinctThan(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]!);
    if (seen.size > limit) return true;
  }
  return false;
}

/** Category key of a value: numbers and booleans by their text. */
function keys(s: Split): string[] {
  if (s.numbers && s.types.size === 1) return Array.from(s.numbers, (v) => String(v));
  return (s.others ?? []).map((v) => String(v));
}

export function prepareColumn(reference: ColumnValues | ColumnProfile, current: ColumnValues): PreparedColumn {
  if (isProfile(reference)) return prepareFromProfile(reference, current);
  const r = split(reference);
  const c = split(current);
  const missing = {
    reference: r.length ? r.nulls / r.length : 0,
    current: c.length ? c.nulls / c.length : 0,
  };
  if (r.length === r.nulls) return { ok: false, error: 'reference has no non-null values', missing };
  if (c.length === c.nulls) return { ok: false, error: 'current has no non-null values', missing };
  const types = new Set([...r.types, ...c.types]);
  if (types.size > 1) {
    return { ok: false, error: `mixed value types (${[...types].sort().join(', ')}); a column must hold one type`, missing };
  }
  const numeric = types.has('number');
  // The reference decides the kind, so that a category new in the current sample stays visible
  // as a new category instead of turning the column numerical.
  if (numeric && hasMoreDistinctThan(r.numbers!, MAX_CATEGORICAL_NUMBERS)) {
    return { ok: true, kind: 'numerical', samples: ColumnSamples.numerical(r.numbers!, c.numbers!), missing };
  }
  return { ok: true, kind: 'categorical', samples: ColumnSamples.categorical(keys(r), keys(c)), missing };
}

/** `prepareColumn` with the reference as its profile: the same kinds, errors and samples. */
function prepareFromProfile(p: ColumnProfile, current: ColumnValues): PreparedColumn {
  const c = split(current);
  const missing = { reference: p.length ? p.nulls / p.length : 0, current: c.length ? c.nulls / c.length : 0 };
  if (p.length === p.nulls) return { ok: false, error: 'reference has no non-null values', missing };
  if (c.length === c.nulls) return { ok: false, error: 'current has no non-null values', missing };
  const types = new Set<string>([...(p.profile === 'numbers' ? ['number'] : p.types), ...c.types]);
  if (types.size > 1) {
    return { ok: false, error: `mixed value types (${[...types].sort().join(', ')}); a column must hold one type`, missing };
  }
  if (p.profile === 'numbers') {
    if (!p.firstSeen) return { ok: true, kind: 'numerical', samples: ColumnSamples.numericalSorted(p.sorted, c.numbers!), missing };
    const counts = sortedCounts(p.sorted, p.firstSeen);
    return { ok: true, kind: 'categorical', samples: ColumnSamples.categoricalCounts(p.firstSeen.map((v, i) => [String(v), counts[i]!] as const), keys(c)), missing };
  }
  return { ok: true, kind: 'categorical', samples: ColumnSamples.categoricalCounts(p.counts, keys(c)), missing };
}
