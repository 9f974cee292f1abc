// Retention as a daemon feature: every `storage.retention_check` it applies the per-kind limits
// of `storage.retention` (unset kinds are kept forever). A failed pass is logged and retried at
// the next check; it never stops the daemon.
import type { FeatureModule, Runtime } from '../runtime.ts';
import { applyRetention, type RetentionReport } from '../storage/retention.ts';

export async function runRetention(rt: Runtime, nowMs = rt.clock()): Promise<RetentionReport> {
  const tables = rt.tables.list().map((t) => t.table);
  const report = await applyRetention(rt.storage, tables, rt.config.storage.retention, nowMs);
  // The counts and version registry kept at ingest follow the rows that are left.
  if (report.deleted.predictions) await rt.tables.recount();
  if (report.deleted.labels) await rt.tables.recountLabelled();
  return report;
}

export function retentionModule(): FeatureModule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = (rt: Runtime) => {
    if (running || rt.phase !== 'ready') return;
    running = runRetention(rt)
      .then((r) => {
        if (r.checkpointed) rt.log.info('retention applied', { deleted: r.deleted, cutoffs: r.cutoffs });
      })
      .catch((e: unknown) => rt.log.error('retention pass failed', { error: (e as Error).message }))
      .finally(() => (running = undefined));
  };
  return {
    name: 'retention',
    start(rt) {
      if (Object.keys(rt.config.storage.retention).length === 0) return;
      timer = setInterval(() => tick(rt), rt.config.storage.retention_check);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
