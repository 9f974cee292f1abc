// Reads of the model registry: the versions registered at ingest, their traffic, the labels that
// arrived for them, the reference snapshot in effect and the latest stage results naming them;
// and the retraining record mirrored from the retraining stage's results.
import { ident, type Storage } from './db.ts';

export interface StoredVersion {
  version: string;
  first_seen: Date;
  last_seen: Date;
  predictions: number;
}

export interface SnapshotSummary {
  version: string;
  name: string | null;
  rows: number;
  created_at: Date;
}

export interface VersionLabels {
  version: string | null;
  labelled: number;
  correct: number | null;
  mae: number | null;
  mean_score: number | null;
  integral: boolean | null;
}

/** Rows per version of a prediction table with a timestamp in [since, until), or from `since` on. */
export async function versionCountsBetween(storage: Storage, table: string, since: Date, until?: Date): Promise<Map<string | null, number>> {
  const params = until ? [since.toISOString(), until.toISOString()] : [since.toISOString()];
  const rows = await storage.all<{ version: string | null; n: number }>(
    `SELECT version, count(*)::BIGINT AS n FROM ${ident(table)} WHERE ts >= $1::TIMESTAMP ${until ? 'AND ts < $2::TIMESTAMP' : ''} GROUP BY version`,
    params,
  );
  return new Map(rows.map((r) => [r.version, Number(r.n)]));
}

/** Per version: predictions with a label, the share whose prediction equals it, mean absolute error, mean score. */
export function labelAgreementByVersion(storage: Storage, table: string, model: string): Promise<VersionLabels[]> {
  return storage.all<VersionLabels>(
    `SELECT p.version, count(l.id)::BIGINT AS labelled,
        avg(CASE WHEN l.id IS NULL THEN NULL WHEN coalesce(p.prediction_str, p.prediction_num::VARCHAR) = coalesce(l.label_str, l.label_num::VARCHAR) THEN 1.0 ELSE 0.0 END) AS correct,
        avg(abs(p.prediction_num - l.label_num)) AS mae, avg(p.score) AS mean_score,
        bool_and(p.prediction_str IS NOT NULL OR p.prediction_num = round(p.prediction_num)) AS integral
     FROM ${ident(table)} p
     LEFT JOIN (SELECT id, arg_max(label_num, received_at) AS label_num, arg_max(label_str, received_at) AS label_str FROM labels WHERE model = $1 GROUP BY id) l ON l.id = p.id
     GROUP BY p.version`,
    [model],
  );
}

/** The snapshot stored under a version (sha256) or name, newest first. */
export function snapshotByVersionOrName(storage: Storage, key: string): Promise<SnapshotSummary | undefined> {
  return storage.one<SnapshotSummary>('SELECT version, name, rows, created_at FROM snapshots WHERE version = $1 OR name = $1 ORDER BY created_at DESC LIMIT 1', [key]);
}

/** The model's newest reference snapshot (stored at or before `before`, when given). */
export function newestReference(storage: Storage, model: string, before?: Date): Promise<SnapshotSummary | undefined> {
  const params: string[] = [model];
  if (before) params.push(before.toISOString());
  return storage.one<SnapshotSummary>(
    `SELECT version, name, rows, created_at FROM snapshots WHERE model = $1 AND role = 'reference' ${before ? 'AND created_at <= $2::TIMESTAMP' : ''} ORDER BY created_at DESC LIMIT 1`,
    params,
  );
}

export interface LatestResult {
  id: number;
  stage: string;
  kind: string;
  created_at: Date;
  data_version: string | null;
  config_version: string;
  payload: string;
}

/** Every registered version of the given models (of every model, when none are given). */
export async function registeredVersionsOf(storage: Storage, model?: string): Promise<Map<string, StoredVersion[]>> {
  const rows = await storage.all<StoredVersion & { model: string }>(
    `SELECT model, version, first_seen, last_seen, predictions FROM model_versions ${model === undefined ? '' : 'WHERE model = $1'} ORDER BY model, first_seen, version`,
    model === undefined ? [] : [model],
  );
  return groupBy(rows, (r) => r.model, ({ model: _, ...r }) => r);
}

