// OTLP log records → log rows: severity → level, the resource's service.name → source, the body
// → message, trace and span ids kept.
import { anyValueText, hexId, isObject, list, nanosToMs, serviceName, type AnyValue, type KeyValue, type Nanos, type Resource } from './model.ts';

interface LogRecord {
  timeUnixNano?: Nanos;
  observedTimeUnixNano?: Nanos;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  traceId?: string;
  spanId?: string;
}
interface ScopeLogs {
  logRecords?: LogRecord[];
}
interface ResourceLogs {
  resource?: Resource;
  scopeLogs?: ScopeLogs[];
}
export interface OtlpLogsRequest {
  resourceLogs?: ResourceLogs[];
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

export function severityLevel(num: unknown, text: unknown): string | null {
  if (typeof text === 'string' && text !== '') return text.slice(0, 32).toLowerCase();
  if (typeof num === 'number' && Number.isInteger(num) && num >= 1 && num <= 24) return severityLevels[Math.floor((num - 1) / 4)];
  return null;
}


export function otlpLogRows(req: OtlpLogsRequest, nowMs: number): { rows: OtlpLogRow[]; rejected: number; reasons: string[] } {
  const rows: OtlpLogRow[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const reject = (why: string) => {
    rejected++;
    if (reasons.length < 5 && !reasons.includes(why)) reasons.push(why);
  };
  for (const rl of list<ResourceLogs>(req.resourceLogs).filter(isObject)) {
    const source = serviceName(rl.resource);
    for (const sl of list<ScopeLogs>(rl.scopeLogs).filter(isObject)) {
      for (const lr of list<LogRecord>(sl.logRecords)) {
        if (!isObject(lr)) {
          reject('a log record is not an object');
          continue;
        }
        const message = anyValueText(lr.body);
        if (message === null || message === '') {
          reject('a log record has no body');
          continue;
        }
        rows.push({
          ts: nanosToMs(lr.timeUnixNano) ?? nanosToMs(lr.observedTimeUnixNano) ?? nowMs,
          level: severityLevel(lr.severityNumber, lr.severityText),
          source: source === null ? null : source.slice(0, 256),
          message,
          traceId: hexId(lr.traceId),
          spanId: hexId(lr.spanId),
        });
      }
    }
  }
  return { rows, rejected, reasons };
}
