// Reads a data file (.csv, .parquet, .json, .ndjson) through DuckDB into the columnar form the
// drift report takes: numbers as Float64Array with NaN for null, everything else as values.
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { copyDoubles } from '../storage/double-vectors.ts';

export type TableColumn = Float64Array | (string | number | boolean | null)[];

export interface TableData {
  rows: number;
  /** Column names in file order. */
  names: string[];
  columns: Record<string, TableColumn>;
}

export interface ReadTableOptions {
  /** Read only these columns (each must exist). */
  columns?: string[];
}

const READERS: Record<string, { fn: string; label: string }> = {
  '.csv': { fn: 'read_csv_auto', label: 'CSV' },
  '.tsv': { fn: 'read_csv_auto', label: 'CSV' },
  '.parquet': { fn: 'read_parquet', label: 'Parquet' },
  '.json': { fn: 'read_json_auto', label: 'JSON' },
  '.ndjson': { fn: 'read_json_auto', label: 'NDJSON' },
  '.jsonl': { fn: 'read_json_auto', label: 'NDJSON' },
};

const NUMERIC_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

type ColumnRead = 'number' | 'boolean' | 'text' | 'json';

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

function readerFor(path: string): { fn: string; label: string } {
  const ext = extname(path).toLowerCase();
  const reader = READERS[ext];
  if (!reader) {
    throw new Error(`unsupported file type "${ext || '(none)'}" for ${path}: expected one of ${Object.keys(READERS).join(', ')}`);
  }
  return reader;
}

export async function readTableFile(connection: DuckDBConnection, path: string, options: ReadTableOptions = {}): Promise<TableData> {
  const reader = readerFor(path);
  if (!existsSync(path)) throw new Error(`file not found: ${path}`);
  if (!statSync(path).isFile()) throw new Error(`not a file: ${path}`);
  const source = `${reader.fn}(${sqlString(path)})`;
  let described: { name: string; type: string }[];
  try {
    const d = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    described = d.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } catch (err) {
    throw new Error(`cannot read ${path} as ${reader.label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const names = described.map((d) => d.name);
  const wanted = options.columns ?? names;
  const unknown = wanted.filter((c) => !names.includes(c));
  if (unknown.length) throw new Error(`${path} has no column(s) ${unknown.map((c) => `"${c}"`).join(', ')}; it has ${names.join(', ')}`);
  const plan = wanted.map((name) => {
    const type = described.find((d) => d.name === name)!.type;
    const read: ColumnRead = NUMERIC_TYPES.test(type) ? 'number' : type === 'BOOLEAN' ? 'boolean' : type === 'JSON' ? 'json' : 'text';
    const expr = read === 'number' ? `CAST(${sqlIdent(name)} AS DOUBLE)` : read === 'boolean' ? sqlIdent(name) : `CAST(${sqlIdent(name)} AS VARCHAR)`;
    return { name, read, expr };
  });
  if (plan.length === 0) throw new Error(`${path} has no columns`);
  const chunks: DuckDBDataChunk[] = [];
  try {
    const result = await connection.run(`SELECT ${plan.map((p) => p.expr).join(', ')} FROM ${source}`);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) chunks.push(chunk);
  } catch (err) {
    throw new Error(`cannot read ${path} as ${reader.label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rows = chunks.reduce((s, c) => s + c.rowCount, 0);
  const columns: Record<string, TableColumn> = {};
  plan.forEach((p, ci) => {
    columns[p.name] = p.read === 'number' ? numberColumn(chunks, ci, rows) : valueColumn(chunks, ci, rows, p.read);
  });
  return { rows, names: wanted, columns };
}

function numberColumn(chunks: DuckDBDataChunk[], ci: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  let at = 0;
  for (const chunk of chunks) {
    copyDoubles(chunk.getColumnVector(ci), out, at, chunk.rowCount);
    at += chunk.rowCount;
  }
  return out;
}

function valueColumn(chunks: DuckDBDataChunk[], ci: number, rows: number, read: ColumnRead): (string | number | boolean | null)[] {
  const out = new Array<string | number | boolean | null>(rows);
  let at = 0;
  for (const chunk of chunks) {
    const v = chunk.getColumnVector(ci);
    const n = chunk.rowCount;
    for (let i = 0; i < n; i++) {
      const x = v.getItem(i) as string | boolean | null;
      out[at++] = read === 'json' && typeof x === 'string' ? fromJson(x) : x;
    }
  }
  return out;
}

/** A JSON column of mixed scalars keeps each value's own type, so a mix can be reported. */
function fromJson(text: string): string | number | boolean | null {
  const v: unknown = JSON.parse(text);
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return text;
}
