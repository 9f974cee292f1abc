// Mirrors the retraining stage's `retraining.trigger` results into the retraining_triggers
// table and the audit trail, so "what was triggered, why and with what outcome" outlives the
// retention of stage results. Idempotent: a result is mirrored once, by its id.
import type { Runtime } from '../runtime.ts';

interface TriggerPayload {
  trigger_id: string;
  policy: string;
  model: string;
  model_version: string | null;
  status: string;
  reason: string;
  evidence: unknown[];
  action: { type: string; http_status?: number | null; exit_code?: number | null; error?: string; target?: string | null } | null;
}

export async function syncRetraining(rt: Runtime): Promise<number> {
  const rows = await rt.storage.all<{ id: number; run_id: number; created_at: Date; payload: string }>(
    `SELECT id, run_id, created_at, payload FROM stage_results
     WHERE kind = 'retraining.trigger' AND id > coalesce((SELECT max(result_id) FROM retraining_triggers), 0) ORDER BY id`,
  );
  if (!rows.length) return 0;
  await rt.storage.tx(async (conn) => {
    for (const r of rows) {
      const p = JSON.parse(r.payload) as TriggerPayload;
      await conn.run(
        `INSERT INTO retraining_triggers VALUES ($1, $2, $3::TIMESTAMP, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
        [r.id, r.run_id, new Date(r.created_at).toISOString(), p.model, p.model_version, p.policy, p.status, p.reason, p.action?.type ?? null, p.action?.http_status ?? null, p.action?.exit_code ?? null, p.action?.error ?? null, JSON.stringify(p.evidence)],
      );
      await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), $1::TIMESTAMP, $2, $3, $4)", [
        new Date(r.created_at).toISOString(),
        `retraining.${p.status}`,
        p.model,
        JSON.stringify({ result_id: r.id, trigger_id: p.trigger_id, policy: p.policy, model_version: p.model_version, reason: p.reason, action: p.action, evidence: p.evidence.length }),
      ]);
    }
  });
  return rows.length;
}

export interface RetrainingRow {
  result_id: number;
  run_id: number;
  ts: Date;
  model: string;
  model_version: string | null;
  policy: string;
  status: string;
  reason: string;
  action: string | null;
  http_status: number | null;
  exit_code: number | null;
  error: string | null;
  evidence: unknown[];
}

export async function retrainingHistory(rt: Runtime, model: string, limit = 100): Promise<RetrainingRow[]> {
  await syncRetraining(rt);
  const rows = await rt.storage.all<Omit<RetrainingRow, 'evidence'> & { evidence: string }>(
    `SELECT * FROM retraining_triggers WHERE model = $1 ORDER BY result_id DESC LIMIT ${Math.max(1, Math.min(limit, 10_000))}`,
    [model],
  );
  return rows.map((r) => ({ ...r, evidence: JSON.parse(r.evidence) as unknown[] }));
}
