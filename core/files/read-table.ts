// Reads a data file (.csv, .parquet, .json, .ndjson) through DuckDB into the columnar form the
// drift report takes: numbers as Float64Array with NaN for null, everything else as values.
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { copyDoubles, sharedDoubles } from '../storage/double-vectors.ts';

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

/** A data file whose columns are known and can be read in parts. */
export interface TableFile {
  path: string;
  /** The columns that may be read (those asked for, or all), in file order. */
  names: string[];
  /** Parquet keeps each column apart: reading a few of them costs only those. CSV and JSON are read whole each time. */
  columnar: boolean;
  /** Reads these columns (all of `names` when omitted); with none, only the row count. */
  read(columns?: string[]): Promise<TableData>;
}

export async function readTableFile(connection: DuckDBConnection, path: string, options: ReadTableOptions = {}): Promise<TableData> {
  return (await openTableFile(connection, path, options)).read();
}

export async function openTableFile(connection: DuckDBConnection, path: string, options: ReadTableOptions = {}): Promise<TableFile> {
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
  if (wanted.length === 0) throw new Error(`${path} has no columns`);
  const planOf = (name: string) => {
    const type = described.find((d) => d.name === name)!.type;
    const read: ColumnRead = NUMERIC_TYPES.test(type) ? 'number' : type === 'BOOLEAN' ? 'boolean' : type === 'JSON' ? 'json' : 'text';
    const expr = read === 'number' ? `CAST(${sqlIdent(name)} AS DOUBLE)` : read === 'boolean' ? sqlIdent(name) : `CAST(${sqlIdent(name)} AS VARCHAR)`;
    return { name, read, expr };
  };
  const fail = (err: unknown) => new Error(`cannot read ${path} as ${reader.label}: ${err instanceof Error ? err.message : String(err)}`);
  return {
    path,
    names: wanted,
    columnar: reader.label === 'Parquet',
    async read(columns = wanted) {
      const outside = columns.filter((c) => !wanted.includes(c));
      if (outside.length) throw new Error(`${path}: column(s) ${outside.map((c) => `"${c}"`).join(', ')} were not asked for`);
      if (columns.length === 0) {
        try {
          const r = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${source}`);
          return { rows: Number(r.getRowObjectsJS()[0]!.n), names: [], columns: {} };
        } catch (err) {
          throw fail(err);
        }
      }
      const plan = columns.map(planOf);
      const chunks: DuckDBDataChunk[] = [];
      try {
        // Materialized on DuckDB's threads, then copied chunk by chunk without awaiting each one.
        const result = await connection.run(`SELECT ${plan.map((p) => p.expr).join(', ')} FROM ${source}`);
        for (let c = 0; c < result.chunkCount; c++) chunks.push(result.getChunk(c));
      } catch (err) {
        throw fail(err);
      }
      const rows = chunks.reduce((s, c) => s + c.rowCount, 0);
      const out: Record<string, TableColumn> = {};
      plan.forEach((p, ci) => {
        out[p.name] = p.read === 'number' ? numberColumn(chunks, ci, rows) : valueColumn(chunks, ci, rows, p.read);
      });
      return { rows, names: columns, columns: out };
    },
  };
}

function numberColumn(chunks: DuckDBDataChunk[], ci: number, rows: number): Float64Array {
  const out = sharedDoubles(rows);
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
