// Reads of what the daemon itself recorded: findings, audit entries, and when anything was first
// stored. Incidents, correlations and failure risk are built from these.
import type { AuditEntry, FindingRecord, MetricBucket, BucketQuery } from '../plugin-api/index.ts';
import type { Storage } from './db.ts';

export async function findings(storage: Storage, q: { since: number; until: number; afterId?: number }): Promise<FindingRecord[]> {
  const rows = await storage.all<{ id: number; run_id: number | null; stage: string; kind: string; severity: string; summary: string; labels: string; details: string | null; ts_ms: number }>(
    `SELECT id, run_id, stage, kind, severity, summary, labels, details, epoch_ms(ts)::DOUBLE AS ts_ms FROM findings
     WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP AND id > $3 ORDER BY id`,
    [new Date(q.since).toISOString(), new Date(q.until).toISOString(), q.afterId ?? -1],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    runId: r.run_id === null ? null : Number(r.run_id),
    stage: r.stage,
    kind: r.kind,
    severity: r.severity,
    summary: r.summary,
    labels: parseObject(r.labels) as Record<string, string>,
    details: r.details ? parseObject(r.details) : null,
    ts: Number(r.ts_ms),
  }));
}

export async function audit(storage: Storage, q: { since: number; until: number }): Promise<AuditEntry[]> {
  const rows = await storage.all<{ id: number; kind: string; subject: string | null; details: string | null; ts_ms: number }>(
    'SELECT id, kind, subject, details, epoch_ms(ts)::DOUBLE AS ts_ms FROM audit WHERE ts >= $1::TIMESTAMP AND ts < $2::TIMESTAMP ORDER BY ts, id',
    [new Date(q.since).toISOString(), new Date(q.until).toISOString()],
  );
  return rows.map((r) => {
    let details: Record<string, unknown> | null = null;
    if (r.details) {
      try {
        details = JSON.parse(r.details) as Record<string, unknown>;
      } catch {
        details = { raw: r.details };
      }
    }
    return { id: Number(r.id), kind: r.kind, subject: r.subject, details, ts: Number(r.ts_ms) };
  });
}

export async function firstEventAt(storage: Storage): Promise<number | null> {
  const r = await storage.one<{ t: number | null }>(
    'SELECT min(t) AS t FROM (SELECT epoch_ms(min(ts))::DOUBLE AS t FROM logs UNION ALL SELECT epoch_ms(min(ts))::DOUBLE FROM metrics UNION ALL SELECT epoch_ms(min(ts))::DOUBLE FROM findings)',
  );
  return r?.t === null || r?.t === undefined ? null : Number(r.t);
}

export async function metricBuckets(storage: Storage, q: BucketQuery): Promise<MetricBucket[]> {
  if (!(q.step > 0)) throw new Error(`bucket width must be positive, got ${q.step}`);
  const rows = await storage.all<{ name: string; labels: string | null; i: number; v: number }>(
    `SELECT name, labels, floor((epoch_ms(ts) - $1) / $2)::BIGINT AS i, avg(value) AS v FROM metrics
     WHERE ts >= $3::TIMESTAMP AND ts < $4::TIMESTAMP AND isfinite(value) GROUP BY ALL ORDER BY name, labels, i`,
    [q.from, q.step, new Date(q.from).toISOString(), new Date(q.to).toISOString()],
  );
  return rows.map((r) => ({ name: r.name, labels: r.labels ? (parseObject(r.labels) as Record<string, string>) : {}, i: Number(r.i), v: r.v }));
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
