// The audit API's answer to "what ran, on which data, with which config, when": stage runs
// joined with the results they stored (kinds, models, data and model versions) and the daemon
// config that was loaded when they started; and the audit trail with model and time filters.
import type { SqlParam, Storage } from './db.ts';

export interface RunFilter {
  model?: string;
  stage?: string;
  outcome?: string;
  since?: Date;
  until?: Date;
  limit: number;
}

export interface AuditedRun {
  run_id: number;
  stage: string;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  outcome: string;
  error: string | null;
  stage_config_version: string;
  daemon_config_version: string | null;
  data_version: string | null;
  model_version: string | null;
  findings: number;
  results: { id: number; kind: string; model: string | null; data_version: string | null; model_version: string | null }[];
}

export async function auditRuns(storage: Storage, f: RunFilter): Promise<AuditedRun[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const add = (sql: string, v: SqlParam) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.stage) add('r.stage = ?', f.stage);
  if (f.outcome) add('r.outcome = ?', f.outcome);
  if (f.since) add('r.started_at >= ?::TIMESTAMP', f.since.toISOString());
  if (f.until) add('r.started_at < ?::TIMESTAMP', f.until.toISOString());
  if (f.model) add('(EXISTS (SELECT 1 FROM stage_results s WHERE s.run_id = r.id AND s.model = ?) OR EXISTS (SELECT 1 FROM findings x WHERE x.run_id = r.id AND json_extract_string(x.labels, \'$.model\') = ?))', f.model);
  const runs = await storage.all<Omit<AuditedRun, 'run_id' | 'results' | 'stage_config_version' | 'daemon_config_version'> & { id: number; config_version: string; daemon_config: string | null }>(
    `SELECT r.*, (SELECT a.details FROM audit a WHERE a.kind = 'config.loaded' AND a.ts <= r.started_at ORDER BY a.ts DESC, a.id DESC LIMIT 1) AS daemon_config
     FROM stage_runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ${f.limit}`,
    params,
  );
  const byRun = new Map<number, AuditedRun['results']>();
  if (runs.length) {
    const ids = runs.map((r) => r.id);
    const res = await storage.all<{ id: number; run_id: number; kind: string; model: string | null; data_version: string | null; model_version: string | null }>(
      `SELECT id, run_id, kind, model, data_version, model_version FROM stage_results WHERE run_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id`,
      ids,
    );
    for (const r of res) {
      if (f.model && r.model !== f.model) continue;
      const list = byRun.get(r.run_id) ?? [];
      list.push({ id: r.id, kind: r.kind, model: r.model, data_version: r.data_version, model_version: r.model_version });
      byRun.set(r.run_id, list);
    }
  }
  return runs.map((r) => ({
    run_id: r.id,
    stage: r.stage,
    trigger: r.trigger,
    started_at: r.started_at,
    finished_at: r.finished_at,
    duration_ms: r.duration_ms,
    outcome: r.outcome,
    error: r.error,
    stage_config_version: r.config_version,
    daemon_config_version: r.daemon_config ? ((JSON.parse(r.daemon_config) as { version?: string }).version ?? null) : null,
    data_version: r.data_version,
    model_version: r.model_version,
    findings: r.findings,
    results: byRun.get(r.id) ?? [],
  }));
}

export interface AuditFilter {
  kind?: string;
  model?: string;
  since?: Date;
  until?: Date;
  limit: number;
}

/** Audit entries; `kind` ending in `.` or `*` matches a prefix (`retraining.`). */
export async function auditEvents(storage: Storage, f: AuditFilter): Promise<{ id: number; ts: Date; kind: string; subject: string | null; details: unknown }[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (f.kind) {
    const prefix = f.kind.endsWith('*') ? f.kind.slice(0, -1) : f.kind.endsWith('.') ? f.kind : null;
    params.push(prefix ?? f.kind);
    where.push(prefix !== null ? `starts_with(kind, $${params.length})` : `kind = $${params.length}`);
  }
  if (f.model) {
    params.push(f.model);
    where.push(`subject = $${params.length}`);
  }
  if (f.since) {
    params.push(f.since.toISOString());
    where.push(`ts >= $${params.length}::TIMESTAMP`);
  }
  if (f.until) {
    params.push(f.until.toISOString());
    where.push(`ts < $${params.length}::TIMESTAMP`);
  }
  const rows = await storage.all<{ id: number; ts: Date; kind: string; subject: string | null; details: string | null }>(
    `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${f.limit}`,
    params,
  );
  return rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null }));
}

/** Records the daemon config a start loaded, once per distinct version, so runs can name it. */
export async function recordConfigLoaded(storage: Storage, source: string, version: string): Promise<void> {
  await storage.run("INSERT INTO audit (id, ts, kind, subject, details) SELECT nextval('audit_seq'), now(), 'config.loaded', $1, $2 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE kind = 'config.loaded' AND details = $2)", [
    source,
    JSON.stringify({ version }),
  ]);
}
