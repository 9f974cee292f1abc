// Records written by a model server (one JSON object per line of its prediction or label log)
// → the row shape of SPEC §3, by a field mapping: each row field is read from a dotted path of
// the record (`output.label`), by default the field of the same name; a fixed model name may
// stand in for a field the log does not have.
import { isPlainObject } from './fields.ts';

export type RowKind = 'predictions' | 'labels';

const rowFields: Record<RowKind, readonly string[]> = {
  predictions: ['model', 'version', 'id', 'ts', 'features', 'prediction', 'score', 'segment', 'attributes'],
  labels: ['model', 'id', 'label', 'ts'],
};

export function mappedFields(kind: RowKind): readonly string[] {
  return rowFields[kind];
}

function at(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** One record as a row; a record that is not an object is returned as is for the validator to name. */
export function mapRecord(kind: RowKind, record: unknown, fields: Record<string, string>, model?: string): unknown {
  if (!isPlainObject(record)) return record;
  const row: Record<string, unknown> = {};
  for (const f of rowFields[kind]) {
    const v = at(record, fields[f] ?? f);
    if (v !== undefined) row[f] = v;
  }
  if (model !== undefined) row.model = model;
  return row;
}
