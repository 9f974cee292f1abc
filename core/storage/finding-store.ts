// Writes findings: each with its run, its stage among its labels and its fingerprint, numbered
// in one transaction so that a run's findings are stored together or not at all.
import type { Finding } from '../plugin-api/index.ts';
import { fingerprint, type StoredFinding } from '../stages/findings.ts';
import type { Storage } from './db.ts';

export async function storeFindings(storage: Storage, stage: string, runId: number | null, nowMs: number, findings: Finding[]): Promise<StoredFinding[]> {
  if (findings.length === 0) return [];
  const ts = new Date(nowMs);
  return storage.tx(async (conn) => {
    const out: StoredFinding[] = [];
    for (const f of findings) {
      const labels = { stage, ...(f.labels ?? {}) };
      const fp = fingerprint(f.kind, labels);
      const idRow = (await conn.runAndReadAll("SELECT nextval('finding_seq')::BIGINT AS id")).getRowObjectsJS()[0]!;
      const id = Number(idRow.id);
      await conn.run(
        `INSERT INTO findings (id, run_id, stage, kind, severity, summary, labels, details, fingerprint, ts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::TIMESTAMP)`,
        [id, runId, stage, f.kind, f.severity, f.summary, JSON.stringify(labels), f.details ? JSON.stringify(f.details) : null, fp, ts.toISOString()],
      );
      out.push({ ...f, id, stage, runId, ts, fingerprint: fp, labels });
    }
    return out;
  });
}
