// The daemon's one DuckDB instance. Writes go through a single connection, serialized by a
// queue, so that a batch is one transaction and no two writers interleave; reads use their own
// connection and see only committed data (DuckDB's MVCC).
import { DuckDBInstance, DuckDBTypeId, DuckDBDoubleVector, DuckDBVarCharVector, DuckDBBooleanVector, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations, runMigrations } from './migrate.ts';
import { checkDatabaseFile, checkDataDir, checkSchema, StorageRefused } from './open-checks.ts';
import { classifyWriteError, WriteHealth } from './write-health.ts';
import { copyDoubles, sharedDoubles } from './double-vectors.ts';

export type Row = Record<string, unknown>;
export type SqlParam = string | number | boolean | null | bigint | Date;

/** Serializes async work: each task starts after the previous one settled. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  get pending(): number {
    return this.#pending;
  }
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const next = this.#tail.then(task, task);
    this.#tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next.finally(() => this.#pending--);
  }
}

export class Storage {
  readonly path: string;
  readonly #instance: DuckDBInstance;
  readonly #writer: DuckDBConnection;
  /** A few read connections: a slow read (a stage's window, a big export) waits on its own
   *  connection instead of holding every other read behind it. */
  readonly #readers: { conn: DuckDBConnection; busy: number }[];
  readonly #writes = new SerialQueue();
  /** Whether writes get through (disk full, read-only file system); /readyz reads it. */
  readonly writeHealth = new WriteHealth();
  #closed = false;

  private constructor(path: string, instance: DuckDBInstance, writer: DuckDBConnection, readers: DuckDBConnection[]) {
    this.path = path;
    this.#instance = instance;
    this.#writer = writer;
    this.#readers = readers.map((conn) => ({ conn, busy: 0 }));
  }

  /** Runs `read` on the least busy read connection. */
  async #read<T>(read: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    let r = this.#readers[0]!;
    for (const x of this.#readers) if (x.busy < r.busy) r = x;
    r.busy++;
    try {
      return await read(r.conn);
    } finally {
      r.busy--;
    }
  }

  /** Opens (or creates) `<dataDir>/sidewatch.duckdb` and applies pending migrations. */
  static async open(dataDir: string, file = 'sidewatch.duckdb'): Promise<Storage> {
    const path = dataDir === ':memory:' ? ':memory:' : join(dataDir, file);
    if (path !== ':memory:') {
      checkDataDir(dataDir);
      checkDatabaseFile(path);
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { threads: '2' });
    } catch (e) {
      throw new StorageRefused(`cannot open the database ${path}: ${(e as Error).message}; nothing was changed. If another process holds it, stop that one; if it is damaged, move it aside and restore a backup`);
    }
    try {
      const probe = await instance.connect();
      try {
        const tables = (await probe.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1")).getRows().map((r) => String(r[0]));
        const applied = tables.includes('schema_migrations') ? (await probe.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])) : [];
        checkSchema(path, tables, applied, Math.max(...(await loadMigrations()).map((m) => m.version)));
      } finally {
        probe.closeSync();
      }
    } catch (e) {
      instance.closeSync();
      throw e;
    }
    if (path !== ':memory:') {
      // The database holds predictions and labels: readable by the daemon's user alone.
      for (const p of [path, `${path}.wal`]) if (existsSync(p)) chmodSync(p, 0o600);
    }
    const writer = await instance.connect();
    const readers = [await instance.connect(), await instance.connect(), await instance.connect()];
    const storage = new Storage(path, instance, writer, readers);
    await storage.#writes.run(() => runMigrations(writer));
    return storage;
  }

  /** Pending write transactions: the ingest path uses it for back-pressure. */
  get writeQueueDepth(): number {
    return this.#writes.pending;
  }

  /** Reads rows as plain JS objects (BIGINT within 2^53 become numbers). */
  async all<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    this.#assertOpen();
    return this.#read(async (conn) => (await conn.runAndReadAll(sql, toValues(params))).getRowObjectsJS().map(normalizeRow) as T[]);
  }

  async one<T = Row>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Reads columns as arrays, for the typed-array fast paths of the stages. */
  async columns(sql: string, params: SqlParam[] = []): Promise<Record<string, unknown[]>> {
    this.#assertOpen();
    return this.#read(async (conn) => (await conn.runAndReadAll(sql, toValues(params))).getColumnsObjectJS() as Record<string, unknown[]>);
  }

  /**
   * Reads columns straight from DuckDB's vectors: DOUBLE columns as Float64Array (NaN for NULL),
   * VARCHAR and BOOLEAN as plain arrays. Millions of rows are copied without a JS value per cell
   * for the numeric columns, which is what per-feature drift reads. Other types are refused.
   */
  async typedColumns(sql: string, params: SqlParam[] = []): Promise<Record<string, Float64Array | (string | boolean | null)[]>> {
    this.#assertOpen();
    const result = await this.#read((conn) => conn.run(sql, toValues(params)));
    const rows = result.rowCount;
    const names = result.columnNames();
    const out: Record<string, Float64Array | (string | boolean | null)[]> = {};
    names.forEach((name, k) => {
      const t = result.columnTypeId(k);
      if (t === DuckDBTypeId.DOUBLE) out[name] = sharedDoubles(rows);
      else if (t === DuckDBTypeId.VARCHAR || t === DuckDBTypeId.BOOLEAN) out[name] = new Array<string | boolean | null>(rows);
      else throw new Error(`typedColumns: column ${name} has unsupported type ${DuckDBTypeId[t]}; cast it to DOUBLE or VARCHAR`);
    });
    const offsets = new Array<number>(names.length).fill(0);
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const n = chunk.rowCount;
      for (let k = 0; k < names.length; k++) {
        const v = chunk.getColumnVector(k);
        const name = names[k]!;
        if (v instanceof DuckDBDoubleVector) copyDoubles(v, out[name] as Float64Array, offsets[k]!, n);
        else if (v instanceof DuckDBVarCharVector || v instanceof DuckDBBooleanVector) {
          const col = out[name] as (string | boolean | null)[];
          const o = offsets[k]!;
          // A column the query left out (NULL::VARCHAR) costs no call per row.
          if (allNull(v, n)) col.fill(null, o, o + n);
          else for (let i = 0; i < n; i++) col[o + i] = v.getItem(i) as string | boolean | null;
        }
        offsets[k]! += n;
      }
    }
    return out;
  }

  /** Checks that a statement is a single read-only SELECT before running it. */
  async readOnly<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    this.#assertOpen();
    return this.#read(async (conn) => {
      let prepared;
      try {
        prepared = await conn.prepare(sql);
      } catch (e) {
        throw new Error(`query refused: ${(e as Error).message}`);
      }
      if (prepared.statementType !== 1) throw new Error('query refused: only a single SELECT may be run');
      if (params.length) prepared.bind(toValues(params));
      const reader = await prepared.runAndReadAll();
      return reader.getRowObjectsJS().map(normalizeRow) as T[];
    });
  }

  /** One autocommit write statement, queued behind other writes. */
  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    this.#assertOpen();
    await this.#writes.run(() =>
      this.#watch(async () => {
        await this.#writer.run(sql, toValues(params));
        this.#keepWalPrivate();
      }),
    );
  }

  /** Runs one write, turning a full or read-only disk into StorageUnavailable and noting it. */
  async #watch<T>(write: () => Promise<T>): Promise<T> {
    try {
      const out = await write();
      this.writeHealth.succeeded();
      return out;
    } catch (e) {
      const unavailable = classifyWriteError(e, this.path);
      if (!unavailable) throw e;
      this.writeHealth.failed(unavailable, Date.now());
      throw unavailable;
    }
  }

  /**
   * Runs `fn` inside one transaction on the writer connection: everything it writes commits
   * together (and is in the WAL, fsynced, when this resolves) or nothing does.
   */
  async tx<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#writes.run(() =>
      this.#watch(async () => {
        await this.#writer.run('BEGIN TRANSACTION');
        try {
          const out = await fn(this.#writer);
          await this.#writer.run('COMMIT');
          this.#keepWalPrivate();
          return out;
        } catch (e) {
          await this.#writer.run('ROLLBACK').catch(() => undefined);
          throw e;
        }
      }),
    );
  }

  /** A separate connection for work that must not block the shared reader (exports, CLI). */
  connect(): Promise<DuckDBConnection> {
    return this.#instance.connect();
  }

  async checkpoint(): Promise<void> {
    await this.#writes.run(() => this.#writer.run('CHECKPOINT'));
  }

  /** Waits for queued writes, checkpoints and closes. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#writes.run(async () => {
      try {
        await this.#writer.run('CHECKPOINT');
      } catch {
        // A failed checkpoint leaves the WAL in place; it is replayed on the next open.
      }
    });
    this.#closed = true;
    for (const r of this.#readers) r.conn.closeSync();
    this.#writer.closeSync();
    this.#instance.closeSync();
  }

  /**
   * DuckDB creates the WAL with the process umask (often 0644) whenever it starts a new one, after
   * a checkpoint too; one stat per committed write keeps it readable by the daemon's user alone.
   */
  #keepWalPrivate(): void {
    if (this.path === ':memory:') return;
    const wal = `${this.path}.wal`;
    const st = statSync(wal, { throwIfNoEntry: false });
    if (st && (st.mode & 0o077) !== 0) chmodSync(wal, 0o600);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('storage is closed');
  }
}

/** True when DuckDB's validity mask (one bit per row, 1 = valid) marks all `n` rows NULL. */
function allNull(v: object, n: number): boolean {
  const mask = (v as { validity?: { data?: BigUint64Array | null } }).validity?.data;
  if (!mask) return false;
  const words = new Uint32Array(mask.buffer, mask.byteOffset, Math.ceil(n / 32));
  for (let w = 0; w < words.length; w++) {
    const bits = w === words.length - 1 && n % 32 ? words[w]! & ((1 << (n % 32)) - 1) : words[w]!;
    if (bits !== 0) return false;
  }
  return true;
}

function toValues(params: SqlParam[]): DuckDBValue[] {
  return params.map((p) => {
    if (p instanceof Date) return p.toISOString();
    return p as DuckDBValue;
  });
}

function normalizeRow(row: Record<string, unknown>): Row {
  for (const k of Object.keys(row)) {
    const v = row[k];
    if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) {
      row[k] = Number(v);
    }
  }
  return row;
}

/** Quotes an SQL identifier; used only for names the daemon generates itself. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
