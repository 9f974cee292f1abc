// What the Parquet export writes: one target per stored table (one per model for predictions),
// each with its Hive partition columns, a monotonic watermark column and the SELECT that reads
// the rows after a watermark. Model names and watermarks are inlined as SQL literals because
// COPY cannot take parameters; both are escaped or checked here.
import type { ModelTable } from '../storage/prediction-tables.ts';
import { featureColumnName } from '../storage/prediction-tables.ts';
import { ident } from '../storage/db.ts';

export const exportTables = ['predictions', 'labels', 'logs', 'metrics', 'findings', 'stage_results'] as const;
export type ExportTable = (typeof exportTables)[number];

export interface ExportTarget {
  /** Key of the watermark: `predictions:<model>` or the table name. */
  key: string;
  /** Folder under the export root. */
  folder: ExportTable;
  partitionBy: string[];
  /** SQL for the highest watermark value now (one row, column `hi`). */
  highSql: string;
  /** SELECT of the rows in (lo, hi]. */
  select(lo: string | null, hi: string): string;
  /** Watermarks are numbers (sequences) or timestamps. */
  watermark: 'number' | 'timestamp';
}

export const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

function bound(kind: 'number' | 'timestamp', v: string): string {
  if (kind === 'number') {
    if (!/^\d+$/.test(v)) throw new Error(`export watermark "${v}" is not a whole number`);
    return v;
  }
  if (Number.isNaN(Date.parse(v))) throw new Error(`export watermark "${v}" is not a timestamp`);
  return `${literal(v)}::TIMESTAMP`;
}

function range(col: string, kind: 'number' | 'timestamp', lo: string | null, hi: string): string {
  return `${lo === null ? 'TRUE' : `${col} > ${bound(kind, lo)}`} AND ${col} <= ${bound(kind, hi)}`;
}

/** Timestamps as ISO text with microseconds, so that a watermark round-trips exactly. */
const tsText = (col: string) => `strftime(max(${col}), '%Y-%m-%dT%H:%M:%S.%f')`;

export function predictionTarget(t: ModelTable): ExportTarget {
  // Features get their own names as columns; the f_<n> storage names stay internal.
  const features = t.features.map((f) => `${featureColumnName(f.position)} AS ${ident(f.name)}`).join(', ');
  return {
    key: `predictions:${t.model}`,
    folder: 'predictions',
    partitionBy: ['model', 'date'],
    watermark: 'number',
    highSql: `SELECT coalesce(max(seq), 0)::VARCHAR AS hi FROM ${ident(t.table)}`,
    select: (lo, hi) =>
      `SELECT ${literal(t.model)} AS model, CAST(ts AS DATE) AS date, seq, ts, received_at, version, id, segment,
              prediction_num, prediction_str, score${features ? `, ${features}` : ''}
       FROM ${ident(t.table)} WHERE ${range('seq', 'number', lo, hi)}`,
  };
}

export function coreTargets(): ExportTarget[] {
  return [
    {
      key: 'labels',
      folder: 'labels',
      partitionBy: ['model', 'date'],
      watermark: 'timestamp',
      highSql: `SELECT ${tsText('received_at')} AS hi FROM labels`,
      select: (lo, hi) => `SELECT model, CAST(ts AS DATE) AS date, id, label_num, label_str, ts, received_at FROM labels WHERE ${range('received_at', 'timestamp', lo, hi)}`,
    },
    {
      key: 'logs',
      folder: 'logs',
      partitionBy: ['date'],
      watermark: 'number',
      highSql: 'SELECT coalesce(max(seq), 0)::VARCHAR AS hi FROM logs',
      select: (lo, hi) => `SELECT CAST(ts AS DATE) AS date, seq, ts, received_at, level, source, message, template_id FROM logs WHERE ${range('seq', 'number', lo, hi)}`,
    },
    {
      // Metrics carry no arrival time: the watermark is the sample time, so a sample that
      // arrives older than the last export is not exported again.
      key: 'metrics',
      folder: 'metrics',
      partitionBy: ['date'],
      watermark: 'timestamp',
      highSql: `SELECT ${tsText('ts')} AS hi FROM metrics`,
      select: (lo, hi) => `SELECT CAST(ts AS DATE) AS date, ts, name, value, labels FROM metrics WHERE ${range('ts', 'timestamp', lo, hi)}`,
    },
    {
      key: 'findings',
      folder: 'findings',
      partitionBy: ['model', 'date'],
      watermark: 'number',
      highSql: 'SELECT coalesce(max(id), 0)::VARCHAR AS hi FROM findings',
      select: (lo, hi) =>
        `SELECT coalesce(json_extract_string(labels, '$.model'), '_none') AS model, CAST(ts AS DATE) AS date, id, run_id, stage, kind, severity, summary, labels, details, fingerprint, ts
         FROM findings WHERE ${range('id', 'number', lo, hi)}`,
    },
    {
      key: 'stage_results',
      folder: 'stage_results',
      partitionBy: ['model', 'date'],
      watermark: 'number',
      highSql: 'SELECT coalesce(max(id), 0)::VARCHAR AS hi FROM stage_results',
      select: (lo, hi) =>
        `SELECT coalesce(model, '_none') AS model, CAST(created_at AS DATE) AS date, id, run_id, stage, kind, created_at, payload, data_version, model_version, config_version
         FROM stage_results WHERE ${range('id', 'number', lo, hi)}`,
    },
  ];
}
