// One retention pass: delete what is older than each kind's limit in a single transaction, then
// CHECKPOINT so DuckDB returns the freed blocks to its free list and later writes reuse them
// (the file stops growing instead of keeping every deleted row's pages).
import { ident, type Storage } from './db.ts';
import { fixedTargets, predictionTargets, type RetainedKind, type RetentionTarget } from './retention-targets.ts';

export type RetentionLimits = Partial<Record<RetainedKind, number>>;

export interface RetentionReport {
  cutoffs: Partial<Record<RetainedKind, string>>;
  deleted: Partial<Record<RetainedKind, number>>;
  checkpointed: boolean;
}

export async function applyRetention(storage: Storage, predictionTables: string[], limits: RetentionLimits, nowMs: number): Promise<RetentionReport> {
  const targets: RetentionTarget[] = [...predictionTargets(predictionTables), ...fixedTargets].filter((t) => limits[t.kind] !== undefined);
  const report: RetentionReport = { cutoffs: {}, deleted: {}, checkpointed: false };
  if (targets.length === 0) return report;
  await storage.tx(async (conn) => {
    for (const t of targets) {
      const cutoff = new Date(nowMs - limits[t.kind]!).toISOString();
      report.cutoffs[t.kind] = cutoff;
      const r = await conn.run(`DELETE FROM ${ident(t.table)} WHERE ${ident(t.timeColumn)} < $1::TIMESTAMP`, [cutoff]);
      report.deleted[t.kind] = (report.deleted[t.kind] ?? 0) + Number(r.rowsChanged);
    }
    // An id whose every label is gone is no longer labelled.
    if (report.deleted.labels) await conn.run('DELETE FROM label_ids li WHERE NOT EXISTS (SELECT 1 FROM labels l WHERE l.model = li.model AND l.id = li.id)');
  });
  const total = Object.values(report.deleted).reduce((a, b) => a + (b ?? 0), 0);
  if (total > 0) {
    await storage.checkpoint();
    report.checkpointed = true;
  }
  return report;
}
