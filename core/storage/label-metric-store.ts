// Labels and metric samples as stored: each batch appended in one transaction with DuckDB's
// Appender. Labels join predictions by (model, id) at read time, so they may arrive in any order.
import { timestampValue } from '@duckdb/node-api';
import type { Storage } from './db.ts';

export interface LabelRow {
  model: string;
  id: string;
  labelNum: number | null;
  labelStr: string | null;
  ts: number;
}

export interface MetricInput {
  name: string;
  value: number;
  ts: number;
  labels: Record<string, string> | null;
}

const micros = (ms: number) => timestampValue(BigInt(Math.round(ms)) * 1000n);

/** Appends a batch of labels; returns, per model, how many ids got their first label. */
export async function appendLabels(storage: Storage, rows: LabelRow[], receivedMs: number): Promise<Map<string, number>> {
  return storage.tx(async (conn) => {
    const ap = await conn.createAppender('labels');
    const received = micros(receivedMs);
    try {
      for (const r of rows) {
        ap.appendVarchar(r.model);
        ap.appendVarchar(r.id);
        if (r.labelNum === null) ap.appendNull();
        else ap.appendDouble(r.labelNum);
        if (r.labelStr === null) ap.appendNull();
        else ap.appendVarchar(r.labelStr);
        ap.appendTimestamp(micros(r.ts));
        ap.appendTimestamp(received);
        ap.endRow();
      }
      ap.flushSync();
    } finally {
      ap.closeSync();
    }
    // The batch's rows are the newest (received_at only grows, so the scan reads the last row
    // groups); ids seen before are skipped by the primary key.
    const added = await conn.runAndReadAll('INSERT INTO label_ids SELECT DISTINCT model, id FROM labels WHERE received_at = $1 ON CONFLICT DO NOTHING RETURNING model', [received]);
    const byModel = new Map<string, number>();
    for (const [model] of added.getRows()) byModel.set(String(model), (byModel.get(String(model)) ?? 0) + 1);
    return byModel;
  });
}

/** Ids with a label, per model (read once at start; ingest keeps the figures current after). */
export async function labelledIdCounts(storage: Storage): Promise<Map<string, number>> {
  const rows = await storage.all<{ model: string; n: number }>('SELECT model, count(*)::BIGINT AS n FROM label_ids GROUP BY model');
  return new Map(rows.map((r) => [r.model, Number(r.n)]));
}

export async function appendMetrics(storage: Storage, rows: MetricInput[]): Promise<void> {
  await storage.tx(async (conn) => {
    const ap = await conn.createAppender('metrics');
    try {
      for (const r of rows) {
        ap.appendTimestamp(micros(r.ts));
        ap.appendVarchar(r.name);
        ap.appendDouble(r.value);
        // Keys sorted, so the same label set is always the same text (series are grouped by it).
        if (r.labels) ap.appendVarchar(JSON.stringify(Object.fromEntries(Object.entries(r.labels).sort(([a], [b]) => (a < b ? -1 : 1)))));
        else ap.appendNull();
        ap.endRow();
      }
      ap.flushSync();
    } finally {
      ap.closeSync();
    }
  });
}
