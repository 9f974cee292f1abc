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

export async function appendLabels(storage: Storage, rows: LabelRow[], receivedMs: number): Promise<void> {
  await storage.tx(async (conn) => {
    const ap = await conn.createAppender('labels');
    try {
      const received = micros(receivedMs);
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
  });
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
