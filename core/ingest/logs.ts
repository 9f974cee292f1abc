// Log lines: NDJSON objects, or text/plain with one message per line. A template id is
// attached at ingest by the log enricher (the template miner) when one is configured.
import { timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Storage } from '../storage/db.ts';
import { BatchRejected, ErrorList } from './errors.ts';
import { isPlainObject, parseTimestamp, typeName } from './fields.ts';
import { isNdjson } from './body.ts';

export interface LogInput {
  ts: number;
  level: string | null;
  source: string | null;
  message: string;
  templateId: string | null;
}

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

/**
 * Work that must commit in the same transaction as the lines it covers (template counts, the
 * miner's state, file-tail offsets), so a crash never leaves one without the other.
 */
export type LogAppendHook = (conn: DuckDBConnection, rows: LogInput[], firstSeq: number) => Promise<void>;

export class LogStore {
  #nextSeq = 1;
  /** Run inside every append's transaction, after the lines are written. */
  readonly appendHooks: LogAppendHook[] = [];
  constructor(private readonly storage: Storage) {}

  async load(): Promise<void> {
    const r = await this.storage.one<{ s: number | null }>('SELECT max(seq) AS s FROM logs');
    this.#nextSeq = (r?.s ?? 0) + 1;
  }

  /** Appends one batch atomically; `inTransaction` runs in the same transaction after every hook. */
  async append(rows: LogInput[], receivedMs: number, inTransaction?: LogAppendHook): Promise<void> {
    await this.storage.tx(async (conn) => {
      const ap = await conn.createAppender('logs');
      const received = timestampValue(BigInt(receivedMs) * 1000n);
      const firstSeq = this.#nextSeq;
      try {
        let seq = firstSeq;
        for (const r of rows) {
          ap.appendBigInt(BigInt(seq++));
          ap.appendTimestamp(timestampValue(BigInt(Math.round(r.ts)) * 1000n));
          ap.appendTimestamp(received);
          r.level === null ? ap.appendNull() : ap.appendVarchar(r.level);
          r.source === null ? ap.appendNull() : ap.appendVarchar(r.source);
          ap.appendVarchar(r.message);
          r.templateId === null ? ap.appendNull() : ap.appendVarchar(r.templateId);
          ap.endRow();
        }
        ap.flushSync();
      } finally {
        ap.closeSync();
      }
      for (const h of this.appendHooks) await h(conn, rows, firstSeq);
      if (inTransaction) await inTransaction(conn, rows, firstSeq);
      // Advanced before COMMIT: the next queued batch may start before this call resumes. A
      // failed commit only leaves a gap in the numbering.
      this.#nextSeq = firstSeq + rows.length;
    });
  }
}
