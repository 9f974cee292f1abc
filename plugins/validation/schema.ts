// The schema a model's inputs are expected to follow, inferred from its reference data: each
// feature's type, how often it is missing, the range its numbers live in and the categories
// its text takes.
import type { Values } from './model-data.ts';

export type ValueType = 'number' | 'string' | 'boolean';

export interface FeatureSchema {
  name: string;
  type: ValueType;
  nullable: boolean;
  missing_share: number;
  /** Numbers: the reference's min and max, and the accepted band once widened by the tolerance. */
  min?: number;
  max?: number;
  low?: number;
  high?: number;
  /** Text and booleans: the categories seen, or null when there were too many to treat as a domain. */
  categories?: string[] | null;
}

export interface SchemaOptions {
  /** The accepted band is [min − t·(max − min), max + t·(max − min)]. */
  rangeTolerance: number;
  /** Above this many distinct values a text column has no category domain. */
  maxCategories: number;
}

function typeOfValues(values: Values): ValueType | null {
  if (values instanceof Float64Array) return 'number';
  for (const v of values) if (v !== null && v !== undefined) return typeof v === 'boolean' ? 'boolean' : 'string';
  return null;
}

export function inferFeatureSchema(name: string, values: Values, opts: SchemaOptions): FeatureSchema | null {
  const type = typeOfValues(values);
  if (!type) return null; // a column with no values says nothing about its type
  const n = values.length;
  let nulls = 0;
  if (values instanceof Float64Array) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) nulls++;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const width = max - min;
    // A constant reference still deserves some slack: a share of its magnitude (or of 1 at zero).
    const pad = opts.rangeTolerance * (width > 0 ? width : Math.abs(min) || 1);
    return { name, type, nullable: nulls > 0, missing_share: n ? nulls / n : 0, min, max, low: min - pad, high: max + pad };
  }
  const seen = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) nulls++;
    else if (seen.size <= opts.maxCategories) seen.add(String(v));
  }
  return {
    name,
    type,
    nullable: nulls > 0,
    missing_share: n ? nulls / n : 0,
    categories: seen.size > opts.maxCategories ? null : [...seen].sort(),
  };
}

/** Schema of the named columns present in the reference (all of them when `names` is empty). */
export function inferSchema(columns: Record<string, Values>, names: string[] | null, opts: SchemaOptions): FeatureSchema[] {
  const out: FeatureSchema[] = [];
  for (const name of names ?? Object.keys(columns)) {
    const values = columns[name];
    if (!values) continue;
    const s = inferFeatureSchema(name, values, opts);
    if (s) out.push(s);
  }
  return out;
}

/** A schema as bytes for the profile store; ±Infinity and NaN (a reference holding them) survive. */
export function encodeSchema(schema: FeatureSchema[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(schema, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v)));
}

export function decodeSchema(bytes: Uint8Array): FeatureSchema[] {
  return JSON.parse(new TextDecoder().decode(bytes), (_, v) => (v && typeof v === 'object' && 'nonFinite' in v ? Number(v.nonFinite) : v)) as FeatureSchema[];
}
