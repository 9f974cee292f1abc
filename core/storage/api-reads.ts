// Listings the read API serves as stored: stage runs, findings and audit entries, newest first.
// Filters are bound as parameters; only the limit, already checked as an integer, is inlined.
import type { SqlParam, Storage } from './db.ts';

function whereOf(conds: [string, SqlParam | undefined][]): { sql: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  for (const [cond, v] of conds) {
    if (v === undefined) continue;
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const cap = (limit: number) => Math.max(1, Math.min(Math.floor(limit), 10_000));

export function listRuns(storage: Storage, q: { stage?: string; id?: number; limit: number }): Promise<Record<string, unknown>[]> {
  const w = whereOf([
    ['stage = ?', q.stage],
    ['id = ?', q.id],
  ]);
  return storage.all(`SELECT * FROM stage_runs ${w.sql} ORDER BY id DESC LIMIT ${cap(q.limit)}`, w.params);
}

export async function listFindings(storage: Storage, q: { stage?: string; kind?: string; severity?: string; model?: string; since?: Date; limit: number }): Promise<Record<string, unknown>[]> {
  const w = whereOf([
    ['stage = ?', q.stage],
    ['kind = ?', q.kind],
    ['severity = ?', q.severity],
    ["json_extract_string(labels, '$.model') = ?", q.model],
    ['ts >= ?::TIMESTAMP', q.since?.toISOString()],
  ]);
  const rows = await storage.all<{ labels: string; details: string | null }>(`SELECT * FROM findings ${w.sql} ORDER BY id DESC LIMIT ${cap(q.limit)}`, w.params);
  return rows.map((r) => ({ ...r, labels: JSON.parse(r.labels), details: r.details ? JSON.parse(r.details) : null }));
}

export async function listAudit(storage: Storage, q: { kind?: string; limit: number }): Promise<Record<string, unknown>[]> {
  const w = whereOf([['kind = ?', q.kind]]);
  const rows = await storage.all<{ details: string | null }>(`SELECT * FROM audit ${w.sql} ORDER BY id DESC LIMIT ${cap(q.limit)}`, w.params);
  return rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null }));
}

/** Findings of the given stages (the anomaly stages), newest first. */
export async function listStageFindings(storage: Storage, q: { stages: string[]; kind?: string; since?: Date; until?: Date; limit: number }): Promise<Record<string, unknown>[]> {
  const params: SqlParam[] = [...q.stages];
  const where = [`stage IN (${q.stages.map((_, i) => `$${i + 1}`).join(', ')})`];
  if (q.since) where.push(`ts >= $${params.push(q.since.toISOString())}::TIMESTAMP`);
  if (q.until) where.push(`ts < $${params.push(q.until.toISOString())}::TIMESTAMP`);
  if (q.kind) where.push(`kind = $${params.push(q.kind)}`);
  const rows = await storage.all<{ labels: string; details: string | null }>(
    `SELECT id, run_id, stage, kind, severity, summary, labels, details, fingerprint, ts FROM findings WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ${cap(q.limit)}`,
    params,
  );
  return rows.map((r) => ({ ...r, labels: JSON.parse(r.labels) as Record<string, string>, details: r.details ? (JSON.parse(r.details) as unknown) : null }));
}
