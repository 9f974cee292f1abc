// OTLP log records → log rows: severity → level, the resource's service.name → source, the body
// → message, trace and span ids kept.
import { anyValueText, nanosToMs, serviceName, type AnyValue, type KeyValue, type Nanos, type Resource } from './model.ts';

export interface OtlpLogsRequest {
  resourceLogs?: {
    resource?: Resource;
    scopeLogs?: {
      logRecords?: {
        timeUnixNano?: Nanos;
        observedTimeUnixNano?: Nanos;
        severityNumber?: number;
        severityText?: string;
        body?: AnyValue;
        attributes?: KeyValue[];
        traceId?: string;
        spanId?: string;
      }[];
    }[];
  }[];
}

export interface OtlpLogRow {
  ts: number;
  level: string | null;
  source: string | null;
  message: string;
  traceId: string | null;
  spanId: string | null;
}

/** OpenTelemetry's severity number ranges (1–4 trace … 21–24 fatal). */
const severityLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export function severityLevel(num: number | undefined, text: string | undefined): string | null {
  if (text) return text.toLowerCase();
  if (num && num >= 1 && num <= 24) return severityLevels[Math.floor((num - 1) / 4)];
  return null;
}

export function otlpLogRows(req: OtlpLogsRequest, nowMs: number): { rows: OtlpLogRow[]; rejected: number; reasons: string[] } {
  const rows: OtlpLogRow[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (const rl of req.resourceLogs ?? []) {
    const source = serviceName(rl.resource);
    for (const sl of rl.scopeLogs ?? []) {
      for (const lr of sl.logRecords ?? []) {
        const message = anyValueText(lr.body);
        if (message === null || message === '') {
          rejected++;
          if (reasons.length < 5) reasons.push('a log record has no body');
          continue;
        }
        rows.push({
          ts: nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano) ?? nowMs,
          level: severityLevel(lr.severityNumber, lr.severityText),
          source,
          message,
          traceId: lr.traceId || null,
          spanId: lr.spanId || null,
        });
      }
    }
  }
  return { rows, rejected, reasons };
}
