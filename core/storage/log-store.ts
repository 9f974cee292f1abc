// The logs store: log lines (numbered by `seq`), and everything that must commit in the same
// transaction as the lines it covers (template counts and events, the miner's saved state,
// file-tail offsets), so a crash never leaves one without the other.
import { timestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type { TemplateEvent } from '../../lib/logmine/index.ts';
import type { Storage } from './db.ts';
import { upsertTemplates, type TemplateBatch } from './template-writes.ts';

export type { TemplateBatch };

/** One log line as stored. */
export interface LogInput {
  ts: number;
  level: string | null;
  source: string | null;
  message: string;
  templateId: string | null;
  /** The trace and span the line was written in (OTLP logs carry them). */
  traceId?: string | null;
  spanId?: string | null;
}

/** Where a followed file was read up to (device, inode and a hash of its head tell rotation apart). */
export interface TailPosition {
  path: string;
  dev: string;
  ino: string;
  headHash: string;
  headLen: number;
  offset: number;
}

/** The writes a batch's hooks may add to its transaction. */
export class LogTx {
  constructor(readonly conn: DuckDBConnection) {}

  upsertTemplates(batch: TemplateBatch[], events: { ts: number; event: TemplateEvent }[], maxExamples: number, current: (id: string) => { id: string; template: string } | undefined): Promise<void> {
    return upsertTemplates(this.conn, batch, events, maxExamples, current);
  }

  /** Saves the miner's state unless the stored revision is already this one or newer. */
  async saveMinerState(revision: number, state: () => unknown): Promise<void> {
    const stored = (await this.conn.runAndReadAll('SELECT revision FROM log_miner_state WHERE id = 1')).getRowsJS()[0]?.[0];
    if (stored !== undefined && Number(stored) >= revision) return;
    await this.conn.run(
      'INSERT INTO log_miner_state (id, revision, state, saved_at) VALUES (1, $1, $2, now()) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, state = excluded.state, saved_at = excluded.saved_at',
      [revision, JSON.stringify(state())],
    );
  }

  async saveTailPosition(p: TailPosition): Promise<void> {
    await this.conn.run(
      `INSERT INTO log_tail_offsets (path, dev, ino, head_hash, head_len, "offset", updated_at) VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, head_hash = excluded.head_hash, head_len = excluded.head_len, "offset" = excluded."offset", updated_at = excluded.updated_at`,
      [p.path, p.dev, p.ino, p.headHash, p.headLen, p.offset],
    );
  }
}

export type LogAppendHook = (tx: LogTx, rows: LogInput[], firstSeq: number) => Promise<void>;

export class LogStore {
  #nextSeq = 1;
  /** Run inside every append's transaction, after the lines are written. */
  readonly appendHooks: LogAppendHook[] = [];
  constructor(private readonly storage: Storage) {}

  async load(): Promise<void> {
    const r = await this.storage.one<{ s: number | null }>('SELECT max(seq) AS s FROM logs');
    this.#nextSeq = (r?.s ?? 0) + 1;
  }

  /** The miner state saved with the last committed batch, as stored (JSON text), or null. */
  async minerState(): Promise<{ revision: number; state: string } | null> {
    const row = await this.storage.one<{ revision: number; state: string }>('SELECT revision, state FROM log_miner_state WHERE id = 1');
    return row ? { revision: Number(row.revision), state: row.state } : null;
  }

  async tailPositions(): Promise<TailPosition[]> {
    const rows = await this.storage.all<{ path: string; dev: string; ino: string; head_hash: string; head_len: number; offset: number }>(
      'SELECT path, dev, ino, head_hash, head_len, "offset" FROM log_tail_offsets',
    );
    return rows.map((r) => ({ path: r.path, dev: r.dev, ino: r.ino, headHash: r.head_hash, headLen: r.head_len, offset: Number(r.offset) }));
  }

  /** Commits a file position on its own (a read that stored no line). */
  savePosition(p: TailPosition): Promise<void> {
    return this.storage.tx((conn) => new LogTx(conn).saveTailPosition(p));
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
          r.traceId ? ap.appendVarchar(r.traceId) : ap.appendNull();
          r.spanId ? ap.appendVarchar(r.spanId) : ap.appendNull();
          ap.endRow();
        }
        ap.flushSync();
      } finally {
        ap.closeSync();
      }
      const tx = new LogTx(conn);
      for (const h of this.appendHooks) await h(tx, rows, firstSeq);
      if (inTransaction) await inTransaction(tx, rows, firstSeq);
      // Advanced before COMMIT: the next queued batch may start before this call resumes. A
      // failed commit only leaves a gap in the numbering.
      this.#nextSeq = firstSeq + rows.length;
    });
  }
}
