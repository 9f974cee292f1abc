// Values that did not fit their feature's stored column are kept verbatim in the prediction
// table's raw_features JSON; counting them per feature is how type mismatches become visible.
import type { DataReader } from '../../core/plugin-api/index.ts';
import type { ValueType } from './schema.ts';

function typeOf(v: unknown): ValueType | 'null' | 'other' {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

export interface Misfits {
  /** Values whose type differs from the expected one, and a few of them. */
  mismatches: number;
  examples: unknown[];
  /** Values of the expected type kept here because the stored column has another type. */
  recovered: (number | string | boolean)[];
}

/**
 * Per feature, the values in `[since, until)` that are not in their typed column: those whose type
 * is not `expected[feature]`, and those of the expected type when the column was typed otherwise.
 * Only rows that had such a value are stored with raw features, so this reads few rows.
 */
export async function countTypeMismatches(
  data: DataReader,
  model: string,
  since: Date,
  until: Date,
  expected: Map<string, ValueType>,
  storedTypes: Map<string, ValueType>,
): Promise<Map<string, Misfits>> {
  const out = new Map<string, Misfits>();
  for (const features of await data.misfitFeatures(model, { since, until })) {
    for (const [name, v] of Object.entries(features)) {
      const want = expected.get(name);
      const got = typeOf(v);
      if (!want || got === 'null') continue;
      // A row is kept here when any of its values misfit, so values that fit are skipped
      // unless their own column has another type (then they are not in it).
      if (got === want && storedTypes.get(name) === want) continue;
      let m = out.get(name);
      if (!m) out.set(name, (m = { mismatches: 0, examples: [], recovered: [] }));
      if (got === want) m.recovered.push(v as number | string | boolean);
      else {
        m.mismatches++;
        if (m.examples.length < 5) m.examples.push(v);
      }
    }
  }
  return out;
}
