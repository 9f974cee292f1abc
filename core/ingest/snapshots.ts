// Data snapshots are content-addressed: the version is the sha256 of the uploaded bytes, so the
// same bytes always give the same version and an upload of known bytes stores nothing new.
import type { Storage } from '../storage/db.ts';
import { insertSnapshot, knownSnapshotRows, SnapshotRejected, type SnapshotFormat } from '../storage/snapshot-store.ts';
import { sha256 } from '../config/load.ts';
import { BatchRejected } from './errors.ts';
import { checkName } from './fields.ts';

export type { SnapshotFormat };

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
  const known = await knownSnapshotRows(storage, version, up.model, up.role);
  if (known !== null) return { version, rows: known, created: false };
  try {
    return { version, rows: await insertSnapshot(storage, dataDir, { ...up, version }), created: true };
  } catch (e) {
    if (e instanceof SnapshotRejected) throw new BatchRejected(e.message);
    throw e;
  }
}

function isParquet(b: Uint8Array): boolean {
  const magic = [0x50, 0x41, 0x52, 0x31];
  return b.length >= 8 && magic.every((m, i) => b[i] === m) && magic.every((m, i) => b[b.length - 4 + i] === m);
}
