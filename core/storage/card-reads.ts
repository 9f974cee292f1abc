// What the live model card and the fairness endpoint read about one model: its latest stored
// results by kind, realized accuracy by segment from the label join, open alerts and recent
// findings. Read-only; payloads come back as stored JSON text for the caller to interpret.
import type { Storage } from './db.ts';
import { ident } from './db.ts';

export interface CardResultRow {
  id: number;
  stage: string;
  kind: string;
  created_at: Date;
  payload: string;
  model_version: string | null;
  data_version: string | null;
}

const cols = 'id, stage, kind, created_at, payload, model_version, data_version';

/**
 * Realized accuracy over all time from each prediction's latest label, the first row overall
 * (segment null from ROLLUP), then one row per segment.
 */
export function accuracyBySegment(storage: Storage, predictionTable: string, model: string): Promise<{ segment: string | null; labelled: number; accuracy: number | null }[]> {
  return storage.all(
    `SELECT p.segment, count(*)::BIGINT AS labelled,
        avg(CASE WHEN coalesce(p.prediction_str, p.prediction_num::VARCHAR) = coalesce(l.label_str, l.label_num::VARCHAR) THEN 1.0 ELSE 0.0 END) AS accuracy
     FROM ${ident(predictionTable)} p JOIN (SELECT id, arg_max(label_num, received_at) AS label_num, arg_max(label_str, received_at) AS label_str FROM labels WHERE model = $1 GROUP BY id) l ON l.id = p.id
     GROUP BY ROLLUP (p.segment) ORDER BY p.segment NULLS FIRST`,
    [model],
  );
}

/** Pending and firing alerts labelled with the model, or null when the alert manager never ran. */
export async function openAlertsOf(storage: Storage, model: string): Promise<{ body: string; state: string }[] | null> {
  const has = await storage.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM duckdb_tables() WHERE table_name = 'alert_state'");
  if (!has?.n) return null;
  return storage.all("SELECT body, state FROM alert_state WHERE state IN ('pending', 'firing') AND json_extract_string(body, '$.labels.model') = $1", [model]);
}

/** Warning and critical findings of the last day labelled with the model, newest first. */
export function recentSevereFindings(storage: Storage, model: string, limit = 20): Promise<{ ts: Date; kind: string; severity: string; summary: string }[]> {
  return storage.all(
    `SELECT ts, kind, severity, summary FROM findings WHERE json_extract_string(labels, '$.model') = $1 AND severity IN ('warning', 'critical') AND ts >= now() - INTERVAL 1 DAY ORDER BY id DESC LIMIT ${Math.floor(limit)}`,
    [model],
  );
}

/** How many findings of one kind name the model. */
export async function countFindingsOfKind(storage: Storage, model: string, kind: string): Promise<number> {
  const r = await storage.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM findings WHERE kind = $2 AND json_extract_string(labels, '$.model') = $1", [model, kind]);
  return r?.n ?? 0;
}
