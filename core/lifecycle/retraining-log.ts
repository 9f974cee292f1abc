// Mirrors the retraining stage's `retraining.trigger` results into the retraining record and the
// audit trail, so "what was triggered, why and with what outcome" outlives the retention of stage
// results. It runs when a stage run finishes (and once at start), never on a read; idempotent: a
// result is mirrored once, by its id.
import type { Runtime } from '../runtime.ts';
import { lastMirroredTrigger, recordRetraining, resultsAfter, retrainingRecords, type RetrainingRecord, type RetrainingRow } from '../storage/registry-store.ts';

export type { RetrainingRow };

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
  const rows = await resultsAfter(rt.storage, 'retraining.trigger', await lastMirroredTrigger(rt.storage));
  const records: RetrainingRecord[] = rows.map((r) => {
    const p = JSON.parse(r.payload) as TriggerPayload;
    return {
      resultId: r.id,
      runId: r.run_id,
      ts: new Date(r.created_at),
      model: p.model,
      modelVersion: p.model_version,
      policy: p.policy,
      status: p.status,
      reason: p.reason,
      action: p.action?.type ?? null,
      httpStatus: p.action?.http_status ?? null,
      exitCode: p.action?.exit_code ?? null,
      error: p.action?.error ?? null,
      evidence: p.evidence,
      audit: { kind: `retraining.${p.status}`, details: { result_id: r.id, trigger_id: p.trigger_id, policy: p.policy, model_version: p.model_version, reason: p.reason, action: p.action, evidence: p.evidence.length } },
    };
  });
  await recordRetraining(rt.storage, records);
  return records.length;
}

export function retrainingHistory(rt: Runtime, model: string, limit = 100): Promise<RetrainingRow[]> {
  return retrainingRecords(rt.storage, model, limit);
}
