// Snapshots as stored: one table per distinct content (named by its sha256), a row in
// `snapshots` per model and role that uses it, and an audit entry, all in one transaction.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ident, type Storage } from './db.ts';

export type SnapshotFormat = 'csv' | 'json' | 'parquet';

export interface SnapshotRecord {
  version: string;
  model: string;
  role: 'reference' | 'current';
  name: string | null;
  format: SnapshotFormat;
  bytes: Uint8Array;
}

/** The bytes could not be stored as a snapshot (unreadable in their format, or no rows). */
export class SnapshotRejected extends Error {}

export async function knownSnapshotRows(storage: Storage, version: string, model: string, role: string): Promise<number | null> {
  const r = await storage.one<{ rows: number }>('SELECT rows FROM snapshots WHERE version = $1 AND model = $2 AND role = $3', [version, model, role]);
  return r ? r.rows : null;
}

export async function insertSnapshot(storage: Storage, dataDir: string, s: SnapshotRecord): Promise<number> {
  const table = `snap_${s.version.slice(0, 24)}`;
  // DuckDB's readers take a path: the bytes go to a private temp file that is always removed.
  const tmpDir = join(dataDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = join(tmpDir, `${randomUUID()}.${s.format === 'json' ? 'ndjson' : s.format}`);
  writeFileSync(tmp, s.bytes, { mode: 0o600 });
  try {
    return await storage.tx(async (conn) => {
      const exists = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = $1', [table])).getRowObjectsJS()[0]!;
      if (Number(exists.n) === 0) {
        const reader =
          s.format === 'csv' ? `read_csv($1, header = true, auto_detect = true, sample_size = -1)` : s.format === 'parquet' ? `read_parquet($1)` : `read_json_auto($1, format = 'newline_delimited')`;
        try {
          await conn.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${reader}`, [tmp]);
        } catch (e) {
          throw new SnapshotRejected(`cannot read the snapshot as ${s.format}: ${(e as Error).message.split('\n')[0]!.slice(0, 300)}`);
        }
      }
      const n = (await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)).getRowObjectsJS()[0]!;
      const rows = Number(n.n);
      if (rows === 0) throw new SnapshotRejected('the snapshot has no rows');
      await conn.run('INSERT INTO snapshots (version, model, role, name, rows, format, table_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())', [
        s.version,
        s.model,
        s.role,
        s.name,
        rows,
        s.format,
        table,
      ]);
      await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), now(), 'snapshot.uploaded', $1, $2)", [
        s.model,
        JSON.stringify({ version: s.version, role: s.role, name: s.name, rows, format: s.format }),
      ]);
      return rows;
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}
