// Writes a model's columns into its pred_<id> table as DuckDB data chunks: one vector copy per
// column instead of one append call per value.
import {
  DuckDBDataChunk,
  timestampValue,
  type DuckDBAppender,
  type DuckDBBigIntVector,
  type DuckDBBooleanVector,
  type DuckDBDoubleVector,
  type DuckDBTimestampVector,
  type DuckDBVarCharVector,
} from '@duckdb/node-api';
import { kindBit, rawFeaturesJson, type FeatureKind, type ModelColumns } from './prediction-batch.ts';

/** A feature column of the table: its name, type and place among the f_<position> columns. */
export interface FeatureLayout {
  name: string;
  type: FeatureKind;
  position: number;
}

/** The most rows a DuckDB data chunk holds (its standard vector size). */
const chunkRows = 2048;
/**
 * The fixed columns of every pred_<id> table, in table (and appender) order; f_<position> follow
 * in position order. The writer below fills them in this order.
 */
export const fixedColumns = [
  ['seq', 'BIGINT NOT NULL'],
  ['ts', 'TIMESTAMP NOT NULL'],
  ['received_at', 'TIMESTAMP NOT NULL'],
  ['version', 'VARCHAR'],
  ['id', 'VARCHAR'],
  ['segment', 'VARCHAR'],
  ['prediction_num', 'DOUBLE'],
  ['prediction_str', 'VARCHAR'],
  ['score', 'DOUBLE'],
  ['attributes', 'VARCHAR'],
  ['raw_features', 'VARCHAR'],
] as const;
const fixedColumnCount = fixedColumns.length;

export function appendModelColumns(
  ap: DuckDBAppender,
  features: readonly FeatureLayout[],
  byName: ReadonlyMap<string, FeatureLayout>,
  cols: ModelColumns,
  receivedMs: number,
  seqStart: number,
): void {
  const types = Array.from({ length: ap.columnCount }, (_, c) => ap.columnType(c));
  if (types.length !== fixedColumnCount + features.length) {
    throw new Error(`table for model "${cols.model}" has ${types.length} columns; its layout expects ${fixedColumnCount + features.length}`);
  }
  const misfit = misfitRows(cols, byName);
  const received = timestampValue(BigInt(receivedMs) * 1000n);
  for (let start = 0; start < cols.length; start += chunkRows) {
    const n = Math.min(chunkRows, cols.length - start);
    const chunk = DuckDBDataChunk.create(types, n);
    const seq = chunk.getColumnVector(0) as DuckDBBigIntVector;
    const ts = chunk.getColumnVector(1) as DuckDBTimestampVector;
    const rec = chunk.getColumnVector(2) as DuckDBTimestampVector;
    for (let i = 0; i < n; i++) {
      seq.setItem(i, BigInt(seqStart + start + i));
      ts.setItem(i, timestampValue(BigInt(Math.round(cols.ts[start + i]!)) * 1000n));
      rec.setItem(i, received);
    }
    seq.flush();
    ts.flush();
    rec.flush();
    setStrings(chunk, 3, cols.version, start, n);
    setStrings(chunk, 4, cols.id, start, n);
    setStrings(chunk, 5, cols.segment, start, n);
    setNumbers(chunk, 6, cols.predictionNum, start, n);
    setStrings(chunk, 7, cols.predictionStr, start, n);
    setNumbers(chunk, 8, cols.score, start, n);
    setStrings(chunk, 9, cols.attributes, start, n);
    const raw = chunk.getColumnVector(10) as DuckDBVarCharVector;
    for (let i = 0; i < n; i++) raw.setItem(i, misfit?.has(start + i) ? rawFeaturesJson(cols.featureObjects[start + i]!) : null);
    raw.flush();
    for (let f = 0; f < features.length; f++) {
      const col = features[f]!;
      setFeature(chunk, fixedColumnCount + f, col.type, cols.features.get(col.name)?.values, start, n);
    }
    ap.appendDataChunk(chunk);
  }
}

/**
 * Rows with a value that does not fit its column's type, or that belongs to no column: their
 * features are also kept verbatim, so nothing a model sent is lost and validation can report it.
 */
function misfitRows(cols: ModelColumns, byName: ReadonlyMap<string, FeatureLayout>): Set<number> | null {
  let rows: Set<number> | null = null;
  for (const f of cols.features.values()) {
    if (f.kinds === 0) continue;
    const col = byName.get(f.name);
    const fits = col ? kindBit[col.type] : 0;
    if ((f.kinds & ~fits) === 0) continue;
    for (let i = 0; i < cols.length; i++) {
      const v = f.values[i];
      if (v === undefined || v === null) continue;
      if (!col || typeof v !== col.type) (rows ??= new Set()).add(i);
    }
  }
  return rows;
}

function setStrings(chunk: DuckDBDataChunk, c: number, values: readonly (string | null)[], start: number, n: number): void {
  const v = chunk.getColumnVector(c) as DuckDBVarCharVector;
  for (let i = 0; i < n; i++) v.setItem(i, values[start + i]!);
  v.flush();
}

function setNumbers(chunk: DuckDBDataChunk, c: number, values: readonly (number | null)[], start: number, n: number): void {
  const v = chunk.getColumnVector(c) as DuckDBDoubleVector;
  for (let i = 0; i < n; i++) v.setItem(i, values[start + i]!);
  v.flush();
}

/** A value of another type than the column's is stored as NULL here (and verbatim in raw_features). */
function setFeature(chunk: DuckDBDataChunk, c: number, type: FeatureKind, values: readonly unknown[] | undefined, start: number, n: number): void {
  const at = (i: number) => values?.[start + i];
  if (type === 'number') {
    const v = chunk.getColumnVector(c) as DuckDBDoubleVector;
    for (let i = 0; i < n; i++) {
      const x = at(i);
      v.setItem(i, typeof x === 'number' ? x : null);
    }
    v.flush();
  } else if (type === 'string') {
    const v = chunk.getColumnVector(c) as DuckDBVarCharVector;
    for (let i = 0; i < n; i++) {
      const x = at(i);
      v.setItem(i, typeof x === 'string' ? x : null);
    }
    v.flush();
  } else {
    const v = chunk.getColumnVector(c) as DuckDBBooleanVector;
    for (let i = 0; i < n; i++) {
      const x = at(i);
      v.setItem(i, typeof x === 'boolean' ? x : null);
    }
    v.flush();
  }
}
