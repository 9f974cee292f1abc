// Scheduled export of stored tables to Parquet for fleet-level analysis in Spark, Trino or
// DuckDB (config section `export`). Disabled unless `dir` is set. A failed run is recorded and
// retried at the next tick; it never stops the daemon.
import { Hono } from 'hono';
import { z } from 'zod';
import { duration } from '../plugin-api/index.ts';
import type { FeatureModule, Runtime } from '../runtime.ts';
import { intParam } from '../plugin-api/query-params.ts';
import { ApiError } from '../http/errors.ts';
import { exportTables } from './targets.ts';
import { runExport, type ExportReport } from './run-export.ts';

export const exportConfigSchema = z
  .object({
    /** Root folder of the Hive layout (a mounted bucket, or a folder a sync tool uploads). */
    dir: z.string().min(1).optional(),
    every: duration.default(3_600_000),
    tables: z.array(z.enum(exportTables)).min(1).default([...exportTables]),
    compression: z.enum(['zstd', 'snappy', 'gzip', 'uncompressed']).default('zstd'),
  })
  .strict();

export type ExportConfig = z.infer<typeof exportConfigSchema>;

export function exportModule(): FeatureModule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ExportReport> | null = null;
  const settingsOf = (rt: Runtime) => (rt.loaded.sections.export ?? exportConfigSchema.parse({})) as ExportConfig;
  const exportNow = (rt: Runtime, trigger: string): Promise<ExportReport> => {
    const cfg = settingsOf(rt);
    if (!cfg.dir) throw new ApiError(409, 'export is not configured: set export.dir');
    running ??= runExport(rt, { dir: cfg.dir, tables: cfg.tables, compression: cfg.compression }, trigger).finally(() => (running = null));
    return running;
  };

  return {
    name: 'export',
    configSection: 'export',
    configSchema: exportConfigSchema as z.ZodType<unknown>,
    start(rt) {
      const cfg = settingsOf(rt);
      if (!cfg.dir) return;
      timer = setInterval(() => {
        if (rt.phase !== 'ready') return;
        exportNow(rt, 'schedule').then(
          (r) => rt.log.info('export written', { run: r.runId, rows: r.rows }),
          (e: unknown) => rt.log.error('export failed; retrying at the next interval', { error: (e as Error).message }),
        );
      }, cfg.every);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
    routes(rt) {
      const app = new Hono();
      app.post('/v1/export/run', async (c) => c.json(await exportNow(rt, 'api')));
      app.get('/v1/export/runs', async (c) => {
        const limit = intParam(c.req.query('limit'), 'limit', 50, 1, 1000);
        const rows = await rt.storage.all<{ targets: string | null }>(`SELECT * FROM export_runs ORDER BY id DESC LIMIT ${limit}`);
        return c.json(rows.map((r) => ({ ...r, targets: r.targets ? JSON.parse(r.targets) : [] })));
      });
      return app;
    },
    openapi: {
      '/v1/export/run': { post: { summary: 'Export new rows to Parquet now (Hive layout under export.dir)', security: [{ bearer: [] }], responses: { '200': { description: '{runId, rows, targets}' }, '409': { description: 'export.dir is not set' } } } },
      '/v1/export/runs': { get: { summary: 'Export runs, newest first', responses: { '200': { description: '[{id, trigger, started_at, finished_at, rows, targets, error}]' } } } },
    },
  };
}
