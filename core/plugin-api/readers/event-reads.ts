// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// Reads the events incidents, correlations and failure risk are built from: stored findings.
// Alerts are made from these same findings, so reading them as well would count each event twice.
import type { DataReader, Severity } from '../index.ts';

export interface StoredEvent {
  /** `finding:<id>`. */
  key: string;
  source: 'finding';
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
  const rows = await data.findings({ since: q.since, until: q.until, afterId: q.afterFindingId });
  const exclude = new Set(q.excludeStages ?? []);
  const out: StoredEvent[] = [];
  for (const r of rows) {
    if (exclude.has(r.stage)) continue;
    const severity = severities.has(r.severity as Severity) ? (r.severity as Severity) : 'warning';
    if (q.minSeverity && !atLeast(severity, q.minSeverity)) continue;
    out.push({ key: `finding:${r.id}`, source: 'finding', ref: r.id, ts: r.ts, kind: r.kind, severity, summary: r.summary, stage: r.stage, labels: r.labels, details: r.details });
  }
  return out;
}
