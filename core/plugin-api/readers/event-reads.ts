// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// Reads the events incidents, correlations and failure risk are built from: stored findings and,
// when the alert manager's table exists, alerts. Rows reach these stages only through SQL reads.
import type { DataReader, Severity } from '../index.ts';

export interface StoredEvent {
  /** Unique across sources: `finding:<id>` or `alert:<id>`. */
  key: string;
  source: 'finding' | 'alert';
  /** Row id in its own table (findings are numbered in order, so it also marks progress). */
  ref: number;
  /** Epoch milliseconds. */
  ts: number;
  kind: string;
  severity: Severity;
  summary: string;
  stage: string | null;
  labels: Record<string, string>;
  details: Record<string, unknown> | null;
}

const severities = new Set<Severity>(['info', 'warning', 'critical']);
const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function atLeast(s: Severity, min: Severity): boolean {
  return severityRank[s] >= severityRank[min];
}

export interface EventQuery {
  since: number;
  until: number;
  /** Only findings numbered above this (the part of history already seen is skipped). */
  afterFindingId?: number;
  /** Findings of these stages are left out (a stage must not feed on its own findings). */
  excludeStages?: readonly string[];
  minSeverity?: Severity;
}

export async function readFindings(data: DataReader, q: EventQuery): Promise<StoredEvent[]> {
  const rows = await data.query<{ id: number; stage: string; kind: string; severity: string; summary: string; labels: string; details: string | null; ts_ms: number }>(
    `SELECT id, stage, kind, severity, summary, labels, details, epoch_ms(ts)::DOUBLE AS ts_ms FROM findings
     WHERE ts >= ?::TIMESTAMP AND ts < ?::TIMESTAMP AND id > ? ORDER BY id`,
    [new Date(q.since).toISOString(), new Date(q.until).toISOString(), q.afterFindingId ?? -1],
  );
  const exclude = new Set(q.excludeStages ?? []);
  const out: StoredEvent[] = [];
  for (const r of rows) {
    if (exclude.has(r.stage)) continue;
    const severity = severities.has(r.severity as Severity) ? (r.severity as Severity) : 'warning';
    if (q.minSeverity && !atLeast(severity, q.minSeverity)) continue;
    out.push({
      key: `finding:${r.id}`,
      source: 'finding',
      ref: Number(r.id),
      ts: Number(r.ts_ms),
      kind: r.kind,
      severity,
      summary: r.summary,
      stage: r.stage,
      labels: parseObject(r.labels) as Record<string, string>,
      details: r.details ? parseObject(r.details) : null,
    });
  }
  return out;
}

const alertTimeColumns = ['starts_at', 'started_at', 'fired_at', 'ts', 'created_at'];

/**
 * Alerts from the alert manager's `alerts` table, when it exists and has an id, labels, a
 * severity and a start time. Without it the findings alone describe what happened.
 */
export async function readAlerts(data: DataReader, q: EventQuery): Promise<StoredEvent[]> {
  const cols = new Set(
    (await data.query<{ column_name: string }>("SELECT column_name FROM duckdb_columns() WHERE table_name = 'alerts' AND schema_name = 'main'")).map((r) => r.column_name),
  );
  const timeCol = alertTimeColumns.find((c) => cols.has(c));
  if (!cols.has('id') || !cols.has('labels') || !timeCol) return [];
  const sevCol = cols.has('severity') ? 'severity' : "json_extract_string(labels, '$.severity')";
  const kindCol = cols.has('kind') ? 'kind' : "coalesce(json_extract_string(labels, '$.alertname'), json_extract_string(labels, '$.kind'), 'alert')";
  const summaryCol = cols.has('summary') ? 'summary' : "''";
  const rows = await data.query<{ id: number; kind: string; severity: string | null; summary: string | null; labels: string; ts_ms: number }>(
    `SELECT id, ${kindCol} AS kind, ${sevCol} AS severity, ${summaryCol} AS summary, labels, epoch_ms(${timeCol})::DOUBLE AS ts_ms
     FROM alerts WHERE ${timeCol} >= ?::TIMESTAMP AND ${timeCol} < ?::TIMESTAMP ORDER BY ${timeCol}`,
    [new Date(q.since).toISOString(), new Date(q.until).toISOString()],
  );
  const out: StoredEvent[] = [];
  for (const r of rows) {
    const severity = severities.has(r.severity as Severity) ? (r.severity as Severity) : 'warning';
    if (q.minSeverity && !atLeast(severity, q.minSeverity)) continue;
    const labels = parseObject(r.labels) as Record<string, string>;
    if (labels.stage && q.excludeStages?.includes(labels.stage)) continue;
    out.push({ key: `alert:${r.id}`, source: 'alert', ref: Number(r.id), ts: Number(r.ts_ms), kind: `alert.${r.kind}`, severity, summary: r.summary ?? '', stage: labels.stage ?? null, labels, details: null });
  }
  return out;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