/** Reference snapshots per model, newest first. */
export async function referenceSnapshotsOf(storage: Storage, model?: string): Promise<Map<string, SnapshotSummary[]>> {
  const rows = await storage.all<SnapshotSummary & { model: string }>(
    `SELECT model, version, name, rows, created_at FROM snapshots WHERE role = 'reference' ${model === undefined ? '' : 'AND model = $1'} ORDER BY created_at DESC`,
    model === undefined ? [] : [model],
  );
  return groupBy(rows, (r) => r.model, ({ model: _, ...r }) => r);
}

/** The newest result of each stage and kind per model version, keyed `model \0 version`. */
export async function latestResultsPerVersion(storage: Storage, model?: string): Promise<Map<string, LatestResult[]>> {
  const rows = await storage.all<LatestResult & { model: string; model_version: string }>(
    `SELECT model, model_version, id, stage, kind, created_at, data_version, config_version, payload FROM stage_results
     WHERE id IN (SELECT max(id) FROM stage_results WHERE model_version IS NOT NULL ${model === undefined ? '' : 'AND model = $1'} GROUP BY model, model_version, stage, kind)
     ORDER BY stage, kind`,
    model === undefined ? [] : [model],
  );
  return groupBy(rows, (r) => `${r.model}\u0000${r.model_version}`, ({ model: _, model_version: __, ...r }) => r);
}

function groupBy<R, T>(rows: R[], key: (r: R) => string, value: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(value(r));
  }
  return out;
}

export interface RetrainingRecord {
  resultId: number;
  runId: number;
  ts: Date;
  model: string;
  modelVersion: string | null;
  policy: string;
  status: string;
  reason: string;
  action: string | null;
  httpStatus: number | null;
  exitCode: number | null;
  error: string | null;
  evidence: unknown[];
  /** Written to the audit trail beside the record. */
  audit: { kind: string; details: Record<string, unknown> };
}

/** Results of a kind stored after the given result id, oldest first. */
export function resultsAfter(storage: Storage, kind: string, afterId: number): Promise<{ id: number; run_id: number; created_at: Date; payload: string }[]> {
  return storage.all(`SELECT id, run_id, created_at, payload FROM stage_results WHERE kind = $1 AND id > $2 ORDER BY id`, [kind, afterId]);
}

export async function lastMirroredTrigger(storage: Storage): Promise<number> {
  return Number((await storage.one<{ n: number | null }>('SELECT max(result_id) AS n FROM retraining_triggers'))?.n ?? 0);
}

/** Records retraining triggers and their audit entries, once per result id. */
export async function recordRetraining(storage: Storage, records: RetrainingRecord[]): Promise<void> {
  if (!records.length) return;
  await storage.tx(async (conn) => {
    for (const r of records) {
      await conn.run(`INSERT INTO retraining_triggers VALUES ($1, $2, $3::TIMESTAMP, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`, [
        r.resultId,
        r.runId,
        r.ts.toISOString(),
        r.model,
        r.modelVersion,
        r.policy,
        r.status,
        r.reason,
        r.action,
        r.httpStatus,
        r.exitCode,
        r.error,
        JSON.stringify(r.evidence),
      ]);
      await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), $1::TIMESTAMP, $2, $3, $4)", [r.ts.toISOString(), r.audit.kind, r.model, JSON.stringify(r.audit.details)]);
    }
  });
}

export interface RetrainingRow {
  result_id: number;
  run_id: number;
  ts: Date;
  model: string;
  model_version: string | null;
  policy: string;
  status: string;
  reason: string;
  action: string | null;
  http_status: number | null;
  exit_code: number | null;
  error: string | null;
  evidence: unknown[];
}

export async function retrainingRecords(storage: Storage, model: string, limit: number): Promise<RetrainingRow[]> {
  const rows = await storage.all<Omit<RetrainingRow, 'evidence'> & { evidence: string }>(
    `SELECT * FROM retraining_triggers WHERE model = $1 ORDER BY result_id DESC LIMIT ${Math.max(1, Math.min(Math.floor(limit), 10_000))}`,
    [model],
  );
  return rows.map((r) => ({ ...r, evidence: JSON.parse(r.evidence) as unknown[] }));
}
