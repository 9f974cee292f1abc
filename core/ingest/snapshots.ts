// Data snapshots are content-addressed: the version is the sha256 of the uploaded bytes, so the
// same bytes always give the same version and an upload of known bytes stores nothing new.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ident, type Storage } from '../storage/db.ts';
import { sha256 } from '../config/load.ts';
import { BatchRejected } from './errors.ts';
import { checkName } from './fields.ts';

export type SnapshotFormat = 'csv' | 'json' | 'parquet';

export function snapshotFormat(contentType: string | undefined, formatParam: string | undefined): SnapshotFormat {
  const f = formatParam?.toLowerCase();
  if (f === 'csv' || f === 'parquet') return f;
  if (f === 'json' || f === 'ndjson') return 'json';
  if (f) throw new BatchRejected(`unknown format "${formatParam}": use csv, ndjson or parquet`);
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('text/csv')) return 'csv';
  if (/ndjson|jsonl|json/.test(ct)) return 'json';
  if (/parquet/.test(ct)) return 'parquet';
  throw new BatchRejected(
    `cannot tell the snapshot's format from content type "${contentType ?? ''}": use text/csv, application/x-ndjson or application/vnd.apache.parquet (or ?format=)`,
    [],
    415,
  );
}

export interface SnapshotUpload {
  model: string;
  role: 'reference' | 'current';
  name: string | null;
  format: SnapshotFormat;
  bytes: Uint8Array;
}

export function validateSnapshotParams(q: Record<string, string | undefined>): { model: string; role: 'reference' | 'current'; name: string | null } {
  const errors: { row: number; field: string; reason: string }[] = [];
  const me = checkName(q.model, 'model');
  if (me) errors.push({ row: 0, field: 'model', reason: q.model === undefined ? 'query parameter model is required' : me });
  if (q.role !== 'reference' && q.role !== 'current') errors.push({ row: 0, field: 'role', reason: 'query parameter role must be reference or current' });
  if (q.name !== undefined && q.name.length > 256) errors.push({ row: 0, field: 'name', reason: 'longer than 256 characters' });
  if (errors.length) throw new BatchRejected('invalid snapshot parameters', errors);
  return { model: q.model!, role: q.role as 'reference' | 'current', name: q.name ?? null };
}

export async function storeSnapshot(storage: Storage, dataDir: string, up: SnapshotUpload): Promise<{ version: string; rows: number; created: boolean }> {
  if (up.bytes.byteLength === 0) throw new BatchRejected('the snapshot is empty');
  if (up.format === 'parquet' && !isParquet(up.bytes)) throw new BatchRejected('the body is not a Parquet file (no PAR1 magic)');
  const version = sha256(up.bytes);
  const table = `snap_${version.slice(0, 24)}`;
  const known = await storage.one<{ rows: number }>('SELECT rows FROM snapshots WHERE version = $1 AND model = $2 AND role = $3', [version, up.model, up.role]);
  if (known) return { version, rows: known.rows, created: false };

  // DuckDB's readers take a path: the bytes go to a private temp file that is always removed.
  const tmpDir = join(dataDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const tmp = join(tmpDir, `${randomUUID()}.${up.format === 'json' ? 'ndjson' : up.format}`);
  writeFileSync(tmp, up.bytes, { mode: 0o600 });
  try {
    return await storage.tx(async (conn) => {
      const exists = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = $1', [table])).getRowObjectsJS()[0]!;
      if (Number(exists.n) === 0) {
        const reader =
          up.format === 'csv'
            ? `read_csv($1, header = true, auto_detect = true, sample_size = -1)`
            : up.format === 'parquet'
              ? `read_parquet($1)`
              : `read_json_auto($1, format = 'newline_delimited')`;
        try {
          await conn.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${reader}`, [tmp]);
        } catch (e) {
          throw new BatchRejected(`cannot read the snapshot as ${up.format}: ${firstLine((e as Error).message)}`);
        }
      }
      const n = (await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${ident(table)}`)).getRowObjectsJS()[0]!;
      const rows = Number(n.n);
      if (rows === 0) throw new BatchRejected('the snapshot has no rows');
      await conn.run('INSERT INTO snapshots (version, model, role, name, rows, format, table_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())', [
        version,
        up.model,
        up.role,
        up.name,
        rows,
        up.format,
        table,
      ]);
      await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), now(), 'snapshot.uploaded', $1, $2)", [
        up.model,
        JSON.stringify({ version, role: up.role, name: up.name, rows, format: up.format }),
      ]);
      return { version, rows, created: true };
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}

function isParquet(b: Uint8Array): boolean {
  const magic = [0x50, 0x41, 0x52, 0x31];
  return b.length >= 8 && magic.every((m, i) => b[i] === m) && magic.every((m, i) => b[b.length - 4 + i] === m);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
