// One export pass: for every target, the rows after its watermark are written with DuckDB's
// COPY … TO (FORMAT parquet, PARTITION_BY …) into Hive folders (`model=…/date=…/`), in new files
// named after the run so that earlier files are never rewritten; then the watermark moves.
// A crash between the two steps re-exports that slice at the next run (at-least-once): readers
// that need exactly-once deduplicate on the row's own key (seq / id).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runtime } from '../runtime.ts';
import { coreTargets, literal, predictionTarget, type ExportTable, type ExportTarget } from './targets.ts';

export interface ExportSettings {
  dir: string;
  tables: ExportTable[];
  compression: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
}

export interface ExportReport {
  runId: number;
  rows: number;
  targets: { key: string; rows: number; from: string | null; to: string }[];
}

export function exportTargets(rt: Runtime, tables: ExportTable[]): ExportTarget[] {
  const all = [...rt.tables.list().map(predictionTarget), ...coreTargets()];
  return all.filter((t) => tables.includes(t.folder));
}

export async function runExport(rt: Runtime, settings: ExportSettings, trigger: string): Promise<ExportReport> {
  const root = resolve(settings.dir);
  const runId = Number((await rt.storage.one<{ id: number }>("SELECT nextval('export_run_seq')::BIGINT AS id"))!.id);
  await rt.storage.run('INSERT INTO export_runs (id, trigger, started_at) VALUES ($1, $2, now())', [runId, trigger]);
  const report: ExportReport = { runId, rows: 0, targets: [] };
  // A connection of its own: a long COPY must not hold up the reads that serve the API.
  const conn = await rt.storage.connect();
  try {
    for (const target of exportTargets(rt, settings.tables)) {
      const hi = (await rt.storage.one<{ hi: string | null }>(target.highSql))?.hi ?? null;
      const lo = (await rt.storage.one<{ watermark: string }>('SELECT watermark FROM export_watermarks WHERE target = $1', [target.key]))?.watermark ?? null;
      if (hi === null || hi === '0' || hi === lo) continue;
      const dir = join(root, target.folder);
      mkdirSync(dir, { recursive: true });
      const result = await conn.runAndReadAll(
        `COPY (${target.select(lo, hi)}) TO ${literal(dir)}
         (FORMAT parquet, PARTITION_BY (${target.partitionBy.join(', ')}), COMPRESSION ${settings.compression},
          FILENAME_PATTERN ${literal(`run${runId}_{i}`)}, OVERWRITE_OR_IGNORE true)`,
      );
      const rows = Number(result.getRows()[0]?.[0] ?? 0);
      await rt.storage.run(
        `INSERT INTO export_watermarks (target, watermark, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (target) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at`,
        [target.key, hi],
      );
      report.rows += rows;
      report.targets.push({ key: target.key, rows, from: lo, to: hi });
    }
    await rt.storage.run('UPDATE export_runs SET finished_at = now(), rows = $2, targets = $3 WHERE id = $1', [runId, report.rows, JSON.stringify(report.targets)]);
    return report;
  } catch (e) {
    await rt.storage.run('UPDATE export_runs SET finished_at = now(), rows = $2, targets = $3, error = $4 WHERE id = $1', [runId, report.rows, JSON.stringify(report.targets), (e as Error).message]);
    throw new Error(`export to ${root} failed: ${(e as Error).message}`);
  } finally {
    conn.closeSync();
  }
}
