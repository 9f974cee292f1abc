// Log lines: NDJSON objects, or text/plain with one message per line. A template id is
// attached at ingest by the log enricher (the template miner) when one is configured.
import type { LogInput } from '../storage/log-store.ts';
import { BatchRejected, ErrorList } from './errors.ts';
import { isPlainObject, parseTimestamp, typeName } from './fields.ts';
import { isNdjson } from './body.ts';

export type { LogInput };

/** Turns messages into template ids (and may learn from them); set by the log pipeline. */
export interface LogEnricher {
  enrich(rows: LogInput[]): void | Promise<void>;
}

const known = new Set(['ts', 'level', 'source', 'message']);
export const maxMessageLength = 64 * 1024;

export function parseLogBody(text: string, contentType: string | undefined, nowMs: number, maxRows: number): LogInput[] {
  const errors = new ErrorList();
  const out: LogInput[] = [];
  if (!contentType || /^text\/plain/i.test(contentType)) {
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return;
      if (line.length > maxMessageLength) return errors.add(i, 'message', `line longer than ${maxMessageLength} characters`);
      out.push({ ts: nowMs, level: null, source: null, message: line, templateId: null });
    });
  } else if (isNdjson(contentType) || /json/i.test(contentType)) {
    let rows: unknown[] = [];
    if (isNdjson(contentType)) {
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          rows[i] = JSON.parse(line);
        } catch (e) {
          errors.add(i, '(line)', `not valid JSON: ${(e as Error).message}`);
        }
      });
    } else {
      try {
        const parsed = JSON.parse(text);
        rows = Array.isArray(parsed) ? parsed : [parsed];
      } catch (e) {
        throw new BatchRejected(`body is not valid JSON: ${(e as Error).message}`);
      }
    }
    rows.forEach((r, i) => {
      if (r === undefined) return;
      if (!isPlainObject(r)) return errors.add(i, '(row)', `must be an object, got ${typeName(r)}`);
      const before = errors.total;
      for (const k of Object.keys(r)) if (!known.has(k)) errors.add(i, k, 'unknown field');
      if (typeof r.message !== 'string' || r.message.length === 0) errors.add(i, 'message', r.message === undefined ? 'is required' : 'must be a non-empty string');
      else if (r.message.length > maxMessageLength) errors.add(i, 'message', `longer than ${maxMessageLength} characters`);
      for (const f of ['level', 'source'] as const) {
        const v = r[f];
        if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 256)) errors.add(i, f, 'must be a string of at most 256 characters');
      }
      const ts = parseTimestamp(r.ts, nowMs);
      if (typeof ts === 'string') errors.add(i, 'ts', ts);
      if (errors.total === before)
        out.push({
          ts: ts as number,
          level: (r.level as string | undefined)?.toLowerCase() ?? null,
          source: (r.source as string | undefined) ?? null,
          message: r.message as string,
          templateId: null,
        });
    });
  } else {
    throw new BatchRejected(`unsupported content type "${contentType}": send text/plain or application/x-ndjson`, [], 415);
  }
  errors.throwIfAny('invalid logs');
  if (out.length === 0) throw new BatchRejected('the batch is empty');
  if (out.length > maxRows) throw new BatchRejected(`the batch has ${out.length} rows; the limit is ${maxRows}`, [], 413);
  return out;
}
